package io.lexhub.pipeline.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.SeededPatterns;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * The policy review's patterns (docs/practice-and-patterns.md) on the real routes, over the seeded
 * history of support/SeededPatterns whose lists are counted by hand there, with the policy as shipped (policyReview:
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
    static final String P = SeededPatterns.P;

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

    private void seedHistory() {
        SeededPatterns.seed(sql);
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
                "EXC-2024-960000: EXTRA_SEATS of Meridian Data Platform for CUST-Y, 4 renewals, the latest EXC-2026-960004 (ACTIVE)",
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

}
