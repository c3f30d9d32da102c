package io.lexhub.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.lexhub.support.JiraStubs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stubs the Jira tests serve validate against Atlassian's OpenAPI description
 * (../shared/jira/jira-cloud-platform-openapi-v3.json), so they cannot drift from what Jira
 * sends. The description is of Cloud; v2 search answers are its SearchResults (the paged search
 * both Server and the old Cloud endpoint return), v2 comments the same Comment with a string body.
 */
class JiraStubSchemaTest {

    // ../shared sits beside the project (as in CI)
    static final Path OPENAPI = Path.of("../shared/jira/jira-cloud-platform-openapi-v3.json");
    static JsonNode openapi;

    @BeforeAll
    static void load() throws Exception {
        openapi = JiraStubs.JSON.readTree(OPENAPI.toFile());
    }

    /** A schema that is the OpenAPI document itself with a root $ref, so every #/components reference resolves. */
    static Set<ValidationMessage> validate(String component, JsonNode payload) {
        ObjectNode schema = openapi.deepCopy();
        schema.put("$ref", "#/components/schemas/" + component);
        JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        return s.validate(payload);
    }

    @Test
    void theDocumentedOperationsAnswerWithTheseSchemas() {
        assertThat(openapi.at("/paths/~1rest~1api~13~1search~1jql/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SearchAndReconcileResults");
        assertThat(openapi.at("/paths/~1rest~1api~13~1search/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SearchResults");
        assertThat(openapi.at("/paths/~1rest~1api~13~1issue~1{issueIdOrKey}~1comment/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/PageOfComments");
        assertThat(openapi.at("/paths/~1rest~1api~13~1issue~1{issueIdOrKey}~1transitions/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Transitions");
    }

    @Test
    void cloudStubsValidate() {
        JiraStubs cloud = new JiraStubs(true, "https://lexhub-test.atlassian.net");
        ObjectNode alice = cloud.user("5b10a2844c20165700ede21g", "Alice Moreau", "alice.moreau@meridian-software.example");
        ObjectNode issue = cloud.issue("LEX-1", "2026-11-24T09:00:00.000+0000", false, Map.of(
                "customfield_10104", cloud.option("10200", "Meridian Data Platform"), "description", cloud.richDescription(),
                "reporter", alice, "labels", List.of("sso")));
        assertThat(validate("SearchAndReconcileResults", cloud.cloudPage(List.of(issue), "CAEaAggD"))).isEmpty();
        assertThat(validate("SearchAndReconcileResults", cloud.cloudPage(List.of(issue), null))).isEmpty();
        assertThat(validate("PageOfComments", cloud.comments(List.of(cloud.comment("10001", "10100", alice, "/approve ok", "2026-11-24T10:00:00.000+00:00"))))).isEmpty();
        assertThat(validate("Comment", cloud.created("10001", "10101", alice))).isEmpty();
        assertThat(validate("Transitions", cloud.transitions())).isEmpty();
        // the comment the hub posts: a CommentCreate body is a Comment whose body is an ADF document
        ObjectNode posted = JiraStubs.JSON.createObjectNode();
        posted.set("body", Adf.document("License exception request registered as EXC-2026-000001.\n\nPolicy 2026.11-2."));
        assertThat(validate("Comment", posted)).isEmpty();
    }

    @Test
    void serverStubsValidate() {
        JiraStubs server = new JiraStubs(false, "https://jira.meridian-software.example");
        ObjectNode alice = server.user("amoreau", "Alice Moreau", "alice.moreau@meridian-software.example");
        ObjectNode issue = server.issue("SD-1", "2026-11-24T09:00:00.000+0000", false, Map.of("description", server.richDescription(), "reporter", alice));
        assertThat(validate("SearchResults", server.serverPage(List.of(issue), 0, 2, 5))).isEmpty();
        assertThat(validate("PageOfComments", server.comments(List.of(server.comment("10001", "10100", alice, "/deny no", "2026-11-24T10:00:00.000+00:00"))))).isEmpty();
        assertThat(validate("Transitions", server.transitions())).isEmpty();
    }

    @Test
    void aStubThatDriftsIsCaught() {
        JiraStubs cloud = new JiraStubs(true, "https://lexhub-test.atlassian.net");
        ObjectNode page = cloud.cloudPage(List.of(), null);
        page.put("startAt", 0); // not part of SearchAndReconcileResults (additionalProperties: false)
        assertThat(validate("SearchAndReconcileResults", page)).isNotEmpty();
        ObjectNode transitions = cloud.transitions();
        ((ObjectNode) transitions.get("transitions").get(0)).put("hasScreen", "no");
        assertThat(validate("Transitions", transitions)).isNotEmpty();
    }
}
