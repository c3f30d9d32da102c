package io.lexhub.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.cli.Lexhub;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.Tx;
import io.lexhub.support.SeededHistory;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Metrics, the summary, the HTML report and utilisation on the real routes, against a seeded
 * history of October 2025 whose figures are worked out by hand below (docs/insight.md has the
 * definitions). Rows are seeded with SQL, audit events through the hub's own hash chain.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightTest {

    static final TestHub HUB = TestHub.prepare("insight");
    static {
        System.setProperty("lexhub.metrics.min-refresh-ms", "0");
        System.setProperty("lexhub.usage.file.poll-ms", "200");
        // the seeded history has a level past its due time: a real sweep crossing a 5-minute mark
        // during the run would escalate it and change the figures worked out below
        System.setProperty("lexhub.lifecycle.sla-sweep.cron", "0 0 0 1 1 ? 2099");
        System.setProperty("lexhub.lifecycle.expiry-sweep.cron", "0 0 0 1 1 ? 2099");
    }
    static final ObjectMapper JSON = new ObjectMapper();

    static final String U = SeededHistory.U;

    @BeanInject
    Database database;
    @BeanInject
    CamelContext camel;
    Sql sql;
    static boolean seeded;

    @BeforeEach
    void seed() {
        sql = new Sql(database);
        synchronized (InsightTest.class) {
            if (seeded) return;
            seedHistory();
            seeded = true;
        }
    }

    @AfterAll
    void stopMail() {
        System.clearProperty("lexhub.lifecycle.sla-sweep.cron");
        System.clearProperty("lexhub.lifecycle.expiry-sweep.cron");
        HUB.close();
    }

    private void seedHistory() {
        AuditTrail audit = new AuditTrail(AuditKeys.resolve(Optional.of(System.getProperty("lexhub.audit.hmac-key")), HUB.home), new AuditRowStore());
        SeededHistory.seed(sql, new Tx(database.dataSource()), audit);
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        HUB.checkAnswersAgainstTheApiContract();
    }

    @Test
    void theSummaryHasTheKnownAnswersOfTheSeededHistory() throws Exception {
        JsonNode s = summary("2025-10-01", "2025-10-31");
        assertThat(s.at("/requests/total").asLong()).isEqualTo(6);
        assertThat(s.at("/requests/byChannel").toString()).isEqualTo("{\"api\":3,\"file\":2,\"mail\":1}");
        assertThat(s.at("/requests/byType").toString()).isEqualTo("{\"DISCOUNT\":2,\"EXTRA_SEATS\":4}");
        assertThat(s.at("/requests/byOutcome").toString()).isEqualTo("{\"APPROVED\":3,\"DENIED\":2,\"PENDING_APPROVAL\":1}");
        assertThat(s.at("/approvals/approvalRate").asDouble()).isEqualTo(0.6);
        assertThat(s.at("/decisionTime/overall").toString()).isEqualTo("{\"count\":5,\"meanHours\":39.2,\"p50Hours\":48.0,\"p90Hours\":72.0}");
        assertThat(s.at("/decisionTime/byTrackTier").toString()).isEqualTo(
                "[{\"track\":\"FAST\",\"tier\":\"T1\",\"times\":{\"count\":1,\"meanHours\":4.0,\"p50Hours\":4.0,\"p90Hours\":4.0}},"
                        + "{\"track\":\"STANDARD\",\"tier\":\"T2\",\"times\":{\"count\":4,\"meanHours\":48.0,\"p50Hours\":48.0,\"p90Hours\":72.0}}]");
        assertThat(s.at("/cycleTimeTrend").toString()).isEqualTo(
                "[{\"week\":\"2025-09-29\",\"decisions\":1,\"meanHours\":4.0,\"p50Hours\":4.0},"
                        + "{\"week\":\"2025-10-06\",\"decisions\":2,\"meanHours\":36.0,\"p50Hours\":24.0},"
                        + "{\"week\":\"2025-10-13\",\"decisions\":1,\"meanHours\":72.0,\"p50Hours\":72.0},"
                        + "{\"week\":\"2025-10-20\",\"decisions\":1,\"meanHours\":48.0,\"p50Hours\":48.0}]");
        assertThat(s.at("/sla").toString()).isEqualTo("{\"judged\":6,\"met\":3,\"missed\":3,\"adherence\":0.5,\"escalations\":1}");
        assertThat(s.at("/renewals").toString()).isEqualTo(
                "{\"ended\":4,\"renewed\":2,\"expired\":2,\"renewalRate\":0.5,\"renewalsGranted\":2,\"repeatRenewals\":1}");
        assertThat(s.at("/disputes/disputeRate").asDouble()).isEqualTo(0.4);
        assertThat(s.at("/disputes/references").toString()).isEqualTo("[\"EXC-2025-900003\",\"EXC-2025-900005\"]");
        assertThat(s.at("/revocations").asLong()).isEqualTo(1);
        assertThat(s.at("/activeWaivers/count").asLong()).isEqualTo(7);
        assertThat(s.at("/activeWaivers/grantedValue/EUR").decimalValue()).isEqualByComparingTo("21000");
        assertThat(s.at("/activeWaivers/grantedValue/USD").decimalValue()).isEqualByComparingTo("5000");
        // R2 and R5 follow approvals only (share 1), R6 was denied after three approvals (share 0)
        assertThat(s.at("/precedentConsistency").toString()).isEqualTo("{\"decisionsWithPrecedents\":3,\"consistency\":0.6667,\"byType\":{\"EXTRA_SEATS\":0.6667}}");
        assertThat(s.at("/topCustomers/0").toString()).isEqualTo("{\"customerId\":\"CUST-1\",\"customerName\":\"CUST-1 Ltd\",\"requests\":3,\"approved\":2}");
        assertThat(s.at("/topCustomers/1/customerId").asText()).isEqualTo("CUST-2");

        assertThat(HUB.get("/api/reports/summary?from=2025-11-01&to=2025-10-01").statusCode()).isEqualTo(400);
    }

    /** The hourly route folds the decision tally the whole weeks are added up from (docs/insight.md); no figure moves. */
    @Test
    void foldingTheDecisionTallyLeavesEveryFigure() throws Exception {
        String before = summary("2025-09-01", "2025-12-01").toString();
        // every decision taken out and counted again, as a re-assessment that changes nothing appends it
        String columns = "decided_week, track, tier, exception_type, outcome, decisions, timed, secs, precedented, shares";
        String negated = "decided_week, track, tier, exception_type, outcome, -decisions, -timed, -secs, -precedented, -shares";
        sql.update("INSERT INTO decision_tally (" + columns + ") SELECT " + negated + " FROM decision_tally");
        sql.update("INSERT INTO decision_tally (" + columns + ") SELECT " + negated + " FROM decision_tally WHERE decisions < 0");
        long rows = sql.count("SELECT COUNT(*) FROM decision_tally");
        assertThat(rows).isGreaterThan(4);

        assertThat(camel.createProducerTemplate().requestBody("direct:decision-tally-compaction", null, String.class))
                .isEqualTo("decision tally: " + rows + " rows folded into one per week and group");
        assertThat(sql.count("SELECT COUNT(*) FROM decision_tally")).isEqualTo(sql.count("SELECT COUNT(*) FROM (SELECT 1 AS one FROM decisions"
                + " WHERE practice = FALSE AND decided_week IS NOT NULL GROUP BY decided_week, track, tier, exception_type, outcome) g"));
        assertThat(summary("2025-09-01", "2025-12-01").toString()).isEqualTo(before);
        assertThat(camel.createProducerTemplate().requestBody("direct:decision-tally-compaction", null, String.class))
                .isEqualTo("decision tally: nothing to fold");
    }

    @Test
    void prometheusGaugesShowTheSameFiguresComputedFromTheDatabase() throws Exception {
        HttpResponse<String> r = HUB.get("/api/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String m = r.body();
        // all time: the usage waivers' two requests have no decision, so the decision figures are October's
        assertThat(value(m, "lexhub_approval_rate_ratio")).isEqualTo(0.6);
        assertThat(value(m, "lexhub_decision_time_seconds", "stat=\"p90\"", "tier=\"T2\"", "track=\"STANDARD\"")).isEqualTo(72.0 * 3600);
        assertThat(value(m, "lexhub_decision_time_seconds", "stat=\"mean\"", "tier=\"T1\"", "track=\"FAST\"")).isEqualTo(4.0 * 3600);
        assertThat(value(m, "lexhub_sla_adherence_ratio")).isEqualTo(0.5);
        assertThat(value(m, "lexhub_escalations")).isEqualTo(1.0);
        assertThat(value(m, "lexhub_renewal_rate_ratio")).isEqualTo(0.5);
        assertThat(value(m, "lexhub_renewals_repeat")).isEqualTo(1.0);
        assertThat(value(m, "lexhub_dispute_rate_ratio")).isEqualTo(0.4);
        assertThat(value(m, "lexhub_waivers_revoked")).isEqualTo(1.0);
        assertThat(value(m, "lexhub_waivers_active")).isEqualTo(7.0);
        assertThat(value(m, "lexhub_waivers_active_granted_value", "currency=\"EUR\"")).isEqualTo(21000.0);
        assertThat(value(m, "lexhub_requests", "channel=\"api\"", "outcome=\"APPROVED\"", "type=\"EXTRA_SEATS\"")).isEqualTo(4.0);
        assertThat(value(m, "lexhub_requests", "channel=\"mail\"", "outcome=\"PENDING_APPROVAL\"", "type=\"DISCOUNT\"")).isEqualTo(1.0);
        assertThat(value(m, "lexhub_precedent_consistency_ratio")).isEqualTo(0.6667);

        // computed from the database: a row written behind the hub's back shows on the next scrape
        sql.update("UPDATE waivers SET state = 'REVOKED', ended_at = ? WHERE request_ref = 'EXC-2025-800005'", at("2025-09-01T00:00:00Z"));
        try {
            assertThat(value(HUB.get("/api/metrics").body(), "lexhub_waivers_active")).isEqualTo(6.0);
        } finally {
            sql.update("UPDATE waivers SET state = 'ACTIVE', ended_at = NULL WHERE request_ref = 'EXC-2025-800005'");
        }
    }

    @Test
    void aPeriodWithoutDecisionsSaysNoDataInsteadOfZero() throws Exception {
        Path out = HUB.home.resolve("empty-report.html");
        assertThat(new CommandLine(new Lexhub()).execute("report", "--from", "2020-01-01", "--to", "2020-01-31", "--out", out.toString())).isZero();
        String html = Files.readString(out);
        for (String metric : List.of("approvals.approvalRate", "sla.adherence", "renewals.renewalRate", "disputes.disputeRate", "decisionTime.overall.p50Hours")) {
            assertThat(html).as(metric).contains("data-metric=\"" + metric + "\">no data</td>");
        }
        // the SLA pie is drawn only when something was judged (an empty pie shows two equal halves)
        assertThat(html).contains("if (s.sla.judged > 0)");
    }

    @Test
    void theHtmlReportIsSelfContainedAndItsNumbersAreThoseOfTheJson() throws Exception {
        Path out = HUB.home.resolve("report.html");
        int exit = new CommandLine(new Lexhub()).execute("report", "--from", "2025-10-01", "--to", "2025-10-31", "--out", out.toString());
        assertThat(exit).isZero();
        String html = Files.readString(out);
        JsonNode api = summary("2025-10-01", "2025-10-31");

        Matcher embedded = Pattern.compile("<script type=\"application/json\" id=\"lexhub-summary\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(embedded.find()).isTrue();
        assertThat(JSON.readTree(embedded.group(1))).isEqualTo(api);

        Matcher cells = Pattern.compile("data-metric=\"([^\"]+)\">([^<]*)</td>").matcher(html);
        int checked = 0;
        while (cells.find()) {
            JsonNode expected = api.at("/" + cells.group(1).replace('.', '/'));
            assertThat(expected.isMissingNode()).as(cells.group(1)).isFalse();
            assertThat(cells.group(2)).as(cells.group(1) + ": this period has data for every figure").isNotEqualTo("no data");
            assertThat(Double.parseDouble(cells.group(2))).as(cells.group(1)).isEqualTo(expected.asDouble());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(17);
        assertThat(rows(html, "decision-time-table")).contains(List.of("STANDARD", "T2", "4", "48.0", "48.0", "72.0"));
        assertThat(rows(html, "cycle-time-table")).contains(List.of("2025-10-06", "2", "36.0", "24.0"));
        assertThat(rows(html, "volume-by-type-table")).contains(List.of("DISCOUNT", "2"), List.of("EXTRA_SEATS", "4"));
        assertThat(rows(html, "sla-table")).contains(List.of("6", "3", "3", "0.5", "1"));
        assertThat(rows(html, "top-customers-table").get(1)).isEqualTo(List.of("CUST-1", "CUST-1 Ltd", "3", "2"));
        assertThat(rows(html, "rates-table")).contains(List.of("dispute", "0.4", "2 disputed of 5"));

        // five charts, the library inline, nothing fetched from elsewhere
        assertThat(Pattern.compile("<div class=\"chart\" id=\"chart-").matcher(html).results().count()).isEqualTo(5);
        assertThat(html).contains("echarts.init(").doesNotContain("<script src", "<link ", "src=\"http", "href=\"http");
        assertThat(html.length()).isGreaterThan(1_000_000);

        // the charts are really drawn (SVG renderer) in Debian's Chromium, which .ci/run installs
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(Files.isExecutable(chromium)).as("/usr/bin/chromium is needed to draw the report (apt-get install -y chromium chromium-driver)").isTrue();
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", out.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String rendered = new String(dom, StandardCharsets.UTF_8);
        assertThat(Pattern.compile("data-drawn=\"true\"").matcher(rendered).results().count()).isEqualTo(5);
        assertThat(Pattern.compile("<svg").matcher(rendered).results().count()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void usageOverTheBoundaryRaisesOneOverageNotifiesTheOwnerAndPutsTheWaiverIntoReview() throws Exception {
        String ref = "EXC-2025-700001";
        JsonNode first = usage("{\"customer\": \"CUST-U1\", \"product\": \"" + U + "\", \"metric\": \"seats\", \"period\": \"2026-01\", \"value\": 115}", 200);
        assertThat(first.at("/results/0/verdict").asText()).isEqualTo("OVERAGE");
        assertThat(first.at("/results/0/reference").asText()).isEqualTo(ref);
        assertThat(first.at("/results/0/newEvent").asBoolean()).isTrue();
        assertOverageRecordedOnce(ref);

        // the same report again, a later period still over, and a contradicting value: nothing new
        assertThat(usage("{\"customer\": \"CUST-U1\", \"product\": \"" + U + "\", \"metric\": \"seats\", \"period\": \"2026-01\", \"value\": 115}", 200)
                .at("/results/0/duplicate").asBoolean()).isTrue();
        JsonNode later = usage("{\"customer\": \"CUST-U1\", \"product\": \"" + U + "\", \"metric\": \"seats\", \"period\": \"2026-02\", \"value\": 130}", 200);
        assertThat(later.at("/results/0/verdict").asText()).isEqualTo("OVERAGE");
        assertThat(later.at("/results/0/newEvent").asBoolean()).isFalse();
        assertThat(usage("{\"customer\": \"CUST-U1\", \"product\": \"" + U + "\", \"metric\": \"seats\", \"period\": \"2026-01\", \"value\": 120}", 409)
                .at("/problems/0").asText()).contains("already reported with value 115");
        // within the 10% tolerance, and a customer without an active waiver
        assertThat(usage("{\"customer\": \"CUST-U1\", \"product\": \"" + U + "\", \"metric\": \"seats\", \"period\": \"2026-03\", \"value\": 108}", 200)
                .at("/results/0/verdict").asText()).isEqualTo("WITHIN");
        assertThat(usage("{\"customer\": \"CUST-NONE\", \"product\": \"" + U + "\", \"metric\": \"seats\", \"period\": \"2026-01\", \"value\": 1}", 200)
                .at("/results/0/verdict").asText()).isEqualTo("UNMATCHED");
        assertOverageRecordedOnce(ref);
        assertThat(usage("{\"customer\": \"CUST-U1\"}", 400).at("/problems").toString()).contains("product missing");

        JsonNode view = JSON.readTree(HUB.get("/api/requests/" + ref).body());
        assertThat(view.at("/utilisation/0/kind").asText()).isEqualTo("OVERAGE");
        // the owner's mail went out through the outbox
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND status = 'SENT'", ref) == 2);
    }

    private void assertOverageRecordedOnce(String ref) {
        assertThat(sql.strings("SELECT kind || ' ' || metric || ' ' || period FROM utilisation_events WHERE request_ref = ?", ref))
                .containsExactly("OVERAGE seats 2026-01");
        assertThat(sql.strings("SELECT status FROM waiver_reviews WHERE request_ref = ? AND period = 'overage'", ref)).containsExactly("OPEN");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.overage'", ref)).isEqualTo(1);
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? ORDER BY recipient", ref))
                .containsExactly("licensing-desk@meridian-software.example", "owner@meridian-software.example");
    }

    @Test
    void usageFarBelowTheBoundaryIsFlaggedOnceAndMalformedFilesGoToFailedWithAReason() throws Exception {
        String ref = "EXC-2025-700002";
        String csv = "customer,product,metric,period,value\nCUST-U2," + U + ",seats,2026-01,40\n";
        Files.writeString(HUB.home.resolve("usage/u2-january.csv"), csv);
        await().atMost(Duration.ofSeconds(20)).until(() -> files(HUB.home.resolve("usage/done")).stream().anyMatch(f -> f.endsWith("u2-january.csv")));
        assertThat(sql.strings("SELECT kind || ' ' || percent FROM utilisation_events WHERE request_ref = ?", ref)).containsExactly("UNDERUSE 20.0");
        // the same content again under another name: recorded once
        Files.writeString(HUB.home.resolve("usage/u2-january-again.csv"), csv);
        await().atMost(Duration.ofSeconds(20)).until(() -> files(HUB.home.resolve("usage/done")).stream().anyMatch(f -> f.endsWith("u2-january-again.csv")));
        assertThat(sql.count("SELECT COUNT(*) FROM utilisation_events WHERE request_ref = ?", ref)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM usage_reports WHERE request_ref = ?", ref)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.underuse-flagged'", ref)).isEqualTo(1);
        // underuse is a note for the renewal, not an alert: no review, no mail
        assertThat(sql.count("SELECT COUNT(*) FROM waiver_reviews WHERE request_ref = ?", ref)).isZero();
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ?", ref)).isZero();
        assertThat(JSON.readTree(HUB.get("/api/requests/" + ref).body()).at("/utilisation/0/kind").asText()).isEqualTo("UNDERUSE");

        Files.writeString(HUB.home.resolve("usage/broken.csv"), "customer,product,metric,period,value\nCUST-U2," + U + ",seats,2026-02,abc\n");
        Path failed = HUB.home.resolve("usage/failed");
        // the reason is written first, then the file moved beside it
        await().atMost(Duration.ofSeconds(20)).until(() -> files(failed).stream().anyMatch(f -> f.endsWith("broken.csv.reason.txt"))
                && files(failed).stream().anyMatch(f -> f.endsWith("broken.csv")));
        String reason = Files.readString(failed.resolve(files(failed).stream().filter(f -> f.endsWith("broken.csv.reason.txt")).findFirst().orElseThrow()));
        assertThat(reason).contains("line 2: value 'abc' is not a number");
        assertThat(sql.count("SELECT COUNT(*) FROM usage_reports WHERE period = '2026-02' AND customer_id = 'CUST-U2'")).isZero();
    }

    // --- helpers

    private static List<String> files(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static JsonNode summary(String from, String to) throws Exception {
        HttpResponse<String> r = HUB.get("/api/reports/summary?from=" + from + "&to=" + to);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode usage(String json, int status) throws Exception {
        HttpResponse<String> r = HUB.post("/api/usage", "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** The value of the one sample of a metric whose labels include all of {@code labels}. */
    static double value(String exposition, String name, String... labels) {
        List<Double> found = new ArrayList<>();
        for (String line : exposition.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) continue;
            boolean all = true;
            for (String l : labels) all &= line.contains(l);
            if (all) found.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        assertThat(found).as(name + " " + List.of(labels)).hasSize(1);
        return found.get(0);
    }

    /** The cells of a table's rows (header row included), tags stripped. */
    static List<List<String>> rows(String html, String tableId) {
        Matcher t = Pattern.compile("<table id=\"" + tableId + "\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertThat(t.find()).as(tableId).isTrue();
        List<List<String>> rows = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(t.group(1));
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) cells.add(td.group(1));
            rows.add(cells);
        }
        return rows;
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }
}
