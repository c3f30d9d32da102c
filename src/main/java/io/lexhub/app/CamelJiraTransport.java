package io.lexhub.app;

import io.lexhub.jira.JiraTransport;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Jira calls through camel-http. Each call is a new exchange carrying only the headers that call
 * needs (architecture rule 7): response headers of the previous call (camel-http copies them onto the
 * exchange) can never reach the next one.
 */
public final class CamelJiraTransport implements JiraTransport {

    private final ProducerTemplate template;
    private final String endpoint;

    /** @param baseUrl the site, with the context path of a Data Center instance if it has one */
    public CamelJiraTransport(ProducerTemplate template, String baseUrl) {
        this.template = template;
        // status codes are Jira's answers for JiraApi to judge, not exceptions
        this.endpoint = baseUrl + "?throwExceptionOnFailure=false&connectTimeout=10000&responseTimeout=60000";
    }

    @Override
    public Response call(String method, String path, Map<String, String> query, String jsonBody, String authorization) throws IOException {
        Exchange done = template.send(endpoint, exchange -> {
            Message m = exchange.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader(Exchange.HTTP_PATH, path);
            if (!query.isEmpty()) m.setHeader(Exchange.HTTP_QUERY, encode(query));
            m.setHeader("Authorization", authorization);
            m.setHeader("Accept", "application/json");
            if (jsonBody != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                m.setBody(jsonBody);
            }
        });
        Exception failure = done.getException();
        if (failure instanceof IOException io) throw io;
        if (failure != null) throw new IOException(failure.getMessage(), failure);
        Message answer = done.getMessage();
        Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Response(status == null ? 0 : status, answer.getHeader("Retry-After", String.class), answer.getBody(String.class));
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
