package io.lexhub.insight;

/** Rates and rounding for display (the JSON and the report print the same numbers). */
public final class Stats {

    private Stats() {}

    /** part / whole as a ratio 0..1 with four decimals; 0 when there is no whole. */
    public static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10000.0 / whole) / 10000.0;
    }

    public static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
