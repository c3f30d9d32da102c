package io.lexhub.api;

import io.lexhub.model.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a JSON reply; all other headers are dropped first so nothing internal leaks (architecture
 * rule 7). Every error answer is a problem document (RFC 9457, {@code application/problem+json}):
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} (the request's
 * path), and the lists that go with it ({@code issues}, {@code problems}, {@code reasons}).
 */
final class Responses {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.api");

    /** The path the caller asked for, kept by the access gate before the routes drop the headers. */
    static final String INSTANCE = "lexhubInstance";

    /** Problem types beyond the status code's meaning; "about:blank" where the status says it all. */
    static final String BLANK = "about:blank";
    static final String INVALID_REQUEST = "urn:lexhub:problem:invalid-request";
    static final String DECISION_REFUSED = "urn:lexhub:problem:decision-refused";
    static final String IDEMPOTENCY_CONFLICT = "urn:lexhub:problem:idempotency-conflict";
    static final String DATABASE_UNAVAILABLE = "urn:lexhub:problem:database-unavailable";
    static final String INTERNAL_ERROR = "urn:lexhub:problem:internal-error";

    private Responses() {}

    static void json(Exchange exchange, int status, Object body) {
        write(exchange, status, "application/json; charset=utf-8", body);
    }

    static void problem(Exchange exchange, int status, String detail) {
        problem(exchange, status, BLANK, detail, Map.of());
    }

    /** @param extensions further members (issues, reasons, errorId...), after the standard ones */
    static void problem(Exchange exchange, int status, String type, String detail, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        String instance = exchange.getProperty(INSTANCE, String.class);
        if (instance != null) body.put("instance", instance);
        body.putAll(extensions);
        write(exchange, status, "application/problem+json; charset=utf-8", body);
    }

    /**
     * 500 for what nobody expected: logged once with its stack trace under a short id, which the
     * caller gets too (errorId), so an operator finds it; the answer says nothing more of it.
     */
    static void internalError(Exchange exchange, Throwable e) {
        String id = logged(exchange, e);
        problem(exchange, 500, INTERNAL_ERROR, "the hub could not answer this request; the operators can find it in the log under id " + id,
                Map.of("errorId", id));
    }

    /** Logs an unexpected failure once, with its stack trace, and returns the short id the caller is told. */
    static String logged(Exchange exchange, Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("error {} in {} {}: {}", id, exchange.getMessage().getHeader(Exchange.HTTP_METHOD), exchange.getFromRouteId(), String.valueOf(e), e);
        return id;
    }

    private static void write(Exchange exchange, int status, String contentType, Object body) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(Json.write(body));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
