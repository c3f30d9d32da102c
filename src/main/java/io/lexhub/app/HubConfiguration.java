package io.lexhub.app;

import io.lexhub.api.AmendmentsApi;
import io.lexhub.api.DecisionsApi;
import io.lexhub.api.HealthApi;
import io.lexhub.api.MailDecisionPages;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.ApproverKeys;
import io.lexhub.pipeline.DecisionLinks;
import io.lexhub.pipeline.Decisions;
import io.lexhub.pipeline.Delegations;
import io.lexhub.store.ApprovalStore;
import io.lexhub.api.RequestsApi;
import io.lexhub.approval.ApprovalRouter;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.MailParser;
import io.lexhub.intake.RequestParser;
import io.lexhub.intake.SenderCheck;
import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import io.lexhub.pipeline.IntakeSteps;
import io.lexhub.pipeline.MailIntake;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.store.Database;
import io.lexhub.store.MailLog;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import io.lexhub.validation.RequestValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.lexhub.jira.JiraApi;
import io.lexhub.jira.JiraMapping;
import io.lexhub.jira.JiraOutbound;
import io.lexhub.jira.JiraSettings;
import io.lexhub.notify.Notice;
import io.lexhub.pipeline.DecisionOutcome;
import io.lexhub.pipeline.IntakeOutcome;
import io.lexhub.pipeline.JiraIntake;
import io.lexhub.policy.PolicyException;
import io.lexhub.store.JiraLedger;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
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
        JiraSettings jira = JiraSettings.from(key -> context.getPropertiesComponent().resolveProperty(key));
        JiraMapping jiraMapping = jiraMapping(settings, jira);
        boolean smtp = Boolean.parseBoolean(context.getPropertiesComponent().resolveProperty("lexhub.smtp.enabled").orElse("false"));
        Set<String> sendable = new HashSet<>();
        if (smtp) sendable.add(Notice.MAIL);
        if (jira.enabled()) sendable.addAll(List.of(Notice.JIRA_COMMENT, Notice.JIRA_TRANSITION));
        OutboxStore outbox = new OutboxStore(tx, clock, settings.outboxClaim(), settings.outboxRetryBase(), sendable);
        RequestStore requests = new RequestStore(tx, audit, outbox);
        QuarantineStore quarantine = new QuarantineStore(tx);
        PolicyHolder policy = new PolicyHolder(PolicyLoader.load(settings.policyFile()));
        ApproverDirectory directory = ApproverDirectory.load(settings.approversFile(), policy.current());
        Notices notices = new Notices(new Templates(settings.templatesDir()),
                Files.readString(settings.templatesDir().resolve("mail-request-form.txt")).strip(),
                new Notices.JiraTransitions(jira.approvedTransition(), jira.deniedTransition()));
        ApprovalStore approvals = new ApprovalStore();
        Decisions decisions = new Decisions(tx, requests, approvals, audit, outbox, directory, notices,
                new DecisionLinks(approvals, settings.publicUrl(), settings.decisionLinkValidity()), clock, settings.zone());
        RequestParser requestParser = new RequestParser(settings.schemaFile(), settings.maxRequestBytes());

        IntakeSteps steps = new IntakeSteps(
                requestParser,
                new RequestValidator(), new Triage(), new RiskScorer(), new ApprovalRouter(),
                policy, requests, quarantine, decisions, clock, settings.zone());
        ApproverKeys keys = new ApproverKeys(tx, approvals, directory, clock);

        context.getRegistry().bind("mailDrop", mailDrop(context, settings, requestParser, steps, requests, quarantine, outbox, tx, notices, decisions, clock));
        context.getRegistry().bind("settings", settings);
        context.getRegistry().bind("database", db);
        context.getRegistry().bind("policy", policy);
        context.getRegistry().bind("requestStore", requests);
        context.getRegistry().bind("quarantineStore", quarantine);
        context.getRegistry().bind("outbox", outbox);
        context.getRegistry().bind("intakeSteps", steps);
        context.getRegistry().bind("fileDrop", new FileDrop(clock));
        context.getRegistry().bind("requestsApi", new RequestsApi(requests, clock, settings.maxRequestBytes()));
        JiraIntake jiraIntake = jiraIntake(context, jira, jiraMapping, tx, requests, quarantine, steps, decisions, notices, directory, clock);
        context.getRegistry().bind("healthApi", new HealthApi(db, jiraIntake::accessProblem));
        context.getRegistry().bind("approverDirectory", directory);
        context.getRegistry().bind("approverKeys", keys);
        context.getRegistry().bind("decisions", decisions);
        context.getRegistry().bind("decisionsApi", new DecisionsApi(keys, decisions, new Delegations(tx, approvals, audit, directory, clock)));
        context.getRegistry().bind("mailDecisionPages", new MailDecisionPages(decisions));
        context.getRegistry().bind("amendmentsApi", new AmendmentsApi(requests, steps, decisions, clock));
        LOG.info("lexhub home {} | database {} | policy {} | drop folder {}",
                settings.home(), settings.dbUrl().replaceAll("password=[^;&]*", "password=***"),
                policy.current().version(), settings.home().resolve("inbox"));
    }

    /** The Jira channel's objects, from lexhub.jira.* (docs/jira.md); bound whether or not the poll runs. */
    private static JiraIntake jiraIntake(CamelContext context, JiraSettings jira, JiraMapping mapping, Tx tx, RequestStore requests,
            QuarantineStore quarantine, IntakeSteps steps, Decisions decisions, Notices notices, ApproverDirectory directory, Clock clock) {
        ProducerTemplate template = context.createProducerTemplate();
        JiraApi api = new JiraApi(jira, new CamelJiraTransport(template, jira.url() == null ? "http://localhost" : jira.url()));
        JiraIntake intake = new JiraIntake(api, mapping, new JiraLedger(tx), requests, quarantine, steps, decisions, notices, directory,
                raw -> inRoute(() -> template.requestBody("direct:intake", raw, IntakeOutcome.class)),
                cmd -> inRoute(() -> template.requestBody("direct:decide", cmd, DecisionOutcome.class)), clock);
        context.getRegistry().bind("jiraIntake", intake);
        context.getRegistry().bind("jiraOutbound", new JiraOutbound(api));
        return intake;
    }

    /** The route's own exception, not Camel's wrapper, so the channel can tell a refusal from a failure. */
    private static <T> T inRoute(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /**
     * The settings and config/jira-mapping.yaml, checked together when Jira is on: every problem
     * is listed in one start-up error. With Jira off a mapping that is present is still checked.
     */
    private static JiraMapping jiraMapping(Settings settings, JiraSettings jira) {
        Path file = settings.configDir().resolve("jira-mapping.yaml");
        List<String> problems = new ArrayList<>(jira.problems());
        JiraMapping mapping = new JiraMapping(List.of());
        if (Files.isRegularFile(file)) {
            try {
                mapping = JiraMapping.load(file);
            } catch (PolicyException e) {
                problems.addAll(e.problems());
            }
        } else if (jira.enabled()) {
            problems.add(file + " is missing: it maps Jira fields to request fields (docs/jira.md)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Jira configuration, " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
        return mapping;
    }

    /** The mail channel's objects, from lexhub.mail.* (docs/mail-intake.md). */
    private static MailDrop mailDrop(CamelContext context, Settings settings, RequestParser requestParser, IntakeSteps steps,
            RequestStore requests, QuarantineStore quarantine, OutboxStore outbox, Tx tx, Notices notices, Decisions decisions, Clock clock) {
        java.util.function.Function<String, java.util.Optional<String>> p = key -> context.getPropertiesComponent().resolveProperty(key);
        int maxMessage = Integer.parseInt(p.apply("lexhub.mail.max-message-bytes").orElse("10485760"));
        MailParser.Limits limits = new MailParser.Limits(maxMessage,
                Integer.parseInt(p.apply("lexhub.mail.max-attachment-bytes").orElse(String.valueOf(settings.maxRequestBytes()))),
                Integer.parseInt(p.apply("lexhub.mail.max-attachments").orElse("10")));
        SenderCheck senders = new SenderCheck(p.apply("lexhub.mail.trusted-authserv-id").orElse(null),
                SenderCheck.parseCustomerDomains(p.apply("lexhub.mail.customer-domains").orElse(null)),
                SenderCheck.parseDomains(p.apply("lexhub.mail.internal-domains").orElse(null)));
        MailIntake intake = new MailIntake(new MailParser(limits), requestParser, senders, new MailLog(tx, quarantine, outbox),
                requests, steps, notices, decisions, clock, maxMessage);
        context.getRegistry().bind("mailIntake", intake);
        return new MailDrop(intake, maxMessage, p.apply("lexhub.mail.imap.processed-folder").orElse(null),
                p.apply("lexhub.mail.imap.quarantine-folder").orElse(null));
    }

    private static void createFolders(Settings settings) {
        try {
            for (String dir : new String[] {"inbox", "done", "failed"}) Files.createDirectories(settings.home().resolve(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the hub's folders under " + settings.home(), e);
        }
    }
}
