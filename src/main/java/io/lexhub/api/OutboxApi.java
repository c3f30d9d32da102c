package io.lexhub.api;

import io.lexhub.pipeline.outbox.UndeliveredMessages;
import io.lexhub.pipeline.outbox.UndeliveredMessages.Outcome;
import io.lexhub.store.OutboxFailures;
import io.lexhub.store.OutboxFailures.Failed;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** REST handlers for /api/outbox: the messages the hub stopped trying to send, and the desk's answer to each. */
public final class OutboxApi {

    private final OutboxFailures failures;
    private final UndeliveredMessages undelivered;

    public OutboxApi(OutboxFailures failures, UndeliveredMessages undelivered) {
        this.failures = failures;
        this.undelivered = undelivered;
    }

    /** GET /api/outbox/failed: the oldest 500 failed messages, without their bodies. */
    public void failed(Exchange exchange) {
        Responses.json(exchange, 200, failures.list(500).stream().map(OutboxApi::view).toList());
    }

    /** POST /api/outbox/{id}/retry */
    public void retry(Exchange exchange) {
        settle(exchange, true);
    }

    /** POST /api/outbox/{id}/discard */
    public void discard(Exchange exchange) {
        settle(exchange, false);
    }

    private void settle(Exchange exchange, boolean retry) {
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            Responses.problem(exchange, 400, "the id is a number");
            return;
        }
        Outcome o = retry ? undelivered.retry(id, Callers.principal(exchange)) : undelivered.discard(id, Callers.principal(exchange));
        switch (o) {
            case DONE -> Responses.json(exchange, 200, Map.of("id", id, "status", retry ? "PENDING" : "DISCARDED"));
            case NOT_FOUND -> Responses.problem(exchange, 404, "no outbox message " + id);
            case NOT_FAILED -> Responses.problem(exchange, 409, "outbox message " + id + " is not failed: only a failed message is sent again or discarded");
        }
    }

    private static Map<String, Object> view(Failed f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.id());
        if (f.requestRef() != null) v.put("reference", f.requestRef());
        v.put("channel", f.channel());
        v.put("to", f.recipient());
        v.put("subject", f.subject());
        v.put("attempts", f.attempts());
        v.put("lastError", f.lastError());
        v.put("createdAt", f.createdAt().toInstant().toString());
        return v;
    }
}
