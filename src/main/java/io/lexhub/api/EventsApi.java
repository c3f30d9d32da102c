package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.events.EventSchemas;
import io.lexhub.events.EventType;
import io.lexhub.pipeline.events.CallbackHandler;
import io.lexhub.pipeline.events.EventDeadLetters;
import io.lexhub.pipeline.events.WebhookCallbacks;
import io.lexhub.store.OutboxFailures.Failed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * REST handlers of the events (docs/events.md): the published schemas (public, like the API's
 * description: they say what the hub sends, nothing of anyone's data), the dead letters and their
 * replay (desk, admin), and subscribers' signed callbacks (the gate has verified the signature).
 */
public final class EventsApi {

    private final EventSchemas schemas;
    private final EventDeadLetters deadLetters;
    private final WebhookCallbacks callbacks;

    public EventsApi(EventSchemas schemas, EventDeadLetters deadLetters, WebhookCallbacks callbacks) {
        this.schemas = schemas;
        this.deadLetters = deadLetters;
        this.callbacks = callbacks;
    }

    /** GET /api/events/schemas: the catalogue, each type with the path of its schema. */
    public void catalogue(Exchange exchange) {
        Responses.json(exchange, 200, Arrays.stream(EventType.values())
                .map(t -> Map.of("type", t.id(), "schema", "/api/events/schemas/" + t.id())).toList());
    }

    /** GET /api/events/schemas/{type}: one event's JSON Schema. */
    public void schema(Exchange exchange) {
        Optional<EventType> t = EventType.of(exchange.getMessage().getHeader("type", String.class));
        if (t.isEmpty()) {
            Responses.problem(exchange, 404, "no such event type; GET /api/events/schemas lists them");
            return;
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "application/schema+json; charset=utf-8");
        m.setBody(schemas.text(t.get()));
    }

    /** GET /api/events/dead-letters: the oldest 500 events given up on, without their bodies. */
    public void deadLetters(Exchange exchange) {
        Responses.json(exchange, 200, deadLetters.list(500).stream().map(EventsApi::view).toList());
    }

    /** POST /api/events/dead-letters/{id}/replay */
    public void replay(Exchange exchange) {
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            Responses.problem(exchange, 400, "the id is a number");
            return;
        }
        switch (deadLetters.replay(id, Callers.principal(exchange))) {
            case REPLAYED -> Responses.json(exchange, 200, Map.of("id", id, "status", "PENDING"));
            case NOT_FOUND -> Responses.problem(exchange, 404, "no dead-lettered event " + id);
        }
    }

    /** POST /api/callbacks/{subscriberId}: a verified callback to the handler of its type. */
    public void callback(Exchange exchange) {
        JsonNode body;
        try {
            body = Callers.jsonBody(exchange);
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, e.getMessage());
            return;
        }
        CallbackHandler.Answer a = callbacks.dispatch(Callers.principal(exchange), body);
        if (a.accepted()) Responses.json(exchange, a.status(), Map.of("status", "accepted", "detail", a.detail()));
        else Responses.problem(exchange, a.status(), a.detail());
    }

    static Map<String, Object> view(Failed f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.id());
        if (f.requestRef() != null) v.put("reference", f.requestRef());
        v.put("event", f.subject());
        v.put("subscriber", f.recipient());
        v.put("attempts", f.attempts());
        v.put("lastError", f.lastError());
        v.put("createdAt", f.createdAt().toInstant().toString());
        return v;
    }
}
