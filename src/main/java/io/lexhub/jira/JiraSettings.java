package io.lexhub.jira;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * lexhub.jira.*: which Jira, how to sign in, what to poll and which transitions record a decision.
 * {@link #problems()} lists every setting that is missing or wrong, for a start-up error.
 */
public record JiraSettings(
        boolean enabled,
        Api api,
        String url,
        String email,
        String apiToken,
        String personalAccessToken,
        String jql,
        int pageSize,
        int maxAttempts,
        Duration retryBase,
        Duration maxRetryAfter,
        String approvedTransition,
        String deniedTransition) {

    /** Jira Cloud (REST v3, ADF bodies, account ids) or Server / Data Center (REST v2, plain text, user names). */
    public enum Api { CLOUD, SERVER }

    public static JiraSettings from(Function<String, Optional<String>> p) {
        String api = p.apply("lexhub.jira.api").orElse("cloud").trim().toUpperCase(java.util.Locale.ROOT);
        return new JiraSettings(
                Boolean.parseBoolean(p.apply("lexhub.jira.enabled").orElse("false")),
                "SERVER".equals(api) ? Api.SERVER : "CLOUD".equals(api) ? Api.CLOUD : null,
                p.apply("lexhub.jira.url").map(u -> u.replaceAll("/+$", "")).orElse(null),
                p.apply("lexhub.jira.email").orElse(null),
                p.apply("lexhub.jira.api-token").orElse(null),
                p.apply("lexhub.jira.personal-access-token").orElse(null),
                p.apply("lexhub.jira.jql").orElse(null),
                Integer.parseInt(p.apply("lexhub.jira.page-size").orElse("50")),
                Integer.parseInt(p.apply("lexhub.jira.max-attempts").orElse("4")),
                Duration.ofMillis(Long.parseLong(p.apply("lexhub.jira.retry-base-ms").orElse("1000"))),
                Duration.ofSeconds(Long.parseLong(p.apply("lexhub.jira.max-retry-after-seconds").orElse("120"))),
                p.apply("lexhub.jira.transition.approved").orElse(null),
                p.apply("lexhub.jira.transition.denied").orElse(null));
    }

    /** Every problem of an enabled configuration (nothing is checked while Jira is off). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled) return problems;
        if (api == null) problems.add("lexhub.jira.api must be 'cloud' or 'server'");
        if (url == null || !url.matches("https?://[^\\s/]+(/\\S*)?")) problems.add("lexhub.jira.url must be the site's http(s) address, e.g. https://your-domain.atlassian.net");
        if (api == Api.CLOUD && (email == null || apiToken == null)) {
            problems.add("Jira Cloud signs in with lexhub.jira.email and lexhub.jira.api-token (an API token of that Atlassian account)");
        }
        if (api == Api.SERVER && personalAccessToken == null) {
            problems.add("Jira Server / Data Center signs in with lexhub.jira.personal-access-token");
        }
        if (jql == null || jql.isBlank()) problems.add("lexhub.jira.jql is required: which tickets are license exception requests");
        if (pageSize < 1 || pageSize > 100) problems.add("lexhub.jira.page-size must be between 1 and 100");
        if (maxAttempts < 1) problems.add("lexhub.jira.max-attempts must be at least 1");
        return problems;
    }

    /** The REST API version path: /rest/api/3 (Cloud) or /rest/api/2 (Server). */
    public String restBase() {
        return api == Api.SERVER ? "/rest/api/2" : "/rest/api/3";
    }

    /** Basic email:token on Cloud, a bearer personal access token on Server. */
    public String authorization() {
        if (api == Api.SERVER) return "Bearer " + personalAccessToken;
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    }
}
