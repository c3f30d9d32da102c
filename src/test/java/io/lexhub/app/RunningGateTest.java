package io.lexhub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lexhub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /**
     * A post whose body follows its headers a moment later, as a client on a real network sends
     * it: the 503 comes after the body, so the connection closes cleanly. Answered at the headers,
     * the server closed with the body unread and the kernel reset the connection, and the client
     * lost the answer (RollingRestartTest saw "Connection reset").
     */
    @Test
    void aPostTurnedAwayGetsItsAnswerAfterItsBodyNotAReset() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        RunningGate gate = RunningGate.install(camel);
        Vertx vertx = Vertx.vertx();
        try {
            int port = TestHub.freePort();
            vertx.createHttpServer().requestHandler(r -> {
                if (!gate.turnedAway(r)) r.response().end("routed");
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            byte[] body = "{\"customer\": \"x\"}".repeat(4000).getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // nothing comes back while the body is still to come (before, the 503 came at once and the connection closed)
                s.setSoTimeout(500);
                assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                s.setSoTimeout(10_000);
                out.write(body);
                out.flush();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 503").contains("Retry-After: " + RunningGate.RETRY_AFTER_SECONDS, "starting or shutting down");
            }
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
