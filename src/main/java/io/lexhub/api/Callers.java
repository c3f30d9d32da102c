package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.Principal;
import io.lexhub.model.Json;
import org.apache.camel.Exchange;

/** Who is calling (as {@link AccessGate} proved it) and what they sent (a JSON object), for the REST handlers. */
final class Callers {

    private Callers() {}

    /** The authenticated caller; the gate has checked the route's scopes. Never a field of the body (architecture rule 14). */
    static Principal principal(Exchange exchange) {
        Principal p = exchange.getProperty(AccessGate.PRINCIPAL, Principal.class);
        if (p == null) throw new IllegalStateException("no authenticated caller: the route must declare apiKey or decisionLink access");
        return p;
    }

    static JsonNode jsonBody(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        try {
            JsonNode node = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
