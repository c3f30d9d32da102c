package io.lexhub.jira;

import io.lexhub.policy.YamlFiles;
import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The e-mail address of a Jira account where Jira does not show it: Jira Cloud returns a user's
 * {@code emailAddress} only when their profile's visibility allows it, so most reporters come
 * without one. The address is looked up by the account Jira authenticated (accountId on Cloud,
 * user name on Server), never by anything written on the ticket: config/jira-users.yaml for
 * anyone, and the staff of config/approvers.yaml who carry jiraAccountId / jiraUser with their
 * e-mail. A person in both must have the same address there.
 */
public final class JiraUsers {

    public static final String FILE = "jira-users.yaml";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    record Entry(String jiraAccountId, String jiraUser, String email) {}

    record File(List<Entry> users) {}

    private final Map<String, String> byAccountId;
    /** Server user names are not case-sensitive: kept lower-case */
    private final Map<String, String> byUser;
    private final ApproverDirectory staff;

    JiraUsers(Map<String, String> byAccountId, Map<String, String> byUser, ApproverDirectory staff) {
        this.byAccountId = Map.copyOf(byAccountId);
        this.byUser = Map.copyOf(byUser);
        this.staff = staff;
    }

    /** The file, checked: every problem is listed in one {@link PolicyException}. An absent file maps nobody. */
    public static JiraUsers load(Path file, ApproverDirectory staff) {
        if (!Files.isRegularFile(file)) return new JiraUsers(Map.of(), Map.of(), staff);
        String name = file.getFileName().toString();
        File parsed = YamlFiles.read(file, File.class);
        List<String> problems = new ArrayList<>();
        Map<String, String> byAccountId = new HashMap<>();
        Map<String, String> byUser = new HashMap<>();
        List<Entry> entries = parsed == null || parsed.users() == null ? List.of() : parsed.users();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String where = name + ": users[" + i + "]: ";
            if (e == null) {
                problems.add(where + "empty entry");
                continue;
            }
            boolean account = !blank(e.jiraAccountId());
            boolean user = !blank(e.jiraUser());
            if (account == user) problems.add(where + "give exactly one of jiraAccountId (Jira Cloud) or jiraUser (Jira Server / Data Center user name)");
            if (blank(e.email())) problems.add(where + "email missing");
            else if (!EMAIL.matcher(e.email().strip()).matches()) problems.add(where + "email is not an e-mail address: " + e.email());
            if (account == user || blank(e.email())) continue;
            String id = account ? e.jiraAccountId().strip() : e.jiraUser().strip().toLowerCase(Locale.ROOT);
            String email = e.email().strip();
            String before = (account ? byAccountId : byUser).put(id, email);
            if (before != null) problems.add(where + (account ? "jiraAccountId " : "jiraUser ") + id + " is listed twice");
            Optional<Approver> approver = account ? staff.byJiraAccountId(id) : staff.byJiraUser(id);
            if (approver.isPresent() && !approver.get().email().equalsIgnoreCase(email)) {
                problems.add(where + (account ? "jiraAccountId " : "jiraUser ") + id + " is approver " + approver.get().id()
                        + " in approvers.yaml with the address " + approver.get().email() + ", not " + email);
            }
        }
        if (!problems.isEmpty()) throw new PolicyException(problems);
        return new JiraUsers(byAccountId, byUser, staff);
    }

    /** The address of a user as Jira shows it (accountId on Cloud, name on Server), when the directory knows it. */
    public Optional<String> email(JsonNode user) {
        if (user == null || !user.isObject()) return Optional.empty();
        String accountId = user.path("accountId").asText("");
        if (!accountId.isBlank()) {
            String listed = byAccountId.get(accountId);
            return listed != null ? Optional.of(listed) : staff.byJiraAccountId(accountId).map(Approver::email);
        }
        String name = user.path("name").asText("");
        if (name.isBlank()) return Optional.empty();
        String listed = byUser.get(name.toLowerCase(Locale.ROOT));
        return listed != null ? Optional.of(listed) : staff.byJiraUser(name).map(Approver::email);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
