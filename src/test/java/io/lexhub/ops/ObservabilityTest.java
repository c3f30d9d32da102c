package io.lexhub.ops;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.support.ChildHub;
import io.lexhub.support.Cli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an ops team's tools read (docs/operations.md, "Logs" and "Metrics"), on a real hub in a child
 * JVM started with lexhub.log.format=json: a request by file and one by the API, then its log lines
 * and a scrape of /api/metrics, linted by promtool, and the Grafana dashboard checked against it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {

    static final String KEY = "crash-test-key-for-the-audit-chain-0123";   // ChildHub's
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    ChildHub hub;
    Path home;
    String metricsKey;
    String intakeKey;
    String fileRef;
    String apiRef;

    @BeforeAll
    void startHubAndSubmit() throws Exception {
        home = Files.createTempDirectory("lexhub-observe-");
        hub = ChildHub.start(home, "json", "lexhub.log.format=json", "lexhub.metrics.min-refresh-ms=0",
                // the SLA sweep every two seconds, so its duration is measured during the test
                "lexhub.lifecycle.sla-sweep.cron=0/2 * * * * ?");
        await().atMost(Duration.ofSeconds(90)).until(hub::up);
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", KEY);
        metricsKey = Cli.issueKey("monitoring", "metrics");
        intakeKey = Cli.issueKey("crm-sync", "intake");
        String start = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        Files.writeString(home.resolve("inbox").resolve("observe.json"),
                request("CUST-OB-1", "TEMPORARY_ACCESS", "\"seats\": 40", start, 30, 2400, "INTERNAL", null));
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/requests")).header("Authorization", "Bearer " + intakeKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        request("CUST-OB-2", "EXTRA_SEATS", "\"seats\": 30", start, 60, 20000, "INTERNAL", null))));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        apiRef = JSON.readTree(created.body()).path("reference").asText();
        assertThat(apiRef).startsWith("EXC-");
        // nothing is served here: counted under route "none"
        assertThat(send(HttpRequest.newBuilder(uri("/no/such/page"))).statusCode()).isEqualTo(404);
        fileRef = await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream()
                .filter(l -> "file".equals(l.path("channel").asText()) && l.hasNonNull("reference")).map(l -> l.path("reference").asText())
                .findFirst().orElse(null), r -> r != null);
    }

    @AfterAll
    void stop() throws InterruptedException {
        System.clearProperty("lexhub.home");
        System.clearProperty("lexhub.audit.hmac-key");
        if (hub != null) hub.stop();
    }

    @Test
    void everyLogLineIsOneJsonObjectAndARequestsLinesCarryItsReferenceRouteAndChannel() throws Exception {
        List<JsonNode> lines = logLines();
        // at least the access gate's start line and the two requests' intake lines (the rest depends on timing)
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode l : lines) {
            assertThat(l.fieldNames()).toIterable().contains("timestamp", "level", "logger", "thread", "message");
        }
        JsonNode fileLine = lines.stream().filter(l -> fileRef.equals(l.path("reference").asText())).findFirst().orElseThrow();
        assertThat(fileLine.path("channel").asText()).isEqualTo("file");
        assertThat(fileLine.path("routeId").asText()).isEqualTo("intake");
        assertThat(fileLine.path("logger").asText()).isEqualTo("lexhub.intake");
        assertThat(fileLine.path("message").asText()).contains(fileRef);

        JsonNode apiLine = lines.stream().filter(l -> apiRef.equals(l.path("reference").asText())).findFirst().orElseThrow();
        assertThat(apiLine.path("channel").asText()).isEqualTo("api");
        assertThat(apiLine.path("routeId").asText()).isEqualTo("intake");
        assertThat(apiLine.path("principal").asText()).startsWith("api-key:crm-sync");
        // values never carry over to another exchange: the file's line names no principal, no line of another request names the API's
        assertThat(fileLine.has("principal")).isFalse();
        assertThat(lines.stream().filter(l -> l.has("principal") && !apiRef.equals(l.path("reference").asText(apiRef)))).isEmpty();
        System.out.println("log line of the API request: " + apiLine);
    }

    @Test
    void theMetricsCoverTheJvmRoutesHttpAndPoolAndPassPromtool() throws Exception {
        String m = awaitScrape(s -> value(s, "lexhub_sweep_duration_seconds_count", "sweep=\"sla-sweep\"") > 0);
        assertThat(value(m, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
        assertThat(value(m, "jvm_threads_live_threads")).isPositive();
        assertThat(value(m, "jvm_classes_loaded_classes")).isPositive();
        assertThat(value(m, "process_uptime_seconds")).isPositive();
        assertThat(m).contains("jvm_gc_memory_allocated_bytes_total", "process_cpu_usage");
        assertThat(value(m, "lexhub_route_exchanges_seconds_count", "route=\"intake\"", "outcome=\"ok\"")).isGreaterThanOrEqualTo(2);
        assertThat(value(m, "lexhub_route_exchanges_seconds_sum", "route=\"intake\"", "outcome=\"ok\"")).isPositive();
        assertThat(value(m, "lexhub_http_server_requests_seconds_count", "method=\"POST\"", "route=\"api-submit-request\"", "status=\"2xx\""))
                .isEqualTo(1);
        assertThat(value(m, "lexhub_http_server_requests_seconds_count", "method=\"GET\"", "route=\"none\"", "status=\"4xx\"")).isGreaterThanOrEqualTo(1);
        // the raw path never becomes a label
        assertThat(m).doesNotContain("/no/such/page", "/api/requests");
        assertThat(value(m, "hikaricp_connections_max", "pool=\"lexhub\"")).isPositive();
        assertThat(value(m, "hikaricp_connections", "pool=\"lexhub\"")).isPositive();
        assertThat(m).contains("hikaricp_connections_active{", "hikaricp_connections_acquire_seconds_count{");
        assertThat(value(m, "lexhub_outbox_pending")).isGreaterThanOrEqualTo(0);
        assertThat(value(m, "lexhub_outbox_oldest_pending_age_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(value(m, "lexhub_quarantine_waiting")).isZero();
        assertThat(m).contains("lexhub_audit_chain_intact ", "lexhub_audit_chain_checked_timestamp_seconds ", "lexhub_requests{");

        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(Files.isExecutable(promtool)).as("promtool is missing: apt-get install -y --no-install-recommends prometheus (.ci/run does)").isTrue();
        Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = lint.getOutputStream()) {
            in.write(m.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as("promtool check metrics: " + said).isZero();
        assertThat(said.strip()).as("promtool check metrics").isEmpty();
        System.out.println("metric families exposed: " + families(m).size());
    }

    @Test
    void theGrafanaDashboardImportsAsIsAndAsksOnlyForMetricsTheHubExposes() throws Exception {
        JsonNode dashboard = JSON.readTree(Path.of("docs/grafana/lexhub.json").toFile());
        assertThat(dashboard.path("__inputs").get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> exposed = sampleNames(awaitScrape(s -> value(s, "lexhub_sweep_duration_seconds_count", "sweep=\"sla-sweep\"") > 0));
        Set<String> asked = new LinkedHashSet<>();
        exprs.forEach(e -> asked.addAll(metricNames(e)));
        assertThat(asked).as("metric names in the dashboard's queries").hasSizeGreaterThan(15);
        assertThat(exposed).as("the hub exposes every metric the dashboard asks for").containsAll(asked);
    }

    // PromQL: what is left once strings, label matchers, ranges, grouping clauses and function calls are taken out
    private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"|\\{[^}]*\\}|\\[[^\\]]*\\]|\\b(by|without|on|ignoring)\\s*\\([^)]*\\)");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "inf", "nan");

    static Set<String> metricNames(String expr) {
        String rest = STRINGS.matcher(expr.replace("$__rate_interval", "5m")).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(rest);
        while (m.find()) {
            String t = m.group();
            // a function name whose '(' the look-ahead cut short leaves its prefix: only whole tokens count
            if (m.end() < rest.length() && (Character.isLetterOrDigit(rest.charAt(m.end())) || rest.charAt(m.end()) == '_')) continue;
            if (!KEYWORDS.contains(t.toLowerCase()) && !t.matches("\\d.*")) names.add(t);
        }
        return names;
    }

    private String awaitScrape(java.util.function.Predicate<String> ready) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/metrics")).header("Authorization", "Bearer " + metricsKey));
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }, ready);
    }

    static Set<String> sampleNames(String scrape) {
        Set<String> names = new LinkedHashSet<>();
        scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    static Set<String> families(String scrape) {
        Set<String> names = new LinkedHashSet<>();
        scrape.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> names.add(l.split(" ")[2]));
        return names;
    }

    /** The value of the first sample of this name whose labels contain all of these. */
    static double value(String scrape, String name, String... labels) {
        for (String line : scrape.lines().toList()) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            boolean all = true;
            for (String l : labels) all &= line.contains(l);
            if (all) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return Double.NaN;
    }

    private List<JsonNode> logLines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("json.log"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("a log line that is not JSON: " + line, e);
            }
        }
        return out;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + hub.port() + path);
    }
}
