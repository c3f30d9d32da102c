package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Messages;
import io.lexhub.pipeline.channel.PortalAmendment;
import io.lexhub.portal.PortalWords;
import io.lexhub.portal.RequestTimeline;
import io.lexhub.portal.SupplementForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * "Change the terms" of a request waiting for approvers (docs/portal.md): the request's terms in a
 * form, typed by the request schema, and a required reason; the POST amends the same request
 * ({@link PortalAmendment}) and the approval starts again. The gate has checked the portal session
 * and the CSRF token; another organisation's reference answers as one that does not exist.
 */
public final class PortalAmendmentPages {

    static final int REASON_MAX = 1000;

    private final PortalPages pages;
    private final PortalAmendment amendments;

    public PortalAmendmentPages(PortalPages pages, PortalAmendment amendments) {
        this.pages = pages;
        this.amendments = amendments;
    }

    /** GET /portal/requests/{reference}/amendment: the form with the terms as they are. */
    public void form(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        Messages.Text m = pages.text(exchange);
        Optional<RequestTimeline.View> view = pages.ownRequest(exchange, viewer);
        if (view.isEmpty()) return;
        if (refusedAsNotAmendable(exchange, viewer, m, view.get())) return;
        Map<String, String> values = new LinkedHashMap<>();
        List<Issue> fields = fields(PortalPages.customer(exchange), view.get().reference(), values);
        show(exchange, 200, viewer, m, view.get(), form(m, fields, values, Map.of()), "", Map.of());
    }

    /** The request's page with the reason it cannot be amended now, when it cannot; false when it can. */
    private boolean refusedAsNotAmendable(Exchange exchange, PortalViewer viewer, Messages.Text m, RequestTimeline.View view) {
        if (amendable(view)) return false;
        pages.show(exchange, 200, viewer, view, Map.of(), Map.of(), m.t("portal.amend.cannot", view.state()));
        return true;
    }

    /** POST /portal/requests/{reference}/amendment (value-terms.*, rationale): amended, or the form with its problems. */
    public void amend(Exchange exchange) {
        PortalViewer viewer = pages.viewer(exchange, "requests");
        Messages.Text m = pages.text(exchange);
        Optional<RequestTimeline.View> view = pages.ownRequest(exchange, viewer);
        if (view.isEmpty()) return;
        if (refusedAsNotAmendable(exchange, viewer, m, view.get())) return;
        List<Issue> fields = fields(PortalPages.customer(exchange), view.get().reference(), new LinkedHashMap<>());
        SupplementForm.Form blank = form(m, fields, Map.of(), Map.of());
        List<String> names = new ArrayList<>(blank.fields().stream().map(f -> "value-" + f.name()).toList());
        names.add("rationale");
        Map<String, String> posted = Pages.fields(exchange, names);
        Map<String, String> values = new LinkedHashMap<>();
        blank.fields().forEach(f -> values.put(f.name(), posted.getOrDefault("value-" + f.name(), "")));
        String rationale = posted.getOrDefault("rationale", "").strip();
        SupplementForm.Form typed = form(m, fields, values, Map.of());
        Map<String, String> errors = new LinkedHashMap<>();
        ObjectNode supplied = pages.forms().supplied(new PortalWords(m), typed, errors);
        Map<String, String> other = new LinkedHashMap<>();
        if (rationale.isEmpty() || rationale.length() > REASON_MAX) other.put("rationale", m.t("portal.amend.reason.missing", REASON_MAX));
        if (!errors.isEmpty() || !other.isEmpty()) {
            show(exchange, 400, viewer, m, view.get(), form(m, fields, values, errors), rationale, other);
            return;
        }
        JsonNode terms = supplied.path("terms");
        PortalAmendment.Result result = amendments.amend(PortalPages.customer(exchange), view.get().reference(),
                terms.isObject() ? (ObjectNode) terms : Json.MAPPER.createObjectNode(), rationale, Callers.principal(exchange).actor());
        if (result instanceof PortalAmendment.Result.NotFound) {
            pages.notFound(exchange, viewer);
        } else if (result instanceof PortalAmendment.Result.NotAmendable) {
            RequestTimeline.View now = pages.view(exchange, viewer).orElseThrow();
            pages.show(exchange, 200, viewer, now, Map.of(), Map.of(), m.t("portal.amend.cannot", now.state()));
        } else if (result instanceof PortalAmendment.Result.Invalid invalid) {
            typed.place(invalid.issues(), errors);
            show(exchange, 400, viewer, m, view.get(), form(m, fields, values, errors), rationale, other);
        } else {
            RequestState state = ((PortalAmendment.Result.Done) result).state();
            pages.show(exchange, 200, viewer, pages.view(exchange, viewer).orElseThrow(), Map.of(), Map.of(),
                    state == RequestState.PENDING_APPROVAL ? m.t("portal.amend.done")
                            : m.t("portal.request.complete.state", new PortalWords(m).requestState(state.name())));
        }
    }

    private static boolean amendable(RequestTimeline.View view) {
        return "pending_approval".equals(view.stateCode());
    }

    /** The request's terms that a form can show (values, not lists), with their values as they are now. */
    private List<Issue> fields(String customerId, String reference, Map<String, String> values) {
        List<Issue> out = new ArrayList<>();
        amendments.of(customerId, reference).ifPresent(s -> Json.readTree(s.requestJson()).path("terms").fields().forEachRemaining(f -> {
            if (!f.getValue().isValueNode() || f.getValue().isNull()) return;
            out.add(Issue.missing("terms." + f.getKey(), null));
            values.put("terms." + f.getKey(), f.getValue().asText());
        }));
        return out;
    }

    private SupplementForm.Form form(Messages.Text m, List<Issue> fields, Map<String, String> values, Map<String, String> errors) {
        return pages.forms().form(new PortalWords(m), fields, values, errors);
    }

    private static void show(Exchange exchange, int status, PortalViewer viewer, Messages.Text m, RequestTimeline.View view, SupplementForm.Form form,
            String rationale, Map<String, String> errors) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("request", view);
        model.put("form", form);
        model.put("rationale", rationale);
        model.put("errors", errors);
        PortalPages.page(exchange, status, m, "portal-amend.jte", model);
    }
}
