package io.lexhub.hardening;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.Tally;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Hostile inputs through the real channels (file drop, REST API, mailed decision links) on the
 * real YAML routes and an H2 file database. Each scenario prints inputs tried, lost, duplicated
 * and rejected-with-reason, asserts every hostile input is refused with a clear reason, and
 * shows that a known-good request submitted afterwards still works and that no stray request
 * rows appeared. Parser-level limits are unit-tested in RequestParserTest; mail header injection
 * in MailIntakeTest; missing/wrong API keys, forged, replayed and foreign decision links in
 * ApprovalWorkflowTest. This class adds what those do not: the same inputs end to end through
 * file and HTTP, symlinks and odd names in the drop folder, SQL metacharacters, oversized
 * bodies, expired links and an approver acting on another level.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputsTest {

    final TestHub hub = TestHub.prepare(getClass().getSimpleName());
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SQL_META = "x'); DROP TABLE requests;-- \" OR '1'='1 /*";

    @BeanInject
    Database database;

    @AfterAll
    void stopMail() {
        hub.close();
    }

    /** The hostile documents, by name, each fed through the file drop and the API. */
    static Map<String, byte[]> hostileDocuments() {
        Map<String, byte[]> docs = new LinkedHashMap<>();
        String good = request("CUST-HX-0", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null);
        docs.put("malformed.json", "{\"customer\": {\"id\": \"C1\",, }".getBytes(StandardCharsets.UTF_8));
        docs.put("truncated.json", good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8));
        docs.put("truncated.yaml", "customer:\n  id: C1\n  name: \"Acme\nproduct: [a, b\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) bomb.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(",*")
                .append((char) (c - 1)).append(",*").append((char) (c - 1)).append(",*").append((char) (c - 1)).append("]\n");
        docs.put("alias-bomb.yaml", bomb.toString().getBytes(StandardCharsets.UTF_8));
        docs.put("deep.json", ("{\"customer\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8));
        docs.put("deep.yaml", ("customer: " + "[".repeat(2000) + "]".repeat(2000) + "\n").getBytes(StandardCharsets.UTF_8));
        // a single string beyond the parser's 100,000-character limit, in a document under the size limit
        docs.put("huge-field.json", good.replace("A justification long enough", "x".repeat(150_000)).getBytes(StandardCharsets.UTF_8));
        docs.put("not-utf8.json", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        docs.put("binary.json", new byte[] {0, 1, 2, 3, (byte) 0xFF, (byte) 0xFE, 0, 0});
        // nine characters that print as 400,000 digits; the larger exponent used to crash the route
        docs.put("huge-exponent.json", hugeExponent("1e-400000", "CUST-HX-EXP1"));
        docs.put("huger-exponent.json", hugeExponent("1E-999999999", "CUST-HX-EXP2"));
        return docs;
    }

    static byte[] hugeExponent(String literal, String customer) {
        return request(customer, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null)
                .replace("\"revenueImpact\": 20000", "\"revenueImpact\": " + literal).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aHugeExponentIsRefusedByFileAndApiNamingTheFieldAndItsBounds() throws Exception {
        // its own customer: the same bytes dropped by another test would share one quarantine row
        byte[] doc = hugeExponent("1e-400000", "CUST-HX-EXP");
        assertThat(new String(doc, StandardCharsets.UTF_8)).contains("\"revenueImpact\": 1e-400000");
        String rule = "revenueImpact must be a number from 0 to 1000000000000 with at most 2 decimal places";

        HttpResponse<String> r = hub.post("/api/requests", "application/json", doc);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("problems").get(0).asText()).startsWith(rule).contains("1E-400000");
        assertThat(r.body().length()).isLessThan(2_000);

        Files.write(hub.inbox().resolve("hx-exp.json"), doc);
        // the reason file is written first, then the file is moved beside it
        await().atMost(Duration.ofSeconds(20)).until(() -> find(hub.home.resolve("failed"), "hx-exp.json.reason.txt").isPresent()
                && listNames(hub.inbox(), "hx-exp").isEmpty());
        assertThat(find(hub.home.resolve("failed"), "hx-exp.json")).isPresent();
        assertThat(Files.readString(find(hub.home.resolve("failed"), "hx-exp.json.reason.txt").orElseThrow())).contains(rule);
        assertThat(new Sql(database).count("SELECT COUNT(*) FROM quarantine WHERE file_name = 'hx-exp.json'")).isEqualTo(1);
    }

    @Test
    void aFileNameWithALineBreakCannotForgeALogLine() throws Exception {
        Logger lexhub = (Logger) LoggerFactory.getLogger("lexhub");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        lexhub.addAppender(captured);
        try {
            String name = "hx-log\r\nINFO lexhub.decide APPROVE EXC-2026-000001 approved\u2028.json";
            Files.write(hub.inbox().resolve(name), "{broken".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(20)).until(() -> captured.list.stream().anyMatch(e -> e.getFormattedMessage().contains("APPROVE")));
            ILoggingEvent event = captured.list.stream().filter(e -> e.getFormattedMessage().contains("APPROVE")).findFirst().orElseThrow();
            // written by the encoder of the logback.xml that ships: one record, one line, the breaks visible
            String line = new String(shippedEncoder().encode(event), StandardCharsets.UTF_8);
            assertThat(line).endsWith(System.lineSeparator());
            assertThat(line.substring(0, line.length() - System.lineSeparator().length()))
                    .doesNotContain("\n", "\r", "\u2028")
                    .contains("hx-log\\r\\nINFO lexhub.decide APPROVE EXC-2026-000001 approved\\u2028.json");
        } finally {
            lexhub.detachAppender(captured);
        }
    }

    static Encoder<ILoggingEvent> shippedEncoder() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
        Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OUT")).getEncoder();
        return encoder;
    }

    @Test
    void hostileDocumentsDroppedAsFilesEndInFailedWithAReasonAndNothingElseMoves() throws Exception {
        Sql sql = new Sql(database);
        long requestsBefore = sql.count("SELECT COUNT(*) FROM requests");
        Map<String, byte[]> docs = hostileDocuments();
        Tally t = new Tally("file drop: malformed/bomb/deep/huge");
        for (var e : docs.entrySet()) Files.write(hub.inbox().resolve("hx-" + e.getKey()), e.getValue());
        t.tried(docs.size());
        await().atMost(Duration.ofSeconds(30)).until(() -> listNames(hub.inbox(), "hx-").isEmpty());
        for (String name : docs.keySet()) {
            String file = "hx-" + name;
            Optional<Path> reason = find(hub.home.resolve("failed"), file + ".reason.txt");
            Optional<Path> failed = find(hub.home.resolve("failed"), file);
            if (reason.isEmpty() || failed.isEmpty()) {
                t.lost(1);
                continue;
            }
            t.rejected(file, Files.readString(reason.get()).lines().skip(1).findFirst().orElse(""));
            assertThat(Files.readAllBytes(failed.get())).as("the original is kept unchanged").isEqualTo(docs.get(name));
            assertThat(sql.count("SELECT COUNT(*) FROM quarantine WHERE file_name = ?", file)).as(file).isEqualTo(1);
        }
        t.duplicated((int) sql.count("SELECT COUNT(*) FROM requests WHERE file_name LIKE 'hx-%'"));
        t.report();
        assertThat(t.rejected()).isEqualTo(docs.size());
        assertThat(sql.count("SELECT COUNT(*) FROM requests")).as("no stray rows").isEqualTo(requestsBefore);
        knownGoodFileStillWorks(sql, "CUST-HX-FILE");
    }

    @Test
    void hostileDocumentsPostedToTheApiAre400WithTheProblems() throws Exception {
        Sql sql = new Sql(database);
        long requestsBefore = sql.count("SELECT COUNT(*) FROM requests");
        Map<String, byte[]> docs = hostileDocuments();
        Tally t = new Tally("api: malformed/bomb/deep/huge");
        for (var e : docs.entrySet()) {
            t.tried(1);
            String type = e.getKey().endsWith(".yaml") ? "application/yaml" : "application/json";
            HttpResponse<String> r = hub.post("/api/requests", type, e.getValue());
            if (r.statusCode() == 400) {
                JsonNode body = JSON.readTree(r.body());
                t.rejected(e.getKey(), body.path("problems").toString());
                assertThat(body.path("problems")).as(e.getKey()).isNotEmpty();
            } else {
                t.lost(1);
                System.out.println("[hardening] unexpected " + r.statusCode() + " for " + e.getKey() + ": " + r.body());
            }
        }
        // an idempotency key that could smuggle anything into a header or a key column
        t.tried(1);
        HttpResponse<String> key = hub.post("/api/requests", "application/json",
                request("CUST-HX-K", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null).getBytes(StandardCharsets.UTF_8),
                "Idempotency-Key", "a'; DROP TABLE requests;--");
        assertThat(key.statusCode()).isEqualTo(400);
        t.rejected("Idempotency-Key with SQL", JSON.readTree(key.body()).path("detail").asText());
        // a body twice the intake limit (lexhub.intake.max-bytes = camel.server.max-body-size)
        t.tried(1);
        byte[] big = ("{\"justification\": \"" + "y".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> oversized = hub.post("/api/requests", "application/json", big);
        assertThat(oversized.statusCode()).as(oversized.body()).isIn(400, 413);
        t.rejected("1.1 MB body", oversized.statusCode() + " " + (oversized.body().isBlank() ? "Request Entity Too Large" : oversized.body()));
        t.duplicated((int) (sql.count("SELECT COUNT(*) FROM requests") - requestsBefore));
        t.report();
        assertThat(t.rejected()).isEqualTo(t.tried());
        knownGoodApiStillWorks("CUST-HX-API");
    }

    @Test
    void aSymlinkInTheInboxIsNotFollowedAndItsTargetIsNotLost() throws Exception {
        Sql sql = new Sql(database);
        Path outside = Files.createTempDirectory("lexhub-outside-");
        Path secret = outside.resolve("secret.json");
        // a valid request: if the hub followed the link, it would become a request
        String secretDoc = request("CUST-HX-SECRET", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null);
        Files.writeString(secret, secretDoc);
        Path etcLink = hub.inbox().resolve("hx-link-passwd.json");
        Files.createSymbolicLink(hub.inbox().resolve("hx-link-secret.json"), secret);
        Files.createSymbolicLink(etcLink, Path.of("/etc/passwd"));
        Tally t = new Tally("file drop: symlinks out of the inbox").tried(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> listNames(hub.inbox(), "hx-link-").isEmpty());
        for (String name : List.of("hx-link-secret.json", "hx-link-passwd.json")) {
            Optional<Path> link = find(hub.home.resolve("failed"), name);
            Optional<Path> reason = find(hub.home.resolve("failed"), name + ".reason.txt");
            if (link.isEmpty() || reason.isEmpty()) {
                t.lost(1);
                continue;
            }
            assertThat(Files.isSymbolicLink(link.get())).as("the link itself was moved, not a copy of its target").isTrue();
            t.rejected(name, Files.readString(reason.get()).lines().skip(1).findFirst().orElse(""));
            assertThat(sql.strings("SELECT content_base64 FROM quarantine WHERE file_name = ?", name)).as("target content not read").containsExactly("");
        }
        t.report();
        assertThat(Files.readString(secret)).as("the target is untouched").isEqualTo(secretDoc);
        assertThat(Files.exists(Path.of("/etc/passwd"))).isTrue();
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-HX-SECRET'")).isZero();
        knownGoodFileStillWorks(sql, "CUST-HX-LINK");
    }

    @Test
    void oddFileNamesStayInsideTheHomeAndAreStoredVerbatim() throws Exception {
        Sql sql = new Sql(database);
        // names starting with a dot are hidden files: the drop folder leaves them alone (README), unread
        Path hidden = hub.inbox().resolve("..\\..\\hidden-evil.json");
        Files.writeString(hidden, "{}");
        // Camel reads a backslash as a path separator: the hub renames such a file (\ -> _) before taking it
        Path backslash = hub.inbox().resolve("a..\\..\\..\\evil.json");
        Files.writeString(backslash, request("CUST-HX-BS", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        List<String> names = List.of("a..json", "a.._.._.._evil.json", "%2e%2e%2fevil.json", "x'); DROP TABLE requests;--.json",
                "name with spaces & $(touch pwned).json", "\u202Egnp.json");
        Tally t = new Tally("file drop: traversal/SQL/RTL names").tried(names.size());
        int i = 0;
        for (String name : names) {
            if (name.equals("a.._.._.._evil.json")) {
                i++;
                continue; // written above under its backslash name
            }
            Files.writeString(hub.inbox().resolve(name), request("CUST-HX-N" + i++, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE customer_id LIKE 'CUST-HX-N%'")
                + sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-HX-BS'") >= names.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.list(hub.inbox()).noneMatch(p -> names.contains(p.getFileName().toString())));
        for (String name : names) {
            long rows = sql.count("SELECT COUNT(*) FROM requests WHERE file_name = ?", name);
            if (rows == 0) t.lost(1);
            if (rows > 1) t.duplicated((int) rows - 1);
            if (rows == 1) t.accepted(name);
            assertThat(find(hub.home.resolve("done"), name)).as(name + " archived in done/").isPresent();
        }
        assertThat(hidden).as("a hidden file is left where it was, not lost").exists();
        assertThat(backslash).as("the backslash name was renamed, not left behind").doesNotExist();
        assertThat(sql.strings("SELECT file_name FROM requests WHERE customer_id = 'CUST-HX-BS'")).containsExactly("a.._.._.._evil.json");
        t.report();
        assertThat(t.accepted()).isEqualTo(names.size());
        // nothing was written beside or above the home
        try (Stream<Path> s = Files.list(hub.home.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("evil") || n.contains("pwned"));
        }
        assertThat(sql.count("SELECT COUNT(*) FROM requests")).isPositive();
    }

    @Test
    void sqlMetacharactersInEveryStringFieldAreStoredVerbatimAndNothingIsExecuted() throws Exception {
        Sql sql = new Sql(database);
        // every free-text field carries the payload; it must be stored exactly as sent
        String doc = """
                {"clientRequestId": %1$s,
                 "customer": {"id": %1$s, "name": %1$s, "contactEmail": "contact@cust-hx-sql.example", "domain": "cust-hx-sql.example"},
                 "requester": {"name": %1$s, "email": "req@cust-hx-sql.example"},
                 "accountOwner": {"name": %1$s, "email": "owner@meridian-software.example"},
                 "product": %1$s, "edition": %1$s, "type": "EXTRA_SEATS",
                 "terms": {"seats": 30, "start": "2027-03-01", "durationDays": 60, "regions": [%1$s], "features": [%1$s], "deployment": %1$s},
                 "justification": %1$s, "evidence": ["https://crm.example/opp?q=%2$s"],
                 "revenueImpact": 20000, "currency": "EUR", "dataSensitivity": "INTERNAL", "deploymentScale": "MEDIUM"}
                """.formatted(JSON.writeValueAsString(SQL_META), "x%27%3B%20DROP%20TABLE%20requests");
        // and the structured fields (e-mails, dates, enums, currency, renews) carry it too: each is refused by name
        String structured = request("CUST-HX-SQL2", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null)
                .replace("\"contact@cust-hx-sql2.example\"", JSON.writeValueAsString("a@b.example'; DROP TABLE requests;--"))
                .replace("\"EUR\"", JSON.writeValueAsString("EU'"))
                .replace("\"INTERNAL\"", JSON.writeValueAsString("INTERNAL' OR '1'='1"))
                .replace("\"2027-03-01\"", JSON.writeValueAsString("2027-03-01'--"));
        Tally t = new Tally("api: SQL metacharacters").tried(2);
        HttpResponse<String> r = hub.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String ref = JSON.readTree(r.body()).path("reference").asText();
        JsonNode req = JSON.readTree(hub.get("/api/requests/" + ref).body()).path("request");
        for (String field : List.of("/clientRequestId", "/customer/id", "/customer/name", "/requester/name", "/accountOwner/name", "/product",
                "/edition", "/terms/regions/0", "/terms/features/0", "/terms/deployment", "/justification")) {
            assertThat(req.at(field).asText()).as(field + " stored verbatim").isEqualTo(SQL_META);
        }
        t.accepted("free-text fields (stored verbatim)");
        HttpResponse<String> s = hub.post("/api/requests", "application/json", structured.getBytes(StandardCharsets.UTF_8));
        assertThat(s.statusCode()).as(s.body()).isIn(201, 400);
        JsonNode issues = JSON.readTree(s.body()).path("issues");
        List<String> fields = issues.findValuesAsText("field");
        assertThat(fields).as(s.body()).contains("customer.contactEmail", "currency", "dataSensitivity", "terms.start");
        t.rejected("structured fields", fields.toString());
        t.duplicated((int) sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = ?", SQL_META) - 1);
        t.report();
        // the tables are all there and the request count is sane
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = ?", SQL_META)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events")).isPositive();
        knownGoodApiStillWorks("CUST-HX-SQL3");
    }

    @Test
    void controlAndRightToLeftCharactersInNamesAreRemovedBeforeStorage() throws Exception {
        String doc = request("CUST-HX-RTL", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null)
                .replace("\"CUST-HX-RTL Ltd\"", JSON.writeValueAsString("Acme\u202Egnp.exe\u0007\u0000 Ltd\u200F\u2066"))
                .replace("\"Req Uester\"", JSON.writeValueAsString("Eve\r\nBcc: victim@evil.example"));
        Tally t = new Tally("api: control/RTL characters").tried(1);
        HttpResponse<String> r = hub.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode req = JSON.readTree(hub.get("/api/requests/" + JSON.readTree(r.body()).path("reference").asText()).body()).path("request");
        String name = req.at("/customer/name").asText();
        String requester = req.at("/requester/name").asText();
        assertThat(name).doesNotContain("\u202E", "\u0007", "\u0000", "\u200F", "\u2066").contains("Acme").contains("Ltd");
        assertThat(requester).doesNotContain("\r", "\n");
        t.accepted("names cleaned: " + name + " / " + requester);
        t.report();
    }

    @Test
    void missingWrongAndForeignKeysAndTamperedReplayedOrExpiredLinksDecideNothing() throws Exception {
        Sql sql = new Sql(database);
        String ref = submitPending(request("CUST-HX-AP", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        Tally t = new Tally("approvals: keys/level/tampered/replayed/expired").tried(8);
        byte[] approveBody = "{\"decision\": \"approve\", \"rationale\": \"skip the queue\"}".getBytes();
        HttpResponse<String> noKey = hub.anonymous("POST", "/api/requests/" + ref + "/decisions", "application/json", approveBody);
        assertThat(noKey.statusCode()).isEqualTo(401);
        t.rejected("decision without an API key", noKey.statusCode() + " " + noKey.body());
        HttpResponse<String> wrongKey = hub.post("/api/requests/" + ref + "/decisions", "application/json", approveBody,
                "Authorization", "Bearer lxk_not-a-real-key");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        t.rejected("decision with a wrong API key", wrongKey.statusCode() + " " + wrongKey.body());
        // carla.jensen approves at level 2 (sales); level 1 (licensing) is open
        HttpResponse<String> otherLevel = hub.post("/api/requests/" + ref + "/decisions", "application/json", approveBody,
                "Authorization", "Bearer " + hub.key("carla.jensen", "approver"));
        assertThat(otherLevel.statusCode()).as(otherLevel.body()).isIn(403, 409);
        t.rejected("level-2 approver on level 1", otherLevel.body());

        MimeMessage ask = hub.awaitMail(ref, "alice.moreau@meridian-software.example", "Approval needed");
        String text = TestHub.text(ask);
        String approve = TestHub.link(text, "Approve");
        String path = approve.substring(approve.indexOf("/api/"));
        // a token one character off
        char last = path.charAt(path.length() - 1);
        String tampered = path.substring(0, path.length() - 1) + (last == 'A' ? 'B' : 'A');
        HttpResponse<String> bad = hub.post(tampered, "application/x-www-form-urlencoded", "rationale=x".getBytes());
        assertThat(bad.statusCode()).isEqualTo(404);
        assertThat(bad.body()).contains("not valid");
        t.rejected("tampered token", strip(bad.body()));
        // a path that tries to escape the token segment
        HttpResponse<String> traversal = hub.get("/api/requests/" + ref + "/mail-decisions/..%2F..%2Fhealth");
        assertThat(traversal.statusCode()).isIn(400, 403, 404);
        t.rejected("token path traversal", traversal.statusCode() + " " + strip(traversal.body()));
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();

        // the rightful link decides once; the same link again decides nothing
        HttpResponse<String> used = hub.post(path, "application/x-www-form-urlencoded", "rationale=fine".getBytes());
        assertThat(used.statusCode()).as(used.body()).isEqualTo(200);
        t.accepted("alice's link, first use");
        HttpResponse<String> replayed = hub.post(path, "application/x-www-form-urlencoded", "rationale=again".getBytes());
        assertThat(replayed.body()).contains("already been used");
        t.rejected("replayed token", replayed.statusCode() + " " + strip(replayed.body()));

        // level 2's link after its validity has passed (as if 73 hours went by)
        MimeMessage ask2 = hub.awaitMail(ref, "carla.jensen@meridian-software.example", "Approval needed");
        String approve2 = TestHub.link(TestHub.text(ask2), "Approve");
        sql.update("UPDATE decision_tokens SET expires_at = created_at - INTERVAL '1' HOUR WHERE request_ref = ?", ref);
        HttpResponse<String> expired = hub.post(approve2.substring(approve2.indexOf("/api/")), "application/x-www-form-urlencoded",
                "rationale=late".getBytes());
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("expired");
        t.rejected("expired token", strip(expired.body()));
        t.duplicated((int) sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref) - 1);
        t.report();
        assertThat(sql.strings("SELECT status FROM approval_levels WHERE request_ref = ? ORDER BY level_no", ref)).containsExactly("APPROVED", "OPEN");
        // the rightful approver of level 2 with her key still decides
        HttpResponse<String> ok = hub.post("/api/requests/" + ref + "/decisions", "application/json",
                "{\"decision\": \"approve\", \"rationale\": \"fine\"}".getBytes(), "Authorization", "Bearer " + hub.key("carla.jensen", "approver"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    private void knownGoodFileStillWorks(Sql sql, String customer) throws Exception {
        Files.writeString(hub.inbox().resolve(customer + ".json"), request(customer, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = ?", customer) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> find(hub.home.resolve("done"), customer + ".json").isPresent());
    }

    private void knownGoodApiStillWorks(String customer) throws Exception {
        HttpResponse<String> r = hub.post("/api/requests", "application/json",
                request(customer, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private String submitPending(String doc) throws Exception {
        HttpResponse<String> r = hub.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).isEqualTo("PENDING_APPROVAL");
        return body.path("reference").asText();
    }

    private static String strip(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
    }

    private static List<String> listNames(Path dir, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
    }

    /** The archived copy of {@code name} in done/ or failed/ (archived names carry a time-stamp prefix). */
    private static Optional<Path> find(Path dir, String name) throws Exception {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-\\d{3}-" + Pattern.quote(name))).findFirst();
        }
    }
}
