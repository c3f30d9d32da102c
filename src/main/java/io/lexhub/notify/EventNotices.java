package io.lexhub.notify;

import io.lexhub.events.Event;
import io.lexhub.events.EventType;
import io.lexhub.events.Subscriber;
import io.lexhub.events.Subscribers;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Json;
import io.lexhub.model.RequestState;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of the catalogue (docs/events.md) a state change publishes: one outbox message on
 * the {@code webhook} channel per subscriber that listed the event, written in the state change's
 * transaction like every other notice. Without subscribers, none.
 */
public final class EventNotices {

    /** The outbox channel of events to subscribers (sent by the route outbox-webhooks). */
    public static final String CHANNEL = "webhook";
    static final EventNotices NONE = new EventNotices(Subscribers.NONE, Clock.systemUTC());

    private final Subscribers subscribers;
    private final Clock clock;

    public EventNotices(Subscribers subscribers, Clock clock) {
        this.subscribers = subscribers;
        this.clock = clock;
    }

    /** One message per subscriber of the event's type; the dedup key holds the event id (the webhook-id) and the subscriber. */
    public List<Notice> of(Event e) {
        List<Notice> out = new ArrayList<>();
        for (Subscriber s : subscribers.of(e.type())) {
            out.add(new Notice("event:" + e.id() + ":" + s.id(), CHANNEL, s.id(), e.type().id(), e.json()));
        }
        return out;
    }

    /** The event id in an event message's dedup key ({@link #of}). */
    public static String eventId(String dedupKey) {
        return dedupKey.substring("event:".length(), dedupKey.lastIndexOf(':'));
    }

    List<Notice> requestReceived(String reference, RequestState state, String source, ExceptionRequest r) {
        // a practice request is training: no other system may learn of it (docs/practice-and-patterns.md)
        if (r != null && r.practiceRun()) return List.of();
        Map<String, Object> d = request(reference, r);
        d.put("source", source);
        d.put("state", state.name());
        return publish(EventType.REQUEST_RECEIVED, reference, reference, d);
    }

    /** request.decided, and for an approval waiver.granted. */
    List<Notice> decided(String reference, int round, ExceptionRequest r, boolean approved) {
        if (r != null && r.practiceRun()) return List.of();
        Map<String, Object> d = request(reference, r);
        d.put("decision", approved ? "approved" : "denied");
        d.put("round", round);
        List<Notice> out = new ArrayList<>(publish(EventType.REQUEST_DECIDED, reference + ":r" + round, reference, d));
        if (approved) {
            Map<String, Object> w = request(reference, r);
            if (r != null && r.terms() != null) w.put("terms", Json.readTree(Json.write(r.terms())));
            out.addAll(publish(EventType.WAIVER_GRANTED, reference, reference, w));
        }
        return out;
    }

    List<Notice> expiring(String reference, String customerId, String product, String type, LocalDate end, int daysLeft) {
        Map<String, Object> d = waiver(reference, customerId, product, type);
        d.put("endsOn", end.toString());
        d.put("daysLeft", daysLeft);
        return publish(EventType.WAIVER_EXPIRING, reference + ":" + daysLeft, reference, d);
    }

    /** waiver.revoked or waiver.expired (the catalogue's name for the old entitlement.revert). */
    List<Notice> ended(String reference, String customerId, String product, String type, LocalDate end, String granted, boolean revoked) {
        Map<String, Object> d = waiver(reference, customerId, product, type);
        d.put("endedOn", end.toString());
        if (granted != null) d.put("granted", Json.readTree(granted));
        return publish(revoked ? EventType.WAIVER_REVOKED : EventType.WAIVER_EXPIRED, reference, reference, d);
    }

    List<Notice> amended(String reference, String product, String type, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> d = waiver(reference, null, product, type);
        d.put("before", before);
        d.put("after", after);
        return publish(EventType.WAIVER_AMENDED, reference + ":" + String.join(":", after.values().stream().map(String::valueOf).toList()),
                reference, d);
    }

    /** task.opened: an implementation task of a waiver (docs/tasks.md), owned by a role or one person. */
    public List<Notice> taskOpened(String reference, long taskId, String key, String title, String role, String person, Instant dueAt) {
        return publish(EventType.TASK_OPENED, "task:" + taskId, reference, task(reference, taskId, key, title, role, person, dueAt));
    }

    /** task.overdue: the task passed its due time and was escalated (once). */
    public List<Notice> taskOverdue(String reference, long taskId, String key, String title, String role, String person, Instant dueAt) {
        return publish(EventType.TASK_OVERDUE, "task:" + taskId, reference, task(reference, taskId, key, title, role, person, dueAt));
    }

    private static Map<String, Object> task(String reference, long taskId, String key, String title, String role, String person, Instant dueAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reference", reference);
        d.put("taskId", taskId);
        d.put("key", key);
        d.put("title", title);
        if (role != null) d.put("role", role);
        if (person != null) d.put("person", person);
        d.put("dueAt", dueAt.toString());
        return d;
    }

    private List<Notice> publish(EventType type, String occurrence, String reference, Map<String, Object> data) {
        if (subscribers.of(type).isEmpty()) return List.of();
        return of(Event.of(type, occurrence, reference, Instant.now(clock), data));
    }

    private static Map<String, Object> request(String reference, ExceptionRequest r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reference", reference);
        if (r == null) return d;
        if (r.customer() != null && r.customer().id() != null) d.put("customerId", r.customer().id());
        if (r.product() != null) d.put("product", r.product());
        if (r.type() != null) d.put("exceptionType", r.type().name());
        return d;
    }

    private static Map<String, Object> waiver(String reference, String customerId, String product, String type) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reference", reference);
        if (customerId != null) d.put("customerId", customerId);
        if (product != null) d.put("product", product);
        if (type != null) d.put("exceptionType", type);
        return d;
    }
}
