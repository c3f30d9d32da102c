package io.lexhub.cli;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.lexhub.pipeline.simulation.SimulationReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The simulation report as one HTML file (src/main/jte/policy-simulation.jte): the charts are SVG
 * drawn here, no script, every value escaped by jte; each chart has a table of its figures beside it.
 */
public final class SimulationPage {

    /** Requests listed one by one in the page at most; the JSON report has them all. */
    public static final int MAX_ROWS = 500;

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private SimulationPage() {}

    /** One category of a before/after chart. */
    public record Pair(String label, long before, long after) {
        public long change() {
            return after - before;
        }
    }

    static String render(SimulationReport report) {
        StringOutput out = new StringOutput();
        TEMPLATES.render("policy-simulation.jte", Map.of("report", report), out);
        return out.toString();
    }

    /** Before and after side by side, one entry per key of either side, in key order. */
    public static List<Pair> pairs(Map<String, Long> before, Map<String, Long> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Pair> out = new ArrayList<>();
        for (String k : keys) out.add(new Pair(k, before.getOrDefault(k, 0L), after.getOrDefault(k, 0L)));
        return out;
    }

    /** The largest value of a chart: its bars are drawn relative to it. */
    public static long max(List<Pair> pairs) {
        return pairs.stream().mapToLong(p -> Math.max(p.before(), p.after())).max().orElse(0);
    }

    /** A bar's width in pixels, at least 1 for a value above zero. */
    public static long width(long value, long max, int full) {
        if (value <= 0 || max <= 0) return 0;
        return Math.max(1, Math.round((double) value * full / max));
    }

    public static String percent(BigDecimal share) {
        return share == null ? "n/a" : share.movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + " %";
    }

    public static String signed(long n) {
        return n > 0 ? "+" + n : String.valueOf(n);
    }
}
