package io.lexhub.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.FullCheck;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.waiver.WaiverReviews;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.workspace.AuditDesk;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The audit page of the workspace (routes/workspace-audit.camel.yaml), for the audit scope: a
 * request's event timeline, the whole check of the chain and the recorded rows with the first
 * broken link named, a signed checkpoint to download, and the periodic review queue (confirm or
 * revoke, through pipeline.waiver.WaiverReviews as the API).
 */
public final class AuditPages {

    private static final String REFERENCE = "EXC-\\d{4}-\\d{6}";

    private final AuditDesk desk;
    private final WaiverReviews reviews;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public AuditPages(AuditDesk desk, WaiverReviews reviews, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.desk = desk;
        this.reviews = reviews;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /audit, with ?reference= the request's timeline. */
    public void page(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        Map<String, Object> model = model(exchange);
        Map<String, String> errors = new LinkedHashMap<>();
        if (ref != null && !ref.isBlank()) {
            ref = ref.strip().toUpperCase(java.util.Locale.ROOT);
            if (ref.matches(REFERENCE)) model.put("events", desk.timeline(ref));
            else errors.put("reference", "Enter a reference like EXC-2026-000123");
        }
        model.put("reference", ref == null ? "" : ref);
        model.put("errors", errors);
        Pages.page(exchange, errors.isEmpty() ? 200 : 400, render(model));
    }

    /** POST /audit/verification: the whole check now, its result on the page. */
    public void verify(Exchange exchange) {
        Map<String, Object> model = model(exchange);
        FullCheck.Result check = desk.check();
        model.put("check", check);
        Pages.page(exchange, 200, render(model));
    }

    /** GET /audit/checkpoint?from=&to= (dates, the whole days in UTC): the signed checkpoint as a file. */
    public void checkpoint(Exchange exchange) {
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(exchange.getMessage().getHeader("from", String.class));
            to = LocalDate.parse(exchange.getMessage().getHeader("to", String.class));
        } catch (DateTimeParseException | NullPointerException e) {
            Pages.message(exchange, 400, "No checkpoint", List.of("Give the period as two dates, from and to (YYYY-MM-DD)."), false);
            return;
        }
        if (to.isBefore(from)) {
            Pages.message(exchange, 400, "No checkpoint", List.of("The period ends before it starts."), false);
            return;
        }
        AuditDesk.CheckpointOrRefusal cp = desk.checkpoint(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        if (cp.checkpoint() == null) {
            Pages.message(exchange, 409, "No checkpoint", List.of(cp.refusal()), false);
            return;
        }
        String json;
        try {
            json = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(cp.checkpoint()) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Pages.headersOnly(exchange, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"lexhub-audit-checkpoint-" + from + "-" + to + ".json\"");
        exchange.getMessage().setBody(json);
    }

    /** POST /audit/reviews/{id}: confirm or revoke a sampled waiver, with a rationale. */
    public void review(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        Map<String, String> form = Pages.fields(exchange, List.of("outcome", "rationale"));
        String id = exchange.getMessage().getHeader("id", String.class);
        String outcome = form.getOrDefault("outcome", "");
        String rationale = form.getOrDefault("rationale", "");
        Map<String, String> errors = new LinkedHashMap<>();
        if (!outcome.equals("confirm") && !outcome.equals("revoke")) errors.put("outcome-" + id, "Choose to confirm or revoke the waiver");
        if (rationale.isBlank()) errors.put("rationale-" + id, "Enter a rationale for the review");
        else if (rationale.length() > 5000) errors.put("rationale-" + id, "The rationale must be 5000 characters or fewer");
        if (id == null || !id.matches("\\d{1,18}")) {
            Pages.message(exchange, 404, "No such review", List.of("There is no such review."), false);
            return;
        }
        if (errors.isEmpty()) {
            try {
                reviews.decideReview(Long.parseLong(id), p.id(), p.actor(), outcome, rationale);
                Pages.headersOnly(exchange, 303);
                exchange.getMessage().setHeader("Location", "/audit#reviews");
                exchange.getMessage().setBody("");
                return;
            } catch (io.lexhub.pipeline.DecisionRefusedException e) {
                Pages.message(exchange, 403, "Not recorded", List.of(String.join(" ", e.reasons()), "Nothing was changed."), false);
                return;
            } catch (NotDecidableException e) {
                Pages.message(exchange, 409, "Not recorded", List.of(e.getMessage(), "Nothing was changed."), false);
                return;
            } catch (IllegalArgumentException e) {
                errors.put("rationale-" + id, e.getMessage());
            }
        }
        Map<String, Object> model = model(exchange);
        model.put("errors", errors);
        model.put("typed", Map.of("id", id, "outcome", outcome, "rationale", rationale));
        Pages.page(exchange, 400, render(model));
    }

    private String render(Map<String, Object> model) {
        model.putIfAbsent("reference", "");
        model.putIfAbsent("errors", Map.of());
        model.putIfAbsent("typed", Map.of());
        return Pages.render("audit.jte", model);
    }

    private Map<String, Object> model(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        Viewer viewer = Viewer.of(exchange, directory, "audit");
        model.put("viewer", viewer);
        model.put("now", clock.instant());
        model.put("zone", viewer.zone(zone));
        List<LifecycleStore.Review> open;
        try {
            open = reviews.openReviews(p.id());
        } catch (io.lexhub.pipeline.DecisionRefusedException e) {
            // the queue belongs to people with the audit role in approvers.yaml (a provider group may give the scope alone)
            open = null;
        }
        model.put("reviews", open);
        model.put("today", LocalDate.now(clock.withZone(zone)));
        return model;
    }
}
