package io.lexhub.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping's conversions (rich text, links, the 'or' field) and the Jira user directory. */
class JiraMappingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ApproverDirectory STAFF = new ApproverDirectory(List.of(new Approver("alice.moreau", "Alice Moreau",
            "alice.moreau@meridian-software.example", List.of("licensing"), null, null, null, "5b10a2844c20165700ede21g", "amoreau")), null);

    static JiraMapping mapping(String yaml) throws Exception {
        Path file = Files.createTempDirectory("jira-mapping-").resolve("jira-mapping.yaml");
        Files.writeString(file, yaml);
        return JiraMapping.load(file);
    }

    static JiraUsers users(String yaml) throws Exception {
        Path file = Files.createTempDirectory("jira-users-").resolve(JiraUsers.FILE);
        Files.writeString(file, yaml);
        return JiraUsers.load(file, STAFF);
    }

    static final String MAPPING = """
            fields:
              justification:   {from: description}
              evidence:        {from: description, as: links}
              customer.id:     {from: customfield_10100}
              customer.name:   {from: customfield_10101, as: rich-text}
              requester.email: {from: reporter, as: user-email, or: customfield_10115}
            """;

    @Test
    void onServerTheDescriptionIsWikiMarkupASingleLineFieldIsTakenAsWritten() throws Exception {
        JsonNode fields = JSON.readTree("""
                {"description": "*Why:* the [migration plan|https://wiki.example/plan] and https://x.example/po.",
                 "customfield_10100": "ACME_EU_1", "customfield_10101": "_Acme_ Ltd",
                 "reporter": {"name": "jdoe", "displayName": "J Doe", "emailAddress": "jdoe@x.example"}}""");
        var doc = mapping(MAPPING).document(fields, JiraSettings.Api.SERVER, users("users: []"));
        assertThat(doc.path("justification").asText()).isEqualTo("Why: the migration plan (https://wiki.example/plan) and https://x.example/po.");
        assertThat(doc.path("evidence").toString()).isEqualTo("[\"https://wiki.example/plan\",\"https://x.example/po\"]");
        assertThat(doc.path("customer").path("id").asText()).isEqualTo("ACME_EU_1");
        assertThat(doc.path("customer").path("name").asText()).isEqualTo("Acme Ltd");
        assertThat(doc.path("requester").path("email").asText()).isEqualTo("jdoe@x.example");
        // on Cloud a string is plain text, whatever it looks like
        var cloud = mapping(MAPPING).document(fields, JiraSettings.Api.CLOUD, users("users: []"));
        assertThat(cloud.path("justification").asText()).startsWith("*Why:* the [migration plan|");
    }

    @Test
    void aHiddenAddressComesFromTheDirectoryThenFromTheOrField() throws Exception {
        JiraMapping m = mapping(MAPPING);
        JiraUsers users = users("users:\n  - {jiraAccountId: 5c0000000000000000000001, email: req@cust.example}\n");
        JsonNode listed = JSON.readTree("{\"reporter\": {\"accountId\": \"5c0000000000000000000001\", \"displayName\": \"Req\"}, \"customfield_10115\": \"typed@cust.example\"}");
        assertThat(m.document(listed, JiraSettings.Api.CLOUD, users).path("requester").path("email").asText()).isEqualTo("req@cust.example");
        JsonNode staff = JSON.readTree("{\"reporter\": {\"accountId\": \"5b10a2844c20165700ede21g\"}}");
        assertThat(m.document(staff, JiraSettings.Api.CLOUD, users).path("requester").path("email").asText()).isEqualTo("alice.moreau@meridian-software.example");
        JsonNode unknown = JSON.readTree("{\"reporter\": {\"accountId\": \"5c0000000000000000000009\"}, \"customfield_10115\": \"typed@cust.example\"}");
        assertThat(m.document(unknown, JiraSettings.Api.CLOUD, users).path("requester").path("email").asText()).isEqualTo("typed@cust.example");
        JsonNode nothing = JSON.readTree("{\"reporter\": {\"accountId\": \"5c0000000000000000000009\"}}");
        assertThat(m.document(nothing, JiraSettings.Api.CLOUD, users).has("requester")).isFalse();
        // the comment asks for the 'or' field by its Jira name
        assertThat(m.fieldNames(Map.of("customfield_10115", "Requester e-mail", "description", "Description")))
                .containsEntry("requester.email", "Requester e-mail").containsEntry("justification", "Description").containsEntry("customer.id", "customfield_10100");
    }

    @Test
    void mappingProblemsAreListed() {
        assertThatThrownBy(() -> mapping("""
                fields:
                  justification:   {from: description, as: links}
                  evidence:        {from: description, as: text}
                  requester.email: {from: reporter, as: user-email, or: requester_mail}
                  requester.name:  {from: reporter, as: user-name, or: reporter}
                """)).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                "jira-mapping.yaml: fields.justification: is a single value: 'options', 'list' and 'links' do not fit",
                "jira-mapping.yaml: fields.evidence: is a list: use 'options', 'list' or 'links'",
                "jira-mapping.yaml: fields.requester.email: 'or: requester_mail' is neither a known system field nor customfield_NNNNN",
                "jira-mapping.yaml: fields.requester.name: 'or' names the same field as 'from'"));
    }

    @Test
    void directoryProblemsAreListed() {
        assertThatThrownBy(() -> users("""
                users:
                  - {jiraAccountId: 5c01, jiraUser: jdoe, email: a@x.example}
                  - {jiraAccountId: 5c02, email: not-an-address}
                  - {jiraAccountId: 5c03, email: a@x.example}
                  - {jiraAccountId: 5c03, email: b@x.example}
                  - {jiraUser: AMoreau, email: someone.else@x.example}
                """)).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(String.join("\n", e.problems())).contains(
                "users[0]: give exactly one of jiraAccountId (Jira Cloud) or jiraUser",
                "users[1]: email is not an e-mail address: not-an-address",
                "users[3]: jiraAccountId 5c03 is listed twice",
                "users[4]: jiraUser amoreau is approver alice.moreau in approvers.yaml with the address alice.moreau@meridian-software.example, not someone.else@x.example"));
    }
}
