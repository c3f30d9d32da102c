package io.lexhub.app;

import io.lexhub.access.CustomerDomains;
import io.lexhub.access.OnBehalf;
import io.lexhub.access.PortalLinks;
import io.lexhub.access.Sessions;
import io.lexhub.access.SignInLinks;
import io.lexhub.access.Throttle;
import io.lexhub.api.AccessGate;
import io.lexhub.api.EvidenceUploads;
import io.lexhub.api.PortalAskPages;
import io.lexhub.api.OnBehalfPages;
import io.lexhub.api.PortalAmendmentPages;
import io.lexhub.api.OrganisationPages;
import io.lexhub.api.PortalOrganisationPages;
import io.lexhub.api.PortalPages;
import io.lexhub.api.PortalRequestActions;
import io.lexhub.api.PortalSignInPages;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.SenderCheck;
import io.lexhub.notify.Languages;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.evidence.FileEvidence;
import io.lexhub.pipeline.intake.RequestCheck;
import io.lexhub.pipeline.approval.WithdrawRequest;
import io.lexhub.pipeline.channel.PortalAmendment;
import io.lexhub.pipeline.channel.PortalSupplement;
import io.lexhub.pipeline.organisation.OrganisationConfirmations;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.portal.AskForm;
import io.lexhub.portal.OurWaivers;
import io.lexhub.portal.PortalRequests;
import io.lexhub.portal.RenewalForm;
import io.lexhub.portal.RequestTimeline;
import io.lexhub.portal.SupplementForm;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.OrganisationClaimStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.PortalStore;
import io.lexhub.store.SignInLinkStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * The customer portal (docs/portal.md) wired from the hub's parts, beside {@link WorkspaceWiring}:
 * which organisation an address belongs to (lexhub.mail.customer-domains, lexhub.mail.internal-domains
 * and the customer records), the portal's sign-in links (the settings of people's, lexhub.auth.link.*),
 * the account managers' roles (lexhub.portal.account-manager-roles) and the list's page size
 * (lexhub.portal.page-size).
 */
final class PortalWiring {

    /** The hub's parts the portal reads through or signs in with. */
    record Parts(CamelContext context, Settings settings, Tx tx, AuditTrail audit, OutboxStore outbox, Notices notices, Sessions sessions,
            ApprovalStore approvals, ApproverDirectory directory, PolicyHolder policy, AccessGate gate, Throttle failures, SignInLinks.Config links,
            Clock clock, PortalSupplement supplement, WithdrawRequest withdraw, PortalAmendment amend, Languages languages, RequestCheck check,
            FileEvidence.Limits evidence) {}

    private PortalWiring() {}

    static void bind(Parts p) {
        Function<String, Optional<String>> setting = key -> p.context().getPropertiesComponent().resolveProperty(key);
        Settings s = p.settings();
        PortalStore store = new PortalStore();
        Map<String, java.util.Set<String>> configured = SenderCheck.parseCustomerDomains(setting.apply("lexhub.mail.customer-domains").orElse(null));
        OrganisationClaimStore claims = new OrganisationClaimStore();
        CustomerDomains organisations = new CustomerDomains(configured, SenderCheck.parseDomains(setting.apply("lexhub.mail.internal-domains").orElse(null)),
                domain -> p.tx().read(c -> store.customersOfDomain(c, domain)), domain -> p.tx().read(c -> claims.confirmedCustomer(c, domain)));
        PortalLinks links = new PortalLinks(p.tx(), new SignInLinkStore(), p.outbox(), p.notices(), p.audit(), p.sessions(), organisations, p.clock(), p.links());
        HubConfiguration.bind(p.context(), "portalSignInPages", new PortalSignInPages(links, p.sessions(), p.failures(), s.publicUrl(), p.clock(),
                p.languages()));
        PortalRequests requests = new PortalRequests(p.tx(), store, Integer.parseInt(setting.apply("lexhub.portal.page-size").orElse("20").strip()));
        PortalPages pages = new PortalPages(requests,
                new RequestTimeline(p.tx(), store, p.approvals(), p.policy(), p.clock(), s.zone()), new OurWaivers(p.tx(), store, p.clock(), s.zone()),
                p.directory(), new SupplementForm(s.schemaFile()), p.languages(), new RenewalForm(p.tx(), store));
        HubConfiguration.bind(p.context(), "portalPages", pages);
        // completing and withdrawing a request: the same use cases the mail and Jira channels and the approvers use
        HubConfiguration.bind(p.context(), "portalRequestActions", new PortalRequestActions(pages, p.supplement(), p.withdraw()));
        HubConfiguration.bind(p.context(), "portalAmendmentPages", new PortalAmendmentPages(pages, p.amend()));
        // asking for an exception: the form from the policy, the intake's dry run, the files held to the evidence limits
        HubConfiguration.bind(p.context(), "portalAskPages", new PortalAskPages(pages, new AskForm(p.policy(), p.clock(), s.zone()), p.check(),
                new EvidenceUploads(p.evidence(), Integer.parseInt(setting.apply("lexhub.portal.upload.max-files").orElse("5").strip())), p.directory(),
                p.clock()));
        // the customers the desk and the account managers choose from: the configured ones and those with requests
        java.util.function.Supplier<Map<String, String>> customers = () -> {
            Map<String, String> all = new TreeMap<>();
            organisations.configuredCustomers().forEach(id -> all.put(id, id));
            all.putAll(p.tx().read(c -> store.customers(c, 1000)));
            return all;
        };
        // an unconfirmed organisation: the person asks, the desk confirms (docs/portal.md, "Confirming an organisation")
        OrganisationConfirmations confirmations = new OrganisationConfirmations(p.tx(), claims, p.audit(), p.outbox(), p.notices(), p.directory(),
                id -> customers.get().containsKey(id), p.clock());
        PortalOrganisationPages unconfirmed = new PortalOrganisationPages(pages, confirmations);
        pages.unconfirmed(unconfirmed);
        HubConfiguration.bind(p.context(), "portalOrganisationPages", unconfirmed);
        HubConfiguration.bind(p.context(), "organisationPages", new OrganisationPages(confirmations, customers, p.directory(), p.clock(), s.zone()));
        OnBehalf onBehalf = new OnBehalf(p.tx(), p.sessions(), p.directory(),
                SenderCheck.parseDomains(setting.apply("lexhub.portal.account-manager-roles").orElse("sales")), id -> customers.get().containsKey(id),
                p.clock());
        p.gate().accountManagers(onBehalf::accountManager);
        HubConfiguration.bind(p.context(), "onBehalfPages", new OnBehalfPages(onBehalf, customers, p.directory(), s.publicUrl()));
    }
}
