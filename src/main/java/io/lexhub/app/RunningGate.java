package io.lexhub.app;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * The HTTP door is open only while Camel runs: until every route has started, and from the moment
 * Camel starts to stop (SIGTERM), a new request is answered 503 with Retry-After and its connection
 * closed, so a load balancer sends it to another node. Requests already in a route finish within
 * camel.main.shutdown-timeout. Without it the server took requests while the routes started or
 * stopped one by one: a request then met a route not there (404) or a stopped consumer (503 without
 * Retry-After), which a client cannot tell from a real answer (RollingRestartTest found both).
 */
final class RunningGate extends SimpleEventNotifierSupport {

    static final int RETRY_AFTER_SECONDS = 5;

    private volatile boolean open;

    /** A gate that opens when this context has started and closes when it starts to stop. */
    static RunningGate install(CamelContext context) {
        RunningGate gate = new RunningGate();
        context.getManagementStrategy().addEventNotifier(gate);
        return gate;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent || event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        open = event instanceof CamelEvent.CamelContextStartedEvent;
    }

    /** True when the request was answered here, 503 with Retry-After: the hub is starting or shutting down. */
    boolean turnedAway(HttpServerRequest request) {
        if (open) return false;
        request.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).putHeader("Connection", "close");
        // answered once the body has arrived (and is dropped): a socket closed with unread bytes is
        // reset by the kernel, and the client then loses the 503 telling it where to go
        if (request.isEnded()) {
            answer(request);
        } else {
            request.handler(ignored -> {});
            request.endHandler(ended -> answer(request));
        }
        return true;
    }

    private static void answer(HttpServerRequest request) {
        HttpServerHardening.problem(request.response(), 503, "Service Unavailable",
                "this node is starting or shutting down; send the request to another", null);
    }
}
