package io.lexhub.api;

import io.lexhub.access.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.pipeline.waiver.Revocations;
import io.lexhub.pipeline.waiver.WaiverHistory;
import io.lexhub.pipeline.waiver.WaiverReviews;
import java.util.Map;
import org.apache.camel.Exchange;

/** REST handlers for waivers: their history, revocation and the periodic review queue. */
public final class WaiversApi {

    private final Revocations revocations;
    private final WaiverReviews reviews;
    private final WaiverHistory history;

    public WaiversApi(Revocations revocations, WaiverReviews reviews, WaiverHistory history) {
        this.revocations = revocations;
        this.reviews = reviews;
        this.history = history;
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
