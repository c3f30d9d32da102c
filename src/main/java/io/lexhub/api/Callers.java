package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.pipeline.ApproverKeys;
import io.lexhub.store.Json;
import org.apache.camel.Exchange;

/** Who is calling (by approver API key) and what they sent (a JSON object), for the REST handlers. */
final class Callers {

    /** The caller has no valid API key: HTTP 401. */
    static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("a valid approver API key is required (Authorization: Bearer <key>)");
        }
    }

    private Callers() {}

    /** The approver whose key is in {@code Authorization: Bearer <key>}; the body never decides who acts. */
    static String approver(Exchange exchange, ApproverKeys keys) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        return keys.approverOf(key).orElseThrow(UnauthorizedException::new);
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
