package io.lexhub.jira;

import java.util.Map;

/** One HTTP call to Jira. The hub's implementation sends it through camel-http (app.CamelJiraTransport). */
@FunctionalInterface
public interface JiraTransport {

    /** Jira's answer: status, its Retry-After header (null when absent) and body. */
    record Response(int status, String retryAfter, String body) {}

    /**
     * @param query parameters, not yet encoded
     * @param jsonBody null for GET
     * @throws java.io.IOException when Jira cannot be reached
     */
    Response call(String method, String path, Map<String, String> query, String jsonBody, String authorization) throws java.io.IOException;
}
