package io.lexhub.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Every route's exchanges timed, by route id and outcome (lexhub_route_exchanges_seconds{route,
 * outcome="ok"|"failed"}: failed when an exception is still on the exchange as it leaves the
 * route, or its poll was paused by {@link PausedPolls}); the lifecycle sweeps also as
 * lexhub_sweep_duration_seconds{sweep}. A route policy rather than camel-micrometer: one dependency
 * fewer and labels the hub chooses. Also names the route of an HTTP request for {@link HttpMetrics}.
 * Routes added by a hot reload get it too (a factory).
 */
final class RouteMetrics implements RoutePolicyFactory {

    /** the routes the Quartz timers fire (routes/lifecycle.camel.yaml, billing, insight) */
    static final Set<String> SWEEPS = Set.of("sla-sweep", "expiry-sweep", "review-sampling", "billing-review", "policy-patterns");

    private final MeterRegistry registry;
    private final HttpMetrics http;

    RouteMetrics(MeterRegistry registry, HttpMetrics http) {
        this.registry = registry;
        this.http = http;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return new Policy(routeId);
    }

    private final class Policy extends RoutePolicySupport {

        private final String routeId;
        private final String startKey;

        Policy(String routeId) {
            this.routeId = routeId;
            this.startKey = "lexhubRouteStart." + routeId;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(startKey, System.nanoTime());
            if (exchange.getIn() instanceof HttpMessage m && routeId.equals(exchange.getFromRouteId())) http.routed(m.getRequest(), routeId);
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Long start = exchange.getProperty(startKey, Long.class);
            if (start == null) return;
            exchange.removeProperty(startKey);
            long took = System.nanoTime() - start;
            String outcome = exchange.isFailed() || exchange.getProperty(PausedPolls.PAUSED) != null ? "failed" : "ok";
            Timer.builder("lexhub.route.exchanges").description("Exchanges through each Camel route, by outcome")
                    .tag("route", routeId).tag("outcome", outcome).register(registry).record(took, TimeUnit.NANOSECONDS);
            if (SWEEPS.contains(routeId)) {
                Timer.builder("lexhub.sweep.duration").description("Runs of the timed sweeps (SLA, expiry, review sampling, billing review, policy patterns)")
                        .tag("sweep", routeId).tag("outcome", outcome).register(registry).record(took, TimeUnit.NANOSECONDS);
            }
        }
    }
}
