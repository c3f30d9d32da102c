package io.lexhub.app;

import io.lexhub.api.HealthApi;
import io.lexhub.api.QuarantineApi;
import io.lexhub.api.RequestsApi;
import io.lexhub.approval.ApprovalRouter;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.RequestParser;
import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import io.lexhub.pipeline.IntakeSteps;
import io.lexhub.pipeline.QuarantineReplay;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.store.Database;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import io.lexhub.validation.RequestValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hub's objects from its settings and binds them under the names the YAML routes use.
 * Runs before the routes start; a bad policy, schema or template stops start-up with the reason.
 */
public class HubConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HubConfiguration.class);

    /**
     * The beans the routes may refer to, by name and type. {@code lexhub validate} checks bean refs
     * and methods against this list without building the hub; {@link #bind} keeps it truthful.
     */
    public static final Map<String, Class<?>> BEANS = Map.ofEntries(
            Map.entry("clock", Clock.class),
            Map.entry("settings", Settings.class),
            Map.entry("database", Database.class),
            Map.entry("policy", PolicyHolder.class),
            Map.entry("requestStore", RequestStore.class),
            Map.entry("quarantineStore", QuarantineStore.class),
            Map.entry("quarantineReplay", QuarantineReplay.class),
            Map.entry("quarantineApi", QuarantineApi.class),
            Map.entry("outbox", OutboxStore.class),
            Map.entry("intakeSteps", IntakeSteps.class),
            Map.entry("fileDrop", FileDrop.class),
            Map.entry("requestsApi", RequestsApi.class),
            Map.entry("intakeErrors", IntakeErrors.class),
            Map.entry("configReloader", ConfigReloader.class),
            Map.entry("healthApi", HealthApi.class));

    /** A replay takes seconds; one claimed longer ago was left behind by a stopped node and is taken over. */
    static final Duration REPLAY_CLAIM = Duration.ofMinutes(5);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(key -> context.getPropertiesComponent().resolveProperty(key));
        createFolders(settings);

        Clock clock = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            context.getRegistry().bind("clock", Clock.class, clock);
        }

        Database db = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize()).migrate();
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        }, true, true);

        Tx tx = new Tx(db.dataSource());
        AuditTrail audit = new AuditTrail(AuditKeys.resolve(settings.auditHmacKey(), settings.home()));
        OutboxStore outbox = new OutboxStore(tx, clock, settings.outboxClaim());
        RequestStore requests = new RequestStore(tx, audit, outbox);
        QuarantineStore quarantine = new QuarantineStore(tx, clock, REPLAY_CLAIM);
        PolicyHolder policy = new PolicyHolder(PolicyLoader.load(settings.policyFile()));
        Notices notices = new Notices(new Templates(settings.templatesDir()));

        IntakeSteps steps = new IntakeSteps(
                new RequestParser(settings.schemaFile(), settings.maxRequestBytes()),
                new RequestValidator(), new Triage(), new RiskScorer(), new ApprovalRouter(),
                policy, requests, quarantine, notices, clock, settings.zone());

        bind(context, "settings", settings);
        bind(context, "database", db);
        bind(context, "policy", policy);
        bind(context, "requestStore", requests);
        bind(context, "quarantineStore", quarantine);
        bind(context, "quarantineReplay", new QuarantineReplay(quarantine, clock));
        bind(context, "quarantineApi", new QuarantineApi(quarantine));
        bind(context, "outbox", outbox);
        bind(context, "intakeSteps", steps);
        bind(context, "fileDrop", new FileDrop(clock));
        bind(context, "requestsApi", new RequestsApi(requests, clock, settings.maxRequestBytes()));
        IntakeErrors intakeErrors = new IntakeErrors(clock);
        context.getManagementStrategy().addEventNotifier(intakeErrors);
        bind(context, "intakeErrors", intakeErrors);
        ConfigReloader reloader = new ConfigReloader(context, settings, policy, tx, audit, clock);
        bind(context, "configReloader", reloader);
        bind(context, "healthApi", new HealthApi(db, intakeErrors, quarantine, policy, reloader));
        LOG.info("lexhub home {} | database {} | policy {} | drop folder {}",
                settings.home(), settings.dbUrl().replaceAll("password=[^;&]*", "password=***"),
                policy.current().version(), settings.home().resolve("inbox"));
    }

    private static void bind(CamelContext context, String name, Object bean) {
        Class<?> declared = BEANS.get(name);
        if (declared == null || !declared.isInstance(bean)) {
            throw new IllegalStateException("bean '" + name + "' is not declared in HubConfiguration.BEANS as " + bean.getClass().getName());
        }
        context.getRegistry().bind(name, bean);
    }

    private static void createFolders(Settings settings) {
        try {
            for (String dir : new String[] {"inbox", "done", "failed"}) Files.createDirectories(settings.home().resolve(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the hub's folders under " + settings.home(), e);
        }
    }
}
