package io.lexhub.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * lexhub_http_server_requests_seconds{method, route, status}: every request the hub's HTTP server
 * answers, timed from the router's first handler to the end of the response. {@code route} is the
 * id of the Camel route that took the request (bounded: the routes of routes/), {@code none} when
 * no route did (404, 405, a path or body refused before routing); never the raw path. {@code status}
 * is the class (2xx...), {@code method} one of the standard methods or {@code other}.
 */
final class HttpMetrics {

    static final String NONE = "none";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    /** the requests in flight and the route each went to (an entry lives from the first handler to the response's end) */
    private final Map<HttpServerRequest, String> inFlight = new ConcurrentHashMap<>();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The first handler of the server's router: times every request that reaches routing. */
    void attach(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            long start = System.nanoTime();
            HttpServerRequest request = ctx.request();
            inFlight.put(request, NONE);
            ctx.addEndHandler(done -> {
                String route = inFlight.remove(request);
                record(request.method().name(), route == null ? NONE : route, ctx.response().getStatusCode(), start);
            });
            ctx.next();
        });
    }

    /** A Camel route took the request (called as its exchange begins). */
    void routed(HttpServerRequest request, String routeId) {
        inFlight.replace(request, routeId);
    }

    /** A request answered before routing (the hardening's checks). */
    void refused(HttpServerRequest request, int status, long start) {
        record(request.method().name(), NONE, status, start);
    }

    private void record(String method, String route, int status, long start) {
        Timer.builder("lexhub.http.server.requests")
                .description("HTTP requests answered, by method, Camel route id and status class")
                .tag("method", METHODS.contains(method) ? method : "other")
                .tag("route", route)
                .tag("status", status >= 100 && status < 600 ? status / 100 + "xx" : "other")
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
