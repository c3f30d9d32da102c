package io.lexhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Messages;
import io.lexhub.pipeline.approval.WithdrawRequest;
import io.lexhub.pipeline.channel.PortalSupplement;
import io.lexhub.portal.PortalWords;
import io.lexhub.portal.RequestTimeline;
import io.lexhub.portal.SupplementForm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * What a customer does on a request's portal page (docs/portal.md): completes a NEEDS_INFO request
 * with the missing fields, and withdraws a request still waiting (two steps: the confirmation, then
 * the POST). The gate has checked the portal session and the CSRF token; the actor is the session's
 * principal. Another organisation's reference answers exactly as one that does not exist.
 */
public final class PortalRequestActions {

    private final PortalPages pages;
    private final PortalSupplement supplements;
    private final WithdrawRequest withdrawals;

    public PortalRequestActions(PortalPages pages, PortalSupplement supplements, WithdrawRequest withdrawals) {
        this.pages = pages;
        this.supplements = supplements;
        this.withdrawals = withdrawals;
    }

    /** POST /portal/requests/{reference}/supplement: the form's values (value-&lt;field&gt;) assessed with the stored request. */
    public void supplement(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        Messages.Text m = pages.text(exchange);
        Optional<RequestTimeline.View> view = pages.ownRequest(exchange, viewer);
        if (view.isEmpty()) return;
        if (view.get().missingFields().isEmpty()) {
            pages.show(exchange, 200, viewer, view.get(), Map.of(), Map.of(), notNeeded(m, view.get().state()));
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        SupplementForm.Form blank = pages.form(m, view.get(), Map.of(), Map.of());
        Map<String, String> posted = Pages.fields(exchange, blank.fields().stream().map(f -> "value-" + f.name()).toList());
        blank.fields().forEach(f -> values.put(f.name(), posted.getOrDefault("value-" + f.name(), "")));
        SupplementForm.Form typed = pages.form(m, view.get(), values, Map.of());
        Map<String, String> errors = new LinkedHashMap<>();
        ObjectNode supplied = pages.forms().supplied(new PortalWords(m), typed, errors);
        if (!errors.isEmpty()) {
            pages.show(exchange, 400, viewer, view.get(), values, errors, null);
            return;
        }
        String reference = view.get().reference();
        PortalSupplement.Result result = supplements.supplement(PortalPages.customer(exchange), reference, supplied, Callers.principal(exchange).actor());
        if (result instanceof PortalSupplement.Result.NotFound) {
            pages.notFound(exchange, viewer);
        } else if (result instanceof PortalSupplement.Result.NotNeeded n) {
            pages.show(exchange, 200, viewer, pages.view(exchange, viewer).orElseThrow(), Map.of(), Map.of(),
                    notNeeded(m, new PortalWords(m).requestState(n.state().name())));
        } else if (result instanceof PortalSupplement.Result.Invalid invalid) {
            typed.place(invalid.issues(), errors);
            pages.show(exchange, 400, viewer, view.get(), values, errors, null);
        } else {
            RequestState state = ((PortalSupplement.Result.Done) result).state();
            pages.show(exchange, 200, viewer, pages.view(exchange, viewer).orElseThrow(), Map.of(), Map.of(),
                    state == RequestState.PENDING_APPROVAL ? m.t("portal.request.complete.done")
                            : m.t("portal.request.complete.state", new PortalWords(m).requestState(state.name())));
        }
    }

    /** GET /portal/requests/{reference}/withdrawal: the confirmation, restating what will happen. */
    public void confirmWithdrawal(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        Messages.Text m = pages.text(exchange);
        Optional<RequestTimeline.View> view = pages.ownRequest(exchange, viewer);
        if (view.isEmpty()) return;
        if (!view.get().withdrawable()) {
            pages.show(exchange, 200, viewer, view.get(), Map.of(), Map.of(), cannotWithdraw(m, view.get().state()));
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("request", view.get());
        PortalPages.page(exchange, 200, m, "portal-withdraw.jte", model);
    }

    /** POST /portal/requests/{reference}/withdrawal (reason optional): withdrawn, or why not (a decision may have come first). */
    public void withdraw(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        Messages.Text m = pages.text(exchange);
        Optional<RequestTimeline.View> view = pages.ownRequest(exchange, viewer);
        if (view.isEmpty()) return;
        String reason = Pages.fields(exchange, java.util.List.of("reason")).getOrDefault("reason", "").strip();
        if (reason.length() > 1000) reason = reason.substring(0, 1000);
        WithdrawRequest.Result result = withdrawals.withdraw(PortalPages.customer(exchange), view.get().reference(), reason,
                Callers.principal(exchange).actor());
        if (result instanceof WithdrawRequest.Result.NotFound) {
            pages.notFound(exchange, viewer);
            return;
        }
        RequestTimeline.View now = pages.view(exchange, viewer).orElseThrow();
        String note = result instanceof WithdrawRequest.Result.NotWithdrawable ? cannotWithdraw(m, now.state())
                : m.t("portal.request.withdrawn");
        pages.show(exchange, 200, viewer, now, Map.of(), Map.of(), note);
    }

    private static String notNeeded(Messages.Text m, String state) {
        return m.t("portal.request.notNeeded", state);
    }

    private static String cannotWithdraw(Messages.Text m, String state) {
        return m.t("portal.request.cannotWithdraw", state);
    }
}
