package io.lexhub.api;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.organisation.OrganisationConfirmations;
import io.lexhub.pipeline.organisation.OrganisationConfirmations.Result;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * The desk's Organisations page (routes/workspace-organisations.camel.yaml, docs/portal.md): the
 * portal users waiting for their organisation to be confirmed, each confirmed for one customer on
 * record or refused with a reason. The gate admits the desk only and has checked the CSRF token.
 */
public final class OrganisationPages {

    static final int LISTED = 100;

    private final OrganisationConfirmations confirmations;
    private final Supplier<Map<String, String>> customers;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    /** @param customers the customers on record, id -> name (the account managers' list) */
    public OrganisationPages(OrganisationConfirmations confirmations, Supplier<Map<String, String>> customers, ApproverDirectory directory,
            Clock clock, ZoneId zone) {
        this.confirmations = confirmations;
        this.customers = customers;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /organisations: the claims waiting, oldest first. */
    public void list(Exchange exchange) {
        show(exchange, 200, null, null, Map.of());
    }

    /** POST /organisations/{id}/confirmation: the domain bound to the chosen customer. */
    public void confirm(Exchange exchange) {
        long id = id(exchange);
        String customer = Pages.fields(exchange, List.of("customer")).get("customer");
        var principal = Callers.principal(exchange);
        Result r = confirmations.confirm(id, customer, principal.id(), principal.actor());
        if (r instanceof Result.Confirmed done) {
            show(exchange, 200, "Confirmed " + done.claim().domain() + " for " + done.claim().customerId() + ": " + done.claims()
                    + (done.claims() == 1 ? " person was" : " people were") + " told by mail.", null, Map.of());
        } else {
            answerNotDone(exchange, id, r, "customer-" + id);
        }
    }

    /** POST /organisations/{id}/refusal: the claim refused with the reason the person reads. */
    public void refuse(Exchange exchange) {
        long id = id(exchange);
        String reason = Pages.fields(exchange, List.of("reason")).get("reason");
        var principal = Callers.principal(exchange);
        Result r = confirmations.refuse(id, reason, principal.id(), principal.actor());
        if (r instanceof Result.Refused done) {
            show(exchange, 200, "Refused the claim of " + done.claim().personId() + "; they were told why by mail.", null, Map.of());
        } else {
            answerNotDone(exchange, id, r, "reason-" + id);
        }
    }

    private void answerNotDone(Exchange exchange, long id, Result r, String field) {
        if (r instanceof Result.Invalid invalid) {
            show(exchange, 400, null, id, Map.of(field, invalid.message()));
        } else {
            show(exchange, 409, "That claim was decided already (perhaps by someone else just now), or does not exist; nothing was changed.",
                    null, Map.of());
        }
    }

    private void show(Exchange exchange, int status, String note, Long errorClaim, Map<String, String> errors) {
        Viewer viewer = Viewer.of(exchange, directory, "organisations");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("claims", confirmations.waiting(LISTED));
        model.put("customers", customers.get());
        model.put("note", note);
        model.put("errorClaim", errorClaim);
        model.put("errors", errors);
        model.put("now", clock.instant());
        model.put("zone", viewer.zone(zone));
        Pages.page(exchange, status, Pages.render("organisations.jte", model));
    }

    private static long id(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return id != null && id.matches("\\d{1,18}") ? Long.parseLong(id) : -1;
    }
}
