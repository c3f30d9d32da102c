package io.lexhub.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.jira.Adf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jira answers as the tests serve them, shaped after Atlassian's OpenAPI description
 * (../shared/jira): SearchAndReconcileResults (Cloud search/jql), SearchResults (v2 search),
 * PageOfComments, Comment and Transitions. JiraStubSchemaTest validates them against it.
 */
public final class JiraStubs {

    public static final ObjectMapper JSON = new ObjectMapper();
    private final boolean cloud;
    private final String site;

    public JiraStubs(boolean cloud, String site) {
        this.cloud = cloud;
        this.site = site;
    }

    private String api() {
        return site + (cloud ? "/rest/api/3" : "/rest/api/2");
    }

    /**
     * A user as Jira shows it: accountId on Cloud, name and key on Server. {@code email} null: the
     * address hidden, as Cloud does for a user whose profile visibility does not allow it (most).
     */
    public ObjectNode user(String id, String displayName, String email) {
        ObjectNode u = JSON.createObjectNode();
        if (cloud) {
            u.put("accountId", id).put("accountType", "atlassian").put("self", api() + "/user?accountId=" + id);
        } else {
            u.put("name", id).put("key", "JIRAUSER" + Math.abs(id.hashCode() % 100000)).put("self", api() + "/user?username=" + id);
        }
        u.put("active", true).put("displayName", displayName);
        if (email != null) u.put("emailAddress", email);
        return u;
    }

    /** The names Jira gives the mapped fields (search with expand=names). */
    public static final Map<String, String> NAMES = Map.of("customfield_10100", "Customer account", "customfield_10102", "Customer contact e-mail",
            "customfield_10107", "Additional seats", "customfield_10115", "Requester e-mail", "description", "Description", "duedate", "Due date",
            "reporter", "Reporter");

    /**
     * The fields of a complete EXTRA_SEATS ticket as config/jira-mapping.yaml maps them: 30 seats
     * for 60 days, 20,000 EUR (licensing then sales). {@code reporterId} is an accountId on Cloud,
     * a user name on Server. On Cloud the reporter hides their address, as most do, and typed it
     * into the "Requester e-mail" field; on Server Jira shows it.
     */
    public Map<String, Object> extraSeatsTicket(String customer, String reporterId) {
        String domain = customer.toLowerCase() + ".example";
        Map<String, Object> f = new HashMap<>();
        f.put("customfield_10100", customer);
        f.put("customfield_10101", customer + " Ltd");
        f.put("customfield_10102", "contact@" + domain);
        f.put("customfield_10103", domain);
        f.put("reporter", user(reporterId, "Req Uester", cloud ? null : "req@" + domain));
        if (cloud) f.put("customfield_10115", "req@" + domain);
        f.put("customfield_10104", option("10200", "Meridian Data Platform"));
        f.put("customfield_10106", option("10300", "Extra seats"));
        f.put("customfield_10107", 30);
        f.put("customfield_10109", "2027-03-01");
        f.put("duedate", "2027-04-29");
        f.put("customfield_10110", List.of(option("10401", "DE"), option("10402", "AT")));
        f.put("description", text("The customer migrates two data centres in spring and needs thirty more seats while both run."));
        f.put("customfield_10111", 20000);
        f.put("customfield_10112", "EUR");
        f.put("customfield_10113", option("10500", "Internal"));
        f.put("customfield_10114", option("10600", "Medium"));
        return f;
    }

    public ObjectNode option(String id, String value) {
        return JSON.createObjectNode().put("self", api() + "/customFieldOption/" + id).put("value", value).put("id", id);
    }

    /** Rich text: an ADF document on Cloud, wiki text on Server. */
    public Object text(String s) {
        return cloud ? Adf.document(s) : s;
    }

