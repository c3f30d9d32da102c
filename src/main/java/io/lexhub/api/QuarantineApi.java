package io.lexhub.api;

import io.lexhub.pipeline.intake.QuarantineReplay;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.QuarantineStore.Claim;
import io.lexhub.store.QuarantineStore.Item;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** REST handlers for /api/quarantine: inputs that could not become a request, and their replay. */
public final class QuarantineApi {

    /** A replay that cannot start; {@code status} is the HTTP status to answer with. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final QuarantineStore store;

    public QuarantineApi(QuarantineStore store) {
        this.store = store;
    }

    /** GET /api/quarantine: the newest 200 items, without content. */
    public void list(Exchange exchange) {
        Responses.json(exchange, 200, store.list(200).stream().map(QuarantineApi::summary).toList());
    }

    /** GET /api/quarantine/{id}: one item with its original content. */
    public void get(Exchange exchange) {
        Long id = id(exchange);
        if (id == null) {
            Responses.problem(exchange, 400, "the id is a number");
            return;
        }
        store.get(id).ifPresentOrElse(item -> {
            Map<String, Object> v = summary(item);
            v.put("content", new String(item.content(), StandardCharsets.UTF_8));
            Responses.json(exchange, 200, v);
        }, () -> Responses.problem(exchange, 404, "no quarantined item " + id));
    }

    /** POST /api/quarantine/{id}/replay, first step: claims the item, which becomes the body. */
    public Item claim(Exchange exchange) {
        Long id = id(exchange);
        if (id == null) throw new Refused(400, "the id is a number");
        Claim claim = store.claim(id, Callers.principal(exchange).actor());
        if (claim.item() == null) throw new Refused(404, claim.refusal());
        if (!claim.claimed()) throw new Refused(409, claim.refusal());
        return claim.item();
    }

    /** 200 with the request the replay became, or 422 (a problem document) with why it failed again. */
    public void replayed(Exchange exchange) {
        QuarantineReplay.Result r = exchange.getMessage().getBody(QuarantineReplay.Result.class);
        if (r.reference() == null) {
            Map<String, Object> more = new LinkedHashMap<>();
            more.put("id", r.id());
            more.put("itemStatus", r.status());
            more.put("problems", r.problems());
            Responses.problem(exchange, 422, Responses.INVALID_REQUEST, "the replayed input still cannot become a request", more);
            return;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("status", r.status());
        v.put("reference", r.reference());
        v.put("state", r.state());
        v.put("href", "/api/requests/" + r.reference());
        Responses.json(exchange, 200, v);
    }

    public void refused(Exchange exchange) {
        Refused e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refused.class);
        Responses.problem(exchange, e.status, e.getMessage());
    }

    private static Long id(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return id != null && id.matches("\\d{1,18}") ? Long.parseLong(id) : null;
    }

    static Map<String, Object> summary(Item item) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", item.id());
        v.put("status", item.status());
        v.put("source", item.source());
        if (item.fileName() != null) v.put("fileName", item.fileName());
        v.put("receivedAt", item.receivedAt().toString());
        v.put("reason", item.reason());
        v.put("replayAttempts", item.replayAttempts());
        if (item.replayedAt() != null) v.put("replayedAt", item.replayedAt().toString());
        if (item.replayReference() != null) v.put("replayReference", item.replayReference());
        if (item.replayOutcome() != null) v.put("replayOutcome", item.replayOutcome());
        return v;
    }
}
