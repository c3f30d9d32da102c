package io.lexhub.insight;

import io.lexhub.insight.Summary.RequestCount;
import io.lexhub.insight.Summary.Times;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rules that turn the database's aggregates (store/InsightStore, one SQL pass per figure) into
 * the governance {@link Summary}: names for absent values, rounding, rates, the week of a trend
 * point. One code path for the JSON summary, the HTML report, the dashboard and the Prometheus
 * gauges. Definitions: docs/insight.md.
 */
public final class Figures {

    public static final int TOP_CUSTOMERS = 10;
    /** 1970-01-05, the first Monday after the epoch: weeks are counted from it. */
    private static final long FIRST_MONDAY = 4;

    private Figures() {}

    /** An absent channel, type, state, track, tier or customer is counted as "none". */
    public static String nz(String s) {
        return s == null ? "none" : s;
    }

    /** Requests by channel, type and outcome from the counts of each (channel, type, state) group. */
    public static Summary.Requests requests(List<RequestCount> groups) {
        Map<List<String>, Long> merged = new TreeMap<>(Comparator.comparing((List<String> k) -> String.join("\u0001", k)));
        for (RequestCount g : groups) merged.merge(List.of(nz(g.channel()), nz(g.type()), nz(g.outcome())), g.count(), Long::sum);
        List<RequestCount> breakdown = new ArrayList<>();
        merged.forEach((k, n) -> breakdown.add(new RequestCount(k.get(0), k.get(1), k.get(2), n)));
        long total = breakdown.stream().mapToLong(RequestCount::count).sum();
        return new Summary.Requests(total, sum(breakdown, RequestCount::channel), sum(breakdown, RequestCount::type),
                sum(breakdown, RequestCount::outcome), breakdown);
    }

    private static Map<String, Long> sum(List<RequestCount> rows, Function<RequestCount, String> key) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(key.apply(r), r.count(), Long::sum));
        return out;
    }

    /** Decision times from seconds (count, mean, and nearest-rank p50 and p90 as the database found them), in hours. */
    public static Times times(long count, double meanSeconds, double p50Seconds, double p90Seconds) {
        return count == 0 ? new Times(0, 0, 0, 0)
                : new Times(count, hours(meanSeconds), hours(p50Seconds), hours(p90Seconds));
    }

    public static double hours(double seconds) {
        return Stats.round2(seconds / 3600.0);
    }

    /** The Monday (UTC) of week number {@code week}, counted from 1970-01-05. */
    public static String monday(long week) {
        return LocalDate.ofEpochDay(FIRST_MONDAY + 7 * week).toString();
    }

    /** A mean of shares over {@code count} decisions, four decimals; 0 without any. */
    public static double meanShare(double sum, long count) {
        return count == 0 ? 0 : Math.round(sum / count * 10000.0) / 10000.0;
    }

    /**
     * The precedent share shown in a review package: of the past decisions on similar cases (same
     * type and product), how many ended with each outcome.
     */
    public static Map<String, Object> precedentShare(List<String> pastOutcomes) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        long approved = pastOutcomes.stream().filter("APPROVED"::equals).count();
        long denied = pastOutcomes.stream().filter("DENIED"::equals).count();
        m.put("similarCases", pastOutcomes.size());
        m.put("approved", approved);
        m.put("denied", denied);
        m.put("approvedShare", Stats.ratio(approved, pastOutcomes.size()));
        m.put("deniedShare", Stats.ratio(denied, pastOutcomes.size()));
        return m;
    }
}