    /**
     * A description with links, a smart link, a date, a status, a mention and a table: the ADF of
     * src/test/resources/jira/adf/evidence-description.json on Cloud, its wiki markup on Server.
     */
    public Object richDescription() {
        try {
            Path dir = Path.of("src/test/resources/jira");
            return cloud ? JSON.readTree(dir.resolve("adf/evidence-description.json").toFile()) : Files.readString(dir.resolve("wiki/evidence-description.wiki"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An issue (IssueBean) with the fields given plus status and updated. */
    public ObjectNode issue(String key, String updated, boolean done, Map<String, Object> fields) {
        ObjectNode i = JSON.createObjectNode();
        String id = String.valueOf(10000 + Math.abs(key.hashCode() % 90000));
        i.put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
        i.put("id", id).put("self", api() + "/issue/" + id).put("key", key);
        ObjectNode f = i.putObject("fields");
        f.put("summary", "License exception " + key);
        f.put("updated", updated);
        ObjectNode status = f.putObject("status");
        status.put("self", api() + "/status/" + (done ? "10002" : "10000")).put("name", done ? "Done" : "Waiting for approval")
                .put("id", done ? "10002" : "10000");
        status.putObject("statusCategory").put("self", api() + "/statuscategory/" + (done ? 3 : 4)).put("id", done ? 3 : 4)
                .put("key", done ? "done" : "indeterminate").put("colorName", done ? "green" : "yellow").put("name", done ? "Done" : "In Progress");
        fields.forEach((k, v) -> f.set(k, JSON.valueToTree(v)));
        return i;
    }

    /** Cloud GET /rest/api/3/search/jql: one page; nextPageToken null on the last page. */
    public ObjectNode cloudPage(List<ObjectNode> issues, String nextPageToken) {
        ObjectNode p = JSON.createObjectNode();
        p.putArray("issues").addAll(issues);
        p.put("isLast", nextPageToken == null);
        p.set("names", JSON.valueToTree(NAMES));
        if (nextPageToken != null) p.put("nextPageToken", nextPageToken);
        return p;
    }

    /** Server GET /rest/api/2/search: one page by startAt. */
    public ObjectNode serverPage(List<ObjectNode> issues, int startAt, int maxResults, int total) {
        ObjectNode p = JSON.createObjectNode();
        p.put("expand", "names,schema").put("startAt", startAt).put("maxResults", maxResults).put("total", total);
        p.set("names", JSON.valueToTree(NAMES));
        p.putArray("issues").addAll(issues);
        return p;
    }

    public ObjectNode comment(String issueId, String id, ObjectNode author, String body, String created) {
        return comment(issueId, id, author, body, created, created, author);
    }

    /** A comment edited at {@code updated} by {@code updateAuthor} (Jira keeps the first author and shows the last editor). */
    public ObjectNode comment(String issueId, String id, ObjectNode author, String body, String created, String updated, ObjectNode updateAuthor) {
        ObjectNode c = JSON.createObjectNode();
        c.put("self", api() + "/issue/" + issueId + "/comment/" + id).put("id", id);
        c.set("author", author);
        c.set("body", JSON.valueToTree(text(body)));
        c.set("updateAuthor", updateAuthor);
        c.put("created", created).put("updated", updated);
        if (cloud) c.put("jsdPublic", true);
        return c;
    }

    /** An instant as Jira writes it (2026-11-24T12:05:00.000+0000). */
    public static String time(Instant at) {
        return JIRA_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx");

    /**
     * Adds a comment to an issue as Jira does: the comment is created (and updated) at {@code at}
     * and the issue's {@code updated} moves to the same time. Returns the comment.
     */
    public ObjectNode addComment(ObjectNode issue, List<ObjectNode> comments, String id, ObjectNode author, String body, Instant at) {
        ObjectNode c = comment(issue.path("id").asText(), id, author, body, time(at));
        comments.add(c);
        ((ObjectNode) issue.get("fields")).put("updated", time(at));
        return c;
    }

    private static final java.util.regex.Pattern COMMENT_POST = java.util.regex.Pattern.compile("/issue/([A-Z][A-Z0-9]*-\\d+)/comment$");

    /**
     * A WireMock listener that does what Jira does when a comment is added through the API: the
     * issue's {@code updated} moves (the callback moves it in the served search results). Without
     * it a stub lets a hub that reads its own comments as edits pass (it answered itself for ever).
     */
    public static com.github.tomakehurst.wiremock.extension.ServeEventListener commentMovesUpdated(java.util.function.Consumer<String> moveUpdated) {
        return new com.github.tomakehurst.wiremock.extension.ServeEventListener() {
            @Override
            public String getName() {
                return "comment-moves-updated";
            }

            @Override
            public boolean applyGlobally() {
                return true;
            }

            // before the answer goes out, as in Jira: a caller that got its 201 already sees the new 'updated'
            @Override
            public void beforeResponseSent(com.github.tomakehurst.wiremock.stubbing.ServeEvent event,
                    com.github.tomakehurst.wiremock.extension.Parameters parameters) {
                java.util.regex.Matcher m = COMMENT_POST.matcher(event.getRequest().getUrl().replaceFirst("\\?.*$", ""));
                if (event.getRequest().getMethod().getName().equals("POST") && m.find() && event.getResponseDefinition().getStatus() < 300) {
                    moveUpdated.accept(m.group(1));
                }
            }
        };
    }

    /** GET /issue/{key}/comment. */
    public ObjectNode comments(List<ObjectNode> comments) {
        ObjectNode p = JSON.createObjectNode();
        p.put("startAt", 0).put("maxResults", 100).put("total", comments.size());
        ArrayNode a = p.putArray("comments");
        comments.forEach(a::add);
        return p;
    }

    /** GET /issue/{key}/transitions: the workflow's ids are not the hub's business, their names are. */
    public ObjectNode transitions() {
        ObjectNode t = JSON.createObjectNode();
        ArrayNode list = t.putArray("transitions");
        list.add(transition("21", "Request more information", "10004", "Waiting for customer"));
        list.add(transition("31", "Approve", "10005", "Approved"));
        list.add(transition("41", "Decline", "10006", "Declined"));
        return t;
    }

    private ObjectNode transition(String id, String name, String statusId, String statusName) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id).put("name", name).put("hasScreen", false).put("isGlobal", false).put("isInitial", false)
                .put("isAvailable", true).put("isConditional", false).put("isLooped", false);
        ObjectNode to = t.putObject("to");
        to.put("self", api() + "/status/" + statusId).put("description", "").put("iconUrl", site + "/images/icons/statuses/generic.png")
                .put("name", statusName).put("id", statusId);
        to.putObject("statusCategory").put("self", api() + "/statuscategory/3").put("id", 3).put("key", "done")
                .put("colorName", "green").put("name", "Done");
        return t;
    }

    /** The answer to POST /issue/{key}/comment (201). */
    public ObjectNode created(String issueId, String id, ObjectNode author) {
        return comment(issueId, id, author, "posted", "2026-11-24T10:00:00.000+00:00");
    }
}
