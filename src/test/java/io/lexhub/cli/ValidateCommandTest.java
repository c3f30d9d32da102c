package io.lexhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.support.Cli;
import io.lexhub.support.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `lexhub validate` on a copy of the real routes and config, each test breaking one thing. */
class ValidateCommandTest {

    private Path routes;
    private Path config;

    @BeforeEach
    void copyTheRealRoutesAndConfig() throws IOException {
        Path dir = Files.createTempDirectory("lexhub-validate-");
        routes = copy(Path.of("routes"), dir.resolve("routes"));
        config = copy(Path.of("config"), dir.resolve("config"));
    }

    @Test
    void theShippedRoutesAndConfigAreValid() {
        Run r = validate();
        assertThat(r.out()).contains("OK:");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aBrokenYamlRouteIsReportedWithItsLine() throws IOException {
        edit(routes.resolve("intake.camel.yaml"), "        - bean: {id: validate,", "        - frobnicate: {}\n        - bean: {id: validate,");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        int line = lineOf(routes.resolve("intake.camel.yaml"), "frobnicate");
        assertThat(r.out()).contains(routes.resolve("intake.camel.yaml") + ":" + line + ": Unknown node id: frobnicate (not valid YAML DSL");
        assertThat(r.out()).as("no follow-up noise from the routes that did not load").doesNotContain("no route consumes");
    }

    @Test
    void jsonForCiCarriesFileLineSeverityAndMessageOfEachFinding() throws IOException {
        edit(routes.resolve("intake.camel.yaml"), "        - bean: {id: validate,", "        - frobnicate: {}\n        - bean: {id: validate,");
        Run r = Cli.run("validate", "--routes", routes.toString(), "--config", config.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertThat(out.path("valid").asBoolean(true)).isFalse();
        JsonNode finding = out.path("findings").get(0);
        assertThat(out.path("findings")).hasSize(1);
        assertThat(finding.path("file").asText()).isEqualTo(routes.resolve("intake.camel.yaml").toString());
        assertThat(finding.path("line").asInt()).isEqualTo(lineOf(routes.resolve("intake.camel.yaml"), "frobnicate"));
        assertThat(finding.path("severity").asText()).isEqualTo("error");
        assertThat(finding.path("message").asText()).startsWith("Unknown node id: frobnicate");

        Run clean = Cli.run("validate", "--routes", Path.of("routes").toString(), "--config", Path.of("config").toString(), "--format", "json");
        assertThat(clean.exit()).isZero();
        assertThat(new ObjectMapper().readTree(clean.out()).path("findings")).isEmpty();
    }

    @Test
    void anUnknownEndpointOptionIsReportedAtItsStep() throws IOException {
        Path outbox = routes.resolve("outbox.camel.yaml");
        String indent = Files.readAllLines(outbox).stream().filter(l -> l.contains("connectionTimeout: 10000")).findFirst().orElseThrow()
                .replaceFirst("connectionTimeout.*", "");
        edit(outbox, "connectionTimeout: 10000", "connectionTimeout: 10000\n" + indent + "conectionPool: true");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        // the step's line: the "to" whose parameters carry the typo
        int line = lineOf(routes.resolve("outbox.camel.yaml"), "id: send-mail");
        assertThat(r.out()).containsPattern("outbox\\.camel\\.yaml:" + line + ": .*Unknown parameters=\\[\\{conectionPool=true}]");
    }

    @Test
    void anUnresolvedPlaceholderIsReportedWithItsLine() throws IOException {
        edit(routes.resolve("file-drop.camel.yaml"), "{{lexhub.intake.file.poll-ms}}", "{{lexhub.intake.file.poll-millis}}");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        int line = lineOf(routes.resolve("file-drop.camel.yaml"), "poll-millis");
        assertThat(r.out()).contains(routes.resolve("file-drop.camel.yaml") + ":" + line + ": property placeholder {{lexhub.intake.file.poll-millis}} does not resolve");
    }

    @Test
    void anUnknownBeanMethodAndADirectCallWithoutRouteAreReported() throws IOException {
        edit(routes.resolve("intake.camel.yaml"), "method: triage}", "method: triageIt}");
        edit(routes.resolve("api.camel.yaml"), "to: direct:api-health", "to: direct:api-healthz");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        int line = lineOf(routes.resolve("intake.camel.yaml"), "triageIt");
        assertThat(r.out()).contains(routes.resolve("intake.camel.yaml") + ":" + line + ": bean 'intakeSteps' (IntakeSteps) has no public method 'triageIt'");
        assertThat(r.out()).containsPattern("api\\.camel\\.yaml:\\d+: no route consumes direct:api-healthz");
    }

    @Test
    void anHttpRouteWithoutAnAccessDeclarationIsReported() throws IOException {
        edit(routes.resolve("insight.camel.yaml"), "        security: [{key: apiKey, scopes: \"metrics\"}]\n", "");
        edit(routes.resolve("api.camel.yaml"), "scopes: \"desk,audit\"}]", "scopes: \"desk,auditors\"}]");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("insight\\.camel\\.yaml:\\d+: GET /api/metrics \\(api-metrics\\): declare exactly one security entry");
        assertThat(r.out()).contains("unknown scope 'auditors'");
    }

    @Test
    void anHttpRouteOutsideTheApiDescriptionIsReported() throws IOException {
        edit(routes.resolve("keys.camel.yaml"), "      - id: api-keys-list\n", "      - id: api-keys-listing\n");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("keys\\.camel\\.yaml:\\d+: rest verb api-keys-listing is not in the API's description");
        assertThat(r.out()).contains("contract.yaml:1: it describes api-keys-list, which no rest verb has");
    }

    @Test
    void aPolicyProblemIsReportedAtTheLineOfItsPath() throws IOException {
        edit(config.resolve("policy.yaml"), "        - {role: sales, mode: ONE}", "        - {role: sails, mode: ONE}");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        int line = lineOf(config.resolve("policy.yaml"), "role: sails");
        assertThat(r.out()).contains(config.resolve("policy.yaml") + ":" + line + ": approval.tiers[1] (T2) levels[1]: unknown role 'sails' (known roles: ");
    }

    @Test
    void anImplementationTaskOfAnUnknownRoleOrPersonIsReportedAtItsLine() throws IOException {
        edit(config.resolve("policy.yaml"), "{id: billing, title: Apply the discount in billing from the approved start date, role: finance,",
                "{id: billing, title: Apply the discount in billing from the approved start date, role: billing,");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        int line = lineOf(config.resolve("policy.yaml"), "role: billing");
        assertThat(r.out()).contains(config.resolve("policy.yaml") + ":" + line
                + ": implementationTasks.DISCOUNT[0] (billing): unknown role 'billing' (known roles: ");

        edit(config.resolve("policy.yaml"), "role: billing,", "person: nobody.here,");
        r = validate();
        assertThat(r.exit()).isEqualTo(1);
        line = lineOf(config.resolve("policy.yaml"), "person: nobody.here");
        assertThat(r.out()).contains(config.resolve("policy.yaml") + ":" + line
                + ": implementationTasks.DISCOUNT[0] (billing): person 'nobody.here' is not an approver in approvers.yaml");

        edit(config.resolve("policy.yaml"), "person: nobody.here,", "person: kate.murphy,");
        assertThat(validate().exit()).as("a task owned by one approver by id").isEqualTo(0);
    }

    @Test
    void aBulkDecisionRuleThatNeverAppliesIsReportedAtItsLine() throws IOException {
        edit(config.resolve("policy.yaml"), "  - {track: FAST, renewalsOnly: true}", "  - {track: FAST, types: [DISCOUNT], renewalsOnly: true}");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("policy\\.yaml:\\d+: bulkDecision\\[0\\]\\.types: DISCOUNT is not a fast-track type, so this rule never applies to it");
    }

    @Test
    void aRoleWithoutApproversIsReported() throws IOException {
        Files.writeString(config.resolve("approvers.yaml"), """
                approvers:
                  - {id: ann, email: ann@example.com, roles: [licensing, sales, legal]}
                  - {id: bob, email: bob@example.com, roles: [finance, security, product]}
                """);
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(config.resolve("approvers.yaml") + ":1: role 'executive' has no approvers but policy.yaml needs it for tier T4");
    }

    @Test
    void aTierNobodyIsLeftToDecideAboveSomeRevenueIsReportedWithTierLevelRoleAndRevenue() throws IOException {
        // without a fourth executive, the T4 quorum runs out above 500,000 (Henrik takes licensing, Ruth finance)
        edit(config.resolve("approvers.yaml"), "  - {id: nadia.karim,", "  # - {id: nadia.karim,");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(config.resolve("approvers.yaml") + ":" + lineOf(config.resolve("approvers.yaml"), "approvers:")
                + ": tier T4, level 4 (executive, a quorum of 2, from tier T4): nobody eligible is left to decide it above a revenue impact of 500000"
                + " once henrik.vogel, ruth.okoye have decided the earlier levels");
    }

    @Test
    void aMissingOrBrokenTemplateIsReported() throws IOException {
        Files.delete(config.resolve("templates/rejected.mustache"));
        edit(config.resolve("templates/needs-info.mustache"), "{{reference}}", "{{#reference}}");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(config.resolve("templates/rejected.mustache") + ":1: template 'rejected' is missing");
        assertThat(r.out()).contains(config.resolve("templates/needs-info.mustache").toString());
    }

    @Test
    void aLanguagesBrokenTemplateAndMissingWordsAreReported() throws IOException {
        edit(config.resolve("templates/de/rejected.mustache"), "{{reference}}", "{{#reference}}");
        edit(config.resolve("messages/de.properties"), "how.title = ", "# how.title = ");
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(config.resolve("templates/de/rejected.mustache").toString());
        assertThat(r.out()).contains(config.resolve("messages/de.properties") + ":1: no text for 1 key(s) of en.properties: how.title");
    }

    @Test
    void jiraMappingAndUserDirectoryProblemsAreReportedAtTheirLines() throws IOException {
        edit(config.resolve("jira-mapping.yaml"), "{from: description, as: links}", "{from: description, as: link}");
        edit(config.resolve("jira-mapping.yaml"), "or: customfield_10115}", "or: requester_email}");
        Files.writeString(config.resolve("jira-users.yaml"), """
                users:
                  - {jiraAccountId: 5c0000000000000000000001, email: dana.reyes@cust.example}
                  - {jiraAccountId: 5b10a2844c20165700ede21g, email: alice@elsewhere.example}
                  - {jiraUser: jdoe}
                """);
        Run r = validate();
        assertThat(r.exit()).isEqualTo(1);
        Path mapping = config.resolve("jira-mapping.yaml");
        Path users = config.resolve("jira-users.yaml");
        assertThat(r.out()).contains(mapping + ":" + lineOf(mapping, "as: link}") + ": fields.evidence: unknown conversion 'link'; known: text, rich-text, links");
        assertThat(r.out()).contains(mapping + ":" + lineOf(mapping, "requester_email") + ": fields.requester.email: 'or: requester_email' is neither");
        assertThat(r.out()).contains(users + ":3: users[1]: jiraAccountId 5b10a2844c20165700ede21g is approver alice.moreau in approvers.yaml with the address");
        assertThat(r.out()).contains(users + ":4: users[2]: email missing");
    }

    private Run validate() {
        return Cli.run("validate", "--routes", routes.toString(), "--config", config.toString());
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static int lineOf(Path file, String text) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + file);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }
}
