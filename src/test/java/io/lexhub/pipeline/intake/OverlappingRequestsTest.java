package io.lexhub.pipeline.intake;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One live exception per customer, product and period, also when the overlapping requests arrive
 * at the same moment: through the API from 20 threads at once, and as files dropped together
 * (which the drop folder commits in groups). Each time exactly one is accepted and every other
 * is rejected naming it; the winner's waiver (the policy approves these itself) is the only one.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverlappingRequestsTest {

    static final int THREADS = 20;
    static final int ROUNDS = 5;
    static final int FILES = 8;
    static final ObjectMapper JSON = new ObjectMapper();

    final TestHub hub = TestHub.prepare(getClass().getSimpleName());

    @BeanInject
    Database database;

    @AfterAll
    void stop() {
        hub.close();
    }

    /** Fast track inside the auto-approval bounds: the accepted one becomes an ACTIVE waiver at once. */
    static String doc(String customer, int seats) {
        return request(customer, "TEMPORARY_ACCESS", "\"seats\": " + seats, LocalDate.now().plusDays(20).toString(), 30, 2400, "INTERNAL", null);
    }

    @Test
    void overlappingRequestsPostedAtOnceAreAcceptedOnceAndTheOthersRejectedNamingIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String customer = "CUST-OVL-API-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    byte[] body = doc(customer, 10 + t).getBytes(StandardCharsets.UTF_8);
                    String key = customer + "-" + t;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return hub.post("/api/requests", "application/json", body, "Idempotency-Key", key);
                    }));
                }
                start.countDown();
                List<JsonNode> accepted = new ArrayList<>();
                List<JsonNode> rejected = new ArrayList<>();
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    JsonNode v = JSON.readTree(r.body());
                    (v.path("state").asText().equals("REJECTED") ? rejected : accepted).add(v);
                }
                assertThat(accepted).as("round %d: accepted", round).hasSize(1);
                String winner = accepted.get(0).path("reference").asText();
                assertThat(accepted.get(0).path("state").asText()).isEqualTo("APPROVED");
                assertThat(rejected).hasSize(THREADS - 1).allSatisfy(v -> assertThat(v.path("issues").toString())
                        .contains("This request overlaps exception " + winner + " (").contains("Please amend or renew " + winner));
                assertOneActiveWaiver(customer, winner);
                System.out.printf("[overlap] api round %d: %d posted at once, 1 accepted (%s), %d rejected naming it%n", round, THREADS, winner,
                        rejected.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overlappingFilesDroppedTogetherAreAcceptedOnceAndTheOthersRejectedNamingIt() throws Exception {
        Sql sql = new Sql(database);
        for (int round = 0; round < 3; round++) {
            String customer = "CUST-OVL-FILE-" + round;
            // written aside, then moved in together: the drop folder's workers pick them up in one poll
            Path staging = Files.createTempDirectory("overlap-drop-");
            for (int i = 0; i < FILES; i++) Files.writeString(staging.resolve(customer + "-" + i + ".json"), doc(customer, 10 + i));
            try (var files = Files.list(staging)) {
                for (Path p : files.toList()) Files.move(p, hub.inbox().resolve(p.getFileName()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = ?", customer) == FILES);
            List<String> winners = sql.strings("SELECT reference FROM requests WHERE customer_id = ? AND state <> 'REJECTED'", customer);
            assertThat(winners).as("round %d: accepted", round).hasSize(1);
            String winner = winners.get(0);
            List<String> reasons = sql.strings("SELECT assessment_json FROM requests WHERE customer_id = ? AND state = 'REJECTED'", customer);
            assertThat(reasons).hasSize(FILES - 1).allSatisfy(a -> assertThat(a).contains("This request overlaps exception " + winner + " ("));
            assertOneActiveWaiver(customer, winner);
            System.out.printf("[overlap] file round %d: %d dropped at once, 1 accepted (%s), %d rejected naming it%n", round, FILES, winner,
                    reasons.size());
        }
    }

    private void assertOneActiveWaiver(String customer, String winner) {
        assertThat(new Sql(database).strings("SELECT request_ref FROM waivers WHERE customer_id = ? AND state = 'ACTIVE'", customer))
                .containsExactly(winner);
    }
}
