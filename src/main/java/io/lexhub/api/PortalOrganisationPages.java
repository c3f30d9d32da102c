package io.lexhub.api;

import io.lexhub.pipeline.organisation.OrganisationConfirmations;
import io.lexhub.pipeline.organisation.OrganisationConfirmations.Result;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * A portal session whose organisation is not confirmed (docs/portal.md, "Confirming an organisation"):
 * its page explains why it sees nothing and lets the person ask the desk to confirm their
 * organisation, or shows where that stands. The gate has checked the portal session and the CSRF
 * token; the person is the session's, never a form field.
 */
public final class PortalOrganisationPages {

    private final PortalPages pages;
    private final OrganisationConfirmations confirmations;

    public PortalOrganisationPages(PortalPages pages, OrganisationConfirmations confirmations) {
        this.pages = pages;
        this.confirmations = confirmations;
    }

    /** The unconfirmed session's page: the explanation, then the claim's state or the form. */
    void show(Exchange exchange, int status, PortalViewer viewer, Map<String, String> values, Map<String, String> errors) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("claim", viewer.onBehalf() ? null : confirmations.newestOf(Callers.principal(exchange).id()).orElse(null));
        model.put("values", values);
        model.put("errors", errors);
        Pages.page(exchange, status, Pages.render("portal-unconfirmed.jte", model));
    }

    /** POST /portal/organisation: the person asks the desk; then back to their page, which shows the claim. */
    public void ask(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        if (viewer.confirmed() || viewer.onBehalf()) {
            PortalSignInPages.message(exchange, 409, "Your organisation is confirmed", "There is nothing to ask: your organisation's requests "
                    + "are on the Our requests page.", viewer, false);
            return;
        }
        Map<String, String> values = Pages.fields(exchange, List.of("company", "customerNumber", "message"));
        var principal = Callers.principal(exchange);
        Result result = confirmations.ask(principal.id(), values.get("company"), values.get("customerNumber"), values.get("message"), principal.actor());
        if (result instanceof Result.Invalid invalid) {
            show(exchange, 400, viewer, values, Map.of("company", invalid.message()));
            return;
        }
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/portal/requests");
        exchange.getMessage().setBody("");
    }
}
