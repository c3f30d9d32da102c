package io.lexhub.pipeline.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The policy review's patterns (docs/practice-and-patterns.md) on the real routes, over a seeded
 * history whose lists are counted by hand below, with the policy as shipped (policyReview:
 * cadence the 1st of the month at 07:00, 90 days, threshold 3, tolerance 10 %, chain limit 2,
 * high 60, low 20); and the policy owner's mail, sent once for its day however often it fires.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyPatternsTest {

    static final TestHub HUB = TestHub.prepare("patterns");
    static {
        // the test fires the mail itself, twice; the hourly check would only add a third firing
        System.setProperty("lexhub.policy-review.check-cron", "0 0 0 1 1 ? 2099");
    }
    static final ObjectMapper JSON = new ObjectMapper();
    static final String P = "Meridian Data Platform";

    @BeanInject
    Database database;
    @BeanInject
    CamelContext camel;
    Sql sql;
    static boolean seeded;

    @BeforeEach
    void seed() {
        sql = new Sql(database);
        HUB.checkAnswersAgainstTheApiContract();
        synchronized (PolicyPatternsTest.class) {
            if (seeded) return;
            seedHistory();
            seeded = true;
        }
    }

    @AfterAll
    void stop() {
        System.clearProperty("lexhub.policy-review.check-cron");
        HUB.close();
    }

    /*
     * The period: the 90 days before 1 October 2026, 2026-07-03 to 2026-09-30. Decisions in it are in August.
     *
     * (a) Repeated grants. EXTRA_SEATS of P approved: A1 100 seats, A2 105, A3 95, A4 150 (365 days each). Median seats
     *     (100 + 105) / 2 = 102.5, 10 %: 92.25..112.75, so A1, A2, A3 alike, A4 not: 3 of 4, listed (threshold 3).
     *     Not counted: A5 (100 seats, decided in May, before the period), A6 (100 seats, a practice request), A7 (denied).
     *     DISCOUNT of P approved: B1 10 %, B2 20 %, B3 15 %: median 15, 13.5..16.5: only B3 alike, 1 of 3, not listed.
     *     DISCOUNT of Meridian Analytics: C1, C2 (10 % each): 2 grants, below the threshold, not listed.
     *     The override requests below are EXTRA_SEATS of Meridian Override Suite with 10, 50 and 200 seats approved: median 50,
     *     only one alike, not listed.
     * (b) Renewal chains past 2 renewals with a renewal in the period: chain Y (Y3 3rd on 1 Aug, Y4 4th on 1 Sep): one entry,
     *     4 renewals, latest Y4; chain X (X3 3rd on 10 Aug): 3 renewals. Not listed: Z3 (3rd, May), V2 (2nd renewal only).
     * (c) Against the score (high 60, low 20): O1 approved at 70 (COM-01 20 points, COM-02 10, SEC-01 0 points), O2 approved
     *     at 65 (COM-01), O3 denied at 10 (COM-01, DUR-01), O4 denied at 15 (DUR-01). Not counted: O5 approved at 50,
     *     O6 denied at 30, O7 approved at 80 but practice, O8 approved at 90 in May.
     *     COM-01: 2 approved high + 1 denied low = 3; DUR-01: 0 + 2 = 2; COM-02: 1 + 0 = 1; SEC-01 gave no points.
     */
    private void seedHistory() {
        String aug = "2026-08-1";
        grant("EXC-2026-910001", "EXTRA_SEATS", P, "\"seats\": 100", aug + "1T10:00:00Z", "APPROVED", false);
        grant("EXC-2026-910002", "EXTRA_SEATS", P, "\"seats\": 105", aug + "2T10:00:00Z", "APPROVED", false);
        grant("EXC-2026-910003", "EXTRA_SEATS", P, "\"seats\": 95", aug + "3T10:00:00Z", "APPROVED", false);
        grant("EXC-2026-910004", "EXTRA_SEATS", P, "\"seats\": 150", aug + "4T10:00:00Z", "APPROVED", false);
        grant("EXC-2026-910005", "EXTRA_SEATS", P, "\"seats\": 100", "2026-05-11T10:00:00Z", "APPROVED", false);
        grant("EXC-2026-910006", "EXTRA_SEATS", P, "\"seats\": 100", aug + "5T10:00:00Z", "APPROVED", true);
        grant("EXC-2026-910007", "EXTRA_SEATS", P, "\"seats\": 100", aug + "6T10:00:00Z", "DENIED", false);
        grant("EXC-2026-920001", "DISCOUNT", P, "\"discountPercent\": 10", aug + "1T11:00:00Z", "APPROVED", false);
        grant("EXC-2026-920002", "DISCOUNT", P, "\"discountPercent\": 20", aug + "2T11:00:00Z", "APPROVED", false);
        grant("EXC-2026-920003", "DISCOUNT", P, "\"discountPercent\": 15", aug + "3T11:00:00Z", "APPROVED", false);
        grant("EXC-2026-930001", "DISCOUNT", "Meridian Analytics", "\"discountPercent\": 10", aug + "1T12:00:00Z", "APPROVED", false);
        grant("EXC-2026-930002", "DISCOUNT", "Meridian Analytics", "\"discountPercent\": 10", aug + "2T12:00:00Z", "APPROVED", false);

        String o = "Meridian Override Suite";
        scored("EXC-2026-940001", o, 10, 70, "APPROVED", aug + "1T13:00:00Z", false, "COM-01:20", "COM-02:10", "SEC-01:0");
        scored("EXC-2026-940002", o, 50, 65, "APPROVED", aug + "2T13:00:00Z", false, "COM-01:20");
        scored("EXC-2026-940003", o, 20, 10, "DENIED", aug + "3T13:00:00Z", false, "COM-01:5", "DUR-01:5");
        scored("EXC-2026-940004", o, 30, 15, "DENIED", aug + "4T13:00:00Z", false, "DUR-01:5");
        scored("EXC-2026-940005", o, 200, 50, "APPROVED", aug + "5T13:00:00Z", false, "COM-01:20");
        scored("EXC-2026-940006", o, 40, 30, "DENIED", aug + "6T13:00:00Z", false, "COM-01:20");
        scored("EXC-2026-940007", o, 60, 80, "APPROVED", aug + "7T13:00:00Z", true, "COM-01:20");
        scored("EXC-2026-940008", o, 70, 90, "APPROVED", "2026-05-12T13:00:00Z", false, "COM-01:20");

        waiver("EXC-2024-950000", null, 0, "2024-06-01T09:00:00Z", "RENEWED");
        waiver("EXC-2026-950003", "EXC-2024-950000", 3, "2026-08-10T09:00:00Z", "ACTIVE");
        waiver("EXC-2026-960003", "EXC-2024-960000", 3, "2026-08-01T09:00:00Z", "RENEWED");
        waiver("EXC-2026-960004", "EXC-2024-960000", 4, "2026-09-01T09:00:00Z", "ACTIVE");
        waiver("EXC-2026-970003", "EXC-2024-970000", 3, "2026-05-01T09:00:00Z", "ACTIVE");
        waiver("EXC-2026-980002", "EXC-2024-980000", 2, "2026-08-20T09:00:00Z", "ACTIVE");
    }

    @Test
    void theSeededHistoryGivesTheHandCountedLists() throws Exception {
        JsonNode p = JSON.readTree(HUB.get("/api/reports/patterns?from=2026-07-03&to=2026-09-30").body());
        System.out.println("[patterns] " + p);

        assertThat(p.path("repeatedGrants")).hasSize(1);
        JsonNode g = p.path("repeatedGrants").get(0);
        assertThat(g.path("type").asText()).isEqualTo("EXTRA_SEATS");
        assertThat(g.path("product").asText()).isEqualTo(P);
        assertThat(g.path("granted").asInt()).isEqualTo(4);
        assertThat(g.path("similar").asInt()).isEqualTo(3);
        assertThat(g.path("medianSeats").decimalValue()).isEqualByComparingTo("102.5");
        assertThat(g.path("medianDurationDays").decimalValue()).isEqualByComparingTo("365");
        assertThat(g.path("references").toString()).isEqualTo("[\"EXC-2026-910001\",\"EXC-2026-910002\",\"EXC-2026-910003\"]");

        assertThat(p.path("longChains")).hasSize(2);
        assertThat(p.at("/longChains/0/chain").asText()).isEqualTo("EXC-2024-960000");
        assertThat(p.at("/longChains/0/renewals").asInt()).isEqualTo(4);
        assertThat(p.at("/longChains/0/latest").asText()).isEqualTo("EXC-2026-960004");
        assertThat(p.at("/longChains/1/chain").asText()).isEqualTo("EXC-2024-950000");
        assertThat(p.at("/longChains/1/renewals").asInt()).isEqualTo(3);

        JsonNode rules = p.path("overriddenRules");
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0).toString()).isEqualTo("{\"ruleId\":\"COM-01\",\"approvedAtHighScore\":2,\"deniedAtLowScore\":1,\"total\":3,"
                + "\"references\":[\"EXC-2026-940001\",\"EXC-2026-940002\",\"EXC-2026-940003\"]}");
        assertThat(rules.get(1).toString()).isEqualTo("{\"ruleId\":\"DUR-01\",\"approvedAtHighScore\":0,\"deniedAtLowScore\":2,\"total\":2,"
                + "\"references\":[\"EXC-2026-940003\",\"EXC-2026-940004\"]}");
        assertThat(rules.get(2).path("ruleId").asText()).isEqualTo("COM-02");
        assertThat(rules.get(2).path("total").asInt()).isEqualTo(1);

        assertThat(HUB.get("/api/reports/patterns?from=2026-10-01&to=2026-07-01").statusCode()).isEqualTo(400);
    }

    @Test
    void thePolicyOwnerIsMailedOncePerPeriodHoweverOftenTheTimerFires() throws Exception {
        // 1 October 2026, after 07:00 wherever the hub's zone is within two hours of UTC: the cadence's day
        MutableClockConfiguration.CLOCK.set(Instant.parse("2026-10-01T09:30:00Z"));
        var template = camel.createProducerTemplate();
        List<String> outcomes = List.of(
                template.requestBody("direct:policy-patterns", null, PatternMail.Result.class).outcome(),
                template.requestBody("direct:policy-patterns", null, PatternMail.Result.class).outcome());
        assertThat(outcomes).containsExactly("sent", "already sent");
        assertThat(sql.count("SELECT COUNT(*) FROM policy_pattern_mails WHERE due_on = ?", LocalDate.parse("2026-10-01"))).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'policy.patterns-sent'")).isEqualTo(1);
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.patterns-sent'").get(0))
                .contains("\"from\":\"2026-07-03\"", "\"to\":\"2026-09-30\"", "licensing-desk@meridian-software.example",
                        "\"repeatedGrants\":1", "\"longChains\":2", "\"overriddenRules\":3");

        await().atMost(Duration.ofSeconds(20)).until(() -> toDesk().size() == 1);
        String text = TestHub.text(toDesk().get(0));
        assertThat(toDesk().get(0).getSubject()).isEqualTo("Policy review: patterns of 2026-07-03 to 2026-09-30");
        assertThat(text).contains("EXTRA_SEATS of Meridian Data Platform: 3 of 4 grants alike, about 102.5 seats, about 365 days",
                "EXC-2024-960000: EXTRA_SEATS of Meridian Data Platform for CUST-W, 4 renewals, the latest EXC-2026-960004 (ACTIVE)",
                "COM-01: 3 times (2 approved at a high score, 1 denied at a low one)");

        // later that week the day is past its grace: nothing more is sent
        MutableClockConfiguration.CLOCK.set(Instant.parse("2026-10-05T09:30:00Z"));
        assertThat(template.requestBody("direct:policy-patterns", null, PatternMail.Result.class).outcome()).isEqualTo("not due");
        assertThat(sql.count("SELECT COUNT(*) FROM policy_pattern_mails")).isEqualTo(1);
    }

    private List<MimeMessage> toDesk() {
        return Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().startsWith("Policy review:")
                        && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals("licensing-desk@meridian-software.example"));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** A request of 365 days from 2026-09-01 decided as given (no risk score: not one of (c)'s). */
    private void grant(String ref, String type, String product, String terms, String decided, String outcome, boolean practice) {
        request(ref, type, product, terms, null, "{}", outcome, practice);
        decision(ref, outcome, decided);
    }

    /** A request of Meridian Override Suite with a risk score and the rules that gave it points ("COM-01:20"). */
    private void scored(String ref, String product, int seats, int score, String outcome, String decided, boolean practice, String... rules) {
        String contributions = String.join(", ", Arrays.stream(rules).map(r -> "{\"ruleId\": \"" + r.split(":")[0] + "\", \"points\": "
                + r.split(":")[1] + "}").toList());
        request(ref, "EXTRA_SEATS", product, "\"seats\": " + seats, score, "{\"risk\": {\"score\": " + score + ", \"contributions\": [" + contributions + "]}}",
                outcome, practice);
        decision(ref, outcome, decided);
    }

    private void request(String ref, String type, String product, String terms, Integer score, String assessment, String state, boolean practice) {
        String doc = "{\"customer\": {\"id\": \"CUST-S\", \"name\": \"Seeded Ltd\"}, \"product\": \"" + product + "\", \"type\": \"" + type
                + "\", \"terms\": {" + terms + ", \"start\": \"2026-09-01\", \"durationDays\": 365}}";
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, risk_score,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at, practice)
                VALUES (?, 'api', ?, ?, 'CUST-S', 'Seeded Ltd', ?, ?, ?, 'seed', ?, ?, ?, '', ?, ?, ?)""",
                ref, "seed:" + ref, state, product, type, score, "0".repeat(64), doc, assessment, at("2026-08-01T09:00:00Z"), at("2026-08-01T09:00:00Z"),
                practice);
    }

    private void decision(String ref, String outcome, String decided) {
        sql.update("""
                INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                    policy_version, decided_by, decided_at)
                SELECT reference, exception_type, product, 1, ?, 'seeded', '[]', '[]', ?, 'seed', 'seed', ? FROM requests WHERE reference = ?""",
                outcome, "0".repeat(64), at(decided), ref);
    }

    private void waiver(String ref, String chain, int renewals, String created, String state) {
        sql.update("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at,
                    renewal_of, renewal_count, chain_ref)
                VALUES (?, ?, 'CUST-W', ?, 'EXTRA_SEATS', ?, ?, '{}', ?, ?, ?, ?, ?)""", ref, state, P, LocalDate.parse(created.substring(0, 10)),
                LocalDate.parse(created.substring(0, 10)).plusDays(90), at(created), at(created), chain, renewals, chain == null ? ref : chain);
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }
}
