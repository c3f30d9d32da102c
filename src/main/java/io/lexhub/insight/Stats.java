package io.lexhub.insight;

import java.util.List;

/** Mean and nearest-rank percentiles, rounded for display (the JSON and the report print the same numbers). */
public final class Stats {

    private Stats() {}

    public static double mean(List<Double> values) {
        return values.isEmpty() ? 0 : round2(values.stream().mapToDouble(Double::doubleValue).sum() / values.size());
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return 0;
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return round2(sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1)));
    }

    /** part / whole as a ratio 0..1 with four decimals; 0 when there is no whole. */
    public static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10000.0 / whole) / 10000.0;
    }

    public static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
