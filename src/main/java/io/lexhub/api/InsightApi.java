package io.lexhub.api;

import io.lexhub.insight.MalformedUsageException;
import io.lexhub.insight.Period;
import io.lexhub.pipeline.patterns.PolicyPatterns;
import io.lexhub.insight.UsageParser;
import io.lexhub.pipeline.insight.Insight;
import io.lexhub.pipeline.channel.UsageIntake;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** GET /api/metrics, GET /api/reports/summary, GET /api/reports/patterns, POST /api/usage. */
public final class InsightApi {

    /** The Prometheus figures the hub keeps (app/GovernanceMetrics implements it, so api needs nothing of app). */
    public interface Metrics {
        String scrape();
    }

    private final Insight insight;
    private final Metrics metrics;
    private final UsageParser parser;
    private final UsageIntake usage;
    private final PolicyPatterns patterns;

    public InsightApi(Insight insight, Metrics metrics, UsageParser parser, UsageIntake usage, PolicyPatterns patterns) {
        this.insight = insight;
        this.patterns = patterns;
        this.metrics = metrics;
        this.parser = parser;
        this.usage = usage;
    }

    /** Prometheus text format. */
    public void metrics(Exchange exchange) {
        Message m = exchange.getMessage();
        String body = metrics.scrape();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        m.setBody(body);
    }

    /** ?from=&to= (dates are whole UTC days, or instants); the same numbers as the HTML report. */
    public void summary(Exchange exchange) {
        Period period;
        try {
            period = Period.parse(exchange.getMessage().getHeader("from", String.class), exchange.getMessage().getHeader("to", String.class),
                    insight.clock().instant());
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, e.getMessage());
            return;
        }
        Responses.json(exchange, 200, insight.summary(period));
    }

    /** ?from=&to= as for the summary: the policy review's patterns of the period (docs/practice-and-patterns.md). */
    public void patterns(Exchange exchange) {
        Period period;
        try {
            period = Period.parse(exchange.getMessage().getHeader("from", String.class), exchange.getMessage().getHeader("to", String.class),
                    insight.clock().instant());
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, e.getMessage());
            return;
        }
        Responses.json(exchange, 200, patterns.of(period));
    }

    /** A usage document (CSV or JSON); 200 with what became of each report, 400 unreadable, 409 contradicting a stored report. */
    public void usage(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        try {
            UsageIntake.Outcome outcome = usage.record(parser.parse(type, body), "api");
            Responses.json(exchange, 200, Map.of("results", outcome.results()));
        } catch (UsageIntake.UsageConflictException e) {
            Responses.problem(exchange, 409, Responses.BLANK, "usage report contradicts one already stored", Map.of("problems", e.problems()));
        } catch (MalformedUsageException e) {
            Responses.problem(exchange, 400, Responses.INVALID_REQUEST, "the usage document could not be read", Map.of("problems", e.problems()));
        }
    }
}
