package io.lexhub.insight;

import io.lexhub.insight.History.Decision;
import io.lexhub.insight.History.Level;
import io.lexhub.insight.History.Request;
import io.lexhub.insight.History.Waiver;
import io.lexhub.insight.Summary.CustomerCount;
import io.lexhub.insight.Summary.RequestCount;
import io.lexhub.insight.Summary.Times;
import io.lexhub.insight.Summary.TrackTier;
import io.lexhub.insight.Summary.TrendPoint;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes the governance {@link Summary} of the period [from, to) from a {@link History}. One
 * code path for the JSON summary, the HTML report and the Prometheus gauges. asOf is "now": an
 * SLA deadline after it has not been missed yet.
 */
public final class Figures {

    static final int TOP_CUSTOMERS = 10;

    private Figures() {}

    public static Summary compute(History h, Instant from, Instant to, Instant asOf) {
        Map<String, Request> byRef = h.requests().stream().collect(Collectors.toMap(Request::ref, Function.identity(), (a, b) -> a));
        List<Request> received = h.requests().stream().filter(r -> in(r.receivedAt(), from, to)).toList();
        List<Decision> decided = h.decisions().stream().filter(d -> in(d.decidedAt(), from, to))
                .sorted(Comparator.comparing(Decision::decidedAt)).toList();
        return new Summary(from.toString(), to.toString(),
                requests(received),
                decisionTime(decided, byRef),
                trend(decided, byRef),
                sla(h.levels(), from, to, asOf),
                approvals(decided),
                renewals(h.waivers(), from, to),
                disputes(decided, h, byRef),
                h.waivers().stream().filter(w -> "REVOKED".equals(w.state()) && in(w.endedAt(), from, to)).count(),
                activeWaivers(h.waivers(), byRef),
                topCustomers(received),
                precedents(decided, h.decisions(), byRef),
                utilisation(h.usageFlags(), from, to));
    }

