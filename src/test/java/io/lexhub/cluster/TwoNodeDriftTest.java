package io.lexhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.support.Cli;
import io.lexhub.support.FolderCopy;
import io.lexhub.support.RunsAlone;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL, each with its own copy of config/, whose policy files differ: each
 * node's health names the other and the set that differs, the status stays UP; once the file is
 * aligned and hot-reloaded, both agree.
 */
@RunsAlone
class TwoNodeDriftTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthShowsANodeWhosePolicyDiffersUntilTheFileIsAlignedAndReloaded() throws Exception {
        Path configA = FolderCopy.of("config");
        Path configB = FolderCopy.of("config");
        Path policyB = configB.resolve("policy.yaml");
        String policy = Files.readString(configA.resolve("policy.yaml"));
        Files.writeString(policyB, policy + "\n# edited on node b only\n");
        try (Cluster cluster = Cluster.start()) {
            Node a = cluster.node("node-a", settings("node-a", configA));
            Node b = cluster.node("node-b", settings("node-b", configB));
            cluster.awaitUp(a, b);
            String key = metricsKey(cluster);

            JsonNode onA = await().atMost(Duration.ofSeconds(30)).until(() -> health(cluster, a, key),
                    h -> h.at("/configuration/nodes").size() == 2 && h.path("drift").asBoolean());
            System.out.println("health on node-a: drift " + onA.path("drift") + ", configuration " + onA.path("configuration"));
            assertThat(onA.path("status").asText()).isEqualTo("UP");
            assertThat(onA.at("/configuration/node").asText()).isEqualTo("node-a");
            assertThat(onA.at("/configuration/drift").toString()).isEqualTo("{\"node-b\":[\"policy\"]}");
            assertThat(onA.at("/configuration/nodes/node-a/routes").asText()).isEqualTo(onA.at("/configuration/nodes/node-b/routes").asText());
            JsonNode onB = health(cluster, b, key);
            assertThat(onB.at("/configuration/drift").toString()).isEqualTo("{\"node-a\":[\"policy\"]}");

            // the operator aligns node b's file: its hot reload applies it and publishes the new digests
            Files.writeString(policyB, policy);
            // both nodes listed: a node whose heartbeat is late drops out of the list for a moment, and one node alone has no drift
            JsonNode agreed = await().atMost(Duration.ofSeconds(30)).until(() -> health(cluster, a, key),
                    h -> h.at("/configuration/nodes").size() == 2 && !h.path("drift").asBoolean(true));
            System.out.println("health on node-a after the reload: drift " + agreed.path("drift") + ", configuration " + agreed.path("configuration"));
            assertThat(agreed.at("/configuration/drift").size()).isZero();
            assertThat(agreed.at("/configuration/nodes").size()).isEqualTo(2);
            assertThat(agreed.at("/configuration/nodes/node-a/policy").asText()).isEqualTo(agreed.at("/configuration/nodes/node-b/policy").asText());
            assertThat(cluster.sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.loaded'"))
                    .anyMatch(p -> p.contains("\"node\":\"node-b\"") && p.contains("config/policy.yaml"));
        }
    }

    private static Map<String, String> settings(String name, Path config) {
        return Map.of("lexhub.node.id", name, "lexhub.config.dir", config.toString(), "lexhub.reload.enabled", "true",
                "lexhub.reload.poll-ms", "300", "lexhub.node.heartbeat-ms", "1000",
                // without four eyes a changed policy file is applied by the hot reload (with them it is a proposal)
                "lexhub.policy.four-eyes", "false");
    }

    private static JsonNode health(Cluster cluster, Node node, String key) throws Exception {
        HttpResponse<String> r = cluster.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/health"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String metricsKey(Cluster cluster) {
        Map<String, String> props = Map.of("lexhub.db.url", cluster.url, "lexhub.db.user", "postgres", "lexhub.audit.hmac-key", Cluster.AUDIT_KEY);
        props.forEach(System::setProperty);
        try {
            return Cli.issueKey("ops-monitor", "metrics");
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }
}
