package io.lexhub.app;

import io.lexhub.api.HealthApi;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The last error of each intake channel, for GET /api/health. Fed by the channel routes' catch
 * blocks (unreadable input, via {@link #record}) and, as an event notifier, by every exchange of
 * a channel route that fails outright (database down, a bug). In memory: this node, since start.
 */
public final class IntakeErrors extends EventNotifierSupport implements HealthApi.ChannelErrors {

    /** Channel route id -> channel name; another channel adds its route here. */
    static final Map<String, String> CHANNEL_ROUTES = Map.of(
            "intake-file-drop", "file",
            "intake-mail", "mail",
            "api-submit-request", "api",
            "quarantine-replay", "replay");

    public record LastError(Instant at, String kind, String message) {}

    private final Clock clock;
    private final Map<String, LastError> last = new ConcurrentHashMap<>();

    public IntakeErrors(Clock clock) {
        this.clock = clock;
    }

    /** From a channel route's catch block: input refused as unreadable (and quarantined) or invalid. */
    public void record(String channel, Throwable e) {
        last.put(channel, new LastError(clock.instant(), "refused-input", String.valueOf(e == null ? null : e.getMessage())));
    }

    /** From a channel route's catch block: the exchange could not be completed (database down) and is answered as such. */
    public void failure(String channel, Throwable e) {
        last.put(channel, new LastError(clock.instant(), "failure", String.valueOf(e == null ? null : e.getMessage())));
    }

    public Map<String, LastError> snapshot() {
        return new TreeMap<>(last);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeFailedEvent) event).getExchange();
        String channel = CHANNEL_ROUTES.get(exchange.getFromRouteId());
        if (channel != null && exchange.getException() != null) {
            last.put(channel, new LastError(clock.instant(), "failure", String.valueOf(exchange.getException().getMessage())));
        }
    }
}
