package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.notify.Languages;
import io.lexhub.notify.Messages;
import io.lexhub.portal.OurWaivers;
import io.lexhub.portal.PortalWords;
import io.lexhub.portal.PortalRequests;
import io.lexhub.portal.RenewalForm;
import io.lexhub.portal.RequestTimeline;
import io.lexhub.portal.SupplementForm;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The customer portal's pages (docs/portal.md): our requests, one request's timeline, our waivers.
 * The gate admits only a portal session (scope customer, the portal's own cookie); every read here
 * names the session's organisation, and a session whose organisation is not confirmed sees nothing.
 * A reference of another organisation answers exactly as one that does not exist.
 */
public final class PortalPages {

    private final PortalRequests requests;
    private final RequestTimeline timeline;
    private final OurWaivers waivers;
    private final ApproverDirectory directory;
    private final SupplementForm forms;
    private final Languages languages;
    private final RenewalForm renewals;
    private PortalOrganisationPages unconfirmed;

    public PortalPages(PortalRequests requests, RequestTimeline timeline, OurWaivers waivers, ApproverDirectory directory, SupplementForm forms,
            Languages languages, RenewalForm renewals) {
        this.languages = languages;
        this.renewals = renewals;
        this.requests = requests;
        this.timeline = timeline;
        this.waivers = waivers;
        this.directory = directory;
        this.forms = forms;
    }

    /** The page of a session whose organisation is not confirmed (set once at wiring: the two pages refer to each other). */
    public void unconfirmed(PortalOrganisationPages pages) {
        this.unconfirmed = pages;
    }

    /** GET /portal: to the list. */
    public void home(Exchange exchange) {
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/portal/requests");
        exchange.getMessage().setBody("");
    }

    /** GET /portal/requests?page=n: the organisation's requests, newest first; for an unconfirmed organisation its own page. */
    public void list(Exchange exchange) {
        PortalViewer viewer = viewer(exchange, "requests");
        if (!viewer.confirmed()) {
            unconfirmed.show(exchange, 200, viewer, Map.of(), Map.of());
            return;
        }
        Messages.Text m = text(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("page", requests.of(new PortalWords(m), customer(exchange), page(exchange.getMessage().getHeader("page", String.class))));
        page(exchange, 200, m, "portal-requests.jte", model);
    }

    /** GET /portal/requests/{reference}: the timeline, only of the organisation's own request; any other reference is not found. */
    public void request(Exchange exchange) {
        PortalViewer viewer = viewer(exchange, "requests");
        Optional<RequestTimeline.View> view = ownRequest(exchange, viewer);
        if (view.isEmpty()) return;
        show(exchange, 200, viewer, view.get(), Map.of(), Map.of(), null);
    }

    /** The organisation's request of the path's reference; empty for another's, for none, and for an unconfirmed session. */
    Optional<RequestTimeline.View> view(Exchange exchange, PortalViewer viewer) {
        String reference = exchange.getMessage().getHeader("reference", String.class);
        return viewer.confirmed() ? timeline.of(new PortalWords(text(exchange)), customer(exchange), reference) : Optional.empty();
    }

    /**
     * The organisation's own request named in the path; when there is none (another organisation's
     * reference, an unknown one, or an organisation not yet confirmed) the 404 page is answered here.
     */
    Optional<RequestTimeline.View> ownRequest(Exchange exchange, PortalViewer viewer) {
        Optional<RequestTimeline.View> view = view(exchange, viewer);
        if (view.isEmpty()) notFound(exchange, viewer);
        return view;
    }

    void notFound(Exchange exchange, PortalViewer viewer) {
        Messages.Text m = text(exchange);
        PortalSignInPages.message(exchange, 404, m, m.t("portal.notFound.title"), m.t("portal.notFound.text"), viewer, false);
    }

    /** The request's page; when it needs information, its form with these values and problems (by field name) and a note above. */
    void show(Exchange exchange, int status, PortalViewer viewer, RequestTimeline.View view, Map<String, String> values,
            Map<String, String> errors, String note) {
        Messages.Text m = text(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("request", view);
        model.put("form", view.missingFields().isEmpty() ? null : form(m, view, values, errors));
        model.put("note", note);
        // an approved request whose waiver is in force may be renewed: the ask form, pre-filled from it
        model.put("renewable", "approved".equals(view.stateCode()) && renewals.renewable(customer(exchange), view.reference()));
        page(exchange, status, m, "portal-request.jte", model);
    }

    SupplementForm.Form form(Messages.Text m, RequestTimeline.View view, Map<String, String> values, Map<String, String> errors) {
        return forms.form(new PortalWords(m), view.missingFields(), values, errors);
    }

    RenewalForm renewals() {
        return renewals;
    }

    SupplementForm forms() {
        return forms;
    }

    /** GET /portal/waivers: in force (ending first first), then past decisions. */
    public void waivers(Exchange exchange) {
        PortalViewer viewer = viewer(exchange, "waivers");
        Messages.Text m = text(exchange);
        if (!viewer.confirmed()) {
            PortalSignInPages.message(exchange, 200, m, m.t("portal.unconfirmed.title"), m.t("portal.waivers.unconfirmed"), viewer, false);
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("waivers", waivers.of(new PortalWords(m), customer(exchange)));
        page(exchange, 200, m, "portal-waivers.jte", model);
    }

    /** The organisation's name as its requests give it (the id when none does). */
    String organisationName(String customerId) {
        return requests.name(customerId);
    }

    static String customer(Exchange exchange) {
        return Callers.principal(exchange).customer().customerId();
    }

    PortalViewer viewer(Exchange exchange, String page) {
        Principal p = Callers.principal(exchange);
        String staff = p.onBehalf() ? directory.find(p.id()).map(Approver::name).orElse(p.id()) : null;
        return PortalViewer.of(p, staff, requests.name(p.customer() == null ? null : p.customer().customerId()),
                exchange.getProperty(SignInPages.CSRF, String.class), page);
    }

    /**
     * The language of a signed-in customer's page: {@code ?lang=}, else the customer's setting
     * (lexhub.portal.customer-languages), else the browser's Accept-Language, else English.
     */
    Messages.Text text(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        Locale locale = languages.forCustomerPage(exchange.getMessage().getHeader("lang", String.class),
                p.customer() == null ? null : p.customer().customerId(), exchange.getMessage().getHeader("Accept-Language", String.class));
        return languages.messages().in(locale);
    }

    /** A portal page in this language: rendered, with the headers that say which and that it varies with the browser's. */
    static void page(Exchange exchange, int status, Messages.Text m, String template, Map<String, Object> model) {
        Pages.page(exchange, status, Pages.render(template, model));
        exchange.getMessage().setHeader("Content-Language", m.language());
        exchange.getMessage().setHeader("Vary", "Accept-Language");
    }

    private static int page(String value) {
        if (value == null || !value.matches("\\d{1,6}")) return 1;
        return Integer.parseInt(value);
    }
}
