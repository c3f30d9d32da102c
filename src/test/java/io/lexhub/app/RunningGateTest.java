package io.lexhub.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The gate in front of the hub's routes: open while Camel runs, closed (503, Retry-After, the
 * connection closed) until Camel has started and from the moment it starts to stop. RollingRestartTest shows it under load
 * with SIGTERM; this shows the gate itself, on a real Vert.x server.
 */
class RunningGateTest {

    @Test
    void requestsArrivingBeforeCamelRunsOrOnceItStopsAreTurnedAwayWithRetryAfter() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        RunningGate gate = RunningGate.install(camel);
        Vertx vertx = Vertx.vertx();
        try {
            int port = TestHub.freePort();
            HttpServer server = vertx.createHttpServer().requestHandler(r -> {
                if (!gate.turnedAway(r)) r.response().end("routed");
            });
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/requests")).build();

            assertTurnedAway(http.send(get, HttpResponse.BodyHandlers.ofString()));

            camel.start();
            HttpResponse<String> running = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.body()).isEqualTo("routed");

            camel.stop();
            assertTurnedAway(http.send(get, HttpResponse.BodyHandlers.ofString()));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            camel.close();
        }
    }

    private static void assertTurnedAway(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue(String.valueOf(RunningGate.RETRY_AFTER_SECONDS));
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("starting or shutting down");
    }
}
