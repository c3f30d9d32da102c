package io.lexhub.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Cli;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Events to a subscriber on the real routes (docs/events.md), a WireMock server as the receiver:
 * every event of a waiver's life arrives once, in order, valid against its published schema, and
 * signed so that a verifier written here from the Standard Webhooks specification (not the hub's
 * signer) accepts it under either of the two secrets of a rotation, and refuses a tampered body or
 * a stale timestamp; a receiver answering 503 gets the events once it is back, still in order;
 * events given up on are listed and replayed by an operator; and the callback endpoint refuses an
 * unsigned, wrongly signed, stale or replayed call, and a signed task.confirmed closes the task as
 * the system (docs/tasks.md); a practice request tells no other system anything.
 * The hub's clock is moved by hand: retries become due when the test moves it.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventDeliveryTest {

    static final WireMockServer RECEIVER = new WireMockServer(WireMockConfiguration.options().port(0).bindAddress("127.0.0.1"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] OLD_KEY = random(32);
    static final byte[] NEW_KEY = random(32);
    static final List<String> PROPS = List.of("lexhub.webhooks.file", "lexhub.outbox.max-attempts");
    static final TestHub HUB;

    static {
        RECEIVER.start();
        HUB = TestHub.prepare("events");
        try {
            Path dir = Files.createTempDirectory("lexhub-webhooks-");
            Files.writeString(dir.resolve("old.secret"), "whsec_" + Base64.getEncoder().encodeToString(OLD_KEY) + "\n");
            Files.writeString(dir.resolve("new.secret"), "whsec_" + Base64.getEncoder().encodeToString(NEW_KEY) + "\n");
            String all = Arrays.stream(EventType.values()).map(EventType::id).collect(Collectors.joining(", "));
            Files.writeString(dir.resolve("webhooks.yaml"), """
                    subscribers:
                      - id: receiver
                        url: http://127.0.0.1:%d/hooks
                        events: [%s]
                        secrets: ["file:%s", "file:%s"]
                      - id: sleeping
                        url: http://127.0.0.1:%d/never
                        events: [%s]
                        secrets: ["file:%s"]
                        enabled: false
                    """.formatted(RECEIVER.port(), all, dir.resolve("old.secret"), dir.resolve("new.secret"), RECEIVER.port(), all,
                    dir.resolve("old.secret")));
            System.setProperty("lexhub.webhooks.file", dir.resolve("webhooks.yaml").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("lexhub.outbox.max-attempts", "3");
        RECEIVER.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
    }

    @BeanInject
    Database database;
    @BeanInject
    ProducerTemplate template;

    Sql sql;
    /** the webhook-ids of deliveries verified so far (each against the clock of its phase) */
    final Set<String> verified = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void sql() {
        sql = new Sql(database);
        HUB.checkAnswersAgainstTheApiContract();
    }

    @AfterAll
    void stop() {
        HUB.close();
        RECEIVER.stop();
        PROPS.forEach(System::clearProperty);
    }

    @Test
    @Order(1)
    void everyEventOfAWaiverArrivesOnceInOrderSignedAndValid() throws Exception {
        clock("2027-01-04T09:00:00Z");
        String ref = submit("CUST-EV-1");
        // the approval opens the policy's one TEMPORARY_ACCESS task (docs/tasks.md): task.opened follows the grant
        assertThat(delivered(ref, 4)).containsExactly("request.received", "request.decided", "waiver.granted", "task.opened");
        verifyNew();

        clock("2027-01-08T10:00:00Z");
        HttpResponse<String> amended = HUB.post("/api/waivers/" + ref + "/amendments", "application/json",
                "{\"end\": \"2027-01-25\", \"seats\": 20, \"rationale\": \"Ends early\", \"expected\": {\"end\": \"2027-02-04\", \"seats\": 30}}"
                        .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + HUB.key("alice.moreau", "approver"));
        assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
        assertThat(delivered(ref, 5)).endsWith("waiver.amended");
        verifyNew();

        clock("2027-01-24T08:00:00Z");
        template.requestBody("direct:expiry-sweep", (Object) null);
        long expiring = sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel = 'webhook'", ref);
        assertThat(delivered(ref, (int) expiring)).last().isEqualTo("waiver.expiring");
        verifyNew();

        clock("2027-01-26T08:00:00Z");
        template.requestBody("direct:expiry-sweep", (Object) null);
        List<String> all = delivered(ref, (int) expiring + 1);
        assertThat(all).startsWith("request.received", "request.decided", "waiver.granted", "task.opened", "waiver.amended").endsWith("waiver.expired");
        verifyNew();
        // the subscriber that is not enabled got nothing; the old entitlement event still goes its way (docs/events.md, migration)
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'sleeping'")).isZero();
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel = 'entitlement'", ref)).isEqualTo(1);

        List<ServeEvent> mine = successes(ref);
        // once each: the webhook-ids are those of the outbox rows, none twice
        Set<String> ids = mine.stream().map(e -> e.getRequest().getHeader("webhook-id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(mine.size());
        EventSchemas schemas = new EventSchemas();
        for (ServeEvent e : mine) {
            LoggedRequest r = e.getRequest();
            JsonNode body = JSON.readTree(r.getBodyAsString());
            EventType type = EventType.of(body.path("type").asText()).orElseThrow();
            assertThat(schemas.problems(type, r.getBodyAsString())).as(r.getBodyAsString()).isEmpty();
            assertThat(body.path("data").path("reference").asText()).isEqualTo(ref);
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        }
        // the two secrets of a rotation: two signatures, each accepted on its own; a tampered body or a stale timestamp is not
        LoggedRequest one = mine.get(mine.size() - 1).getRequest();
        String id = one.getHeader("webhook-id");
        String ts = one.getHeader("webhook-timestamp");
        String sig = one.getHeader("webhook-signature");
        Instant at = Instant.ofEpochSecond(Long.parseLong(ts));
        assertThat(sig.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThat(verifies(List.of(OLD_KEY), id, ts, sig, one.getBodyAsString(), at)).isTrue();
        assertThat(verifies(List.of(NEW_KEY), id, ts, sig, one.getBodyAsString(), at)).isTrue();
        assertThat(verifies(List.of(random(32)), id, ts, sig, one.getBodyAsString(), at)).as("another secret").isFalse();
        assertThat(verifies(List.of(OLD_KEY, NEW_KEY), id, ts, sig, one.getBodyAsString().replace("waiver.expired", "waiver.revoked"), at))
                .as("a tampered body").isFalse();
        assertThat(verifies(List.of(OLD_KEY, NEW_KEY), id, ts, sig, one.getBodyAsString(), at.plus(Duration.ofMinutes(6)))).as("stale").isFalse();
        assertThat(verifies(List.of(OLD_KEY, NEW_KEY), "msg_other", ts, sig, one.getBodyAsString(), at)).as("another id").isFalse();
        System.out.println("[events] delivered for " + ref + ": " + all);
    }

    @Test
    @Order(2)
    void aReceiverThatIsDownGetsTheEventsWhenItIsBackInOrder() throws Exception {
        clock("2027-03-01T09:00:00Z");
        RECEIVER.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(503)));
        String ref = submit("CUST-EV-2");
        revoke(ref);
        List<Long> rows = rows(ref);
        assertThat(rows).hasSize(5);
        // the first is tried and fails; the ones after it for the same waiver wait for it, untried
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(rows.get(0)) >= 1);
        clock("2027-03-01T09:00:05Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(rows.get(0)) >= 2);
        assertThat(rows.subList(1, 5)).allMatch(id -> attempts(id) == 0);
        assertThat(sql.strings("SELECT status FROM outbox WHERE id = ?", rows.get(0))).containsExactly("PENDING");

        RECEIVER.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200)));
        clock("2027-03-01T09:00:30Z");
        assertThat(delivered(ref, 5)).containsExactly("request.received", "request.decided", "waiver.granted", "task.opened", "waiver.revoked");
        verifyNew();
        // the tries that failed carried the same webhook-id as the one that got through
        List<String> firstIds = served(ref).stream().filter(e -> body(e).path("type").asText().equals("request.received"))
                .map(e -> e.getRequest().getHeader("webhook-id")).distinct().toList();
        assertThat(firstIds).hasSize(1);
        assertThat(served(ref).stream().filter(e -> e.getResponse().getStatus() == 503).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(3)
    void eventsGivenUpOnAreListedAndReplayedByAnOperator() throws Exception {
        clock("2027-04-01T09:00:00Z");
        RECEIVER.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(503)));
        String ref = submit("CUST-EV-3");
        List<Long> rows = rows(ref);
        long first = rows.get(0);
        // three tries (lexhub.outbox.max-attempts), the clock moved past each back-off
        for (int i = 1; i <= 3; i++) {
            int tries = i;
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts(first) >= tries);
            clock(Instant.parse("2027-04-01T09:00:00Z").plusSeconds(60L * i).toString());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.strings("SELECT status FROM outbox WHERE id = ?", first).equals(List.of("FAILED")));
        assertThat(rows.subList(1, rows.size())).allMatch(id -> attempts(id) == 0);

        String desk = HUB.key("desk.person", "desk");
        JsonNode letters = JSON.readTree(HUB.get("/api/events/dead-letters", "Authorization", "Bearer " + desk).body());
        JsonNode letter = null;
        for (JsonNode l : letters) if (l.path("id").asLong() == first) letter = l;
        assertThat(letter).as(letters.toString()).isNotNull();
        assertThat(letter.path("event").asText()).isEqualTo("request.received");
        assertThat(letter.path("subscriber").asText()).isEqualTo("receiver");
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        Cli.Run listed = Cli.run("events", "dead-letters");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains("#" + first + " ", "request.received", ref);

        // only the desk or an admin replays
        String metrics = HUB.key("scraper", "metrics");
        assertThat(HUB.post("/api/events/dead-letters/" + first + "/replay", "application/json", new byte[0], "Authorization", "Bearer " + metrics)
                .statusCode()).isEqualTo(403);
        assertThat(HUB.post("/api/events/dead-letters/" + rows.get(1) + "/replay", "application/json", new byte[0], "Authorization", "Bearer " + desk)
                .statusCode()).as("not a dead letter").isEqualTo(404);
        RECEIVER.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        HttpResponse<String> replayed = HUB.post("/api/events/dead-letters/" + first + "/replay", "application/json", new byte[0],
                "Authorization", "Bearer " + desk);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(delivered(ref, 4)).containsExactly("request.received", "request.decided", "waiver.granted", "task.opened");
        verifyNew();
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'event.replayed' AND payload LIKE ?", "%\"outboxId\":" + first + ",%"))
                .singleElement().asString().startsWith("api-key:desk.person");
        assertThat(Cli.run("events", "replay", String.valueOf(first)).exit()).as("delivered now: no dead letter").isEqualTo(1);
        assertThat(Cli.run("events", "dead-letters").out()).doesNotContain("#" + first + " ");
    }

    @Test
    @Order(4)
    void theCallbackEndpointTakesOnlySignedFreshUnusedCallsAndASystemConfirmsItsTask() throws Exception {
        clock("2027-05-01T09:00:00Z");
        String ref = submit("CUST-EV-4");
        assertThat(delivered(ref, 4)).last().isEqualTo("task.opened");
        JsonNode opened = successes(ref).stream().map(EventDeliveryTest::body).filter(b -> b.path("type").asText().equals("task.opened"))
                .findFirst().orElseThrow().path("data");
        long task = opened.path("taskId").asLong();
        assertThat(opened.path("key").asText()).isEqualTo("entitlement");
        assertThat(opened.path("role").asText()).isEqualTo("licensing");
        long now = Instant.parse("2027-05-01T09:00:00Z").getEpochSecond();
        String body = "{\"type\":\"task.confirmed\",\"taskId\":" + task + ",\"note\":\"licence server updated\"}";

        refused(call("receiver", body));
        refused(call("receiver", body, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(random(32), "msg_1", now, body)));
        refused(call("receiver", body, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now - 301), "webhook-signature",
                sign(NEW_KEY, "msg_1", now - 301, body)));
        refused(call("receiver", body.replace("updated", "upgraded"), "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now),
                "webhook-signature", sign(NEW_KEY, "msg_1", now, body)));
        refused(call("nobody", body, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now), "webhook-signature", sign(NEW_KEY, "msg_1", now, body)));
        refused(call("sleeping", body, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(OLD_KEY, "msg_1", now, body)));
        assertThat(sql.strings("SELECT state FROM implementation_tasks WHERE id = ?", task)).containsExactly("OPEN");

        // signed: the task is done as the system, and it was the waiver's only task, so the waiver is in effect
        HttpResponse<String> ok = call("receiver", body, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(NEW_KEY, "msg_1", now, body));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("is done", "in effect");
        assertThat(sql.strings("SELECT state || ' ' || confirmed_by FROM implementation_tasks WHERE id = ?", task)).containsExactly("DONE system:receiver");
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'task.done' AND request_ref = ?", ref))
                .containsExactly("webhook-signature:receiver(msg_1)");
        assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = ? AND in_effect_at IS NOT NULL", ref)).isEqualTo(1);
        // the same call again is a replay; sent again under a new id (a lost answer), it is answered as the first was
        refused(call("receiver", body, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(NEW_KEY, "msg_1", now, body)));
        HttpResponse<String> again = call("receiver", body, "webhook-id", "msg_2", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(OLD_KEY, "msg_2", now, body));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("confirmed by you already");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'task.done' AND request_ref = ?", ref)).isEqualTo(1);
        // no such task, a task id that is no number, a type nobody takes: problem documents
        String unknown = "{\"type\":\"task.confirmed\",\"taskId\":999999}";
        HttpResponse<String> noTask = call("receiver", unknown, "webhook-id", "msg_3", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(OLD_KEY, "msg_3", now, unknown));
        assertThat(noTask.statusCode()).isEqualTo(404);
        assertThat(noTask.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        String words = "{\"type\":\"task.confirmed\",\"taskId\":\"T-17\"}";
        assertThat(call("receiver", words, "webhook-id", "msg_4", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(OLD_KEY, "msg_4", now, words)).statusCode()).isEqualTo(400);
        String other = "{\"type\":\"licence.ordered\"}";
        HttpResponse<String> otherType = call("receiver", other, "webhook-id", "msg_5", "webhook-timestamp", String.valueOf(now), "webhook-signature",
                sign(OLD_KEY, "msg_5", now, other));
        assertThat(otherType.statusCode()).isEqualTo(422);
        assertThat(otherType.body()).contains("task.confirmed");
    }

    @Test
    @Order(5)
    void aPracticeRequestTellsNoOtherSystem() throws Exception {
        clock("2027-06-01T09:00:00Z");
        String doc = request("CUST-EV-5", "TEMPORARY_ACCESS", "\"seats\": 30", "2027-06-03", 30, 2400, "INTERNAL", null)
                .replaceFirst("\\{", "{\"practice\": true, ");
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String ref = JSON.readTree(r.body()).path("reference").asText();
        assertThat(JSON.readTree(r.body()).path("state").asText()).isEqualTo("APPROVED");
        // no event of it, no task: nothing to put in place
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel = 'webhook'", ref)).isZero();
        assertThat(sql.count("SELECT COUNT(*) FROM implementation_tasks WHERE request_ref = ?", ref)).isZero();
    }

    // --- the receiver's side, written from the Standard Webhooks specification

    /** HMAC-SHA256 of "id.timestamp.body", base64, as "v1,<sig>". */
    static String sign(byte[] key, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** A receiver's check: the timestamp within five minutes of now, and any v1 signature of the header matching under any key. */
    static boolean verifies(List<byte[]> keys, String id, String timestamp, String header, String body, Instant now) {
        try {
            long ts = Long.parseLong(timestamp);
            if (Math.abs(now.getEpochSecond() - ts) > 5 * 60) return false;
            for (byte[] key : keys) {
                byte[] expected = sign(key, id, ts, body).getBytes(StandardCharsets.US_ASCII);
                for (String s : header.split(" ")) if (MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.US_ASCII))) return true;
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every successful delivery not verified yet is verified now, against the hub's clock (the receiver's "now"). */
    private void verifyNew() {
        Instant now = MutableClockConfiguration.CLOCK.instant();
        for (ServeEvent e : RECEIVER.getAllServeEvents()) {
            LoggedRequest r = e.getRequest();
            if (e.getResponse().getStatus() >= 300 || !verified.add(r.getHeader("webhook-id"))) continue;
            assertThat(verifies(List.of(OLD_KEY, NEW_KEY), r.getHeader("webhook-id"), r.getHeader("webhook-timestamp"), r.getHeader("webhook-signature"),
                    r.getBodyAsString(), now)).as(r.getBodyAsString()).isTrue();
        }
    }

    // --- helpers

    /** The types delivered (2xx) for a reference in the order the receiver got them, once there are {@code count}. */
    private List<String> delivered(String ref, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> successes(ref).size() >= count);
        List<String> types = successes(ref).stream().map(e -> body(e).path("type").asText()).toList();
        assertThat(types).hasSize(count);
        return types;
    }

    private List<ServeEvent> successes(String ref) {
        return served(ref).stream().filter(e -> e.getResponse().getStatus() < 300).toList();
    }

    /** The receiver's calls about this reference, oldest first. */
    private List<ServeEvent> served(String ref) {
        List<ServeEvent> all = new ArrayList<>(RECEIVER.getAllServeEvents());
        java.util.Collections.reverse(all);
        return all.stream().filter(e -> body(e).path("data").path("reference").asText().equals(ref)).toList();
    }

    private static JsonNode body(ServeEvent e) {
        try {
            return JSON.readTree(e.getRequest().getBodyAsString());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private List<Long> rows(String ref) {
        return sql.strings("SELECT id FROM outbox WHERE request_ref = ? AND channel = 'webhook' ORDER BY id", ref).stream().map(Long::parseLong).toList();
    }

    private long attempts(long id) {
        return sql.count("SELECT attempts FROM outbox WHERE id = ?", id);
    }

    private String submit(String customer) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request(customer, "TEMPORARY_ACCESS", "\"seats\": 30", java.time.LocalDate.ofInstant(MutableClockConfiguration.CLOCK.instant(),
                        java.time.ZoneOffset.UTC).plusDays(2).toString(), 30, 2400, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        return body.path("reference").asText();
    }

    private void revoke(String ref) throws Exception {
        HttpResponse<String> r = HUB.post("/api/waivers/" + ref + "/revocation", "application/json",
                "{\"rationale\": \"The pilot ended\"}".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + HUB.key("alice.moreau", "approver"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> call(String subscriber, String body, String... headers) throws Exception {
        return HUB.anonymous("POST", "/api/callbacks/" + subscriber, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void refused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private static void clock(String instant) {
        MutableClockConfiguration.CLOCK.set(Instant.parse(instant));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

}
