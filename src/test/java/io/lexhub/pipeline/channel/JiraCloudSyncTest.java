package io.lexhub.pipeline.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.JiraStubs;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Jira channel against a WireMock Jira Cloud (REST v3) on the real YAML routes: paging by
 * nextPageToken, mapping, NEEDS_INFO completed by an edit, duplicate polls, comments and the
 * decision transition sent once through the outbox, approvals by comment command, 429 and 500,
 * rich text with its links as evidence, and reporters whose e-mail address Cloud hides (found in
 * the user directory, or asked for by the Jira field's name).
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JiraCloudSyncTest {

    // a comment added through the API moves the issue's 'updated', as Jira does
    static final WireMockServer JIRA = new WireMockServer(WireMockConfiguration.options().port(0).bindAddress("127.0.0.1")
            .extensions(JiraStubs.commentMovesUpdated(key -> commented(key))));
    static final JiraStubs STUB;
    static final Map<String, String> PROPS = new LinkedHashMap<>();
    /** the tickets the JQL finds, in order; tests add and edit them */
    static final Map<String, ObjectNode> TICKETS = new LinkedHashMap<>();
    static final String API = "/rest/api/3";
    static final ObjectNode ALICE;
    static final ObjectNode CARLA;
    /** a reporter who hides their address and is listed in config/jira-users.yaml */
    static final String LISTED_REPORTER = "5c00000000000000000000d1";

    static {
        JIRA.start();
        STUB = new JiraStubs(true, "http://127.0.0.1:" + JIRA.port());
        ALICE = STUB.user("5b10a2844c20165700ede21g", "Alice Moreau", "alice.moreau@meridian-software.example");
        CARLA = STUB.user("5d9c2b1f0e1a4c0c8e3b7a21", "Carla Jensen", "carla.jensen@meridian-software.example");
        try {
            PROPS.put("lexhub.home", Files.createTempDirectory("lexhub-jira-cloud-").toString());
            // the shipped config, with a user directory listing one reporter
            java.nio.file.Path config = copy(java.nio.file.Path.of("config"), Files.createTempDirectory("lexhub-jira-cloud-config-"));
            Files.writeString(config.resolve("jira-users.yaml"), "users:\n  - {jiraAccountId: " + LISTED_REPORTER + ", email: dana.reyes@cust-j60.example}\n");
            PROPS.put("lexhub.config.dir", config.toString());
            PROPS.put("lexhub.http.port", String.valueOf(TestHub.freePort()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        PROPS.put("lexhub.smtp.enabled", "false");
        PROPS.put("lexhub.audit.hmac-key", "test-key-for-the-audit-chain-0123456789");
        PROPS.put("lexhub.outbox.poll-ms", "200");
        PROPS.put("lexhub.outbox.retry-base-ms", "200");
        PROPS.put("lexhub.jira.enabled", "true");
        PROPS.put("lexhub.jira.api", "cloud");
        PROPS.put("lexhub.jira.url", "http://127.0.0.1:" + JIRA.port());
        PROPS.put("lexhub.jira.email", "lexhub-bot@meridian-software.example");
        PROPS.put("lexhub.jira.api-token", "test-token");
        PROPS.put("lexhub.jira.jql", "project = LEX ORDER BY created ASC");
        PROPS.put("lexhub.jira.poll-ms", "300");
        PROPS.put("lexhub.jira.page-size", "2");
        PROPS.put("lexhub.jira.retry-base-ms", "100");
        PROPS.put("lexhub.jira.max-retry-after-seconds", "2");
        PROPS.forEach(System::setProperty);
        JIRA.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/comment"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(STUB.created("10001", "20000", ALICE).toString())));
        JIRA.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/comment")).willReturn(okJson(STUB.comments(List.of()).toString())));
        JIRA.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(okJson(STUB.transitions().toString())));
        JIRA.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(aResponse().withStatus(204)));
        publish();
    }

    static java.nio.file.Path copy(java.nio.file.Path from, java.nio.file.Path to) throws java.io.IOException {
        try (var all = Files.walk(from)) {
            for (java.nio.file.Path p : all.toList()) {
                java.nio.file.Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    @BeanInject
    Database database;
    Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(database);
    }

    @AfterAll
    void stop() {
        JIRA.stop();
        PROPS.keySet().forEach(System::clearProperty);
    }

    /** Serves TICKETS as search pages of two, chained by nextPageToken. */
    static synchronized void publish() {
        List<ObjectNode> all = new ArrayList<>(TICKETS.values());
        int pages = Math.max(1, (all.size() + 1) / 2);
        for (int p = 0; p < pages; p++) {
            List<ObjectNode> page = all.subList(Math.min(2 * p, all.size()), Math.min(2 * p + 2, all.size()));
            String next = p + 1 < pages ? "page-" + (p + 2) : null;
            UUID id = UUID.nameUUIDFromBytes(("search-" + p).getBytes());
            var stub = get(urlPathEqualTo(API + "/search/jql")).withId(id)
                    .withQueryParam("jql", equalTo("project = LEX ORDER BY created ASC"))
                    .withQueryParam("fields", com.github.tomakehurst.wiremock.client.WireMock.containing("customfield_10106"))
                    .withQueryParam("nextPageToken", p == 0 ? absent() : equalTo("page-" + (p + 1)))
                    .withHeader("Authorization", equalTo("Basic bGV4aHViLWJvdEBtZXJpZGlhbi1zb2Z0d2FyZS5leGFtcGxlOnRlc3QtdG9rZW4="))
                    .willReturn(okJson(STUB.cloudPage(page, next).toString()));
            if (JIRA.getStubMappings().stream().anyMatch(m -> m.getId().equals(id))) JIRA.editStub(stub);
            else JIRA.stubFor(stub);
        }
    }

    /** What Jira does when a comment is added: the issue's 'updated' moves (see JiraStubs.commentMovesUpdated). */
    static synchronized void commented(String key) {
        ObjectNode t = TICKETS.get(key);
        if (t == null) return;
        ((ObjectNode) t.get("fields")).put("updated", JiraStubs.time(java.time.Instant.now()));
        publish();
    }

    static void ticket(String key, String updated, boolean done, Map<String, Object> fields) {
        TICKETS.put(key, STUB.issue(key, updated, done, fields));
        publish();
    }

    /** A complete EXTRA_SEATS ticket: 30 seats for 60 days, 20,000 EUR: licensing then sales. */
    static Map<String, Object> complete(String customer) {
        return STUB.extraSeatsTicket(customer, "5c0000000000000000000" + customer.length());
    }

    String refOf(String key) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE source = 'jira' AND external_id = ?", key) == 1);
        return sql.strings("SELECT reference FROM requests WHERE source = 'jira' AND external_id = ?", key).get(0);
    }

    String state(String ref) {
        return sql.strings("SELECT state FROM requests WHERE reference = ?", ref).get(0);
    }

    static List<String> postedComments(String key) {
        return JIRA.findAll(postRequestedFor(urlPathEqualTo(API + "/issue/" + key + "/comment"))).stream()
                .map(r -> r.getBodyAsString()).toList();
    }

    void awaitOutboxSent(String ref, int rows) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel LIKE 'jira-%' AND status = 'SENT'", ref) == rows);
    }

    /** Waits for n more full polls (each polls the first search page once). */
    void awaitPolls(int n) {
        int before = JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/search/jql")).withQueryParam("nextPageToken", absent())).size();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/search/jql")).withQueryParam("nextPageToken", absent())).size() >= before + n);
    }

    /**
     * The hub's own NEEDS_INFO comment moves the ticket's 'updated', as Jira does: that is not an
     * edit, so it is answered once, not on every poll (it answered itself for ever).
     */
    @Test
    void theHubsOwnCommentIsNotAnEditOfTheTicket() {
        Map<String, Object> partial = complete("CUST-J41");
        partial.remove("description");
        ticket("LEX-41", "2026-11-24T10:00:00.000+0000", false, partial);
        String ref = refOf("LEX-41");
        assertThat(state(ref)).isEqualTo("NEEDS_INFO");
        awaitOutboxSent(ref, 1);
        long rows = sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ?", ref);
        String movedTo = TICKETS.get("LEX-41").path("fields").path("updated").asText();
        assertThat(movedTo).as("the stub moved 'updated' for the hub's comment").isNotEqualTo("2026-11-24T10:00:00.000+0000");
        awaitPolls(5);
        assertThat(postedComments("LEX-41")).hasSize(1);
        // no second comment, no second mail to the customer
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ?", ref)).isEqualTo(rows);
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref)).doesNotContain("request.supplemented");
        assertThat(state(ref)).isEqualTo("NEEDS_INFO");
    }

    @Test
    void ticketsAcrossPagesBecomeOneRequestEachWithTheirFieldsMapped() {
        for (int i = 1; i <= 5; i++) ticket("LEX-" + i, "2026-11-24T09:0" + i + ":00.000+0000", false, complete("CUST-J" + i));
        Map<String, Object> broken = complete("CUST-J6");
        broken.put("customfield_10107", List.of("thirty")); // a list where a number belongs
        ticket("LEX-6", "2026-11-24T09:06:00.000+0000", false, broken);
        ticket("LEX-7", "2026-11-24T09:07:00.000+0000", true, complete("CUST-J7"));

        List<String> refs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) refs.add(refOf("LEX-" + i));
        String doc = sql.strings("SELECT request_json FROM requests WHERE reference = ?", refs.get(0)).get(0);
        assertThat(doc).contains("\"id\":\"CUST-J1\"", "\"contactEmail\":\"contact@cust-j1.example\"", "\"type\":\"EXTRA_SEATS\"",
                "\"seats\":30", "\"start\":\"2027-03-01\"", "\"end\":\"2027-04-29\"", "\"regions\":[\"DE\",\"AT\"]",
                "\"justification\":\"The customer migrates two data centres", "\"email\":\"req@cust-j1.example\"",
                "\"dataSensitivity\":\"INTERNAL\"", "\"deploymentScale\":\"MEDIUM\"");
        assertThat(state(refs.get(0))).isEqualTo("PENDING_APPROVAL");
        // the malformed ticket is quarantined, the closed one ignored, and the poll went on past both
        await().atMost(Duration.ofSeconds(10)).until(() -> sql.count("SELECT COUNT(*) FROM quarantine WHERE source = 'jira' AND external_id LIKE 'LEX-6@%'") == 1);
        assertThat(sql.strings("SELECT reason FROM quarantine WHERE external_id LIKE 'LEX-6@%'").get(0)).contains("customfield_10107");
        // pages 2, 3 and 4 were asked for with the tokens of the pages before
        assertThat(JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/search/jql")).withQueryParam("nextPageToken", equalTo("page-4")))).isNotEmpty();

        awaitOutboxSent(refs.get(0), 1);
        awaitPolls(3);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE source = 'jira' AND external_id IN ('LEX-1','LEX-2','LEX-3','LEX-4','LEX-5','LEX-6','LEX-7')"))
                .isEqualTo(5);
        for (int i = 1; i <= 5; i++) {
            awaitOutboxSent(refs.get(i - 1), 1);
            List<String> posted = postedComments("LEX-" + i);
            assertThat(posted).as("LEX-" + i).hasSize(1);
            assertThat(posted.get(0)).contains("\"type\":\"doc\"", refs.get(i - 1), "licensing", "sales");
        }
        assertThat(postedComments("LEX-7")).isEmpty();
        // the author of the unreadable ticket is told on it what to fix, once: the comment moves the
        // ticket's 'updated', the ticket is read again, and the same content is neither kept nor answered twice
        await().atMost(Duration.ofSeconds(20)).until(() -> postedComments("LEX-6").size() == 1);
        awaitPolls(3);
        assertThat(postedComments("LEX-6")).hasSize(1);
        assertThat(postedComments("LEX-6").get(0)).contains("could not be read", "customfield_10107", "correct these fields");
        assertThat(sql.count("SELECT COUNT(*) FROM quarantine WHERE source = 'jira' AND external_id LIKE 'LEX-6@%'")).isEqualTo(1);
    }

    @Test
    void aNeedsInfoTicketIsCompletedByAnEdit() {
        Map<String, Object> partial = complete("CUST-J20");
        partial.remove("description");
        partial.remove("duedate");
        ticket("LEX-20", "2026-11-24T10:00:00.000+0000", false, partial);
        String ref = refOf("LEX-20");
        assertThat(state(ref)).isEqualTo("NEEDS_INFO");
        awaitOutboxSent(ref, 1);
        assertThat(postedComments("LEX-20").get(0)).contains("fill in", "justification", "terms.end");

        ticket("LEX-20", "2026-11-24T11:30:00.000+0000", false, complete("CUST-J20"));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(ref).equals("PENDING_APPROVAL"));
        awaitOutboxSent(ref, 2);
        assertThat(postedComments("LEX-20")).hasSize(2);
        assertThat(postedComments("LEX-20").get(1)).contains("licensing");
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref)).contains("request.supplemented");
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE external_id = 'LEX-20'")).isEqualTo(1);
    }

    @Test
    void approversDecideByCommentOnceEachAndTheDecisionIsPostedAndTransitionedOnce() {
        ticket("LEX-30", "2026-11-24T12:00:00.000+0000", false, complete("CUST-J30"));
        String ref = refOf("LEX-30");
        assertThat(state(ref)).isEqualTo("PENDING_APPROVAL");
        String issueId = TICKETS.get("LEX-30").get("id").asText();
        ObjectNode stranger = STUB.user("5f0000000000000000000001", "Sam Stranger", null);
        List<ObjectNode> comments = new ArrayList<>(List.of(
                STUB.comment(issueId, "30001", CARLA, "/approve fine by sales", JiraStubs.time(java.time.Instant.now().plusMillis(725))),
                STUB.comment(issueId, "30002", stranger, "/approve sure", JiraStubs.time(java.time.Instant.now().plusMillis(726))),
                STUB.comment(issueId, "30003", ALICE, "Looks reasonable, the migration plan is attached.", JiraStubs.time(java.time.Instant.now().plusMillis(727))),
                STUB.comment(issueId, "30004", ALICE, "/approve Migration plan attached", JiraStubs.time(java.time.Instant.now().plusMillis(728)))));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-30/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        ticket("LEX-30", "2026-11-24T12:08:00.000+0000", false, complete("CUST-J30"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref) == 1);
        assertThat(sql.strings("SELECT approver_id || ':' || channel FROM approval_votes WHERE request_ref = ?", ref)).containsExactly("alice.moreau:jira");
        // Carla may not approve level 1 (licensing) and the stranger is no approver: each is told why, on the ticket
        await().atMost(Duration.ofSeconds(20)).until(() -> postedComments("LEX-30").stream().filter(b -> b.contains("was not recorded")).count() == 2);
        assertThat(String.join("\n", postedComments("LEX-30")))
                .contains("does not hold the role 'licensing'", "Sam Stranger (5f0000000000000000000001) is not in the approver directory");

        comments.add(STUB.comment(issueId, "30005", CARLA, "/approve Sales agrees with the migration window", JiraStubs.time(java.time.Instant.now().plusMillis(780))));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-30/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        ticket("LEX-30", "2026-11-24T13:00:00.000+0000", false, complete("CUST-J30"));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(ref).equals("APPROVED"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel = 'jira-transition' AND status = 'SENT'", ref) == 1);

        // another edit and more polls: nothing is acted on or sent twice
        ticket("LEX-30", "2026-11-24T13:30:00.000+0000", false, complete("CUST-J30"));
        awaitPolls(3);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isEqualTo(2);
        assertThat(sql.count("SELECT COUNT(*) FROM jira_comments WHERE issue_key = 'LEX-30'")).isEqualTo(4);
        assertThat(postedComments("LEX-30").stream().filter(b -> b.contains("is APPROVED")).count()).isEqualTo(1);
        JIRA.verify(1, postRequestedFor(urlPathEqualTo(API + "/issue/LEX-30/transitions"))
                .withRequestBody(equalToJson("{\"transition\": {\"id\": \"31\"}}")));
        assertThat(JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/issue/LEX-30/transitions")))).hasSize(1);
        JIRA.verify(postRequestedFor(urlPathEqualTo(API + "/issue/LEX-30/comment")).withRequestBody(matchingJsonPath("$.body.version", equalTo("1"))));
    }

    @Test
    void anApproveWrittenBeforeTheLevelOpenedDoesNotCountOneWrittenAfterDoes() {
        // Alice wrote "/approve" on the ticket before the hub took it in: that was not about the terms now under decision
        ObjectNode issue = STUB.issue("LEX-50", "2026-12-01T09:00:00.000+0000", false, complete("CUST-J50"));
        List<ObjectNode> comments = new ArrayList<>();
        STUB.addComment(issue, comments, "50001", ALICE, "/approve in advance", java.time.Instant.now().minusSeconds(3600));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-50/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        TICKETS.put("LEX-50", issue);
        publish();
        String ref = refOf("LEX-50");
        assertThat(state(ref)).isEqualTo("PENDING_APPROVAL");

        // Carla comments (any edit makes the hub read the comments): the early command is refused once, with the reason on the ticket
        STUB.addComment(issue, comments, "50002", CARLA, "Sales will look at it after licensing.", java.time.Instant.now());
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-50/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        publish();
        await().atMost(Duration.ofSeconds(20)).until(() -> postedComments("LEX-50").stream().anyMatch(b -> b.contains("was not recorded")));
        assertThat(String.join("\n", postedComments("LEX-50"))).contains("before level 1", "write it again");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
        assertThat(sql.strings("SELECT outcome FROM jira_comments WHERE issue_key = 'LEX-50' AND comment_id = '50001'").get(0)).startsWith("refused:");

        // the same words written now count
        STUB.addComment(issue, comments, "50003", ALICE, "/approve Migration plan attached", java.time.Instant.now());
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-50/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        publish();
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref) == 1);
        assertThat(sql.strings("SELECT approver_id || ':' || channel FROM approval_votes WHERE request_ref = ?", ref)).containsExactly("alice.moreau:jira");
        // later polls do not report the early command again
        awaitPolls(2);
        assertThat(postedComments("LEX-50").stream().filter(b -> b.contains("before level 1")).count()).isEqualTo(1);
    }

    @Test
    void aCommandEditedByAnotherUserDoesNotCount() {
        ObjectNode issue = STUB.issue("LEX-51", "2026-12-01T09:00:00.000+0000", false, complete("CUST-J51"));
        TICKETS.put("LEX-51", issue);
        publish();
        String ref = refOf("LEX-51");
        java.time.Instant now = java.time.Instant.now();
        ObjectNode admin = STUB.user("5f00000000000000000000ad", "Jira Admin", null);
        List<ObjectNode> comments = new ArrayList<>(List.of(STUB.comment(issue.get("id").asText(), "51001", ALICE, "/approve ok",
                JiraStubs.time(now), JiraStubs.time(now.plusSeconds(5)), admin)));
        ((ObjectNode) issue.get("fields")).put("updated", JiraStubs.time(now.plusSeconds(5)));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-51/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        publish();
        await().atMost(Duration.ofSeconds(20)).until(() -> postedComments("LEX-51").stream().anyMatch(b -> b.contains("was not recorded")));
        assertThat(String.join("\n", postedComments("LEX-51"))).contains("edited by 5f00000000000000000000ad");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
    }

    @Test
    void theReporterMayNotApproveTheirOwnTicket() {
        ObjectNode issue = STUB.issue("LEX-52", "2026-12-01T09:00:00.000+0000", false, STUB.extraSeatsTicket("CUST-J52", "5b10a2844c20165700ede21g"));
        ((ObjectNode) issue.get("fields")).set("reporter", ALICE);
        TICKETS.put("LEX-52", issue);
        publish();
        String ref = refOf("LEX-52");
        assertThat(sql.strings("SELECT submitter FROM requests WHERE reference = ?", ref).get(0))
                .contains("\"principal\":\"jira-account:5b10a2844c20165700ede21g\"", "Jira reporter");
        List<ObjectNode> comments = new ArrayList<>();
        STUB.addComment(issue, comments, "52001", ALICE, "/approve my own ticket", java.time.Instant.now());
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/LEX-52/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        publish();
        await().atMost(Duration.ofSeconds(20)).until(() -> postedComments("LEX-52").stream().anyMatch(b -> b.contains("was not recorded")));
        assertThat(String.join("\n", postedComments("LEX-52"))).contains("conflict of interest: Alice Moreau submitted this request (Jira reporter)");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.conflict-check'", ref).get(0))
                .contains("conflict: Alice Moreau submitted this request");
    }

    @Test
    void aCommentIsRetriedAfter429WithRetryAfterAndAfter500AndPostedOnce() {
        // Retry-After 40 s, the hub waits at most lexhub.jira.max-retry-after-seconds (2 s here); the
        // HTTP client under camel-http must not wait the 40 s and re-send the POST on its own
        String path = API + "/issue/LEX-40/comment";
        JIRA.stubFor(post(urlPathEqualTo(path)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "40").withBody("{\"errorMessages\":[\"Rate limit exceeded\"]}"))
                .willSetStateTo("failing"));
        JIRA.stubFor(post(urlPathEqualTo(path)).inScenario("busy").whenScenarioStateIs("failing")
                .willReturn(aResponse().withStatus(500).withBody("{\"errorMessages\":[\"Internal server error\"]}"))
                .willSetStateTo("up"));
        JIRA.stubFor(post(urlPathEqualTo(path)).inScenario("busy").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(STUB.created("10040", "40001", ALICE).toString())));
        ticket("LEX-40", "2026-11-24T14:00:00.000+0000", false, complete("CUST-J40"));
        String ref = refOf("LEX-40");
        awaitOutboxSent(ref, 1);
        List<ServeEvent> posts = JIRA.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(path) && e.getRequest().getMethod().getName().equals("POST"))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
        assertThat(posts).extracting(e -> e.getResponse().getStatus()).containsExactly(429, 500, 201);
        // the hub's wait: Retry-After capped at 2 s (the client's own retry would have waited 40 s)
        long waited = posts.get(1).getRequest().getLoggedDate().getTime() - posts.get(0).getRequest().getLoggedDate().getTime();
        assertThat(waited).isBetween(2000L, 30000L);
        assertThat(sql.strings("SELECT attempts FROM outbox WHERE request_ref = ? AND channel = 'jira-comment'", ref)).containsExactly("1");
    }

    /**
     * A description with a link, a smart link, a date, a status, a mention and a table: its text
     * reaches the justification with the links as "text (url)", its links are the evidence, and no
     * "no evidence" points (REP-01) are added, unlike for the same ticket with a plain description.
     */
    @Test
    void aRichDescriptionBringsItsLinksAsEvidenceAndItsTextAsTheJustification() {
        Map<String, Object> rich = complete("CUST-J70");
        rich.put("description", STUB.richDescription());
        ticket("LEX-70", "2026-11-25T09:00:00.000+0000", false, rich);
        ticket("LEX-71", "2026-11-25T09:01:00.000+0000", false, complete("CUST-J71"));
        String ref = refOf("LEX-70");
        String plain = refOf("LEX-71");
        String doc = sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0);
        assertThat(doc).contains("\"evidence\":[\"https://wiki.cust.example/migration-plan\",\"https://sales.cust.example/orders/PO-2027-0042\"]",
                "see the migration plan (https://wiki.cust.example/migration-plan), cut-over on 2027-05-01 [In Progress]",
                "Order form: https://sales.cust.example/orders/PO-2027-0042, checked by @Bruno Silva", "Site | Seats\\nFrankfurt | 30");
        assertThat(sql.strings("SELECT assessment_json FROM requests WHERE reference = ?", ref).get(0)).doesNotContain("REP-01");
        assertThat(sql.strings("SELECT assessment_json FROM requests WHERE reference = ?", plain).get(0)).contains("REP-01");
    }

    /** Cloud hides the reporter's address; the directory has it for the account Jira authenticated. */
    @Test
    void aReporterWhoHidesTheAddressIsFoundInTheUserDirectory() {
        Map<String, Object> fields = STUB.extraSeatsTicket("CUST-J60", LISTED_REPORTER);
        fields.remove("customfield_10115");
        assertThat(((ObjectNode) JiraStubs.JSON.valueToTree(fields.get("reporter"))).has("emailAddress")).isFalse();
        ticket("LEX-60", "2026-11-25T10:00:00.000+0000", false, fields);
        String ref = refOf("LEX-60");
        assertThat(state(ref)).isEqualTo("PENDING_APPROVAL");
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0)).contains("\"email\":\"dana.reyes@cust-j60.example\"");
        assertThat(sql.strings("SELECT submitter FROM requests WHERE reference = ?", ref).get(0))
                .contains("\"principal\":\"jira-account:" + LISTED_REPORTER + "\"", "\"email\":\"dana.reyes@cust-j60.example\"");
    }

    /**
     * A reporter nobody has the address of is asked for it on the ticket by the Jira field's name,
     * and filling that field (an edit: Jira moves 'updated') completes the request.
     */
    @Test
    void aHiddenAddressIsAskedForByTheJiraFieldsNameAndFillingItCompletesTheRequest() {
        Map<String, Object> fields = STUB.extraSeatsTicket("CUST-J61", "5c00000000000000000000e2");
        fields.remove("customfield_10115");
        ticket("LEX-61", "2026-11-25T11:00:00.000+0000", false, fields);
        String ref = refOf("LEX-61");
        assertThat(state(ref)).isEqualTo("NEEDS_INFO");
        awaitOutboxSent(ref, 1);
        assertThat(postedComments("LEX-61").get(0)).contains("requester.email", "Jira field \\\"Requester e-mail\\\"");

        fields.put("customfield_10115", "erin.cho@cust-j61.example");
        ticket("LEX-61", "2026-11-25T11:20:00.000+0000", false, fields);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(ref).equals("PENDING_APPROVAL"));
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0)).contains("\"email\":\"erin.cho@cust-j61.example\"");
        // what the reporter typed is the requester's address, not who submitted: the submitter keeps none
        assertThat(sql.strings("SELECT submitter FROM requests WHERE reference = ?", ref).get(0)).doesNotContain("erin.cho");
    }
}
