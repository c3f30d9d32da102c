package io.lexhub.cluster;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.support.Cli;
import io.lexhub.support.RunsAlone;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Overlapping requests for one customer and product posted at the same moment to two nodes on
 * one PostgreSQL: exactly one is accepted each round, every other one is rejected naming it
 * (the per-customer-and-product lock is a row of the shared database, not of a node).
 */
@RunsAlone
class TwoNodeOverlapTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROUNDS = 3;
    static final int PER_ROUND = 12;

    @Test
    void twoNodesAcceptOneOfManyOverlappingRequestsAndRejectTheRestNamingIt() throws Exception {
        try (Cluster cluster = Cluster.start()) {
            Node a = cluster.node("node-a", Map.of());
            Node b = cluster.node("node-b", Map.of());
            cluster.awaitUp(a, b);
            String key = intakeKey(cluster);
            ExecutorService pool = Executors.newFixedThreadPool(PER_ROUND);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    String doc = request("CUST-TNO-" + round, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                    for (int i = 0; i < PER_ROUND; i++) {
                        Node node = i % 2 == 0 ? a : b;
                        String body = doc.replace("\"clientRequestId\"", "\"x\"").replaceFirst("\\{", "{\"clientRequestId\": \"tno-" + round + "-" + i + "\", ");
                        answers.add(pool.submit(() -> {
                            go.await();
                            return cluster.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/requests"))
                                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        }));
                    }
                    go.countDown();
                    List<JsonNode> accepted = new ArrayList<>();
                    List<JsonNode> rejected = new ArrayList<>();
                    for (Future<HttpResponse<String>> f : answers) {
                        HttpResponse<String> r = f.get();
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                        JsonNode n = JSON.readTree(r.body());
                        (n.path("state").asText().equals("REJECTED") ? rejected : accepted).add(n);
                    }
                    System.out.printf("[hardening] two nodes, round %d: %d overlapping requests, %d accepted, %d rejected%n", round, PER_ROUND,
                            accepted.size(), rejected.size());
                    assertThat(accepted).as("round " + round).hasSize(1);
                    String winner = accepted.get(0).path("reference").asText();
                    assertThat(rejected).hasSize(PER_ROUND - 1)
                            .allSatisfy(r -> assertThat(r.path("issues").toString()).contains("overlaps exception " + winner));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A key for a system that submits requests, issued as an operator would against the cluster's database. */
    private static String intakeKey(Cluster cluster) {
        Map<String, String> props = Map.of("lexhub.db.url", cluster.url, "lexhub.db.user", "postgres", "lexhub.audit.hmac-key", Cluster.AUDIT_KEY);
        props.forEach(System::setProperty);
        try {
            return Cli.issueKey("crm-connector", "intake");
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }
}
