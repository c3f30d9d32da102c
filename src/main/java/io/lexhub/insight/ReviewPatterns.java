package io.lexhub.insight;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Terms;
import io.lexhub.policy.Policy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The patterns of a period for the policy review (docs/practice-and-patterns.md): exception types
 * and products granted repeatedly with similar terms, renewal chains past the policy's limit, and
 * the risk rules approvers overrode most. Pure: the store reads the rows, this decides.
 */
public record ReviewPatterns(String from, String to, Policy.PolicyReview settings, List<RepeatedGrant> repeatedGrants, List<LongChain> longChains,
        List<RuleOverride> overriddenRules) {

    /** An approved request of the period: its reference and document. */
    public record Grant(String reference, ExceptionRequest request) {}

    /**
     * A type and product granted {@code granted} times in the period, {@code similar} of them with
     * terms within the tolerance of the group's medians (null: no grant of the group had that term).
     */
    public record RepeatedGrant(String type, String product, int granted, int similar, BigDecimal medianSeats, BigDecimal medianDiscountPercent,
            BigDecimal medianDurationDays, List<String> references) {}

    /** A renewal chain (named by its first waiver) whose newest renewal in the period was its {@code renewals}th. */
    public record LongChain(String chain, String customerId, String product, String type, int renewals, String latest, String latestState) {}

    /** A waiver row as the chain list needs it. */
    public record ChainLink(String reference, String chain, String customerId, String product, String type, int renewalCount, String state) {}

    /** A decision against the score: approved at a high score or denied at a low one, with the rules that gave the score points. */
    public record AgainstScore(String reference, String outcome, double score, List<String> rules) {}

    /** A risk rule and how often approvers decided against the score it contributed to. */
    public record RuleOverride(String ruleId, int approvedAtHighScore, int deniedAtLowScore, int total, List<String> references) {}

    /** A setting as people read it: 60, 12.5 (never 60.0). */
    public static String plain(Double d) {
        BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
        return (b.scale() < 0 ? b.setScale(0) : b).toPlainString();
    }

    /** True when there is nothing to review. */
    public boolean empty() {
        return repeatedGrants.isEmpty() && longChains.isEmpty() && overriddenRules.isEmpty();
    }

    public static ReviewPatterns of(String from, String to, Policy.PolicyReview s, List<Grant> grants, List<ChainLink> links, List<AgainstScore> overrides) {
        return new ReviewPatterns(from, to, s, repeated(grants, s), chains(links), rules(overrides));
    }

    /**
     * Per type and product: the median of each term (seats, discount, duration) over the grants
     * that have it; a grant is similar when each of its terms is within the tolerance of the
     * median (|x - median| <= median x tolerance / 100) and it has exactly the terms the group has.
     */
    static List<RepeatedGrant> repeated(List<Grant> grants, Policy.PolicyReview s) {
        Map<List<String>, List<Grant>> groups = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (Grant g : grants) {
            ExceptionRequest r = g.request();
            if (r.type() == null || r.product() == null || r.terms() == null) continue;
            groups.computeIfAbsent(List.of(r.type().name(), r.product()), k -> new ArrayList<>()).add(g);
        }
        List<RepeatedGrant> out = new ArrayList<>();
        double tolerance = s.similarTermsTolerancePercent() / 100.0;
        groups.forEach((key, members) -> {
            if (members.size() < s.repeatedGrantThreshold()) return;
            BigDecimal seats = median(members, t -> t.seats() == null ? null : BigDecimal.valueOf(t.seats()));
            BigDecimal discount = median(members, Terms::discountPercent);
            BigDecimal days = median(members, t -> t.effectiveDurationDays() == null ? null : BigDecimal.valueOf(t.effectiveDurationDays()));
            List<String> similar = members.stream().filter(g -> {
                Terms t = g.request().terms();
                return near(t.seats() == null ? null : BigDecimal.valueOf(t.seats()), seats, tolerance)
                        && near(t.discountPercent(), discount, tolerance)
                        && near(t.effectiveDurationDays() == null ? null : BigDecimal.valueOf(t.effectiveDurationDays()), days, tolerance);
            }).map(Grant::reference).sorted().toList();
            if (similar.size() >= s.repeatedGrantThreshold()) {
                out.add(new RepeatedGrant(key.get(0), key.get(1), members.size(), similar.size(), seats, discount, days, similar));
            }
        });
        out.sort(Comparator.comparingInt(RepeatedGrant::similar).reversed());
        return out;
    }

    private static BigDecimal median(List<Grant> members, Function<Terms, BigDecimal> term) {
        List<BigDecimal> values = members.stream().map(g -> term.apply(g.request().terms())).filter(v -> v != null).sorted().toList();
        if (values.isEmpty()) return null;
        int n = values.size();
        BigDecimal m = n % 2 == 1 ? values.get(n / 2) : values.get(n / 2 - 1).add(values.get(n / 2)).divide(BigDecimal.valueOf(2), 4, RoundingMode.HALF_UP);
        m = m.stripTrailingZeros();
        return m.scale() < 0 ? m.setScale(0) : m;
    }

    private static boolean near(BigDecimal value, BigDecimal median, double tolerance) {
        if (median == null || value == null) return median == null && value == null;
        double v = value.doubleValue();
        double m = median.doubleValue();
        return Math.abs(v - m) <= Math.abs(m) * tolerance + 1e-9;
    }

    /** The links past the limit (the store reads only those) grouped by chain: the newest renewal of each, most renewals first. */
    static List<LongChain> chains(List<ChainLink> links) {
        Map<String, ChainLink> newest = new LinkedHashMap<>();
        for (ChainLink l : links) newest.merge(l.chain(), l, (a, b) -> b.renewalCount() > a.renewalCount() ? b : a);
        return newest.values().stream()
                .map(l -> new LongChain(l.chain(), l.customerId(), l.product(), l.type(), l.renewalCount(), l.reference(), l.state()))
                .sorted(Comparator.comparingInt(LongChain::renewals).reversed().thenComparing(LongChain::chain))
                .toList();
    }

    /** Each rule with the decisions against the score it contributed to, most first. */
    static List<RuleOverride> rules(List<AgainstScore> overrides) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, List<String>> refs = new TreeMap<>();
        for (AgainstScore o : overrides) {
            boolean approved = "APPROVED".equals(o.outcome());
            for (String rule : o.rules().stream().distinct().toList()) {
                int[] c = counts.computeIfAbsent(rule, k -> new int[2]);
                c[approved ? 0 : 1]++;
                List<String> r = refs.computeIfAbsent(rule, k -> new ArrayList<>());
                if (!r.contains(o.reference())) r.add(o.reference());
            }
        }
        List<RuleOverride> out = new ArrayList<>();
        counts.forEach((rule, c) -> out.add(new RuleOverride(rule, c[0], c[1], c[0] + c[1], refs.get(rule).stream().sorted().toList())));
        out.sort(Comparator.comparingInt(RuleOverride::total).reversed());
        return out;
    }
}
