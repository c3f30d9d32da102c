package io.lexhub.api;

import io.lexhub.access.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.model.Issue;
import io.lexhub.pipeline.waiver.NarrowingRefusedException;
import io.lexhub.pipeline.waiver.Revocations;
import io.lexhub.pipeline.waiver.WaiverAmendments;
import io.lexhub.pipeline.waiver.WaiverBounds;
import io.lexhub.pipeline.waiver.WaiverHistory;
import io.lexhub.pipeline.waiver.WaiverReviews;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** REST handlers for waivers: their history, revocation, amendment (narrowing) and the periodic review queue. */
public final class WaiversApi {

    private final Revocations revocations;
    private final WaiverReviews reviews;
    private final WaiverHistory history;
    private final WaiverAmendments amendments;

    public WaiversApi(Revocations revocations, WaiverReviews reviews, WaiverHistory history, WaiverAmendments amendments) {
        this.revocations = revocations;
        this.reviews = reviews;
        this.history = history;
        this.amendments = amendments;
    }

    /** GET /api/waivers/{reference}: the waiver and its renewal chain. */
    public void history(Exchange exchange) {
        Responses.json(exchange, 200, history.waiverHistory(exchange.getMessage().getHeader("reference", String.class)));
    }

    /** POST /api/waivers/{reference}/revocation: {"rationale"}; licensing or audit approvers. */
    public void revoke(Exchange exchange) {
        Principal actor = Callers.principal(exchange);
        String ref = exchange.getMessage().getHeader("reference", String.class);
        revocations.revoke(ref, actor.id(), actor.actor(), Callers.jsonBody(exchange).path("rationale").asText(null));
        Responses.json(exchange, 200, Map.of("reference", ref, "state", "REVOKED", "href", "/api/waivers/" + ref));
    }

    /**
     * POST /api/waivers/{reference}/amendments: {"end"?, "seats"?, "discountPercent"?, "rationale",
     * "expected": {"end", "seats"?, "discountPercent"?}} (what the caller saw); narrows an active
     * waiver (WaiverAmendments); licensing or audit approvers.
     */
    public void amend(Exchange exchange) {
        Principal actor = Callers.principal(exchange);
        String ref = exchange.getMessage().getHeader("reference", String.class);
        JsonNode body = Callers.jsonBody(exchange);
        Map<String, String> problems = new LinkedHashMap<>();
        WaiverBounds asked = bounds(body, "", problems);
        WaiverBounds expected = bounds(body.path("expected"), "expected.", problems);
        if (!problems.isEmpty()) throw new NarrowingRefusedException(problems);
        WaiverAmendments.Amended a = amendments.amend(ref, actor.id(), actor.actor(),
                new WaiverAmendments.Amendment(asked, expected, body.path("rationale").asText(null)));
        Responses.json(exchange, 200, Map.of("reference", ref, "state", "ACTIVE", "before", a.before().asMap(), "after", a.after().asMap(),
                "href", "/api/waivers/" + ref));
    }

    /** An amendment that is no narrowing (NarrowingRefusedException): 400 with each problem by field; other refusals go to DecisionsApi.failed. */
    public void notANarrowing(Exchange exchange) {
        NarrowingRefusedException n = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, NarrowingRefusedException.class);
        List<Issue> issues = n.problems().entrySet().stream().map(x -> Issue.invalid(x.getKey(), "not-a-narrowing", x.getValue())).toList();
        Responses.problem(exchange, 400, Responses.INVALID_REQUEST, "an amendment may only narrow the waiver: " + String.join("; ", n.problems().values()),
                Map.of("issues", issues));
    }

    private static WaiverBounds bounds(JsonNode n, String prefix, Map<String, String> problems) {
        LocalDate end = null;
        if (n.hasNonNull("end")) {
            try {
                end = LocalDate.parse(n.path("end").asText());
            } catch (DateTimeParseException e) {
                problems.put(prefix + "end", "not a date (YYYY-MM-DD)");
            }
        }
        Integer seats = null;
        if (n.hasNonNull("seats")) {
            if (n.path("seats").canConvertToInt() && n.path("seats").isIntegralNumber()) seats = n.path("seats").asInt();
            else problems.put(prefix + "seats", "not a whole number");
        }
        BigDecimal discount = null;
        if (n.hasNonNull("discountPercent")) {
            if (n.path("discountPercent").isNumber()) discount = n.path("discountPercent").decimalValue();
            else problems.put(prefix + "discountPercent", "not a number");
        }
        return new WaiverBounds(null, end, seats, discount);
    }

    /** GET /api/reviews: the open review queue; the audit owner only. */
    public void reviews(Exchange exchange) {
        Responses.json(exchange, 200, Map.of("open", reviews.openReviews(Callers.principal(exchange).id())));
    }

    /** POST /api/reviews/{id}: {"outcome": "confirm|revoke", "rationale"}; the audit owner only. */
    public void decideReview(Exchange exchange) {
        Principal actor = Callers.principal(exchange);
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a review id is a number");
        }
        JsonNode body = Callers.jsonBody(exchange);
        String outcome = body.path("outcome").asText("");
        reviews.decideReview(id, actor.id(), actor.actor(), outcome, body.path("rationale").asText(null));
        Responses.json(exchange, 200, Map.of("review", id, "outcome", outcome));
    }
}
