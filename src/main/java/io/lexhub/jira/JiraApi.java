package io.lexhub.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.jira.text.AdfText;
import io.lexhub.jira.text.WikiMarkup;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Jira REST calls the hub makes, for Cloud (v3) and Server / Data Center (v2): search with
 * the API's own paging, comments, transitions. 429 waits as long as Retry-After says, 5xx and
 * unreachable are retried with back-off; 401/403 and other 4xx fail at once.
 */
public final class JiraApi {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.jira");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One comment as the hub reads it: author and updateAuthor are accountIds (Cloud) or user names
     * (Server); created and updated are null when Jira sent none or an unreadable one.
     */
    public record Comment(String id, String author, String authorName, String text, OffsetDateTime created, OffsetDateTime updated,
            String updateAuthor) {

        /** When the text read was written: its last edit, else its creation. */
        public OffsetDateTime writtenAt() {
            return updated != null && created != null && updated.isAfter(created) ? updated : created;
        }
    }

    /** Jira's timestamps: 2026-11-24T12:05:00.000+0000 (also with +00:00 or Z). */
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSS][XXX][XX]");

    public static OffsetDateTime time(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return OffsetDateTime.parse(value.strip(), JIRA_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private final JiraSettings settings;
    private final JiraTransport transport;
    public JiraApi(JiraSettings settings, JiraTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    public JiraSettings settings() {
        return settings;
    }

    /** What a search found: the issues, and the name of each field (id -> name, from expand=names). */
    public record Search(List<JsonNode> issues, Map<String, String> names) {}

    /**
     * Every issue the JQL finds, page by page: Cloud GET /rest/api/3/search/jql with nextPageToken,
     * Server GET /rest/api/2/search with startAt. The field names come along (expand=names), so the
     * hub can ask a ticket's author for a field by the name they see.
     */
    public Search search(String jql, List<String> fields) {
        List<JsonNode> issues = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        String fieldList = String.join(",", fields);
        if (settings.api() == JiraSettings.Api.CLOUD) {
            String token = null;
            do {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("jql", jql);
                q.put("fields", fieldList);
                q.put("maxResults", String.valueOf(settings.pageSize()));
                q.put("expand", "names");
                if (token != null) q.put("nextPageToken", token);
                JsonNode page = get("/search/jql", q);
                page.path("issues").forEach(issues::add);
                names(page, names);
                token = page.path("isLast").asBoolean(false) ? null : textOrNull(page.get("nextPageToken"));
            } while (token != null);
        } else {
            int startAt = 0;
            while (true) {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("jql", jql);
                q.put("fields", fieldList);
                q.put("startAt", String.valueOf(startAt));
                q.put("maxResults", String.valueOf(settings.pageSize()));
                q.put("expand", "names");
                JsonNode page = get("/search", q);
                int n = page.path("issues").size();
                page.path("issues").forEach(issues::add);
                names(page, names);
                startAt += n;
                if (n == 0 || startAt >= page.path("total").asInt(0)) break;
            }
        }
        return new Search(issues, names);
    }

    private static void names(JsonNode page, Map<String, String> into) {
        page.path("names").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) into.put(e.getKey(), e.getValue().asText());
        });
    }

    /** All comments of an issue, oldest first, paged by startAt (same on both APIs). */
    public List<Comment> comments(String issueKey) {
        List<Comment> out = new ArrayList<>();
        int startAt = 0;
        while (true) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("startAt", String.valueOf(startAt));
            q.put("maxResults", "100");
            q.put("orderBy", "created");
            JsonNode page = get("/issue/" + issueKey + "/comment", q);
            JsonNode list = page.path("comments");
            for (JsonNode c : list) {
                JsonNode author = c.path("author");
                String who = settings.api() == JiraSettings.Api.CLOUD ? textOrNull(author.get("accountId")) : textOrNull(author.get("name"));
                JsonNode editor = c.path("updateAuthor");
                String editedBy = settings.api() == JiraSettings.Api.CLOUD ? textOrNull(editor.get("accountId")) : textOrNull(editor.get("name"));
                out.add(new Comment(c.path("id").asText(), who, textOrNull(author.get("displayName")), commentText(c.get("body")),
                        time(textOrNull(c.get("created"))), time(textOrNull(c.get("updated"))), editedBy));
            }
            startAt += list.size();
            if (list.isEmpty() || startAt >= page.path("total").asInt(0)) return out;
        }
    }

    /** A comment's body as plain text: an ADF document on Cloud, wiki markup on Server. */
    private static String commentText(JsonNode body) {
        if (body == null || body.isNull()) return null;
        if (body.isObject()) return AdfText.read(body).text();
        return WikiMarkup.read(body.asText()).text();
    }

    /** Adds a comment: an ADF document on Cloud, a plain string on Server. */
    public void addComment(String issueKey, String text) {
        ObjectNode body = JSON.createObjectNode();
        if (settings.api() == JiraSettings.Api.CLOUD) body.set("body", Adf.document(text));
        else body.put("body", text);
        send("POST", "/issue/" + issueKey + "/comment", Map.of(), body.toString());
    }

    /**
     * Moves an issue with the transition of this name (or to the status of this name), looking its
     * id up via GET /issue/{key}/transitions, since ids differ between workflows.
     */
    public void transition(String issueKey, String name) {
        JsonNode available = get("/issue/" + issueKey + "/transitions", Map.of());
        String id = null;
        List<String> names = new ArrayList<>();
        for (JsonNode t : available.path("transitions")) {
            names.add(t.path("name").asText());
            if (name.equalsIgnoreCase(t.path("name").asText()) || name.equalsIgnoreCase(t.path("to").path("name").asText())) {
                id = t.path("id").asText();
                break;
            }
        }
        if (id == null) throw new JiraException(409, issueKey + " has no transition '" + name + "' from its current status; available: " + names);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("transition").put("id", id);
        send("POST", "/issue/" + issueKey + "/transitions", Map.of(), body.toString());
    }

    private JsonNode get(String path, Map<String, String> query) {
        String body = send("GET", path, query, null);
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) throw new MalformedIssueException(List.of("GET " + path + ": the answer is not a JSON object"));
            return node;
        } catch (IOException e) {
            throw new MalformedIssueException(List.of("GET " + path + ": the answer is not JSON: " + e.getMessage()));
        }
    }

    private String send(String method, String path, Map<String, String> query, String body) {
        String full = settings.restBase() + path;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            String problem;
            try {
                JiraTransport.Response r = transport.call(method, full, query, body, settings.authorization());
                if (r.status() >= 200 && r.status() < 300) return r.body();
                problem = method + " " + full + " answered " + r.status() + ": " + brief(r.body());
                if (r.status() == 429) {
                    wait = retryAfter(r.retryAfter(), attempt);
                } else if (r.status() >= 500) {
                    wait = backoff(attempt);
                } else {
                    throw new JiraException(r.status(), problem);
                }
                if (attempt >= settings.maxAttempts()) throw new JiraException(r.status(), problem + " (gave up after " + attempt + " attempts)");
            } catch (IOException e) {
                problem = method + " " + full + ": Jira not reachable: " + e.getMessage();
                if (attempt >= settings.maxAttempts()) throw new JiraException(0, problem + " (gave up after " + attempt + " attempts)");
                wait = backoff(attempt);
            }
            LOG.warn("{}; attempt {} of {}, next in {} ms", problem, attempt, settings.maxAttempts(), wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JiraException(0, problem + " (interrupted)");
            }
        }
    }

    /** Retry-After in seconds (Jira's form), capped by lexhub.jira.max-retry-after-seconds; back-off when absent. */
    private Duration retryAfter(String header, int attempt) {
        if (header != null && header.strip().matches("\\d{1,6}")) {
            Duration d = Duration.ofSeconds(Long.parseLong(header.strip()));
            return d.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : d;
        }
        return backoff(attempt);
    }

    private Duration backoff(int attempt) {
        return settings.retryBase().multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    private static String brief(String body) {
        if (body == null) return "";
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine.toLowerCase(Locale.ROOT).contains("<html") ? "(HTML page)" : oneLine;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
