package io.lexhub.api;

import io.lexhub.notify.Messages;
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
        Messages.Text m = pages.text(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("claim", viewer.onBehalf() ? null : confirmations.newestOf(Callers.principal(exchange).id()).orElse(null));
        model.put("values", values);
        model.put("errors", errors);
        PortalPages.page(exchange, status, m, "portal-unconfirmed.jte", model);
    }

    /** POST /portal/organisation: the person asks the desk; then back to their page, which shows the claim. */
    public void ask(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        if (viewer.confirmed() || viewer.onBehalf()) {
            Messages.Text m = pages.text(exchange);
            PortalSignInPages.message(exchange, 409, m, m.t("portal.confirmed.title"), m.t("portal.confirmed.text"), viewer, false);
            return;
        }
        Map<String, String> values = Pages.fields(exchange, List.of("company", "customerNumber", "message"));
        var principal = Callers.principal(exchange);
        Result result = confirmations.ask(principal.id(), values.get("company"), values.get("customerNumber"), values.get("message"), principal.actor());
        if (result instanceof Result.Invalid invalid) {
            // the one problem a person can fix here is the missing name: in their language
            String company = values.get("company");
            show(exchange, 400, viewer, values, Map.of("company", company == null || company.isBlank() ? pages.text(exchange).t("portal.unconfirmed.enterCompany")
                    : invalid.message()));
            return;
        }
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/portal/requests");
        exchange.getMessage().setBody("");
    }
}
