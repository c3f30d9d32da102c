package io.lexhub.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** JiraApi without Camel: paging of both APIs, Retry-After, back-off, access errors, transition look-up. */
class JiraApiTest {

    record Call(String method, String path, Map<String, String> query, String body, long at) {}

    /** Answers in order and records each call with its time. */
    static final class Script implements JiraTransport {
        final Deque<Response> answers = new ArrayDeque<>();
        final List<Call> calls = new ArrayList<>();

        Script then(int status, String retryAfter, String body) {
            answers.add(new Response(status, retryAfter, body));
            return this;
        }

        @Override
        public Response call(String method, String path, Map<String, String> query, String jsonBody, String authorization) {
            calls.add(new Call(method, path, Map.copyOf(query), jsonBody, System.nanoTime()));
            return answers.removeFirst();
        }
    }

    static JiraApi api(String kind, Script script) {
        Map<String, String> p = Map.of("lexhub.jira.enabled", "true", "lexhub.jira.api", kind, "lexhub.jira.url", "https://x.example",
                "lexhub.jira.email", "bot@x.example", "lexhub.jira.api-token", "t", "lexhub.jira.personal-access-token", "pat",
                "lexhub.jira.jql", "project = LEX", "lexhub.jira.page-size", "2", "lexhub.jira.retry-base-ms", "10", "lexhub.jira.max-attempts", "3");
        return new JiraApi(JiraSettings.from(k -> Optional.ofNullable(p.get(k))), script);
    }

    @Test
    void cloudPagesByNextPageTokenWithExplicitFields() {
        Script s = new Script()
                .then(200, null, "{\"issues\":[{\"key\":\"A-1\"},{\"key\":\"A-2\"}],\"nextPageToken\":\"t2\",\"isLast\":false,\"names\":{\"summary\":\"Summary\"}}")
                .then(200, null, "{\"issues\":[{\"key\":\"A-3\"}],\"isLast\":true,\"names\":{\"customfield_10115\":\"Requester e-mail\"}}");
        assertThat(api("cloud", s).search("project = LEX", List.of("summary", "updated")).names())
                .containsEntry("summary", "Summary").containsEntry("customfield_10115", "Requester e-mail");
        s.calls.clear();
        s.then(200, null, "{\"issues\":[{\"key\":\"A-1\"},{\"key\":\"A-2\"}],\"nextPageToken\":\"t2\",\"isLast\":false}")
                .then(200, null, "{\"issues\":[{\"key\":\"A-3\"}],\"isLast\":true}");
        assertThat(api("cloud", s).search("project = LEX", List.of("summary", "updated")).issues()).extracting(n -> n.get("key").asText())
                .containsExactly("A-1", "A-2", "A-3");
        assertThat(s.calls).extracting(Call::path).containsOnly("/rest/api/3/search/jql");
        assertThat(s.calls.get(0).query()).containsEntry("fields", "summary,updated").containsEntry("maxResults", "2").containsEntry("expand", "names")
                .doesNotContainKey("nextPageToken");
        assertThat(s.calls.get(1).query()).containsEntry("nextPageToken", "t2");
    }

    @Test
    void serverPagesByStartAt() {
        Script s = new Script()
                .then(200, null, "{\"startAt\":0,\"maxResults\":2,\"total\":3,\"issues\":[{\"key\":\"S-1\"},{\"key\":\"S-2\"}]}")
                .then(200, null, "{\"startAt\":2,\"maxResults\":2,\"total\":3,\"issues\":[{\"key\":\"S-3\"}]}");
        assertThat(api("server", s).search("project = SD", List.of("summary")).issues()).hasSize(3);
        assertThat(s.calls).extracting(c -> c.path() + "?startAt=" + c.query().get("startAt"))
                .containsExactly("/rest/api/2/search?startAt=0", "/rest/api/2/search?startAt=2");
    }

    @Test
    void a429WaitsForRetryAfterAndA500IsRetried() {
        Script s = new Script().then(429, "1", "{}").then(503, null, "<html>down</html>").then(200, null, "{\"issues\":[],\"isLast\":true}");
        assertThat(api("cloud", s).search("x", List.of("updated")).issues()).isEmpty();
        assertThat(s.calls).hasSize(3);
        assertThat(s.calls.get(1).at() - s.calls.get(0).at()).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void accessErrorsFailAtOnceAndServerErrorsGiveUpAfterTheAttempts() {
        Script denied = new Script().then(401, null, "{\"errorMessages\":[\"Unauthorized\"]}");
        assertThatThrownBy(() -> api("cloud", denied).search("x", List.of()))
                .isInstanceOfSatisfying(JiraException.class, e -> assertThat(e.accessDenied()).isTrue());
        assertThat(denied.calls).hasSize(1);
        Script down = new Script().then(500, null, "").then(500, null, "").then(500, null, "");
        assertThatThrownBy(() -> api("server", down).addComment("SD-1", "x")).hasMessageContaining("gave up after 3 attempts");
    }

    @Test
    void aTransitionIsLookedUpByNameAndCommentsAreAdfOnCloudAndTextOnServer() {
        Script s = new Script()
                .then(200, null, "{\"transitions\":[{\"id\":\"21\",\"name\":\"Reopen\"},{\"id\":\"31\",\"name\":\"Approve\",\"to\":{\"name\":\"Approved\"}}]}")
                .then(204, null, "")
                .then(201, null, "{}");
        JiraApi cloud = api("cloud", s);
        cloud.transition("LEX-1", "approve");
        cloud.addComment("LEX-1", "line 1\nline 2");
        assertThat(s.calls.get(1).body()).isEqualTo("{\"transition\":{\"id\":\"31\"}}");
        assertThat(s.calls.get(2).body()).contains("\"type\":\"doc\"", "\"text\":\"line 2\"");
        Script server = new Script().then(201, null, "{}");
        api("server", server).addComment("SD-1", "plain");
        assertThat(server.calls.get(0).path()).isEqualTo("/rest/api/2/issue/SD-1/comment");
        assertThat(server.calls.get(0).body()).isEqualTo("{\"body\":\"plain\"}");
    }
}