    static boolean in(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    private static Summary.Requests requests(List<Request> received) {
        Map<List<String>, Long> groups = received.stream().collect(Collectors.groupingBy(
                r -> List.of(nz(r.channel()), nz(r.type()), nz(r.state())),
                () -> new TreeMap<>(Comparator.comparing((List<String> k) -> String.join("\u0001", k))), Collectors.counting()));
        List<RequestCount> breakdown = new ArrayList<>();
        groups.forEach((k, n) -> breakdown.add(new RequestCount(k.get(0), k.get(1), k.get(2), n)));
        return new Summary.Requests(received.size(), count(received, Request::channel), count(received, Request::type),
                count(received, Request::state), breakdown);
    }

    private static Map<String, Long> count(List<Request> rs, Function<Request, String> key) {
        return rs.stream().collect(Collectors.groupingBy(r -> nz(key.apply(r)), TreeMap::new, Collectors.counting()));
    }

    private static String nz(String s) {
        return s == null ? "none" : s;
    }

    /** Hours from receipt of the request to the decision that ended its round. */
    private static double hours(Decision d, Map<String, Request> byRef) {
        Request r = byRef.get(d.ref());
        return r == null ? 0 : Duration.between(r.receivedAt(), d.decidedAt()).toMillis() / 3_600_000.0;
    }

    static Times times(List<Double> hours) {
        return new Times(hours.size(), Stats.mean(hours), Stats.percentile(hours, 50), Stats.percentile(hours, 90));
    }

    private static Summary.DecisionTime decisionTime(List<Decision> decided, Map<String, Request> byRef) {
        List<Decision> known = decided.stream().filter(d -> byRef.containsKey(d.ref())).toList();
        Map<List<String>, List<Double>> groups = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (Decision d : known) {
            Request r = byRef.get(d.ref());
            groups.computeIfAbsent(List.of(nz(r.track()), nz(r.tier())), k -> new ArrayList<>()).add(hours(d, byRef));
        }
        List<TrackTier> per = new ArrayList<>();
        groups.forEach((k, v) -> per.add(new TrackTier(k.get(0), k.get(1), times(v))));
        return new Summary.DecisionTime(times(known.stream().map(d -> hours(d, byRef)).toList()), per);
    }

    private static List<TrendPoint> trend(List<Decision> decided, Map<String, Request> byRef) {
        Map<String, List<Double>> weeks = new TreeMap<>();
        for (Decision d : decided) {
            if (!byRef.containsKey(d.ref())) continue;
            String week = d.decidedAt().atOffset(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            weeks.computeIfAbsent(week, k -> new ArrayList<>()).add(hours(d, byRef));
        }
        List<TrendPoint> out = new ArrayList<>();
        weeks.forEach((w, v) -> out.add(new TrendPoint(w, v.size(), Stats.mean(v), Stats.percentile(v, 50))));
        return out;
    }

    /**
     * A level is judged in the period its deadline (due_at) falls in: met when it was decided at
     * or before the deadline and never escalated; missed when it was decided later, escalated, or
     * is still open past the deadline. A level voided (amendment) before its deadline, or still
     * open with the deadline ahead, is not judged.
     */
    private static Summary.Sla sla(List<Level> levels, Instant from, Instant to, Instant asOf) {
        long met = 0;
        long missed = 0;
        for (Level l : levels) {
            if (!in(l.dueAt(), from, to)) continue;
            boolean decided = "APPROVED".equals(l.status()) || "DENIED".equals(l.status());
            boolean closedInTime = l.closedAt() != null && !l.closedAt().isAfter(l.dueAt());
            if (l.escalatedAt() == null && decided && closedInTime) met++;
            else if ("VOID".equals(l.status()) && closedInTime) continue;
            else if (l.escalatedAt() != null || l.dueAt().isBefore(asOf)) missed++;
        }
        long escalations = levels.stream().filter(l -> in(l.escalatedAt(), from, to)).count();
        return new Summary.Sla(met + missed, met, missed, Stats.ratio(met, met + missed), escalations);
    }

    private static Summary.Approvals approvals(List<Decision> decided) {
        long approved = decided.stream().filter(d -> "APPROVED".equals(d.outcome())).count();
        long denied = decided.stream().filter(d -> "DENIED".equals(d.outcome())).count();
        return new Summary.Approvals(decided.size(), approved, denied, Stats.ratio(approved, approved + denied));
    }

    /**
     * Of the waivers that ended in the period (EXPIRED or RENEWED), the share renewed. Renewals
     * granted: waivers created in the period that renew another; repeat renewals: those of them
     * that are the second or later renewal in their chain (renewal_count >= 2).
     */
    private static Summary.Renewals renewals(List<Waiver> waivers, Instant from, Instant to) {
        long renewed = waivers.stream().filter(w -> "RENEWED".equals(w.state()) && in(w.endedAt(), from, to)).count();
        long expired = waivers.stream().filter(w -> "EXPIRED".equals(w.state()) && in(w.endedAt(), from, to)).count();
        List<Waiver> created = waivers.stream().filter(w -> in(w.createdAt(), from, to)).toList();
        long granted = created.stream().filter(w -> w.renewalOf() != null).count();
        long repeat = created.stream().filter(w -> w.renewalOf() != null && w.renewalCount() >= 2).count();
        return new Summary.Renewals(renewed + expired, renewed, expired, Stats.ratio(renewed, renewed + expired), granted, repeat);
    }

    /**
     * A decision of the period is disputed when an approval was followed by an amendment of the
     * same request (request.amended after the decision) or by a later round's decision, or when a
     * denial was followed by a new request of the same customer for the same type and product.
     */
    private static Summary.Disputes disputes(List<Decision> decided, History h, Map<String, Request> byRef) {
        long amended = 0;
        long resubmitted = 0;
        List<String> refs = new ArrayList<>();
        for (Decision d : decided) {
            boolean disputed;
            if ("APPROVED".equals(d.outcome())) {
                disputed = h.amendments().stream().anyMatch(a -> a.ref().equals(d.ref()) && a.at().isAfter(d.decidedAt()))
                        || h.decisions().stream().anyMatch(o -> o.ref().equals(d.ref()) && o.round() > d.round());
                if (disputed) amended++;
            } else {
                Request r = byRef.get(d.ref());
                disputed = r != null && h.requests().stream().anyMatch(o -> !o.ref().equals(r.ref())
                        && Objects.equals(o.customerId(), r.customerId()) && Objects.equals(o.type(), r.type())
                        && Objects.equals(o.product(), r.product()) && o.receivedAt().isAfter(d.decidedAt()));
                if (disputed) resubmitted++;
            }
            if (disputed) refs.add(d.ref());
        }
        return new Summary.Disputes(decided.size(), amended, resubmitted, amended + resubmitted,
                Stats.ratio(amended + resubmitted, decided.size()), refs);
    }

    private static Summary.ActiveWaivers activeWaivers(List<Waiver> waivers, Map<String, Request> byRef) {
        Map<String, BigDecimal> value = new TreeMap<>();
        long count = 0;
        for (Waiver w : waivers) {
            if (!"ACTIVE".equals(w.state())) continue;
            count++;
            Request r = byRef.get(w.ref());
            if (r != null && r.revenueImpact() != null) value.merge(r.currency() == null ? "none" : r.currency(), r.revenueImpact(), BigDecimal::add);
        }
        return new Summary.ActiveWaivers(count, value);
    }

    private static List<CustomerCount> topCustomers(List<Request> received) {
        Map<String, List<Request>> by = received.stream().collect(Collectors.groupingBy(r -> nz(r.customerId())));
        return by.entrySet().stream()
                .map(e -> new CustomerCount(e.getKey(), e.getValue().get(0).customerName(), e.getValue().size(),
                        e.getValue().stream().filter(r -> "APPROVED".equals(r.state())).count()))
                .sorted(Comparator.comparingLong(CustomerCount::requests).reversed().thenComparing(CustomerCount::customerId))
                .limit(TOP_CUSTOMERS).toList();
    }

    /**
     * For each decision of the period: among the earlier decisions on other requests of the same
     * type and product, the share with the same outcome. Consistency is the mean of these shares
     * over the decisions that had at least one such precedent.
     */
    private static Summary.PrecedentConsistency precedents(List<Decision> decided, List<Decision> all, Map<String, Request> byRef) {
        Map<String, List<Double>> byType = new TreeMap<>();
        List<Double> shares = new ArrayList<>();
        for (Decision d : decided) {
            Request r = byRef.get(d.ref());
            if (r == null) continue;
            List<Decision> similar = all.stream().filter(o -> !o.ref().equals(d.ref()) && o.decidedAt().isBefore(d.decidedAt()))
                    .filter(o -> {
                        Request q = byRef.get(o.ref());
                        return q != null && Objects.equals(q.type(), r.type()) && Objects.equals(q.product(), r.product());
                    }).toList();
            if (similar.isEmpty()) continue;
            double share = similar.stream().filter(o -> o.outcome().equals(d.outcome())).count() / (double) similar.size();
            shares.add(share);
            byType.computeIfAbsent(nz(r.type()), k -> new ArrayList<>()).add(share);
        }
        Map<String, Double> types = new TreeMap<>();
        byType.forEach((k, v) -> types.put(k, avg(v)));
        return new Summary.PrecedentConsistency(shares.size(), avg(shares), types);
    }

    private static double avg(List<Double> v) {
        return v.isEmpty() ? 0 : Math.round(v.stream().mapToDouble(Double::doubleValue).average().orElse(0) * 10000.0) / 10000.0;
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

    private static Summary.Utilisation utilisation(List<History.UsageFlag> flags, Instant from, Instant to) {
        List<History.UsageFlag> in = flags.stream().filter(f -> in(f.detectedAt(), from, to))
                .sorted(Comparator.comparing(History.UsageFlag::detectedAt).thenComparing(History.UsageFlag::ref)).toList();
        return new Summary.Utilisation(in.stream().filter(f -> "OVERAGE".equals(f.kind())).count(),
                in.stream().filter(f -> "UNDERUSE".equals(f.kind())).count(), in);
    }
}
