package io.lexhub.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poll (a timer or Quartz route: the outbox senders, webhooks, quarantine replays, heartbeats,
 * sweeps) that meets the database away is paused, not failed loudly: one WARN line per route and
 * outage, without a stack trace, and one INFO line when the route runs again. Camel's own error
 * handler logged an ERROR with the stack and the message history on every poll of every such
 * route for as long as the outage lasted, which buried what the ops team needed.
 * Nothing is lost either way: a poll claims nothing it could not store, and the next one tries
 * again. The failure still counts as one in lexhub_route_exchanges_seconds{outcome="failed"}
 * ({@link RouteMetrics}).
 */
public final class PausedPolls implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.outage");

    /** Set on an exchange whose poll was paused (routes/access.camel.yaml), so it is not taken for the run after the outage. */
    static final String PAUSED = "lexhubPausedPoll";

    private final Clock clock;
    private final BooleanSupplier databaseAway;
    private final Map<String, Instant> pausedSince = new ConcurrentHashMap<>();

    private PausedPolls(Clock clock, BooleanSupplier databaseAway) {
        this.clock = clock;
        this.databaseAway = databaseAway;
    }

    /**
     * Bound as {@code pausedPolls} for the routes, and told when each route is done with an
     * exchange. A route runs again at its first poll that ends well once the database is back
     * ({@code databaseAway} false). A poll that ends well while it is still away (the outbox
     * finishing a batch it claimed before the outage) does not count.
     */
    static PausedPolls install(CamelContext context, Clock clock, BooleanSupplier databaseAway) {
        PausedPolls polls = new PausedPolls(clock, databaseAway);
        context.getRegistry().bind("pausedPolls", PausedPolls.class, polls);
        context.addRoutePolicyFactory(polls);
        return polls;
    }

    /** The poll of this exchange's route could not reach the database: logged if it is the route's first since it last ran. */
    public void paused(Exchange exchange) {
        exchange.setProperty(PAUSED, true);
        String route = exchange.getFromRouteId();
        if (pausedSince.putIfAbsent(route, clock.instant()) != null) return;
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("{} paused: {}; it tries again at each poll and says when it runs again (nothing is lost)", route,
                e == null || e.getMessage() == null ? "the database is unavailable" : e.getMessage().replaceAll("[.\\s]+$", ""));
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                if (pausedSince.isEmpty() || !routeId.equals(exchange.getFromRouteId())) return;
                if (exchange.getProperty(PAUSED) != null || exchange.isFailed() || databaseAway.getAsBoolean()) return;
                Instant since = pausedSince.remove(routeId);
                if (since != null) LOG.info("{} runs again, {} s after it paused", routeId, Duration.between(since, clock.instant()).toSeconds());
            }
        };
    }
}
