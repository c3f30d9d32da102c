package io.lexhub.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.cli.Lexhub;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The post-implementation review on the real routes (docs/billing-review.md): billing lines by
 * REST and by file are compared with three waivers seeded with SQL, against a hand-worked set of
 * findings; the same lines again raise nothing; bad and hostile input stores nothing. The clock
 * starts at the real day (keys are issued against it) and is moved forward for the daily review.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingReviewTest {

    static final TestHub HUB = TestHub.prepare("billing");
    static {
        System.setProperty("lexhub.billing.file.poll-ms", "200");
        MutableClockConfiguration.CLOCK.set(now());
    }
    static final ObjectMapper JSON = new ObjectMapper();
    static final String P = "Meridian Analytics Server";
    /** The discount waiver: 18 %, ended 20 days ago. */
    static final String D = "EXC-2026-810001";
    /** The seats waiver: 120 seats, running. */
    static final String S = "EXC-2026-810002";
    /** A discount waiver of 10 % that started 10 days ago: not due for review (policy.yaml: afterDays 30). */
    static final String N = "EXC-2026-810003";
    static final LocalDate T = LocalDate.now(ZoneOffset.UTC);

    @BeanInject
    Database database;
    @BeanInject
    CamelContext camel;

    @AfterAll
    void stop() {
        HUB.close();
    }

    @Test
    void billingLinesThatBreakTheTermsRaiseExactlyTheExpectedFindingsOnce() throws Exception {
        Sql sql = new Sql(database);
        HUB.checkAnswersAgainstTheApiContract();
        waiver(sql, D, "EXPIRED", "CUST-B1", "DISCOUNT", T.minusDays(90), T.minusDays(20), "{\"discountPercent\": 18}");
        waiver(sql, S, "ACTIVE", "CUST-B2", "EXTRA_SEATS", T.minusDays(90), T.plusDays(275), "{\"seats\": 120}");
        waiver(sql, N, "ACTIVE", "CUST-B3", "DISCOUNT", T.minusDays(10), T.plusDays(355), "{\"discountPercent\": 10}");
        String billing = HUB.key("billing-feed", "billing");

        // the discount waiver's lines by REST (JSON): one as granted, one at another discount, one after its end
        String discountLines = "[" + line("CUST-B1", -90, -61, 100, 18, "INV-1/1") + "," + line("CUST-B1", -60, -31, 100, 25, "INV-2/1") + ","
                + line("CUST-B1", -19, -1, 100, 18, "INV-3/1") + "," + line("CUST-NOWAIVER", -30, -1, 5, 50, "INV-9/1") + "]";
        JsonNode sent = billing(discountLines, "application/json", billing, 200);
        assertThat(sent.at("/results/0/review").asText()).isEqualTo("REVIEWED");
        assertThat(sent.at("/results/0/findings").size()).isZero();
        assertThat(sent.at("/results/1/findings/0").asText()).isEqualTo("DISCOUNT_MISMATCH");
        assertThat(sent.at("/results/2/findings/0").asText()).isEqualTo("BILLED_AFTER_END");
        assertThat(sent.at("/results/3/review").asText()).isEqualTo("NO_WAIVER");

        // the seats waiver's lines as a dropped CSV file without line ids: as granted, above, below
        String csv = "customer,product,periodStart,periodEnd,quantity,unitPrice,discountPercent\n"
                + "CUST-B2," + P + "," + T.minusDays(90) + "," + T.minusDays(61) + ",120,40,0\n"
                + "CUST-B2," + P + "," + T.minusDays(60) + "," + T.minusDays(31) + ",130,40,0\n"
                + "CUST-B2," + P + "," + T.minusDays(30) + "," + T.minusDays(1) + ",110,40,0\n";
        drop("seats-lines.csv", csv);

        // the new waiver's line by REST (CSV): stored, but it waits until the waiver is 30 days old
        String waiting = "customer,product,month,quantity,unitPrice,discountPercent,lineId,invoice\n"
                + "CUST-B3," + P + "," + java.time.YearMonth.from(T) + ",10,99.5,12,INV-5-1,INV-5\n";
        assertThat(billing(waiting, "text/csv", billing, 200).at("/results/0/review").asText()).isEqualTo("WAITING");

        assertThat(findings(sql)).containsExactlyInAnyOrder(
                D + " DISCOUNT_MISMATCH 18 % / 25 %",
                D + " BILLED_AFTER_END until " + T.minusDays(20) + " / " + T.minusDays(19) + " to " + T.minusDays(1),
                S + " SEATS_ABOVE_WAIVER 120 seats / 130 seats",
                S + " SEATS_BELOW_WAIVER 120 seats / 110 seats");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'billing.finding'")).isEqualTo(4);
        // licensing and billing told once per finding, through the outbox
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? ORDER BY recipient", S))
                .containsExactly("billing@meridian-software.example", "billing@meridian-software.example",
                        "licensing-desk@meridian-software.example", "licensing-desk@meridian-software.example");
        // every finding's two mails go out through the outbox (printed if they do not, to see why)
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND status = 'SENT'", D) == 4);
        } finally {
            System.out.println("[billing] outbox of " + D + ": " + sql.strings("SELECT recipient || ' ' || status || ' ' || attempts || ' '"
                    + " || CAST(next_attempt_at AS VARCHAR(40)) || ' ' || COALESCE(last_error, '') FROM outbox WHERE request_ref = ?", D));
        }
        String mail = TestHub.text(HUB.awaitMail(D, "billing@meridian-software.example", "Billing differs from the waiver: DISCOUNT_MISMATCH"));
        assertThat(mail).contains("Granted:    18 %").contains("Billed:     25 %").contains("INV-2/1");

        // the same lines delivered again, by REST and as the same file under another name, and the daily review run twice: nothing new
        assertThat(billing(discountLines, "application/json", billing, 200).findValuesAsText("status")).containsOnly("DUPLICATE");
        drop("seats-lines-again.csv", csv);
        assertThat(sql.count("SELECT COUNT(*) FROM billing_lines WHERE customer_id IN ('CUST-B1', 'CUST-B2', 'CUST-B3', 'CUST-NOWAIVER')")).isEqualTo(8);
        review();
        review();
        assertThat(findings(sql)).hasSize(4);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'billing.finding'")).isEqualTo(4);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'billing-finding:%'")).isEqualTo(8);

        // 21 days on, the new waiver is 31 days old: the daily review compares its waiting line, once
        MutableClockConfiguration.CLOCK.advance(Duration.ofDays(21));
        try {
            review();
            review();
        } finally {
            MutableClockConfiguration.CLOCK.set(now());
        }
        assertThat(findings(sql)).hasSize(5).contains(N + " DISCOUNT_MISMATCH 10 % / 12 %");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'billing.finding' AND request_ref = ?", N)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM billing_lines WHERE reviewed_at IS NULL AND customer_id = 'CUST-B3'")).isZero();

        // the report: the summary counts them by kind, and the HTML report lists them for the desk
        JsonNode summary = JSON.readTree(HUB.get("/api/reports/summary?from=" + T.minusDays(1) + "&to=" + T.plusDays(30)).body());
        assertThat(summary.at("/billing/findings").asLong()).isEqualTo(5);
        assertThat(summary.at("/billing/byKind").toString()).isEqualTo(
                "{\"BILLED_AFTER_END\":1,\"DISCOUNT_MISMATCH\":2,\"SEATS_ABOVE_WAIVER\":1,\"SEATS_BELOW_WAIVER\":1}");
        Path out = HUB.home.resolve("billing-report.html");
        assertThat(new CommandLine(new Lexhub()).execute("report", "--from", T.minusDays(1).toString(), "--to", T.plusDays(30).toString(),
                "--out", out.toString())).isZero();
        List<List<String>> rows = rows(Files.readString(out), "billing-findings-table");
        assertThat(rows).hasSize(6);
        assertThat(rows).contains(List.of(D, "DISCOUNT_MISMATCH", "CUST-B1", P, T.minusDays(60) + " to " + T.minusDays(31), "18 %", "25 %", "INV-2", "INV-2/1"));
    }

    @Test
    void badAndHostileBillingInputIsRefusedAsAProblemAndStoresNothing() throws Exception {
        Sql sql = new Sql(database);
        HUB.checkAnswersAgainstTheApiContract();
        String billing = HUB.key("billing-feed", "billing");
        long before = sql.count("SELECT COUNT(*) FROM billing_lines");

        // a line id already billed with other figures: the whole document is refused
        String first = "[" + line("CUST-B9", -30, -1, 10, 5, "INV-77/1") + "]";
        billing(first, "application/json", billing, 200);
        JsonNode conflict = billing("[" + line("CUST-B9", -60, -31, 10, 5, "INV-78/1") + "," + line("CUST-B9", -30, -1, 10, 7, "INV-77/1") + "]",
                "application/json", billing, 409);
        assertThat(conflict.at("/problems/0").asText()).contains("id:INV-77/1");
        assertThat(sql.count("SELECT COUNT(*) FROM billing_lines")).isEqualTo(before + 1);

        // script in a field, a wrong date and discount, a wrong content type, an oversized body: problem documents, nothing stored
        JsonNode script = billing("[" + line("<script>alert(1)</script>", -30, -1, 1, 1, null) + "]", "application/json", billing, 400);
        assertThat(script.at("/problems/0").asText()).contains("customer holds a control character or < >");
        JsonNode wrong = billing("customer,product,periodStart,periodEnd,quantity,unitPrice,discountPercent\nCUST-B9," + P + ",2027-02-30,2027-03-01,1,1,120\n",
                "text/csv", billing, 400);
        assertThat(wrong.at("/problems").toString()).contains("2027-02-30").contains("discountPercent");
        billing(first, "text/plain", billing, 415);
        billing(first, "application/xml", billing, 415);
        byte[] huge = ("[" + (line("CUST-B9", -30, -1, 1, 1, null) + ",").repeat(6000) + line("CUST-B9", -30, -1, 1, 1, null) + "]")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = HUB.post("/api/billing", "application/json", huge, "Authorization", "Bearer " + billing);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(sql.count("SELECT COUNT(*) FROM billing_lines")).isEqualTo(before + 1);

        // a usage feed's key may not send billing lines
        assertThat(HUB.post("/api/billing", "application/json", first.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("usage-feed", "usage")).statusCode()).isEqualTo(403);

        // a malformed file goes to billing/failed beside its reason; nothing of it is stored
        Files.writeString(HUB.home.resolve("billing/broken.csv"),
                "customer,product,month,quantity,unitPrice,discountPercent\nCUST-B9," + P + ",2027-01,ten,5,0\nCUST-B9," + P + ",2027-02,10,5,0\n");
        Path failed = HUB.home.resolve("billing/failed");
        // the reason is written first, then the file moved beside it
        await().atMost(Duration.ofSeconds(20)).until(() -> files(failed).stream().anyMatch(f -> f.endsWith("broken.csv.reason.txt"))
                && files(failed).stream().anyMatch(f -> f.endsWith("broken.csv")));
        String reason = Files.readString(failed.resolve(files(failed).stream().filter(f -> f.endsWith("broken.csv.reason.txt")).findFirst().orElseThrow()));
        assertThat(reason).contains("line 2: quantity 'ten' must be a number");
        assertThat(sql.count("SELECT COUNT(*) FROM billing_lines")).isEqualTo(before + 1);
    }

    // --- helpers

    private static void waiver(Sql sql, String ref, String state, String customer, String type, LocalDate start, LocalDate end, String terms) {
        OffsetDateTime created = start.atStartOfDay().atOffset(ZoneOffset.UTC);
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, track, tier,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at)
                VALUES (?, 'api', ?, 'APPROVED', ?, ?, ?, ?, 'STANDARD', 'T2', 'seed', ?, '{}', '{}', '', ?, ?)""",
                ref, "seed:" + ref, customer, customer + " Ltd", P, type, "0".repeat(64), created, created);
        sql.update("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ref, state, customer, P, type, start, end,
                "{\"type\": \"" + type + "\", \"product\": \"" + P + "\", \"terms\": " + terms + ", \"start\": \"" + start + "\", \"end\": \"" + end + "\"}",
                created, created, "EXPIRED".equals(state) ? end.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC) : null);
    }

    /**
     * The real time to the millisecond: the clock stands still, and a finer instant is rounded up
     * by the database's microseconds, which would leave a message written at it never due.
     */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** A JSON line for days relative to today (both included); lineId null: none. */
    private static String line(String customer, int from, int to, int quantity, int discount, String lineId) {
        String invoice = lineId == null ? "" : ", \"invoice\": \"" + lineId.substring(0, lineId.indexOf('/')) + "\", \"lineId\": \"" + lineId + "\"";
        return "{\"customer\": \"" + customer.replace("\"", "\\\"") + "\", \"product\": \"" + P + "\", \"periodStart\": \"" + T.plusDays(from)
                + "\", \"periodEnd\": \"" + T.plusDays(to) + "\", \"quantity\": " + quantity + ", \"unitPrice\": 49.90, \"discountPercent\": " + discount
                + invoice + "}";
    }

    private static JsonNode billing(String body, String type, String key, int status) throws Exception {
        HttpResponse<String> r = HUB.post("/api/billing", type, body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status >= 400) assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return JSON.readTree(r.body());
    }

    private static void drop(String name, String csv) throws Exception {
        Files.writeString(HUB.home.resolve("billing/" + name), csv);
        await().atMost(Duration.ofSeconds(20)).until(() -> files(HUB.home.resolve("billing/done")).stream().anyMatch(f -> f.endsWith(name)));
    }

    private void review() {
        camel.createProducerTemplate().requestBody("direct:billing-review", (Object) null);
    }

    private static List<String> findings(Sql sql) {
        return sql.strings("SELECT request_ref || ' ' || kind || ' ' || expected || ' / ' || billed FROM billing_findings");
    }

    /** The cells of a table's rows (header row included); not InsightTest's, whose class would prepare a hub of its own. */
    private static List<List<String>> rows(String html, String tableId) {
        java.util.regex.Matcher t = java.util.regex.Pattern.compile("<table id=\"" + tableId + "\">(.*?)</table>", java.util.regex.Pattern.DOTALL).matcher(html);
        assertThat(t.find()).as(tableId).isTrue();
        List<List<String>> rows = new java.util.ArrayList<>();
        java.util.regex.Matcher tr = java.util.regex.Pattern.compile("<tr>(.*?)</tr>", java.util.regex.Pattern.DOTALL).matcher(t.group(1));
        while (tr.find()) {
            List<String> cells = new java.util.ArrayList<>();
            java.util.regex.Matcher td = java.util.regex.Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", java.util.regex.Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) cells.add(td.group(1));
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> files(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
