package io.lexhub.pipeline.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over the replayed requests, before and after; one per worker thread, merged at the end
 * (not thread-safe on its own).
 */
public final class Totals {

    private long replayed;
    private long changed;
    private final Side before = new Side();
    private final Side after = new Side();
    private final Map<String, Long> rules = new TreeMap<>();

    public void add(Replay.Result r) {
        replayed++;
        before.add(r.before());
        after.add(r.after());
        r.difference().ifPresent(d -> {
            changed++;
            // a rule counts once per request whose outcome it changed
            d.rules().stream().map(Totals::ruleOf).distinct().forEach(k -> rules.merge(k, 1L, Long::sum));
        });
    }

    public void merge(Totals o) {
        replayed += o.replayed;
        changed += o.changed;
        before.merge(o.before);
        after.merge(o.after);
        o.rules.forEach((k, v) -> rules.merge(k, v, Long::sum));
    }

    /** "COM-01 0->25" -> COM-01; "validation terms.start too-far-back found" -> validation terms.start too-far-back; "tier T1->T2" -> tier. */
    static String ruleOf(String change) {
        if (change.startsWith("validation ")) return change.substring(0, change.lastIndexOf(' '));
        int space = change.indexOf(' ');
        return space < 0 ? change : change.substring(0, space);
    }

    /** The totals as the report shows them. */
    public Figures figures() {
        List<RuleCount> top = new ArrayList<>();
        rules.forEach((k, v) -> top.add(new RuleCount(k, v)));
        top.sort(Comparator.comparingLong(RuleCount::requests).reversed().thenComparing(RuleCount::rule));
        return new Figures(replayed, changed, before.figures(), after.figures(), top);
    }

    /** The report's totals; {@code rulesChangingOutcomes} most first. */
    public record Figures(long replayed, long changed, SideFigures before, SideFigures after, List<RuleCount> rulesChangingOutcomes) {

        /** Per role: how many more (positive) or fewer requests it would have had to decide. */
        public Map<String, Long> workloadChange() {
            Map<String, Long> out = new TreeMap<>();
            before.workloadByRole().forEach((k, v) -> out.merge(k, -v, Long::sum));
            after.workloadByRole().forEach((k, v) -> out.merge(k, v, Long::sum));
            return out;
        }
    }

    /** How many changed requests a rule is behind. */
    public record RuleCount(String rule, long requests) {}

    /**
     * One side's figures: requests per verdict, per track and per tier (accepted ones), approved by
     * the policy, needing people, the share of accepted requests on the fast track, requests per role
     * that would have had to decide them, and the SLA hours their chains are given in all.
     */
    public record SideFigures(Map<String, Long> verdicts, Map<String, Long> tracks, Map<String, Long> tiers, long autoApprovals,
            long needingPeople, BigDecimal fastTrackShare, Map<String, Long> workloadByRole, BigDecimal slaHours) {}

    private static Map<String, Long> sorted(Map<String, Long> m) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(m));
    }

    private static final class Side {
        final Map<String, Long> verdicts = new TreeMap<>();
        final Map<String, Long> tracks = new TreeMap<>();
        final Map<String, Long> tiers = new TreeMap<>();
        final Map<String, Long> roles = new TreeMap<>();
        long auto;
        long people;
        double slaHours;

        void add(Outcome o) {
            verdicts.merge(String.valueOf(o.verdict()), 1L, Long::sum);
            if (o.track() != null) tracks.merge(o.track(), 1L, Long::sum);
            if (o.tier() != null) tiers.merge(o.tier(), 1L, Long::sum);
            if (o.autoApproved()) auto++;
            if (o.needsPeople()) {
                people++;
                o.chain().stream().map(s -> s.split(" ")[0]).distinct().forEach(role -> roles.merge(role, 1L, Long::sum));
            }
            slaHours += o.slaHours();
        }

        void merge(Side o) {
            o.verdicts.forEach((k, v) -> verdicts.merge(k, v, Long::sum));
            o.tracks.forEach((k, v) -> tracks.merge(k, v, Long::sum));
            o.tiers.forEach((k, v) -> tiers.merge(k, v, Long::sum));
            o.roles.forEach((k, v) -> roles.merge(k, v, Long::sum));
            auto += o.auto;
            people += o.people;
            slaHours += o.slaHours;
        }

        SideFigures figures() {
            long accepted = verdicts.getOrDefault("ACCEPTED", 0L);
            BigDecimal share = accepted == 0 ? null
                    : BigDecimal.valueOf(tracks.getOrDefault("FAST", 0L)).divide(BigDecimal.valueOf(accepted), 4, RoundingMode.HALF_UP);
            return new SideFigures(sorted(verdicts), sorted(tracks), sorted(tiers), auto, people, share, sorted(roles),
                    BigDecimal.valueOf(slaHours).setScale(1, RoundingMode.HALF_UP));
        }
    }
}
