package io.lexhub.app;

import io.lexhub.api.AuditPages;
import io.lexhub.api.DashboardPages;
import io.lexhub.api.DelegationPages;
import io.lexhub.api.PolicyPages;
import io.lexhub.api.QuarantinePages;
import io.lexhub.api.RequestPages;
import io.lexhub.api.WaiverAmendmentPages;
import io.lexhub.api.WaiverPages;
import io.lexhub.api.BulkDecisionPages;
import io.lexhub.api.WorkspacePages;
import io.lexhub.pipeline.waiver.WaiverAmendments;
import io.lexhub.pipeline.approval.DecisionOutcome;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.pipeline.approval.Delegations;
import io.lexhub.pipeline.approval.ReviewPackages;
import io.lexhub.pipeline.insight.Insight;
import io.lexhub.pipeline.waiver.Revocations;
import io.lexhub.pipeline.waiver.WaiverReviews;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.DelegationListStore;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import io.lexhub.store.WaiverListStore;
import io.lexhub.workspace.AuditDesk;
import io.lexhub.workspace.CaseFiles;
import io.lexhub.workspace.DelegationList;
import io.lexhub.workspace.Inbox;
import io.lexhub.workspace.PolicyView;
import io.lexhub.workspace.RequestSearch;
import io.lexhub.workspace.WaiverList;
import java.time.Clock;
import org.apache.camel.CamelContext;

/**
 * The workspace's pages (docs/workspace.md) wired from the hub's parts, apart from
 * {@link HubConfiguration} so that the hub's wiring stays readable as the pages grow. The pages
 * call the same workflow objects as the API, which is why they are handed in, not made here.
 */
final class WorkspaceWiring {

    /** The hub's parts the pages read through or act with. */
    record Parts(CamelContext context, Settings settings, Tx tx, AuditTrail audit, RequestStore requests, ApprovalStore approvals,
            LifecycleStore lifecycle, ApproverDirectory directory, PolicyHolder policy, QuarantineStore quarantine, ReviewPackages reviews,
            Delegations delegations, Revocations revocations, WaiverReviews waiverReviews, Insight insight, Clock clock) {}

    private WorkspaceWiring() {}

    static void bind(Parts p) {
        CamelContext c = p.context();
        Settings s = p.settings();
        Inbox inbox = new Inbox(p.tx(), p.requests(), p.approvals(), p.directory(), p.policy(), p.clock(), s.zone());
        WorkspacePages workspacePages = new WorkspacePages(inbox, new CaseFiles(p.reviews(), inbox), p.directory(), p.policy(), p.clock(), s.zone());
        HubConfiguration.bind(c, "workspacePages", workspacePages);
        // each vote of a bulk decision goes through direct:decide, the one entry for a decision
        org.apache.camel.ProducerTemplate decide = c.createProducerTemplate();
        HubConfiguration.bind(c, "bulkDecisionPages", new BulkDecisionPages(workspacePages, inbox,
                cmd -> decide.requestBody("direct:decide", cmd, DecisionOutcome.class)));
        HubConfiguration.bind(c, "requestPages", new RequestPages(requestSearch(c, p.tx(), s), p.directory(), p.policy(), p.clock(), s.zone()));
        WaiverList waiverList = new WaiverList(p.tx(), new WaiverListStore(), p.lifecycle(), p.clock(), s.zone());
        HubConfiguration.bind(c, "waiverPages", new WaiverPages(waiverList, p.revocations(), p.directory(), p.clock(), s.zone()));
        HubConfiguration.bind(c, "waiverAmendmentPages", new WaiverAmendmentPages(waiverList,
                c.getRegistry().lookupByNameAndType("waiverAmendments", WaiverAmendments.class), p.directory(), p.clock(), s.zone()));
        HubConfiguration.bind(c, "delegationPages", new DelegationPages(new DelegationList(p.tx(), new DelegationListStore(), p.directory(), p.clock(),
                s.zone()), p.delegations(), p.directory()));
        HubConfiguration.bind(c, "quarantinePages", new QuarantinePages(p.quarantine(), p.directory(), p.clock(), s.zone()));
        HubConfiguration.bind(c, "auditPages", new AuditPages(new AuditDesk(p.tx(), p.audit(), p.clock()), p.waiverReviews(), p.directory(), p.clock(),
                s.zone()));
        HubConfiguration.bind(c, "dashboardPages", new DashboardPages(p.insight(),
                new io.lexhub.pipeline.patterns.PolicyPatterns(new io.lexhub.store.PatternStore(p.tx()), p.policy()), p.directory(), p.clock(), s.zone()));
        HubConfiguration.bind(c, "policyPages", new PolicyPages(new PolicyView(p.policy(), s.policyFile(), p.tx(), p.audit()),
                new io.lexhub.workspace.PolicyChanges(p.tx(), new io.lexhub.store.PolicyVersionStore(), new io.lexhub.store.PolicyProposalStore()),
                c.getRegistry().lookupByNameAndType("policyProposals", io.lexhub.pipeline.policy.PolicyProposals.class), p.directory(),
                Boolean.parseBoolean(c.getPropertiesComponent().resolveProperty("lexhub.policy.four-eyes").orElse("false")), s.zone()));
    }

    /**
     * The Requests page's search (issue 20.3): its page size and the time limits of its queries
     * (lexhub.workspace.requests.page-size, .search-timeout-seconds, .export-timeout-seconds).
     */
    private static RequestSearch requestSearch(CamelContext context, Tx tx, Settings settings) {
        java.util.function.BiFunction<String, String, Integer> setting = (name, fallback) -> Integer.parseInt(
                context.getPropertiesComponent().resolveProperty("lexhub.workspace.requests." + name).orElse(fallback).strip());
        io.lexhub.store.RequestSearchStore store = new io.lexhub.store.RequestSearchStore(tx, setting.apply("search-timeout-seconds", "20"),
                setting.apply("export-timeout-seconds", "120"));
        return new RequestSearch(store, settings.zone(), setting.apply("page-size", "50"), settings.publicUrl());
    }
}
