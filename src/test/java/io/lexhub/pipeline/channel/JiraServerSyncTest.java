package io.lexhub.pipeline.channel;

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
 * The Jira channel against a WireMock Jira Data Center (REST v2): startAt paging, a personal
 * access token, plain-text comments, approvers mapped by user name, a denial by comment
 * that moves the ticket with the "Decline" transition once, and a wiki markup description read as
 * plain text with its links as evidence.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JiraServerSyncTest {

    // a comment added through the API moves the issue's 'updated', as Jira does
    static final WireMockServer JIRA = new WireMockServer(WireMockConfiguration.options().port(0).bindAddress("127.0.0.1")
            .extensions(JiraStubs.commentMovesUpdated(key -> commented(key))));
    static final JiraStubs STUB;
    static final Map<String, String> PROPS = new LinkedHashMap<>();
    /** the tickets the JQL finds, in order; tests add and edit them */
    static final Map<String, ObjectNode> TICKETS = new LinkedHashMap<>();
    static final String API = "/rest/api/2";
    static final ObjectNode ALICE;
    static final ObjectNode CARLA;

    static {
        JIRA.start();
        STUB = new JiraStubs(false, "http://127.0.0.1:" + JIRA.port());
        ALICE = STUB.user("amoreau", "Alice Moreau", "alice.moreau@meridian-software.example");
        CARLA = STUB.user("cjensen", "Carla Jensen", "carla.jensen@meridian-software.example");
        try {
            PROPS.put("lexhub.home", Files.createTempDirectory("lexhub-jira-server-").toString());
            PROPS.put("lexhub.http.port", String.valueOf(TestHub.freePort()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        PROPS.put("lexhub.smtp.enabled", "false");
        PROPS.put("lexhub.audit.hmac-key", "test-key-for-the-audit-chain-0123456789");
        PROPS.put("lexhub.outbox.poll-ms", "200");
        PROPS.put("lexhub.outbox.retry-base-ms", "200");
        PROPS.put("lexhub.jira.enabled", "true");
        PROPS.put("lexhub.jira.api", "server");
        PROPS.put("lexhub.jira.url", "http://127.0.0.1:" + JIRA.port());
        PROPS.put("lexhub.jira.personal-access-token", "test-pat");
        PROPS.put("lexhub.jira.jql", "project = LEX ORDER BY created ASC");
        PROPS.put("lexhub.jira.poll-ms", "300");
        PROPS.put("lexhub.jira.page-size", "2");
        PROPS.put("lexhub.jira.retry-base-ms", "100");
        PROPS.forEach(System::setProperty);
        JIRA.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/comment"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(STUB.created("10001", "20000", ALICE).toString())));
        JIRA.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/comment")).willReturn(okJson(STUB.comments(List.of()).toString())));
        JIRA.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(okJson(STUB.transitions().toString())));
        JIRA.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(aResponse().withStatus(204)));
        publish();
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

    /** Serves TICKETS as search pages of two by startAt, as Server does. */
    static synchronized void publish() {
        List<ObjectNode> all = new ArrayList<>(TICKETS.values());
        int pages = Math.max(1, (all.size() + 1) / 2);
        for (int p = 0; p < pages; p++) {
            List<ObjectNode> page = all.subList(Math.min(2 * p, all.size()), Math.min(2 * p + 2, all.size()));
            UUID id = UUID.nameUUIDFromBytes(("search-" + p).getBytes());
            var stub = get(urlPathEqualTo(API + "/search")).withId(id)
                    .withQueryParam("jql", equalTo("project = LEX ORDER BY created ASC"))
                    .withQueryParam("fields", com.github.tomakehurst.wiremock.client.WireMock.containing("customfield_10106"))
                    .withQueryParam("startAt", equalTo(String.valueOf(2 * p)))
                    .withHeader("Authorization", equalTo("Bearer test-pat"))
                    .willReturn(okJson(STUB.serverPage(page, 2 * p, 2, all.size()).toString()));
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
        return STUB.extraSeatsTicket(customer, "requester" + customer.length());
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
        int before = JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/search")).withQueryParam("startAt", equalTo("0"))).size();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/search")).withQueryParam("startAt", equalTo("0"))).size() >= before + n);
    }

    /**
     * The hub's own NEEDS_INFO comment moves the ticket's 'updated', as Jira does: that is not an
     * edit, so it is answered once, not on every poll (it answered itself for ever).
     */
    @Test
    void theHubsOwnCommentIsNotAnEditOfTheTicket() {
        Map<String, Object> partial = complete("CUST-S41");
        partial.remove("description");
        ticket("SD-41", "2026-11-24T10:00:00.000+0000", false, partial);
        String ref = refOf("SD-41");
        assertThat(state(ref)).isEqualTo("NEEDS_INFO");
        awaitOutboxSent(ref, 1);
        long rows = sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ?", ref);
        String movedTo = TICKETS.get("SD-41").path("fields").path("updated").asText();
        assertThat(movedTo).as("the stub moved 'updated' for the hub's comment").isNotEqualTo("2026-11-24T10:00:00.000+0000");
        awaitPolls(5);
        assertThat(postedComments("SD-41")).hasSize(1);
        // no second comment, no second mail to the customer
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ?", ref)).isEqualTo(rows);
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref)).doesNotContain("request.supplemented");
        assertThat(state(ref)).isEqualTo("NEEDS_INFO");
    }

    @Test
    void ticketsAcrossStartAtPagesBecomeRequestsAndArePlainTextComments() {
        for (int i = 1; i <= 5; i++) ticket("SD-" + i, "2026-11-24T09:0" + i + ":00.000+0000", false, complete("CUST-S" + i));
        List<String> refs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) refs.add(refOf("SD-" + i));
        assertThat(JIRA.findAll(getRequestedFor(urlPathEqualTo(API + "/search")).withQueryParam("startAt", equalTo("4")))).isNotEmpty();
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", refs.get(4)).get(0))
                .contains("\"id\":\"CUST-S5\"", "\"justification\":\"The customer migrates two data centres", "\"seats\":30");
        awaitOutboxSent(refs.get(4), 1);
        awaitPolls(2);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE source = 'jira' AND external_id IN ('SD-1','SD-2','SD-3','SD-4','SD-5')")).isEqualTo(5);
        for (int i = 1; i <= 5; i++) {
            awaitOutboxSent(refs.get(i - 1), 1);
            assertThat(postedComments("SD-" + i)).as("SD-" + i).hasSize(1);
        }
        JIRA.verify(postRequestedFor(urlPathEqualTo(API + "/issue/SD-1/comment"))
                .withRequestBody(matchingJsonPath("$.body", com.github.tomakehurst.wiremock.client.WireMock.containing(refs.get(0)))));
        assertThat(postedComments("SD-1").get(0)).doesNotContain("\"type\":\"doc\"");
    }

    @Test
    void aDenialByCommentIsPostedAndMovesTheTicketWithTheDeclineTransitionOnce() {
        ticket("SD-30", "2026-11-24T12:00:00.000+0000", false, complete("CUST-S30"));
        String ref = refOf("SD-30");
        String issueId = TICKETS.get("SD-30").get("id").asText();
        List<ObjectNode> comments = List.of(
                STUB.comment(issueId, "30001", ALICE, "/approve Migration plan attached", JiraStubs.time(java.time.Instant.now().plusMillis(725))),
                STUB.comment(issueId, "30002", CARLA, "/deny The customer is in a price dispute", JiraStubs.time(java.time.Instant.now().plusMillis(726))));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SD-30/comment")).willReturn(okJson(STUB.comments(comments).toString())));
        ticket("SD-30", "2026-11-24T12:06:00.000+0000", false, complete("CUST-S30"));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(ref).equals("DENIED"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel = 'jira-transition' AND status = 'SENT'", ref) == 1);
        assertThat(sql.strings("SELECT approver_id || ':' || vote || ':' || channel FROM approval_votes WHERE request_ref = ? ORDER BY id", ref))
                .containsExactly("alice.moreau:APPROVE:jira", "carla.jensen:DENY:jira");
        ticket("SD-30", "2026-11-24T12:30:00.000+0000", false, complete("CUST-S30"));
        awaitPolls(2);
        JIRA.verify(1, postRequestedFor(urlPathEqualTo(API + "/issue/SD-30/transitions")).withRequestBody(equalToJson("{\"transition\": {\"id\": \"41\"}}")));
        assertThat(postedComments("SD-30").stream().filter(b -> b.contains("is DENIED") && b.contains("price dispute")).count()).isEqualTo(1);
    }

    /**
     * The description is wiki markup on Server: it reaches the justification as plain text with
     * links as "text (url)", its links are the evidence, and no "no evidence" points (REP-01) are
     * added; a single-line custom field keeps its underscores.
     */
    @Test
    void aWikiMarkupDescriptionBringsItsLinksAsEvidenceAndItsTextAsTheJustification() {
        Map<String, Object> rich = complete("CUST-S70");
        rich.put("description", STUB.richDescription());
        rich.put("customfield_10100", "CUST_S70_EU");
        ticket("SD-70", "2026-11-25T09:00:00.000+0000", false, rich);
        String ref = refOf("SD-70");
        String doc = sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0);
        assertThat(doc).contains("\"evidence\":[\"https://wiki.cust.example/migration-plan\",\"https://sales.cust.example/orders/PO-2027-0042\"]",
                "see the migration plan (https://wiki.cust.example/migration-plan), cut-over on 2027-05-01.",
                "Order form: https://sales.cust.example/orders/PO-2027-0042, checked by @bsilva", "Site | Seats\\nFrankfurt | 30",
                "\"id\":\"CUST_S70_EU\"");
        assertThat(doc).doesNotContain("[migration plan|", "*2027", "||Site");
        assertThat(state(ref)).isEqualTo("PENDING_APPROVAL");
        assertThat(sql.strings("SELECT assessment_json FROM requests WHERE reference = ?", ref).get(0)).contains("\"ruleId\"").doesNotContain("REP-01");
    }
}
