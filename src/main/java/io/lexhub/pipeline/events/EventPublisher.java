package io.lexhub.pipeline.events;

import io.lexhub.events.Event;
import io.lexhub.notify.EventNotices;
import io.lexhub.store.OutboxStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Publishes an event of the catalogue in the caller's transaction (architecture rule 3): one
 * outbox message per subscriber of its type. The state changes of requests and waivers publish
 * through their notices ({@code notify/Notices}); the use cases of implementation tasks call this
 * with {@code task.opened} and {@code task.overdue} (docs/events.md, "Publishing from a use case").
 */
public final class EventPublisher {

    private final OutboxStore outbox;
    private final EventNotices events;

    public EventPublisher(OutboxStore outbox, EventNotices events) {
        this.outbox = outbox;
        this.events = events;
    }

    public void publish(Connection c, Event e, OffsetDateTime now) throws SQLException {
        outbox.enqueue(c, e.reference(), events.of(e), now);
    }
}
