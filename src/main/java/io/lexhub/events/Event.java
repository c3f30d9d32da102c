package io.lexhub.events;

import io.lexhub.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of the catalogue. Its id is derived from what happened ({@code occurrence}: the type
 * and a key such as the request's reference and round), so the same state change recorded twice
 * is one event, and the id receivers dedupe on (the {@code webhook-id}) is the same on every try.
 * {@code reference} is the request (and waiver) it is about: delivery keeps the order of events
 * with the same reference for each subscriber.
 */
public record Event(String id, EventType type, String reference, Instant at, Map<String, Object> data) {

    public static Event of(EventType type, String occurrence, String reference, Instant at, Map<String, Object> data) {
        return new Event("evt_" + hash(type.id() + ":" + occurrence), type, reference, at, data);
    }

    /** The body receivers get, the Standard Webhooks payload shape: type, timestamp, data. */
    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.id());
        body.put("timestamp", at.toString());
        body.put("data", data);
        return Json.write(body);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
