package io.lexhub.app;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.lexhub.model.Json;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits and a first check for the hub's HTTP server, before any route: no HTTP/2 over cleartext
 * unless lexhub.http.h2c, an idle timeout, a whole-request read timeout (a client that sends headers
 * and part of a body, then stalls, no longer holds its buffers), a header size cap, a cap on open
 * connections, and 400 for a path with dot segments or encoded dots, slashes or backslashes (Vert.x
 * would normalise them into another route).
 *
 * <p>Camel 4.18.0's VertxPlatformHttpServer builds {@code new HttpServerOptions()} with only TLS
 * applied and takes its Vert.x from the registry; it has no hook for server options. So the hub
 * binds a Vert.x whose {@code createHttpServer} applies these options and puts the check in front of
 * the request handler Camel installs; everything else goes to the real Vert.x untouched.
 */
public final class HttpServerHardening {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerHardening.class);

    /** The settings, from lexhub.http.* (config/application.properties). */
    public record Limits(boolean h2c, int idleTimeoutSeconds, int requestTimeoutSeconds, int maxHeaderBytes, int maxConnections, long maxBodyBytes) {
        public static Limits from(Function<String, Optional<String>> p) {
            return new Limits(Boolean.parseBoolean(p.apply("lexhub.http.h2c").orElse("false")),
                    Integer.parseInt(p.apply("lexhub.http.idle-timeout-seconds").orElse("30")),
                    Integer.parseInt(p.apply("lexhub.http.request-timeout-seconds").orElse("30")),
                    Integer.parseInt(p.apply("lexhub.http.max-header-bytes").orElse("8192")),
                    Integer.parseInt(p.apply("lexhub.http.max-connections").orElse("256")),
                    Long.parseLong(p.apply("lexhub.intake.max-bytes").orElse("524288").strip()));
        }
    }

    /** The one route whose body may be larger than lexhub.intake.max-bytes (up to the server's limit): the portal's ask form with its files. */
    static final String UPLOAD_PATH = "/portal/requests";

    /**
     * Why a request's body is refused before it is read, or null: the server's body limit is the
     * portal upload's, so every other route is held to lexhub.intake.max-bytes here, by its declared
     * length; a body of unknown length (chunked) is refused there, as browsers and the hub's clients
     * always declare it.
     */
    String oversized(HttpServerRequest request) {
        if (request.method() == io.vertx.core.http.HttpMethod.POST && UPLOAD_PATH.equals(request.path())) return null;
        String length = request.getHeader("Content-Length");
        if (length == null) {
            String chunked = request.getHeader("Transfer-Encoding");
            return chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked") ? "a body of unknown length (chunked) is not accepted here" : null;
        }
        try {
            return Long.parseLong(length.strip()) > limits.maxBodyBytes() ? "the body is larger than " + limits.maxBodyBytes() + " bytes" : null;
        } catch (NumberFormatException e) {
            return "the Content-Length is not a number";
        }
    }

    private final Limits limits;
    private final Vertx vertx;
    private final HttpMetrics metrics;
    private final RunningGate gate;
    private final AtomicInteger open = new AtomicInteger();

    private HttpServerHardening(Limits limits, Vertx vertx, HttpMetrics metrics, RunningGate gate) {
        this.limits = limits;
        this.vertx = vertx;
        this.metrics = metrics;
        this.gate = gate;
    }

    /** Binds the hardened Vert.x for the platform-http server to find; closed when Camel stops. */
    static void install(CamelContext context, HttpMetrics metrics) throws Exception {
        Limits limits = Limits.from(key -> context.getPropertiesComponent().resolveProperty(key));
        Vertx real = Vertx.vertx();
        HttpServerHardening hardening = new HttpServerHardening(limits, real, metrics, RunningGate.install(context));
        context.getRegistry().bind("lexhubVertx", Vertx.class, hardening.vertxFacade(real));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                real.close();
            }
        }, true, true);
    }

    HttpServerOptions apply(HttpServerOptions options) {
        return options.setHttp2ClearTextEnabled(limits.h2c())
                .setIdleTimeout(limits.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(limits.maxHeaderBytes());
    }

    /** True for a raw path that a server could normalise into another one. */
    static boolean ambiguous(String rawPath) {
        if (rawPath == null) return false;
        String p = rawPath.toLowerCase(Locale.ROOT);
        if (p.contains("%2e") || p.contains("%2f") || p.contains("%5c") || p.contains("\\")) return true;
        for (String segment : p.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return true;
        }
        return false;
    }

    private Handler<HttpServerRequest> guard(Handler<HttpServerRequest> routes) {
        return request -> {
            long start = System.nanoTime();
            // every answer holds someone's data or a form: never cached, never sniffed (Camel's
            // header filter drops Cache-Control set by a route, so it is set here)
            request.response().headers().set("Cache-Control", "no-store").set("X-Content-Type-Options", "nosniff");
            // a downloaded file (an evidence file, the requests' CSV) is someone's: no shared cache may keep it either
            request.response().headersEndHandler(v -> {
                String disposition = request.response().headers().get("Content-Disposition");
                if (disposition != null && disposition.startsWith("attachment")) request.response().headers().set("Cache-Control", "private, no-store");
                // every 503 says when to come back, also Camel's bare one from a consumer stopped as the request came in
                if (request.response().getStatusCode() == 503 && !request.response().headers().contains("Retry-After")) {
                    request.response().headers().set("Retry-After", String.valueOf(RunningGate.RETRY_AFTER_SECONDS));
                }
            });
            if (gate.turnedAway(request)) {
                metrics.refused(request, 503, start);
                return;
            }
            if (ambiguous(request.path())) {
                problem(request.response(), 400, "Bad Request", "the path has a dot segment or an encoded dot, slash or backslash", null);
                metrics.refused(request, 400, start);
                return;
            }
            String tooLarge = oversized(request);
            if (tooLarge != null) {
                request.response().putHeader("Connection", "close");
                problem(request.response(), tooLarge.startsWith("a body of unknown") ? 411 : 413,
                        tooLarge.startsWith("a body of unknown") ? "Length Required" : "Content Too Large", tooLarge, null);
                metrics.refused(request, request.response().getStatusCode(), start);
                return;
            }
            if (!request.isEnded()) {
                // the whole request (headers to last body byte) must arrive in time, however slowly it drips
                long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(limits.requestTimeoutSeconds()), t -> {
                    if (!request.isEnded()) {
                        LOG.debug("closing a connection from {}: request not complete after {} s", request.remoteAddress(),
                                limits.requestTimeoutSeconds());
                        request.connection().close();
                    }
                });
                // best effort: a Vert.x handler may replace it, then the timer finds the request ended
                request.response().endHandler(v -> vertx.cancelTimer(timer));
            }
            routes.handle(request);
        };
    }

    /**
     * What no route serves, and a body too large for any, is answered like every other error of the
     * hub, as a problem document (RFC 9457), not with the router's HTML page, an empty 405 or a plain 413.
     */
    private static void answerUnrouted(Router router) {
        router.errorHandler(404, ctx -> problem(ctx.response(), 404, "Not Found", "nothing is served at this path", ctx.request().path()));
        router.errorHandler(405, ctx -> problem(ctx.response(), 405, "Method Not Allowed",
                ctx.request().method() + " is not allowed on this path", ctx.request().path()));
        // a body over camel.server.max-body-size: the body handler fails the request before any route runs
        router.errorHandler(413, ctx -> problem(ctx.response(), 413, "Content Too Large",
                "the body is larger than this hub takes (lexhub.intake.max-bytes)", ctx.request().path()));
        // a failure Camel hands back to Vert.x (the routes answer their own): logged once with an id the caller gets too
        router.errorHandler(500, ctx -> {
            String id = java.util.UUID.randomUUID().toString().substring(0, 8);
            LOG.error("error {} in {} {}: {}", id, ctx.request().method(), ctx.request().path(), String.valueOf(ctx.failure()), ctx.failure());
            if (!ctx.response().headWritten()) problem(ctx.response(), 500, "Internal Server Error",
                    "the hub could not answer this request; the operators can find it in the log under id " + id, ctx.request().path());
        });
    }

    static void problem(HttpServerResponse response, int status, String title, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) body.put("instance", instance);
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json; charset=utf-8").end(Json.write(body));
    }

    /** Beyond lexhub.http.max-connections open connections, a new one is closed at once. */
    private void count(HttpConnection connection) {
        int now = open.incrementAndGet();
        connection.closeHandler(v -> open.decrementAndGet());
        if (now > limits.maxConnections()) {
            // one warning as the cap is reached, not one per refused connection of a flood
            if (now == limits.maxConnections() + 1) LOG.warn("{} connections open (lexhub.http.max-connections): closing new ones", now - 1);
            else LOG.debug("closing a connection from {}: {} connections open", connection.remoteAddress(), now - 1);
            connection.close();
        }
    }

    private Vertx vertxFacade(Vertx real) {
        return facade(real, (method, args) -> {
            if (!method.getName().equals("createHttpServer")) return NOT_MINE;
            HttpServerOptions options = apply(args == null || args.length == 0 ? new HttpServerOptions() : new HttpServerOptions((HttpServerOptions) args[0]));
            HttpServer server = real.createHttpServer(options).connectionHandler(this::count);
            return serverFacade(server);
        });
    }

    private HttpServer serverFacade(HttpServer real) {
        return facade(real, (method, args) -> {
            if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                @SuppressWarnings("unchecked")
                Handler<HttpServerRequest> routes = (Handler<HttpServerRequest>) args[0];
                if (routes instanceof Router router) {
                    answerUnrouted(router);
                    metrics.attach(router);
                }
                real.requestHandler(guard(routes));
                return SELF;
            }
            if (method.getName().equals("listen") && args != null && args.length == 3 && args[2] instanceof Handler<?> done) {
                return listen(real, (int) args[0], (String) args[1], done);
            }
            return NOT_MINE;
        });
    }

    /**
     * Binds before Camel's start goes on. Camel's callback only logs a failed bind, so the hub used
     * to run on without its HTTP server, and whatever held the port answered its users (a test's
     * mail server did); now its start fails, saying which port.
     */
    @SuppressWarnings("unchecked")
    private Object listen(HttpServer real, int port, String host, Handler<?> done) {
        try {
            HttpServer bound = real.listen(port, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            ((Handler<AsyncResult<HttpServer>>) done).handle(Future.succeededFuture(bound));
            return SELF;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the hub cannot listen on " + host + ":" + port + " (lexhub.http.host, lexhub.http.port): "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the hub could not bind " + host + ":" + port + " within 30 s", e);
        }
    }

    private static final Object NOT_MINE = new Object();
    private static final Object SELF = new Object();

    private interface Interception {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    /** A proxy with all the interfaces of the target that passes every call on unless the override takes it. */
    @SuppressWarnings("unchecked")
    private static <T> T facade(T target, Interception interception) {
        return (T) Proxy.newProxyInstance(HttpServerHardening.class.getClassLoader(), target.getClass().getInterfaces(), (proxy, method, args) -> {
            Object mine = interception.invoke(method, args);
            if (mine == SELF) return proxy;
            if (mine != NOT_MINE) return mine;
            try {
                Object result = method.invoke(target, args);
                return result == target ? proxy : result;   // fluent calls keep returning the facade
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
