package io.lexhub.api;

import io.lexhub.insight.BillingParser;
import io.lexhub.insight.MalformedBillingException;
import io.lexhub.pipeline.billing.BillingIntake;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/** POST /api/billing: billing lines for the post-implementation review (docs/billing-review.md). */
public final class BillingApi {

    private final BillingParser parser;
    private final BillingIntake intake;
    private final int maxBytes;

    public BillingApi(BillingParser parser, BillingIntake intake, int maxBytes) {
        this.parser = parser;
        this.intake = intake;
        this.maxBytes = maxBytes;
    }

    /** 200 with what became of each line; 400 unreadable, 409 contradicting a stored line, 413 too large, 415 neither JSON nor CSV. */
    public void lines(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.equals("text/csv")) {
            Responses.problem(exchange, 415, "billing lines are sent as application/json or text/csv");
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            Responses.problem(exchange, 413, "the document is larger than " + maxBytes + " bytes");
            return;
        }
        try {
            BillingIntake.Outcome outcome = intake.record(parser.parse(media.equals("application/json"), body), "api");
            Responses.json(exchange, 200, Map.of("results", outcome.results()));
        } catch (BillingIntake.BillingConflictException e) {
            Responses.problem(exchange, 409, Responses.BLANK, "billing lines contradict lines already stored", Map.of("problems", e.problems()));
        } catch (MalformedBillingException e) {
            Responses.problem(exchange, 400, Responses.INVALID_REQUEST, "the billing lines could not be read", Map.<String, List<String>>of("problems", e.problems()));
        }
    }
}
