package io.lexhub.app;

import io.lexhub.api.AmendmentsApi;
import io.lexhub.api.DecisionsApi;
import io.lexhub.api.HealthApi;
import io.lexhub.api.MailDecisionPages;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.access.ApiKeys;
import io.lexhub.access.Throttle;
import io.lexhub.api.AccessGate;
import io.lexhub.pipeline.approval.RequestApprovers;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.KeyStore;
import io.lexhub.pipeline.approval.DecisionLinks;
import io.lexhub.pipeline.approval.AdvanceChain;
import io.lexhub.pipeline.approval.ApproveRequest;
import io.lexhub.pipeline.approval.DecideOnLevel;
import io.lexhub.pipeline.approval.DecisionChecks;
import io.lexhub.pipeline.approval.DecisionLinkChecks;
import io.lexhub.pipeline.approval.DenyRequest;
import io.lexhub.pipeline.approval.LevelDeadlines;
import io.lexhub.pipeline.approval.LinkRenewal;
import io.lexhub.pipeline.approval.OpenLevels;
import io.lexhub.pipeline.approval.RecordVote;
import io.lexhub.pipeline.approval.RequestInfo;
import io.lexhub.pipeline.approval.ReviewPackages;
import io.lexhub.pipeline.intake.AmendTerms;
import io.lexhub.pipeline.intake.StartApproval;
import io.lexhub.pipeline.approval.Delegations;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.LifecycleStore;
import io.lexhub.api.OutboxApi;
import io.lexhub.api.QuarantineApi;
import io.lexhub.api.RequestsApi;
import io.lexhub.api.WaiversApi;
import io.lexhub.pipeline.sweep.ExpirySweep;
import io.lexhub.pipeline.sweep.ReviewSampling;
import io.lexhub.pipeline.sweep.SlaSweep;
import io.lexhub.pipeline.sweep.Sweeps;
import io.lexhub.pipeline.waiver.Revocations;
import io.lexhub.pipeline.waiver.WaiverAmendments;
import io.lexhub.pipeline.waiver.WaiverHistory;
import io.lexhub.pipeline.waiver.WaiverReviews;
import io.lexhub.approval.ApprovalRouter;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.MailParser;
import io.lexhub.intake.RequestParser;
import io.lexhub.intake.SenderCheck;
import io.lexhub.notify.Languages;
import io.lexhub.notify.Messages;
import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import io.lexhub.pipeline.intake.IntakeSteps;
import io.lexhub.pipeline.channel.MailIntake;
import io.lexhub.pipeline.evidence.FileEvidence;
import io.lexhub.pipeline.intake.QuarantineReplay;
import io.lexhub.pipeline.outbox.UndeliveredMessages;
import io.lexhub.store.OutboxFailures;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.policy.PolicyText;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.store.Database;
import io.lexhub.store.IntakeClaims;
import io.lexhub.store.MailLog;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.PrivateFiles;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.lexhub.jira.JiraApi;
import io.lexhub.jira.JiraMapping;
import io.lexhub.jira.JiraUsers;
import io.lexhub.jira.JiraOutbound;
import io.lexhub.jira.JiraSettings;
import io.lexhub.pipeline.approval.DecisionOutcome;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.pipeline.channel.JiraIntake;
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

    /**
     * The beans the routes may refer to, by name and type. {@code lexhub validate} checks bean refs
     * and methods against this list without building the hub; {@link #bind} keeps it truthful.
     */
    public static final Map<String, Class<?>> BEANS = Map.ofEntries(
            Map.entry("clock", Clock.class),
            Map.entry("pausedPolls", PausedPolls.class),
            Map.entry("settings", Settings.class),
            Map.entry("database", Database.class),
            Map.entry("policy", PolicyHolder.class),
            Map.entry("requestStore", RequestStore.class),
            Map.entry("quarantineStore", QuarantineStore.class),
            Map.entry("quarantineReplay", QuarantineReplay.class),
            Map.entry("quarantineApi", QuarantineApi.class),
            Map.entry("outbox", OutboxStore.class),
            Map.entry("undeliveredMessages", UndeliveredMessages.class),
            Map.entry("outboxApi", OutboxApi.class),
            Map.entry("webhookDelivery", io.lexhub.pipeline.events.WebhookDelivery.class),
            Map.entry("eventsApi", io.lexhub.api.EventsApi.class),
            Map.entry("callbackHandlers", io.lexhub.pipeline.events.CallbackHandlers.class),
            Map.entry("intakeSteps", IntakeSteps.class),
            Map.entry("fileDrop", FileDrop.class),
            Map.entry("fileClaims", ClaimRepository.class),
            Map.entry("mailClaims", ClaimRepository.class),
            Map.entry("requestsApi", RequestsApi.class),
            Map.entry("requestCheckApi", io.lexhub.api.RequestCheckApi.class),
            Map.entry("intakeErrors", IntakeErrors.class),
            Map.entry("configReloader", ConfigReloader.class),
            Map.entry("nodeDigests", NodeDigests.class),
            Map.entry("policyProposals", io.lexhub.pipeline.policy.PolicyProposals.class),
            Map.entry("policyProposalsApi", io.lexhub.api.PolicyProposalsApi.class),
            Map.entry("healthApi", HealthApi.class),
            Map.entry("auditWatch", AuditWatch.class),
            Map.entry("mailDrop", MailDrop.class),
            Map.entry("mailDetach", MailDetach.class),
            Map.entry("mailboxWatch", MailboxWatch.class),
            Map.entry("mailTrust", org.apache.camel.support.jsse.SSLContextParameters.class),
            Map.entry("mailIntake", MailIntake.class),
            Map.entry("approverDirectory", ApproverDirectory.class),
            Map.entry("apiKeys", ApiKeys.class),
            Map.entry("keysApi", io.lexhub.api.KeysApi.class),
            Map.entry("signInHousekeeping", io.lexhub.access.SignInHousekeeping.class),
            Map.entry("accessGate", AccessGate.class),
            Map.entry("sessions", io.lexhub.access.Sessions.class),
            Map.entry("signInPages", io.lexhub.api.SignInPages.class),
            Map.entry("signInLinks", io.lexhub.access.SignInLinks.class),
            Map.entry("signInLinkPages", io.lexhub.api.SignInLinkPages.class),
            Map.entry("portalSignInPages", io.lexhub.api.PortalSignInPages.class),
            Map.entry("portalPages", io.lexhub.api.PortalPages.class),
            Map.entry("portalRequestActions", io.lexhub.api.PortalRequestActions.class),
            Map.entry("portalAskPages", io.lexhub.api.PortalAskPages.class),
            Map.entry("onBehalfPages", io.lexhub.api.OnBehalfPages.class),
            Map.entry("portalOrganisationPages", io.lexhub.api.PortalOrganisationPages.class),
            Map.entry("portalAmendmentPages", io.lexhub.api.PortalAmendmentPages.class),
            Map.entry("organisationPages", io.lexhub.api.OrganisationPages.class),
            Map.entry("decisionLinks", DecisionLinks.class),
            Map.entry("decisions", DecideOnLevel.class),
            Map.entry("decisionsApi", DecisionsApi.class),
            Map.entry("evidenceFiles", io.lexhub.api.EvidenceFiles.class),
            // the evidence use case, for the channels that file evidence (the customer portal next)
            Map.entry("fileEvidence", FileEvidence.class),
            Map.entry("mailDecisionPages", MailDecisionPages.class),
            Map.entry("pageAssets", io.lexhub.api.PageAssets.class),
            Map.entry("workspacePages", io.lexhub.api.WorkspacePages.class),
            Map.entry("bulkDecisionPages", io.lexhub.api.BulkDecisionPages.class),
            Map.entry("quarantinePages", io.lexhub.api.QuarantinePages.class),
            Map.entry("auditPages", io.lexhub.api.AuditPages.class),
            Map.entry("dashboardPages", io.lexhub.api.DashboardPages.class),
            Map.entry("policyPages", io.lexhub.api.PolicyPages.class),
            Map.entry("publicPages", io.lexhub.api.PublicPages.class),
            Map.entry("waiverPages", io.lexhub.api.WaiverPages.class),
            Map.entry("delegationPages", io.lexhub.api.DelegationPages.class),
            Map.entry("requestPages", io.lexhub.api.RequestPages.class),
            Map.entry("apiDocs", io.lexhub.api.ApiDocs.class),
            Map.entry("amendmentsApi", AmendmentsApi.class),
            Map.entry("slaSweep", SlaSweep.class),
            Map.entry("expirySweep", ExpirySweep.class),
            Map.entry("reviewSampling", ReviewSampling.class),
            Map.entry("waiversApi", WaiversApi.class),
            // implementation tasks: the API, and the use case a connected system's confirmation calls (docs/tasks.md)
            Map.entry("tasksApi", io.lexhub.api.TasksApi.class),
            Map.entry("completeTask", io.lexhub.pipeline.task.CompleteTask.class),
            Map.entry("taskPages", io.lexhub.api.TaskPages.class),
            Map.entry("waiverAmendments", WaiverAmendments.class),
            Map.entry("waiverAmendmentPages", io.lexhub.api.WaiverAmendmentPages.class),
            Map.entry("jiraIntake", JiraIntake.class),
            Map.entry("jiraOutbound", JiraOutbound.class),
            Map.entry("insightApi", io.lexhub.api.InsightApi.class),
            Map.entry("policyPatternMail", io.lexhub.pipeline.patterns.PatternMail.class),
            Map.entry("decisionTallyCompaction", io.lexhub.pipeline.insight.TallyCompaction.class),
            Map.entry("usageDrop", UsageDrop.class),
            Map.entry("billingApi", io.lexhub.api.BillingApi.class),
            Map.entry("billingDrop", BillingDrop.class),
            Map.entry("billingSweep", io.lexhub.pipeline.billing.BillingSweep.class));

    /**
     * This node's name in node_config and in configuration events: lexhub.node.id, else host and
     * HTTP port, which stay the same across restarts and differ between two hubs on one host.
     */
    static String nodeId(java.util.function.Function<String, java.util.Optional<String>> property) {
        return property.apply("lexhub.node.id").map(String::strip).filter(s -> !s.isEmpty()).orElseGet(() -> {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + ":" + property.apply("lexhub.http.port").orElse("8080");
        });
    }

    /** A replay takes seconds; one claimed longer ago was left behind by a stopped node and is taken over. */
    static final Duration REPLAY_CLAIM = Duration.ofMinutes(5);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(key -> context.getPropertiesComponent().resolveProperty(key));
        // logs and metrics for the ops team's tools (docs/operations.md, "Logs" and "Metrics")
        LogFormat.use(context.getPropertiesComponent().resolveProperty("lexhub.log.format").orElse("text"));
        ExchangeMdc.install(context);
        ServiceMetrics serviceMetrics = ServiceMetrics.install(context);
        HttpServerHardening.install(context, serviceMetrics.http());
        Path dropDir = Path.of(context.getPropertiesComponent().resolveProperty("lexhub.intake.file.dir").orElse(settings.home().toString()))
                .toAbsolutePath().normalize();
        createFolders(settings, dropDir);

        Clock clock = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            context.getRegistry().bind("clock", Clock.class, clock);
        }

        Database db = settings.openDatabase(settings.dbPoolSize()).migrate();
        PausedPolls.install(context, clock, db::away);
        serviceMetrics.pool(db);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        }, true, true);

        AuditTrail audit = new AuditTrail(AuditKeys.resolve(settings.auditHmacKey(), settings.home()), new AuditRowStore());
        // every state change is one transaction; its audit events are appended just before it commits
        Tx tx = new Tx(db.dataSource(), audit);
        JiraSettings jira = JiraSettings.from(key -> context.getPropertiesComponent().resolveProperty(key));
        OutboxStore outbox = new OutboxStore(tx, clock, settings.outboxClaim(), settings.outboxRetryBase());
        RequestStore requests = new RequestStore(tx, audit, outbox);
        QuarantineStore quarantine = new QuarantineStore(tx, clock, REPLAY_CLAIM, audit);
        boolean fourEyes = Boolean.parseBoolean(context.getPropertiesComponent().resolveProperty("lexhub.policy.four-eyes").orElse("false"));
        PolicyText started = startingPolicy(settings, tx, fourEyes);
        PolicyHistory policyHistory = new PolicyHistory(tx, audit, new io.lexhub.store.PolicyVersionStore(), clock);
        // recorded before the first request is assessed under it (docs/policy.md, "The history")
        policyHistory.recordAtStart(started);
        PolicyHolder policy = new PolicyHolder(started);
        ApproverDirectory directory = directory(settings, policy, key -> context.getPropertiesComponent().resolveProperty(key));
        JiraFiles jiraFiles = jiraFiles(settings, jira, directory);
        Languages languages = languages(settings, key -> context.getPropertiesComponent().resolveProperty(key));
        // the events to subscribers of config/webhooks.yaml (docs/events.md); none configured: none written
        io.lexhub.events.Subscribers subscribers = subscribers(settings, key -> context.getPropertiesComponent().resolveProperty(key));
        io.lexhub.notify.EventNotices eventNotices = new io.lexhub.notify.EventNotices(subscribers, clock);
        Notices notices = notices(settings, jira, languages, key -> context.getPropertiesComponent().resolveProperty(key)).withEvents(eventNotices);
        ApprovalStore approvals = new ApprovalStore();
        LifecycleStore lifecycle = new LifecycleStore();
        // the approval workflow, one object per use case (pipeline/approval); direct:decide calls DecideOnLevel
        // evidence files of requests (pipeline/evidence): filed by the mail channel, shown in the review package
        io.lexhub.store.EvidenceStore evidenceStore = new io.lexhub.store.EvidenceStore();
        FileEvidence.Limits evidenceLimits = new FileEvidence.Limits(
                Long.parseLong(context.getPropertiesComponent().resolveProperty("lexhub.evidence.max-bytes").orElse("10485760").strip()),
                Integer.parseInt(context.getPropertiesComponent().resolveProperty("lexhub.evidence.max-files-per-request").orElse("20").strip()));
        FileEvidence evidence = new FileEvidence(tx, evidenceStore, audit, clock, evidenceLimits);
        ReviewPackages reviews = new ReviewPackages(tx, requests, approvals, new io.lexhub.pipeline.approval.CaseRecord(audit, evidenceStore));
        OpenLevels levels = new OpenLevels(approvals, audit, outbox, directory, notices, new LevelDeadlines(policy, lifecycle), reviews);
        // implementation tasks (pipeline/task, docs/tasks.md): opened by the approval, closed by people or connected systems
        io.lexhub.store.TaskStore taskStore = new io.lexhub.store.TaskStore();
        io.lexhub.pipeline.task.WaiverInEffect inEffect = new io.lexhub.pipeline.task.WaiverInEffect(taskStore, audit, outbox, notices);
        ApproveRequest approve = new ApproveRequest(requests, approvals, audit, outbox, directory, notices, new LinkRenewal(approvals, lifecycle, audit, policy),
                new io.lexhub.pipeline.task.OpenTasks(taskStore, audit, outbox, directory, notices, policy, inEffect));
        StartApproval start = new StartApproval(requests, approvals, outbox, notices, reviews, levels, approve);
        DecideOnLevel decide = new DecideOnLevel(tx, requests, new DecisionChecks(approvals, audit, directory, clock, settings.zone()),
                new RequestInfo(audit, outbox, notices), new RecordVote(approvals, audit),
                new AdvanceChain(approvals, audit, levels, approve, new DenyRequest(requests, approvals, audit, outbox, directory, notices)), clock);
        DecisionLinks links = new DecisionLinks(tx, approvals, audit, settings.publicUrl(), settings.decisionLinkValidity(), clock);
        RequestParser requestParser = new RequestParser(settings.schemaFile(), settings.maxRequestBytes());

        IntakeSteps steps = new IntakeSteps(
                requestParser,
                new RequestValidator(), new Triage(), new RiskScorer(), new ApprovalRouter(),
                policy, requests, quarantine, start, new io.lexhub.pipeline.intake.RenewalChains(tx, lifecycle), evidence, clock, settings.zone());
        ApiKeys keys = new ApiKeys(tx, new KeyStore(), audit, directory, clock);
        Throttle throttle = new Throttle(
                Integer.parseInt(context.getPropertiesComponent().resolveProperty("lexhub.access.failures-per-minute").orElse("20")), Duration.ofMinutes(1), clock);
        io.lexhub.access.Sessions sessions = sessions(context, tx, audit, directory, clock);
        AccessGate gate = new AccessGate(keys, links, new RequestApprovers(tx, approvals, directory, clock, settings.zone()), throttle, sessions,
                settings.publicUrl());
        context.addStartupListener(gate);
        io.lexhub.access.oidc.OidcSettings oidc = io.lexhub.access.oidc.OidcSettings.from(key -> context.getPropertiesComponent().resolveProperty(key),
                settings.publicUrl());
        LOG.info("sign-in by OpenID Connect: {}", oidc == null ? "off (lexhub.auth.oidc.issuer not set)" : oidc.issuer() + ", redirect URI " + oidc.redirectUri());
        // one client for people's ID tokens and systems' access tokens: one copy of the provider's keys
        io.lexhub.access.oidc.OidcClient oidcClient = oidc == null ? null : new io.lexhub.access.oidc.OidcClient(oidc, clock);
        if (oidc != null && oidc.systemTokens()) gate.systemTokens(new io.lexhub.access.oidc.SystemTokens(oidcClient));
        LOG.info("access tokens of systems: {}", oidc == null || !oidc.systemTokens() ? "off (lexhub.auth.oidc.api-audience not set)"
                : "audience " + oidc.apiAudience() + ", scopes " + oidc.apiScopeMap());
        boolean smtp = Boolean.parseBoolean(context.getPropertiesComponent().resolveProperty("lexhub.smtp.enabled").orElse("false"));
        io.lexhub.access.SignInLinks.Config linkConfig = io.lexhub.access.SignInLinks.Config.from(key -> context.getPropertiesComponent().resolveProperty(key));
        io.lexhub.access.SignInLinks signInLinks = new io.lexhub.access.SignInLinks(tx, new io.lexhub.store.SignInLinkStore(), outbox, notices, audit,
                directory, sessions, clock, settings.publicUrl(), linkConfig);
        LOG.info("sign-in links: {}", !linkConfig.enabled() ? "off (lexhub.auth.link.enabled)" : "on, valid " + linkConfig.validity().toMinutes()
                + " min" + (smtp ? ", mailed" : "; SMTP is off, so print one at the console: java -jar target/lexhub.jar sign-in-link <person-id>"));
        bind(context, "sessions", sessions);
        io.lexhub.api.SignInPages signInPages = new io.lexhub.api.SignInPages(oidcClient,
                linkConfig.enabled(), sessions, directory, throttle, settings.publicUrl(), clock);
        bind(context, "signInPages", signInPages);
        bind(context, "signInLinks", signInLinks);
        bind(context, "signInLinkPages", new io.lexhub.api.SignInLinkPages(signInLinks, signInPages, throttle, settings.publicUrl(), smtp, clock));
        // the desk's amendments (API) and the customer's (portal) are one use case
        AmendTerms amendTerms = new AmendTerms(tx, requests, approvals, audit, notices, start, clock);
        PortalWiring.bind(new PortalWiring.Parts(context, settings, tx, audit, outbox, notices, sessions, approvals, directory, policy, gate, throttle,
                linkConfig, clock, new io.lexhub.pipeline.channel.PortalSupplement(requests, steps, start, notices, clock),
                new io.lexhub.pipeline.approval.WithdrawRequest(tx, requests, approvals, audit, outbox, directory, notices, clock),
                new io.lexhub.pipeline.channel.PortalAmendment(requests, steps, amendTerms, clock),
                languages, new io.lexhub.pipeline.intake.RequestCheck(requestParser, steps), evidenceLimits));

        bind(context, "settings", settings);
        bind(context, "database", db);
        bind(context, "policy", policy);
        bind(context, "requestStore", requests);
        bind(context, "quarantineStore", quarantine);
        bind(context, "quarantineReplay", new QuarantineReplay(quarantine, clock));
        bind(context, "quarantineApi", new QuarantineApi(quarantine));
        bind(context, "outbox", outbox);
        OutboxFailures outboxFailures = new OutboxFailures(tx, clock);
        UndeliveredMessages undelivered = new UndeliveredMessages(tx, outbox, outboxFailures, audit, notices, directory, clock,
                Integer.parseInt(context.getPropertiesComponent().resolveProperty("lexhub.outbox.max-attempts").orElse("20")));
        bind(context, "undeliveredMessages", undelivered);
        bind(context, "outboxApi", new OutboxApi(outboxFailures, undelivered));
        io.lexhub.events.WebhookSecrets webhookSecrets = new io.lexhub.events.WebhookSecrets(System::getenv);
        bind(context, "webhookDelivery", new io.lexhub.pipeline.events.WebhookDelivery(subscribers, webhookSecrets, clock));
        // the callback types the hub accepts: each feature that takes callbacks registers its own (docs/events.md)
        io.lexhub.pipeline.events.CallbackHandlers callbackHandlers = new io.lexhub.pipeline.events.CallbackHandlers();
        bind(context, "callbackHandlers", callbackHandlers);
        io.lexhub.pipeline.events.WebhookCallbacks callbacks = new io.lexhub.pipeline.events.WebhookCallbacks(subscribers, webhookSecrets,
                callbackHandlers, new io.lexhub.store.CallbackIds(), tx, clock);
        gate.webhookCallbacks(callbacks);
        bind(context, "eventsApi", new io.lexhub.api.EventsApi(new io.lexhub.events.EventSchemas(),
                new io.lexhub.pipeline.events.EventDeadLetters(tx, outboxFailures, audit, clock), callbacks));
        LOG.info("event subscribers (config/webhooks.yaml): {}", subscribers.all().isEmpty() ? "none"
                : subscribers.all().stream().map(x -> x.id() + (x.enabled() ? "" : " (disabled)")).toList());
        bind(context, "intakeSteps", steps);
        bind(context, "fileDrop", new FileDrop(clock, quarantine));
        bindClaims(context, db, clock);
        io.lexhub.store.UsageStore usageStore = new io.lexhub.store.UsageStore();
        bind(context, "requestsApi", new RequestsApi(requests, clock, settings.maxRequestBytes(), tx, directory));
        bind(context, "requestCheckApi", new io.lexhub.api.RequestCheckApi(new io.lexhub.pipeline.intake.RequestCheck(requestParser, steps), clock,
                settings.maxRequestBytes()));
        IntakeErrors intakeErrors = new IntakeErrors(clock);
        context.getManagementStrategy().addEventNotifier(intakeErrors);
        bind(context, "intakeErrors", intakeErrors);
        // four eyes on the policy (docs/policy.md): proposals, simulated against the last twelve months, approved by a second policy owner
        io.lexhub.pipeline.policy.PolicyProposals proposals = new io.lexhub.pipeline.policy.PolicyProposals(tx, audit,
                new io.lexhub.store.PolicyProposalStore(), policy, new io.lexhub.pipeline.simulation.PolicySimulation(tx,
                        new io.lexhub.store.AssessmentHistory(), new io.lexhub.store.PolicyVersionStore(), settings.zone(), 2, clock), clock);
        // what this node runs on, for the others to compare (docs/operations.md, "Configuration drift")
        String node = nodeId(key -> context.getPropertiesComponent().resolveProperty(key));
        NodeDigests nodeDigests = new NodeDigests(new Tx(db.dataSource()), new io.lexhub.store.NodeConfigStore(), clock, node,
                Duration.ofMillis(Long.parseLong(context.getPropertiesComponent().resolveProperty("lexhub.node.heartbeat-ms").orElse("30000").strip())),
                settings.routesDir(), settings.configDir(), policy.inForce().sha256());
        nodeDigests.publish();
        bind(context, "nodeDigests", nodeDigests);
        ConfigReloader reloader = new ConfigReloader(context, settings, policy, policyHistory, clock, fourEyes ? proposals : null,
                new ConfigChanges(tx, audit, clock, node), nodeDigests);
        proposals.applier(fourEyes ? reloader : () -> { });
        gate.policyOwners(directory::policyOwner);
        bind(context, "configReloader", reloader);
        bind(context, "policyProposals", proposals);
        bind(context, "policyProposalsApi", new io.lexhub.api.PolicyProposalsApi(proposals, fourEyes));
        JiraIntake jiraIntake = jiraIntake(context, jira, jiraFiles, new JiraLedger(tx, outbox), requests, quarantine, steps, start, notices, directory, clock);
        AuditWatch auditWatch = new AuditWatch(new Tx(db.dataSource()), audit, outbox, directory, notices, clock,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
        bind(context, "auditWatch", auditWatch);
        serviceMetrics.operations(outboxFailures, quarantine, auditWatch, clock, metricsRefresh(context));
        MailboxWatch mailbox = new MailboxWatch(clock, intakeErrors);
        bind(context, "healthApi", new HealthApi(db, intakeErrors, mailbox, outboxFailures, quarantine, policy, reloader, jiraIntake::accessProblem, auditWatch,
                nodeDigests));
        bind(context, "mailboxWatch", mailbox);
        bind(context, "mailDetach", new MailDetach());
        bind(context, "mailTrust", MailTrust.parameters(context.getPropertiesComponent().resolveProperty("lexhub.mail.imap.trust-store").orElse(null),
                context.getPropertiesComponent().resolveProperty("lexhub.mail.imap.trust-store-password").orElse(null)));
        bind(context, "mailDrop", mailDrop(context, settings, requestParser, steps, requests, quarantine, outbox, tx, notices, start, clock, evidence));
        bind(context, "approverDirectory", directory);
        bind(context, "apiKeys", keys);
        bind(context, "keysApi", new io.lexhub.api.KeysApi(keys, clock));
        bind(context, "signInHousekeeping", new io.lexhub.access.SignInHousekeeping(tx, new io.lexhub.store.SessionStore(),
                new io.lexhub.store.SignInLinkStore(), clock,
                Duration.ofDays(Long.parseLong(context.getPropertiesComponent().resolveProperty("lexhub.auth.housekeeping.keep-days").orElse("30")))));
        bind(context, "accessGate", gate);
        bind(context, "decisionLinks", links);
        bind(context, "decisions", decide);
        Delegations delegations = new Delegations(tx, approvals, audit, directory, clock, settings.zone());
        bind(context, "decisionsApi", new DecisionsApi(reviews, delegations));
        bind(context, "fileEvidence", evidence);
        bind(context, "evidenceFiles", new io.lexhub.api.EvidenceFiles(new io.lexhub.pipeline.evidence.EvidenceDownloads(tx, evidenceStore)));
        bind(context, "mailDecisionPages", new MailDecisionPages(new DecisionLinkChecks(tx, approvals, requests, audit, clock)));
        bind(context, "pageAssets", new io.lexhub.api.PageAssets());
        bind(context, "apiDocs", new io.lexhub.api.ApiDocs(context, settings.schemaFile()));
        bind(context, "amendmentsApi", new AmendmentsApi(requests, steps, amendTerms, clock));
        Sweeps sweeps = Sweeps.of(tx, requests, approvals, lifecycle, audit, outbox, directory, notices, policy, clock, settings.zone(),
                settings.sweepWorkers());
        bind(context, "slaSweep", sweeps.sla());
        bind(context, "expirySweep", sweeps.expiry());
        bind(context, "reviewSampling", sweeps.reviews());
        Revocations revocations = new Revocations(tx, lifecycle, audit, outbox, directory, notices, clock, settings.zone(),
                new io.lexhub.pipeline.task.CancelTasks(taskStore, audit));
        io.lexhub.pipeline.task.MyTasks myTasks = new io.lexhub.pipeline.task.MyTasks(tx, taskStore, directory);
        io.lexhub.pipeline.task.CompleteTask completeTask = new io.lexhub.pipeline.task.CompleteTask(tx, taskStore, requests, audit, directory, inEffect, clock);
        bind(context, "completeTask", completeTask);
        // a connected system confirms a task by a signed callback (docs/tasks.md, docs/events.md)
        callbackHandlers.register(io.lexhub.pipeline.task.TaskConfirmationCallback.TYPE,
                new io.lexhub.pipeline.task.TaskConfirmationCallback(completeTask, subscribers));
        bind(context, "tasksApi", new io.lexhub.api.TasksApi(myTasks, completeTask));
        bind(context, "taskPages", new io.lexhub.api.TaskPages(new io.lexhub.workspace.TaskList(myTasks, policy, clock), completeTask, directory,
                settings.zone()));
        WaiverReviews waiverReviews = new WaiverReviews(tx, lifecycle, audit, directory, revocations, clock);
        // the page (WorkspaceWiring) and the API narrow a waiver through the same workflow
        WaiverAmendments amendments = new WaiverAmendments(tx, lifecycle, audit, outbox, directory, notices, clock, settings.zone());
        bind(context, "waiverAmendments", amendments);
        bind(context, "waiversApi", new WaiversApi(revocations, waiverReviews, new WaiverHistory(tx, lifecycle), amendments));
        io.lexhub.pipeline.insight.Insight insight = bindInsight(context, settings, tx, usageStore, audit, outbox, notices, directory, policy, clock,
                serviceMetrics);
        bindBilling(context, settings, tx, audit, outbox, notices, directory, policy, clock);
        bind(context, "publicPages", new io.lexhub.api.PublicPages(new io.lexhub.workspace.HowItWorks(policy, languages.messages()), languages));
        WorkspaceWiring.bind(new WorkspaceWiring.Parts(context, settings, tx, audit, requests, approvals, lifecycle, directory, policy, quarantine,
                reviews, delegations, revocations, waiverReviews, insight, clock));
        LOG.info("lexhub home {} | database {} | policy {} | drop folder {}",
                settings.home(), settings.dbUrl().replaceAll("password=[^;&]*", "password=***"),
                policy.current().version(), dropDir.resolve("inbox"));
    }

    /** People's sessions (docs/identity.md): lexhub.auth.session.idle-minutes (30) and absolute-hours (12). */
    private static io.lexhub.access.Sessions sessions(CamelContext context, Tx tx, AuditTrail audit, ApproverDirectory directory, Clock clock) {
        java.util.function.Function<String, java.util.Optional<String>> p = key -> context.getPropertiesComponent().resolveProperty(key);
        Duration idle = Duration.ofMinutes(Long.parseLong(p.apply("lexhub.auth.session.idle-minutes").orElse("30")));
        Duration absolute = Duration.ofHours(Long.parseLong(p.apply("lexhub.auth.session.absolute-hours").orElse("12")));
        if (idle.isZero() || idle.isNegative() || absolute.compareTo(idle) < 0) {
            throw new IllegalStateException("lexhub.auth.session.idle-minutes must be positive and no longer than lexhub.auth.session.absolute-hours");
        }
        return new io.lexhub.access.Sessions(tx, new io.lexhub.store.SessionStore(), audit, directory, clock, idle, absolute, Duration.ofMinutes(10));
    }

    /**
     * The policy the hub starts with: config/policy.yaml, or with four eyes the policy approved last
     * when there is one (a file edited while the hub was down is then proposed, not applied).
     */
    public static PolicyText startingPolicy(Settings settings, Tx tx, boolean fourEyes) {
        PolicyText file = PolicyLoader.loadText(settings.policyFile());
        if (!fourEyes) return file;
        return tx.read(c -> new io.lexhub.store.PolicyProposalStore().latestApproved(c))
                .map(p -> PolicyText.parse(p.text(), "proposal " + p.id())).orElse(file);
    }

    /** approvers.yaml as the hub reads it; the sweep command reads it the same way. */
    public static ApproverDirectory directory(Settings settings, PolicyHolder policy, java.util.function.Function<String, java.util.Optional<String>> props) {
        // domains whose mailboxes ignore dots in the local part (conflict-of-interest identity)
        io.lexhub.approval.Addresses addresses = new io.lexhub.approval.Addresses(SenderCheck.parseDomains(props
                .apply("lexhub.identity.dot-insensitive-domains").orElse(String.join(" ", io.lexhub.approval.Addresses.DEFAULT_DOT_INSENSITIVE))));
        return ApproverDirectory.load(settings.approversFile(), policy.current(), addresses);
    }

    /**
     * The languages customers read: the message files of config/messages and each customer's own
     * (lexhub.portal.customer-languages = CUST-1: de; CUST-2: en), docs/languages.md.
     */
    public static Languages languages(Settings settings, java.util.function.Function<String, java.util.Optional<String>> props) {
        return Languages.of(Messages.load(settings.messagesDir()), props.apply("lexhub.portal.customer-languages").orElse(null));
    }

    /** The subscribers of lexhub.webhooks.file (config/webhooks.yaml by default); a problem in the file stops the hub. */
    public static io.lexhub.events.Subscribers subscribers(Settings settings, java.util.function.Function<String, java.util.Optional<String>> props) {
        return io.lexhub.events.Subscribers.load(webhooksFile(settings, props));
    }

    public static Path webhooksFile(Settings settings, java.util.function.Function<String, java.util.Optional<String>> props) {
        return props.apply("lexhub.webhooks.file").map(String::strip).map(Path::of).orElse(settings.configDir().resolve("webhooks.yaml"));
    }

    /** The notices from the templates, as the hub renders them; the sweep command renders the same. */
    public static Notices notices(Settings settings, JiraSettings jira, Languages languages,
            java.util.function.Function<String, java.util.Optional<String>> props) throws IOException {
        // customers sign in to the portal with a mailed link: with links off, their mails link no portal page
        boolean portalOn = io.lexhub.access.SignInLinks.Config.from(props).enabled();
        return new Notices(new Templates(settings.templatesDir()), languages,
                Files.readString(settings.templatesDir().resolve("mail-request-form.txt")).strip(),
                new Notices.JiraTransitions(jira.approvedTransition(), jira.deniedTransition()),
                portalOn ? settings.publicUrl() + "/portal" : null);
    }

    /**
     * Claims on dropped files and mailbox messages, so that nodes sharing a drop folder or a
     * mailbox never take the same input at once and a dead node's inputs are taken over once its
     * claims expire (lexhub.intake.claim-seconds). In the database on PostgreSQL, which several
     * nodes share; in memory on H2, which one node opens (it saves two commits per input).
     */
    private static void bindClaims(CamelContext context, Database db, Clock clock) throws Exception {
        Duration period = Duration.ofSeconds(Long.parseLong(context.getPropertiesComponent().resolveProperty("lexhub.intake.claim-seconds").orElse("30")));
        // one holder per process: a restarted node does not own what it held before
        String holder = java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        IntakeClaims claims = db.isPostgres() ? new IntakeClaims(new Tx(db.dataSource()), clock, period, holder) : null;
        for (String scope : List.of("file", "mail")) {
            ClaimRepository repository = new ClaimRepository(claims, scope, context, clock);
            context.addService(repository, true, true);
            bind(context, scope + "Claims", repository);
        }
    }

    /** The Jira channel's objects, from lexhub.jira.* (docs/jira.md); bound whether or not the poll runs. */
    private static JiraIntake jiraIntake(CamelContext context, JiraSettings jira, JiraFiles files, JiraLedger ledger, RequestStore requests,
            QuarantineStore quarantine, IntakeSteps steps, StartApproval start, Notices notices, ApproverDirectory directory, Clock clock) {
        ProducerTemplate template = context.createProducerTemplate();
        JiraApi api = new JiraApi(jira, new CamelJiraTransport(template, jira.url() == null ? "http://localhost" : jira.url()));
        JiraIntake intake = new JiraIntake(api, files.mapping(), ledger, requests, quarantine, steps, start, notices, directory, files.users(),
                raw -> inRoute(() -> template.requestBody("direct:intake", raw, IntakeOutcome.class)),
                cmd -> inRoute(() -> template.requestBody("direct:decide", cmd, DecisionOutcome.class)), clock);
        bind(context, "jiraIntake", intake);
        bind(context, "jiraOutbound", new JiraOutbound(api));
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

    /** config/jira-mapping.yaml and config/jira-users.yaml as the hub read them. */
    private record JiraFiles(JiraMapping mapping, JiraUsers users) {}

    /**
     * The settings, config/jira-mapping.yaml and config/jira-users.yaml, checked together when Jira
     * is on: every problem is listed in one start-up error. With Jira off, files that are present
     * are still checked.
     */
    private static JiraFiles jiraFiles(Settings settings, JiraSettings jira, ApproverDirectory directory) {
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
        JiraUsers users = null;
        try {
            users = JiraUsers.load(settings.configDir().resolve(JiraUsers.FILE), directory);
        } catch (PolicyException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Jira configuration, " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
        return new JiraFiles(mapping, users);
    }

    /** The mail channel's objects, from lexhub.mail.* (docs/mail-intake.md). */
    private static MailDrop mailDrop(CamelContext context, Settings settings, RequestParser requestParser, IntakeSteps steps,
            RequestStore requests, QuarantineStore quarantine, OutboxStore outbox, Tx tx, Notices notices, StartApproval start, Clock clock,
            FileEvidence evidence) {
        java.util.function.Function<String, java.util.Optional<String>> p = key -> context.getPropertiesComponent().resolveProperty(key);
        int maxMessage = Integer.parseInt(p.apply("lexhub.mail.max-message-bytes").orElse("10485760"));
        MailParser.Limits limits = new MailParser.Limits(maxMessage,
                Integer.parseInt(p.apply("lexhub.mail.max-attachment-bytes").orElse(String.valueOf(settings.maxRequestBytes()))),
                Integer.parseInt(p.apply("lexhub.mail.max-attachments").orElse("10")));
        SenderCheck senders = new SenderCheck(p.apply("lexhub.mail.trusted-authserv-id").orElse(null),
                SenderCheck.parseDomains(p.apply("lexhub.mail.receiving-hosts").orElse(null)),
                SenderCheck.parseCustomerDomains(p.apply("lexhub.mail.customer-domains").orElse(null)),
                SenderCheck.parseDomains(p.apply("lexhub.mail.internal-domains").orElse(null)));
        MailIntake intake = new MailIntake(new MailParser(limits), requestParser, senders, new MailLog(tx, quarantine, outbox),
                requests, steps, notices, start, clock, maxMessage, outbox, evidence);
        bind(context, "mailIntake", intake);
        return new MailDrop(intake, maxMessage, p.apply("lexhub.mail.imap.processed-folder").orElse(null),
                p.apply("lexhub.mail.imap.quarantine-folder").orElse(null), Integer.parseInt(p.apply("lexhub.mail.imap.max-fetch-tries").orElse("5")));
    }

    /** Metrics, reports and utilisation (docs/insight.md). */
    private static io.lexhub.pipeline.insight.Insight bindInsight(CamelContext context, Settings settings, Tx tx, io.lexhub.store.UsageStore usageStore, AuditTrail audit,
            OutboxStore outbox, Notices notices, ApproverDirectory directory, PolicyHolder policy, Clock clock, ServiceMetrics serviceMetrics) {
        io.lexhub.pipeline.insight.Insight insight = new io.lexhub.pipeline.insight.Insight(
                new io.lexhub.store.InsightStore(tx, io.lexhub.store.InsightStore.readersFor(settings.dbPoolSize())), clock);
        GovernanceMetrics metrics = new GovernanceMetrics(insight, metricsRefresh(context), serviceMetrics);
        io.lexhub.insight.UsageParser parser = new io.lexhub.insight.UsageParser(settings.maxRequestBytes());
        io.lexhub.pipeline.channel.UsageIntake usage = new io.lexhub.pipeline.channel.UsageIntake(tx, usageStore, audit, outbox, notices, directory, policy, clock);
        io.lexhub.store.PatternStore patternStore = new io.lexhub.store.PatternStore(tx);
        io.lexhub.pipeline.patterns.PolicyPatterns patterns = new io.lexhub.pipeline.patterns.PolicyPatterns(patternStore, policy);
        bind(context, "insightApi", new io.lexhub.api.InsightApi(insight, metrics, parser, usage, patterns));
        bind(context, "policyPatternMail", new io.lexhub.pipeline.patterns.PatternMail(tx, patternStore, patterns, directory, notices, outbox, audit,
                clock, settings.zone()));
        bind(context, "usageDrop", new UsageDrop(parser, usage, clock));
        bind(context, "decisionTallyCompaction", new io.lexhub.pipeline.insight.TallyCompaction(tx));
        return insight;
    }

    /** How long a scrape's database figures are reused (lexhub.metrics.min-refresh-ms). */
    private static Duration metricsRefresh(CamelContext context) {
        return Duration.ofMillis(Long.parseLong(context.getPropertiesComponent().resolveProperty("lexhub.metrics.min-refresh-ms").orElse("5000")));
    }

    /** The post-implementation review of billing lines (docs/billing-review.md). */
    private static void bindBilling(CamelContext context, Settings settings, Tx tx, AuditTrail audit, OutboxStore outbox, Notices notices,
            ApproverDirectory directory, PolicyHolder policy, Clock clock) {
        io.lexhub.store.BillingStore store = new io.lexhub.store.BillingStore();
        io.lexhub.pipeline.billing.BillingReview review = new io.lexhub.pipeline.billing.BillingReview(store, audit, outbox, notices, directory,
                policy, settings.zone());
        io.lexhub.insight.BillingParser parser = new io.lexhub.insight.BillingParser(settings.maxRequestBytes());
        io.lexhub.pipeline.billing.BillingIntake intake = new io.lexhub.pipeline.billing.BillingIntake(tx, store, review, clock);
        bind(context, "billingApi", new io.lexhub.api.BillingApi(parser, intake, settings.maxRequestBytes()));
        bind(context, "billingDrop", new BillingDrop(parser, intake, clock));
        bind(context, "billingSweep", new io.lexhub.pipeline.billing.BillingSweep(tx, store, review, clock));
    }

    static void bind(CamelContext context, String name, Object bean) {
        Class<?> declared = BEANS.get(name);
        if (declared == null || !declared.isInstance(bean)) {
            throw new IllegalStateException("bean '" + name + "' is not declared in HubConfiguration.BEANS as " + bean.getClass().getName());
        }
        context.getRegistry().bind(name, bean);
    }

    private static void createFolders(Settings settings, Path dropDir) {
        PrivateFiles.directory(settings.home());   // the audit key, the database and its password live here
        try {
            for (String dir : new String[] {"inbox", "practice", "done", "failed"}) Files.createDirectories(dropDir.resolve(dir));
            Files.createDirectories(settings.home().resolve("usage"));
            Files.createDirectories(settings.home().resolve("billing"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the hub's folders under " + settings.home() + " and " + dropDir, e);
        }
    }
}
