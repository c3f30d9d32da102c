package io.lexhub.insight;

import java.util.Locale;

/**
 * The report's figures in words for the pages: a rate with nothing to divide by is "no data",
 * not 0 %; a time with no decisions is "no data", not 0 hours.
 */
public final class FigureText {

    private FigureText() {}

    /** "87.5 %" of a ratio 0..1, or "no data" when {@code whole} is 0. */
    public static String rate(double ratio, long whole) {
        return whole == 0 ? "no data" : String.format(Locale.ENGLISH, "%.1f %%", ratio * 100);
    }

    /** The figure as the report's key table shows it (a number the JSON has too), or "no data" when {@code whole} is 0. */
    public static String value(double figure, long whole) {
        return whole == 0 ? "no data" : String.valueOf(figure);
    }

    /** "12.3 h", or "no data" when nothing was decided. */
    public static String hours(double hours, long count) {
        return count == 0 ? "no data" : String.format(Locale.ENGLISH, "%.1f h", hours);
    }

    public static String approvalRate(Summary s) {
        return rate(s.approvals().approvalRate(), s.approvals().approved() + s.approvals().denied());
    }

    public static String slaAdherence(Summary s) {
        return rate(s.sla().adherence(), s.sla().judged());
    }

    public static String renewalRate(Summary s) {
        return rate(s.renewals().renewalRate(), s.renewals().ended());
    }

    public static String disputeRate(Summary s) {
        return rate(s.disputes().disputeRate(), s.disputes().decisions());
    }

    public static String consistency(Summary s) {
        return rate(s.precedentConsistency().consistency(), s.precedentConsistency().decisionsWithPrecedents());
    }

    /** A bar's length in an SVG of {@code width} units: the value's share of the largest, at least 1 unit when not 0. */
    public static long bar(long value, long max, int width) {
        if (value <= 0 || max <= 0) return 0;
        return Math.max(1, Math.round((double) value * width / max));
    }
}
