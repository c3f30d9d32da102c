package io.lexhub.ops;

import static io.lexhub.support.Cli.run;
import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Cli.Run;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * `lexhub policy simulate` over a history seeded through the hub's real intake (config/policy.yaml),
 * whose outcomes under a candidate are worked out by hand below. The candidate raises the fast
 * track's and tier T1's maxDurationDays from 30 to 45 days:
 * <pre>
 *   A EXTRA_SEATS 40 seats, 20 days      FAST, T1 licensing                    unchanged
 *   B EXTRA_SEATS 40 seats, 40 days      STANDARD, T2 licensing > sales        -> FAST, T1 licensing
 *   C TEMPORARY_ACCESS 40 seats, 40 days STANDARD, T2 licensing > sales        -> FAST, T1 licensing (40 days > autoApprove's 30: people decide)
 *   D DISCOUNT 20 %, 40 days             STANDARD (type), risk 7.5, T2          -> STANDARD, T1 licensing (chain only)
 *   E TEMPORARY_ACCESS 40 seats, 60 days STANDARD, T2                           unchanged (60 > 45)
 *   F TEMPORARY_ACCESS 90 days           REJECTED (type allows 60)              unchanged
 *   G TEMPORARY_ACCESS 40 seats, 20 days FAST, approved by the policy           unchanged
 * </pre>
 * Every request has 2,400 EUR at stake and INTERNAL data; each its own customer (no overlaps).
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicySimulateTest {

    static final TestHub HUB = TestHub.prepare("simulate");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String POLICY = read(Path.of("config/policy.yaml"));

    @BeanInject
    Database database;

    final Map<String, String> refs = new LinkedHashMap<>();

    /** Once, from the first test (the hub starts after the class's @BeforeAll). */
    void seedHistory() throws Exception {
        if (!refs.isEmpty()) return;
        String start = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        refs.put("A", submit("A", "EXTRA_SEATS", "\"seats\": 40", start, 20));
        refs.put("B", submit("B", "EXTRA_SEATS", "\"seats\": 40", start, 40));
        refs.put("C", submit("C", "TEMPORARY_ACCESS", "\"seats\": 40", start, 40));
        refs.put("D", submit("D", "DISCOUNT", "\"discountPercent\": 20", start, 40));
        refs.put("E", submit("E", "TEMPORARY_ACCESS", "\"seats\": 40", start, 60));
        refs.put("F", submit("F", "TEMPORARY_ACCESS", "\"seats\": 40", start, 90));
        refs.put("G", submit("G", "TEMPORARY_ACCESS", "\"seats\": 40", start, 20));
        Sql sql = new Sql(database);
        // the history as the hand-worked table above says
        assertThat(state(sql, "A")).containsExactly("PENDING_APPROVAL", "FAST", "T1");
        assertThat(state(sql, "B")).containsExactly("PENDING_APPROVAL", "STANDARD", "T2");
        assertThat(state(sql, "D")).containsExactly("PENDING_APPROVAL", "STANDARD", "T2");
        assertThat(state(sql, "F").get(0)).isEqualTo("REJECTED");
        assertThat(state(sql, "G")).containsExactly("APPROVED", "FAST", "T1");
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    void aCandidateRaisingTheFastTrackThresholdMovesExactlyTheExpectedRequestsAndWritesNothing() throws Exception {
        seedHistory();
        Sql sql = new Sql(database);
        // the hub has sent the seeded requests' mails (each send is audited): from here on it is idle
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'") == 0);
        long requests = sql.count("SELECT COUNT(*) FROM requests");
        long events = sql.count("SELECT COUNT(*) FROM audit_events");
        long outbox = sql.count("SELECT COUNT(*) FROM outbox");
        long versions = sql.count("SELECT COUNT(*) FROM policy_versions");
        Path json = HUB.home.resolve("report.json");

        Run r = run("policy", "simulate", "--candidate", candidate("raised.yaml", raised()).toString(), "--out", json.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("replayed 7, changed 3").contains("replayed 7 of 7, done").contains("sales: -3 requests to decide")
                .contains("nothing was written");

        JsonNode report = JSON.readTree(json.toFile());
        Map<String, JsonNode> byRef = new LinkedHashMap<>();
        report.path("differences").forEach(d -> byRef.put(d.path("reference").asText(), d));
        assertThat(byRef.keySet()).containsExactlyInAnyOrder(refs.get("B"), refs.get("C"), refs.get("D"));
        for (String k : List.of("B", "C")) {
            JsonNode d = byRef.get(refs.get(k));
            assertThat(texts(d.path("changed"))).as(k).containsExactly("track", "tier", "chain");
            assertThat(d.path("before").path("track").asText()).isEqualTo("STANDARD");
            assertThat(d.path("after").path("track").asText()).isEqualTo("FAST");
            assertThat(texts(d.path("before").path("chain"))).containsExactly("licensing", "sales");
            assertThat(texts(d.path("after").path("chain"))).containsExactly("licensing");
            assertThat(d.path("after").path("autoApproved").asBoolean()).isFalse();
            assertThat(texts(d.path("rules"))).contains("fastTrack.durationDays now met", "tier T2->T1");
        }
        JsonNode d = byRef.get(refs.get("D"));
        assertThat(texts(d.path("changed"))).containsExactly("tier", "chain");
        assertThat(d.path("after").path("track").asText()).isEqualTo("STANDARD");
        assertThat(d.path("after").path("riskScore").decimalValue()).isEqualByComparingTo("7.5");

        JsonNode t = report.path("totals");
        assertThat(t.path("replayed").asLong()).isEqualTo(7);
        assertThat(t.path("changed").asLong()).isEqualTo(3);
        assertThat(t.path("before").path("tracks").path("FAST").asLong()).isEqualTo(2);
        assertThat(t.path("after").path("tracks").path("FAST").asLong()).isEqualTo(4);
        assertThat(t.path("before").path("fastTrackShare").decimalValue()).isEqualByComparingTo("0.3333");
        assertThat(t.path("after").path("fastTrackShare").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(t.path("before").path("workloadByRole").path("sales").asLong()).isEqualTo(4);
        assertThat(t.path("after").path("workloadByRole").path("sales").asLong()).isEqualTo(1);
        assertThat(t.path("before").path("workloadByRole").path("licensing").asLong()).isEqualTo(5);
        assertThat(t.path("after").path("workloadByRole").path("licensing").asLong()).isEqualTo(5);
        assertThat(t.path("before").path("autoApprovals").asLong()).isEqualTo(1);
        assertThat(t.path("after").path("autoApprovals").asLong()).isEqualTo(1);
        // 40 business hours per STANDARD level, 8 per FAST level, none for G (the policy approved it), F (rejected):
        // before A 8 + B, C, D, E 2 x 40 each = 328; after A, B, C 8 each + D 40 + E 80 = 144
        assertThat(t.path("before").path("slaHours").decimalValue()).isEqualByComparingTo("328");
        assertThat(t.path("after").path("slaHours").decimalValue()).isEqualByComparingTo("144");
        // D's duration criterion flips too, but its track (DISCOUNT is never fast) does not: it counts for B and C only
        assertThat(t.path("rulesChangingOutcomes").toString()).isEqualTo("[{\"rule\":\"tier\",\"requests\":3},"
                + "{\"rule\":\"fastTrack.durationDays\",\"requests\":2}]");

        assertThat(sql.count("SELECT COUNT(*) FROM requests")).isEqualTo(requests);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events")).isEqualTo(events);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox")).isEqualTo(outbox);
        assertThat(sql.count("SELECT COUNT(*) FROM policy_versions")).isEqualTo(versions);
    }

    @Test
    void theHtmlReportDrawsItsChartsAndEscapesWhatItShows() throws Exception {
        seedHistory();
        Path html = HUB.home.resolve("report.html");
        String hostile = raised().replaceFirst("version: \"[^\"]*\"", "version: \"<script>alert(1)</script>&\"");
        Run r = run("policy", "simulate", "--candidate", candidate("hostile.yaml", hostile).toString(), "--out", html.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("<svg class=\"pairs\" id=\"tiers\"", "<svg class=\"pairs\" id=\"tracks\"", "<svg class=\"pairs\" id=\"workload\"")
                .contains("<table id=\"totals\">", "<table id=\"differences\">", refs.get("B"), refs.get("C"), refs.get("D"))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;")
                .doesNotContain("<script>");
    }

    @Test
    void theIdenticalCandidateChangesNothing() throws Exception {
        seedHistory();
        Path json = HUB.home.resolve("same.json");
        Run r = run("policy", "simulate", "--candidate", candidate("same.yaml", POLICY).toString(), "--out", json.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("replayed 7, changed 0");
        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.path("differences")).isEmpty();
        assertThat(report.path("totals").path("rulesChangingOutcomes")).isEmpty();
        assertThat(report.path("totals").path("before")).isEqualTo(report.path("totals").path("after"));
    }

    @Test
    void aMalformedCandidateIsRefusedWithItsLine() throws Exception {
        seedHistory();
        String broken = POLICY.replaceFirst("\\{role: sales, mode: ONE\\}", "{role: sails, mode: ONE}");
        int line = (int) broken.substring(0, broken.indexOf("sails")).lines().count();
        Path file = candidate("broken.yaml", broken);
        Run r = run("policy", "simulate", "--candidate", file.toString(), "--out", HUB.home.resolve("never.json").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("not a valid policy").contains(file + ":" + line + ": ").contains("sails").doesNotContain("changed");
        assertThat(HUB.home.resolve("never.json")).doesNotExist();

        Run syntax = run("policy", "simulate", "--candidate", candidate("syntax.yaml", "version: \"x\"\nfastTrack: [\n").toString());
        assertThat(syntax.exit()).as(syntax.out()).isEqualTo(1);
        assertThat(syntax.out()).containsPattern("syntax\\.yaml:[23]: ");
    }

    /** The policy in force with the fast track and tier T1 allowing 45 days instead of 30. */
    static String raised() {
        String fast = "fastTrack:\n  types: [EXTRA_SEATS, TERM_EXTENSION, TEMPORARY_ACCESS]\n  maxDurationDays: 30\n";
        String t1 = "    - id: T1\n      maxRiskScore: 20\n      maxDurationDays: 30\n";
        assertThat(POLICY).contains(fast, t1);
        return POLICY.replace(fast, fast.replace("30", "45")).replace(t1, t1.replace("30", "45")).replaceFirst("version: \"([^\"]*)\"", "version: \"$1-raised\"");
    }

    private static Path candidate(String name, String text) throws Exception {
        Path file = HUB.home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String submit(String customer, String type, String terms, String start, int days) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request("CUST-SIM-" + customer, type, terms, start, days, 2400, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("reference").asText();
    }

    private List<String> state(Sql sql, String key) {
        List<String> out = new ArrayList<>(sql.strings("SELECT state FROM requests WHERE reference = ?", refs.get(key)));
        out.addAll(sql.strings("SELECT track FROM requests WHERE reference = ?", refs.get(key)));
        out.addAll(sql.strings("SELECT tier FROM requests WHERE reference = ?", refs.get(key)));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
