package io.lexhub.api;

import io.lexhub.intake.MalformedRequestException;
import io.lexhub.intake.RawSubmission;
import io.lexhub.pipeline.intake.RequestCheck;
import io.lexhub.store.DatabaseUnavailableException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * POST /api/requests/check: the dry run of POST /api/requests (pipeline/intake/RequestCheck). The
 * same document, size limit and problem answers, without a reference, an audit event, an outbox
 * message or a quarantine entry.
 */
public final class RequestCheckApi {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final RequestCheck check;
    private final Clock clock;
    private final int maxBytes;

    public RequestCheckApi(RequestCheck check, Clock clock, int maxBytes) {
        this.check = check;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    public void check(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (body != null && body.length > maxBytes) {
            Responses.problem(exchange, 400, "the request document is larger than " + maxBytes + " bytes");
            return;
        }
        try {
            RequestCheck.Verdict v = check.check(new RawSubmission(RawSubmission.API, null, null, contentType, body == null ? new byte[0] : body,
                    clock.instant()));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("verdict", v.verdict());
            answer.put("issues", v.issues());
            if (v.track() != null) answer.put("track", v.track());
            answer.put("policyVersion", v.policyVersion());
            Responses.json(exchange, 200, answer);
        } catch (MalformedRequestException e) {
            Responses.problem(exchange, 400, Responses.INVALID_REQUEST, "the request document could not be read", Map.of("problems", e.problems()));
        } catch (DatabaseUnavailableException e) {
            Responses.problem(exchange, 503, Responses.DATABASE_UNAVAILABLE, "the database is unavailable: check again in a few seconds",
                    Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
            exchange.getMessage().setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
    }
}
