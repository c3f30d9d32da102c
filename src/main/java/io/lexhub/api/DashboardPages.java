package io.lexhub.api;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.insight.Period;
import io.lexhub.insight.Summary;
import io.lexhub.pipeline.insight.Insight;
import io.lexhub.pipeline.patterns.PolicyPatterns;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The dashboard (GET /dashboard, desk and audit): the governance report's figures for a chosen
 * period, from the same code as `lexhub report` and GET /api/reports/summary ({@link Insight}),
 * with charts drawn on the server as SVG (the pages run no script).
 */
public final class DashboardPages {

    private final Insight insight;
    private final PolicyPatterns patterns;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public DashboardPages(Insight insight, PolicyPatterns patterns, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.insight = insight;
        this.patterns = patterns;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /dashboard?from=&to= (dates, whole days in UTC; default: the last twelve months). */
    public void page(Exchange exchange) {
        String from = exchange.getMessage().getHeader("from", String.class);
        String to = exchange.getMessage().getHeader("to", String.class);
        Map<String, Object> model = new LinkedHashMap<>();
        Viewer viewer = Viewer.of(exchange, directory, "dashboard");
        model.put("viewer", viewer);
        model.put("zone", viewer.zone(zone));
        Map<String, String> errors = new LinkedHashMap<>();
        Period period = null;
        try {
            if (from != null && !from.isBlank() && !from.strip().matches("\\d{4}-\\d{2}-\\d{2}")) throw new IllegalArgumentException("from");
            if (to != null && !to.isBlank() && !to.strip().matches("\\d{4}-\\d{2}-\\d{2}")) throw new IllegalArgumentException("to");
            period = Period.parse(from, to, clock.instant());
        } catch (IllegalArgumentException e) {
            errors.put("from", "Give the period as two dates (YYYY-MM-DD), the first before the second");
        }
        // without "to" the period ends now: today is in it
        LocalDate shownTo = period == null || to == null || to.isBlank() ? LocalDate.now(clock.withZone(ZoneOffset.UTC))
                : LocalDate.ofInstant(period.to(), ZoneOffset.UTC).minusDays(1);
        LocalDate shownFrom = period == null ? shownTo.minusMonths(12) : LocalDate.ofInstant(period.from(), ZoneOffset.UTC);
        model.put("from", from != null && !errors.isEmpty() ? from : shownFrom.toString());
        model.put("to", to != null && !errors.isEmpty() ? to : shownTo.toString());
        model.put("errors", errors);
        model.put("summary", period == null ? null : insight.summary(period));
        model.put("patterns", period == null ? null : patterns.of(period));
        Pages.page(exchange, errors.isEmpty() ? 200 : 400, Pages.render("dashboard.jte", model));
    }

    /** The bars of a chart: label and value, largest first as given. */
    public record Bar(String label, long value) {}

    public static List<Bar> byType(Summary s) {
        return s.requests().byType().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> new Bar(e.getKey(), e.getValue())).toList();
    }

    public static List<Bar> byChannel(Summary s) {
        return s.requests().byChannel().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> new Bar(e.getKey(), e.getValue())).toList();
    }

    public static List<Bar> topCustomers(Summary s) {
        return s.topCustomers().stream().map(c -> new Bar(c.customerName() == null ? c.customerId() : c.customerName(), c.requests())).toList();
    }
}
