package io.lexhub.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The events the hub publishes to subscribers (docs/events.md): each has a JSON Schema under
 * src/main/resources/events/, served at GET /api/events/schemas/{type}.
 */
public enum EventType {
    REQUEST_RECEIVED("request.received"),
    REQUEST_DECIDED("request.decided"),
    WAIVER_GRANTED("waiver.granted"),
    WAIVER_AMENDED("waiver.amended"),
    WAIVER_REVOKED("waiver.revoked"),
    WAIVER_EXPIRING("waiver.expiring"),
    WAIVER_EXPIRED("waiver.expired"),
    TASK_OPENED("task.opened"),
    TASK_OVERDUE("task.overdue");

    private final String id;

    EventType(String id) {
        this.id = id;
    }

    /** The name receivers see, {@code waiver.expired}. */
    public String id() {
        return id;
    }

    /** The classpath resource of this event's JSON Schema. */
    public String schemaResource() {
        return "events/" + id + ".schema.json";
    }

    public static Optional<EventType> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
