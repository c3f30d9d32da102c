package io.lexhub.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.store.OutboxStore;
import io.lexhub.support.JiraStubs;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Messages that cannot be delivered, on the real outbox routes with GreenMail (SMTP) and a
 * WireMock Jira Cloud: a hanging Jira call does not hold back mail; a transition the workflow
 * does not have is given up at once and 503s after the allowed tries; the desk is mailed, health
 * and GET /api/outbox/failed show it, and the desk sends it again or discards it, audited.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UndeliveredMessagesTest {

    static final WireMockServer JIRA = new WireMockServer(WireMockConfiguration.options().port(0).bindAddress("127.0.0.1"));
    static final String API = "/rest/api/3";
    static final String DESK = "licensing-desk@meridian-software.example";
    static final List<String> PROPS = List.of("lexhub.jira.enabled", "lexhub.jira.api", "lexhub.jira.url", "lexhub.jira.email",
            "lexhub.jira.api-token", "lexhub.jira.jql", "lexhub.jira.poll-ms", "lexhub.jira.max-attempts", "lexhub.jira.retry-base-ms",
            "lexhub.outbox.max-attempts");
    static final TestHub HUB;
    static final AtomicInteger SEQ = new AtomicInteger();

    static {
        JIRA.start();
        JiraStubs stub = new JiraStubs(true, "http://127.0.0.1:" + JIRA.port());
        HUB = TestHub.prepare("undelivered");
        System.setProperty("lexhub.jira.enabled", "true");
        System.setProperty("lexhub.jira.api", "cloud");
        System.setProperty("lexhub.jira.url", "http://127.0.0.1:" + JIRA.port());
        System.setProperty("lexhub.jira.email", "lexhub-bot@meridian-software.example");
        System.setProperty("lexhub.jira.api-token", "test-token");
        System.setProperty("lexhub.jira.jql", "project = LEX");
        System.setProperty("lexhub.jira.poll-ms", "60000");
        // one call per try, so the outbox's own count of tries is what the test sees
        System.setProperty("lexhub.jira.max-attempts", "1");
        System.setProperty("lexhub.jira.retry-base-ms", "100");
        System.setProperty("lexhub.outbox.max-attempts", "3");
        JIRA.stubFor(get(urlPathEqualTo(API + "/search/jql")).willReturn(okJson(stub.cloudPage(List.of(), null).toString())));
        JIRA.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(okJson(stub.transitions().toString())));
        JIRA.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(aResponse().withStatus(204)));
        JIRA.stubFor(post(urlPathEqualTo(API + "/issue/SLOW-1/comment")).willReturn(aResponse().withStatus(201).withFixedDelay(15_000)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        JIRA.stubFor(post(urlPathEqualTo(API + "/issue/DOWN-1/comment")).willReturn(aResponse().withStatus(503)));
    }

    @BeanInject
    Database database;
    @BeanInject
    OutboxStore outbox;

    @AfterAll
    void stop() {
        HUB.close();
        JIRA.stop();
        PROPS.forEach(System::clearProperty);
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        HUB.checkAnswersAgainstTheApiContract();
    }

    @Test
    void aHangingJiraCallDoesNotHoldBackMail() throws Exception {
        long slow = enqueue(Notice.JIRA_COMMENT, "SLOW-1", "comment", "The request is approved.");
        await().atMost(Duration.ofSeconds(10)).until(() -> !JIRA.findAll(postRequestedFor(urlPathEqualTo(API + "/issue/SLOW-1/comment"))).isEmpty());
        // Jira holds the comment for 15 s; a mail written after it goes out meanwhile
        enqueue(Notice.MAIL, "anna@example.com", "while Jira hangs", "Hello");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail("anna@example.com", "while Jira hangs", "Hello").isPresent());
        assertThat(new Sql(database).strings("SELECT status FROM outbox WHERE id = ?", slow)).containsExactly("PENDING");
    }

    @Test
    void aTransitionTheWorkflowDoesNotHaveIsGivenUpAtOnceAndTheDeskDecides() throws Exception {
        long id = enqueue(Notice.JIRA_TRANSITION, "LEX-7", "transition", "Escalate to legal");
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.strings("SELECT status FROM outbox WHERE id = ?", id).equals(List.of("FAILED")));
        assertThat(sql.count("SELECT attempts FROM outbox WHERE id = ?", id)).as("one try: a 409 does not change").isEqualTo(1);
        assertThat(sql.strings("SELECT last_error FROM outbox WHERE id = ?", id).get(0)).contains("no transition 'Escalate to legal'");

        MimeMessage desk = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail(DESK, "could not be delivered", "#" + id + ","), Optional::isPresent).get();
        assertThat(TestHub.text(desk)).contains("#" + id + ", jira-transition to LEX-7").contains("refused it").contains("/api/outbox/" + id + "/retry");

        JsonNode health = json(HUB.get("/api/health").body());
        assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.path("outbox").path("failed").asLong()).isPositive();
        JsonNode failed = json(HUB.get("/api/outbox/failed").body());
        assertThat(failed.findValues("id").stream().map(JsonNode::asLong)).contains(id);

        // only the desk (or an admin) sends it again: a metrics key may not
        String metrics = HUB.key("scraper", "metrics");
        assertThat(HUB.post("/api/outbox/" + id + "/retry", "application/json", new byte[0], "Authorization", "Bearer " + metrics).statusCode()).isEqualTo(403);
        String deskKey = HUB.key("desk.person", "desk");
        // the workflow got the transition meanwhile: sent again, it goes through
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-7/transitions")).willReturn(okJson(withEscalate())));
        var retried = HUB.post("/api/outbox/" + id + "/retry", "application/json", new byte[0], "Authorization", "Bearer " + deskKey);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.strings("SELECT status FROM outbox WHERE id = ?", id).equals(List.of("SENT")));
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'outbox.retried' AND payload LIKE ?", "%\"outboxId\":" + id + ",%"))
                .singleElement().asString().startsWith("api-key:desk.person");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'outbox.failed' AND payload LIKE ?", "%\"id\":" + id + ",%")).isEqualTo(1);
        // a message that is not failed is neither sent again nor discarded
        assertThat(HUB.post("/api/outbox/" + id + "/discard", "application/json", new byte[0], "Authorization", "Bearer " + deskKey).statusCode()).isEqualTo(409);
        assertThat(HUB.post("/api/outbox/999999/retry", "application/json", new byte[0], "Authorization", "Bearer " + deskKey).statusCode()).isEqualTo(404);
    }

    @Test
    void aSendThatKeepsFailingStopsAfterTheAllowedTriesAndCanBeDiscarded() throws Exception {
        long id = enqueue(Notice.JIRA_COMMENT, "DOWN-1", "comment", "Still down?");
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.strings("SELECT status FROM outbox WHERE id = ?", id).equals(List.of("FAILED")));
        assertThat(sql.count("SELECT attempts FROM outbox WHERE id = ?", id)).isEqualTo(3);
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo(API + "/issue/DOWN-1/comment")))).hasSize(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail(DESK, "could not be delivered", "#" + id + ",").isPresent());

        String deskKey = HUB.key("desk.other", "desk");
        assertThat(HUB.post("/api/outbox/" + id + "/discard", "application/json", new byte[0], "Authorization", "Bearer " + deskKey).statusCode()).isEqualTo(200);
        assertThat(sql.strings("SELECT status FROM outbox WHERE id = ?", id)).containsExactly("DISCARDED");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'outbox.discarded' AND actor LIKE 'api-key:desk.other%'")).isEqualTo(1);
        // nothing more is tried
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> JIRA.findAll(postRequestedFor(urlPathEqualTo(API + "/issue/DOWN-1/comment"))).size() == 3);
    }

    private long enqueue(String channel, String recipient, String subject, String body) {
        String key = "test-" + SEQ.incrementAndGet();
        outbox.enqueueOnce(List.of(new Notice(key, channel, recipient, subject, body)), OffsetDateTime.now());
        return Long.parseLong(new Sql(database).strings("SELECT id FROM outbox WHERE dedup_key = ?", key).get(0));
    }

    private static String withEscalate() {
        ObjectMapper m = new ObjectMapper();
        var t = m.createObjectNode();
        t.putArray("transitions").addObject().put("id", "51").put("name", "Escalate to legal").putObject("to").put("name", "Legal review").put("id", "10007");
        return t.toString();
    }

    private static Optional<MimeMessage> mail(String to, String subjectPart, String bodyPart) {
        return Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(subjectPart) && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to))
                        && text(m).contains(bodyPart);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).findFirst();
    }

    private static String text(MimeMessage m) {
        try {
            return TestHub.text(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.getBytes(StandardCharsets.UTF_8));
    }
}
