package io.lexhub.pipeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.Principal;
import io.lexhub.events.Subscriber;
import io.lexhub.events.Subscribers;
import io.lexhub.events.WebhookSecrets;
import io.lexhub.events.WebhookSignature;
import io.lexhub.store.CallbackIds;
import io.lexhub.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks from subscribers, signed as the hub signs its events (Standard Webhooks) with the
 * subscriber's secrets. {@link #verify} proves the caller for the access gate (architecture rule
 * 12): a subscriber that is listed, a signature that matches one of its secrets, a timestamp within
 * five minutes and a webhook-id it has not used before. {@link #dispatch} hands the callback to
 * the handler of its type and records the webhook-id once the handler accepted it, so a callback
 * is acted on once and a copy replayed later is refused.
 */
public final class WebhookCallbacks {

    /** How a subscriber proved itself ({@link Principal#method()}). */
    public static final String METHOD = "webhook-signature";
    private static final Logger LOG = LoggerFactory.getLogger("lexhub.callbacks");

    private final Subscribers subscribers;
    private final WebhookSecrets secrets;
    private final CallbackHandlers handlers;
    private final CallbackIds ids;
    private final Tx tx;
    private final Clock clock;

    public WebhookCallbacks(Subscribers subscribers, WebhookSecrets secrets, CallbackHandlers handlers, CallbackIds ids, Tx tx, Clock clock) {
        this.subscribers = subscribers;
        this.secrets = secrets;
        this.handlers = handlers;
        this.ids = ids;
        this.tx = tx;
        this.clock = clock;
    }

    /** The subscriber as a principal, or null with the reason logged (the caller hears only "not signed"). */
    public Principal verify(String subscriberId, String webhookId, String timestamp, String signature, String body) {
        Subscriber s = subscriberId == null ? null : subscribers.get(subscriberId).filter(Subscriber::enabled).orElse(null);
        String refusal = s == null ? "no such subscriber" : WebhookSignature.refusal(secrets.keys(s), webhookId, timestamp, signature, body, clock.instant());
        if (refusal == null && seen(subscriberId, webhookId)) refusal = "webhook-id used before (a replay)";
        if (refusal != null) {
            LOG.warn("callback for subscriber '{}' refused: {}", subscriberId, refusal);
            return null;
        }
        return new Principal(subscriberId, METHOD, webhookId, Set.of());
    }

    private boolean seen(String subscriberId, String webhookId) {
        return tx.read(c -> ids.seen(c, subscriberId, webhookId));
    }

    /** Hands a verified callback to its type's handler; 422 for a type nobody registered. */
    public CallbackHandler.Answer dispatch(Principal who, JsonNode doc) {
        String type = doc.path("type").asText(null);
        CallbackHandler h = handlers.of(type).orElse(null);
        if (h == null) return new CallbackHandler.Answer(422, "unknown callback type '" + type + "'; accepted: " + handlers.types());
        CallbackHandler.Answer a = h.handle(who, doc);
        if (a.accepted()) {
            boolean first = tx.inTransaction(c -> {
                try {
                    return ids.firstTime(c, who.id(), who.credentialId(), OffsetDateTime.now(clock));
                } catch (SQLException e) {
                    if (Tx.isUniqueViolation(e)) return false;
                    throw e;
                }
            });
            if (!first) LOG.info("callback {} of subscriber '{}' arrived twice at once; handled by an idempotent handler", who.credentialId(), who.id());
        }
        return a;
    }
}
