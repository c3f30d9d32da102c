package io.lexhub.pipeline.events;

import io.lexhub.events.Subscriber;
import io.lexhub.events.Subscribers;
import io.lexhub.events.WebhookSecrets;
import io.lexhub.events.WebhookSignature;
import io.lexhub.notify.EventNotices;
import io.lexhub.store.OutboxStore;
import java.time.Clock;

/**
 * Signs an event message right before the route outbox-webhooks posts it (Standard Webhooks): the
 * {@code webhook-id} is the event's id, the same on every try; the timestamp is now; there is one
 * signature per secret of the subscriber (two during a rotation). Secrets are read at this moment
 * and never stored (architecture rule 13).
 */
public final class WebhookDelivery {

    /** What the route sends: the subscriber's URL, the three headers and the body as stored. */
    public record SignedPost(String url, String webhookId, String timestamp, String signature, String body) {}

    private final Subscribers subscribers;
    private final WebhookSecrets secrets;
    private final Clock clock;

    public WebhookDelivery(Subscribers subscribers, WebhookSecrets secrets, Clock clock) {
        this.subscribers = subscribers;
        this.secrets = secrets;
        this.clock = clock;
    }

    public SignedPost sign(OutboxStore.Message m) {
        Subscriber s = subscribers.get(m.recipient()).filter(Subscriber::enabled)
                .orElseThrow(() -> new IllegalStateException("subscriber '" + m.recipient() + "' is not in config/webhooks.yaml or not enabled"));
        String id = EventNotices.eventId(m.dedupKey());
        long ts = clock.instant().getEpochSecond();
        return new SignedPost(s.url(), id, Long.toString(ts), WebhookSignature.sign(secrets.keys(s), id, ts, m.body()), m.body());
    }
}
