package io.lexhub.store;

import io.lexhub.insight.Figures;
import io.lexhub.insight.Stats;
import io.lexhub.insight.Summary;
import io.lexhub.insight.Summary.TrackTier;
import io.lexhub.insight.Summary.TrendPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of the period's decisions, read in one snapshot: outcomes, precedent consistency,
 * and the time to decide (count, mean, nearest-rank p50 and p90) overall, per track and tier, and
 * per week. One grouped pass over the period's decisions gives every count and sum; each
 * percentile is then the value at its rank, found by walking an index of the timed decisions in
 * order of their seconds up to that rank (V57) instead of sorting the period's decisions three
 * times (BENCHMARKS.md). Definitions in docs/insight.md.
 */
final class DecisionFigures {

    record Result(Summary.Times overall, List<TrackTier> byTrackTier, List<TrendPoint> trend, Summary.Approvals approvals,
            Summary.PrecedentConsistency precedents) {}

    private static final String DECIDED_IN = "d.decided_at >= ? AND d.decided_at < ? AND d.practice = FALSE";

    /**
     * Count and sum of the seconds of a group of timed decisions. The sum is of doubles (a NUMERIC
     * sum took a fifth of the tally's time): the mean is shown to the hundredth of an hour.
     */
    private static final class Durations {
        long count;
        double sum;
        /** The (track, tier) pairs as stored (null for none) that the group's name stands for: one pair, one index range. */
        final java.util.Set<List<String>> stored = new java.util.HashSet<>();

        void add(long n, double secs) {
            count += n;
            sum += secs;
        }

        double mean() {
            return count == 0 ? 0 : sum / count;
        }
    }

    private DecisionFigures() {}

    static Result read(Connection c, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        // the ranks are taken from the counts: both in one snapshot
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            return tallyAndRank(c, f, t);
        } finally {
            c.rollback();
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }

    private static Result tallyAndRank(Connection c, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        Tally tally = new Tally();
        // the period's whole weeks from their tally (V58), the weeks it cuts from ix_decision_ranks_week, which holds every column read here (V57)
        long first = week(f);
        long last = week(t);
        long wholeFrom = f.toEpochSecond() == monday(first) && f.getNano() == 0 ? first : first + 1;
        long wholeTo = last - 1;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT decided_week, track, tier, exception_type, outcome, SUM(n) AS n, SUM(timed) AS timed, SUM(secs) AS secs,
                  SUM(precedented) AS precedented, SUM(shares) AS shares FROM (
                    SELECT %1$s, decisions AS n, timed, secs, precedented, shares FROM decision_tally WHERE decided_week >= ? AND decided_week <= ?
                    UNION ALL
                    SELECT %1$s, %3$s FROM decisions d WHERE %2$s AND d.decided_week IN (?, ?)) x
                GROUP BY %1$s HAVING SUM(n) > 0""".formatted(DecisionTally.GROUP, DECIDED_IN, DecisionTally.CONTRIBUTION))) {
            ps.setLong(1, wholeFrom);
            ps.setLong(2, wholeTo);
            ps.setObject(3, f);
            ps.setObject(4, t);
            // the cut weeks: the first unless the period starts on its Monday, and the last (from its Monday up to the period's end)
            ps.setLong(5, wholeFrom == first ? last : first);
            ps.setLong(6, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) tally.add(rs);
            }
        }
        Ranks ranks = new Ranks(c, f, t);
        List<TrackTier> tracks = new ArrayList<>();
        for (Map.Entry<List<String>, Durations> e : tally.byTrackTier.entrySet()) {
            tracks.add(new TrackTier(e.getKey().get(0), e.getKey().get(1), ranks.times(e.getValue(), trackTier(e.getKey(), e.getValue().stored))));
        }
        List<TrendPoint> trend = new ArrayList<>();
        for (Map.Entry<Integer, Durations> e : tally.byWeek.entrySet()) {
            Durations w = e.getValue();
            Group week = new Group(" AND d.decided_week = ?", List.of(e.getKey()), List.of("d.decided_week"));
            trend.add(new TrendPoint(Figures.monday(e.getKey()), w.count, Figures.hours(w.mean()), Figures.hours(ranks.at(week, w.count, 0.5))));
        }
        return new Result(ranks.times(tally.overall, new Group("", List.of(), List.of())), tracks, trend,
                new Summary.Approvals(tally.decided, tally.approved, tally.denied, Stats.ratio(tally.approved, tally.approved + tally.denied)),
                tally.precedents());
    }

    /** The counts and sums of the period's decisions, added up from the tally's groups. */
    private static final class Tally {
        final Durations overall = new Durations();
        final Map<List<String>, Durations> byTrackTier = new TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        final Map<Integer, Durations> byWeek = new TreeMap<>();
        long decided;
        long approved;
        long denied;
        /** Per type: the decisions with precedents, and the sum of their shares. */
        final Map<String, double[]> shares = new TreeMap<>();

        void add(ResultSet rs) throws SQLException {
            long n = rs.getLong("n");
            String outcome = rs.getString("outcome");
            decided += n;
            if ("APPROVED".equals(outcome)) approved += n;
            if ("DENIED".equals(outcome)) denied += n;
            long precedented = rs.getLong("precedented");
            if (precedented > 0) {
                double[] s = shares.computeIfAbsent(Figures.nz(rs.getString("exception_type")), k -> new double[2]);
                s[0] += precedented;
                s[1] += rs.getDouble("shares");
            }
            long timed = rs.getLong("timed");
            if (timed == 0) return;
            double secs = rs.getDouble("secs");
            overall.add(timed, secs);
            String track = rs.getString("track");
            String tier = rs.getString("tier");
            Durations group = byTrackTier.computeIfAbsent(List.of(Figures.nz(track), Figures.nz(tier)), k -> new Durations());
            group.add(timed, secs);
            group.stored.add(java.util.Arrays.asList(track, tier));
            int week = rs.getInt("decided_week");
            // every decision gets its week with its insert (InsightFacts); one written otherwise has no week range to walk
            if (!rs.wasNull()) byWeek.computeIfAbsent(week, k -> new Durations()).add(timed, secs);
        }

        Summary.PrecedentConsistency precedents() {
            long count = 0;
            double sum = 0;
            Map<String, Double> byType = new TreeMap<>();
            for (Map.Entry<String, double[]> e : shares.entrySet()) {
                count += (long) e.getValue()[0];
                sum += e.getValue()[1];
                byType.put(e.getKey(), Figures.meanShare(e.getValue()[1], (long) e.getValue()[0]));
            }
            return new Summary.PrecedentConsistency(count, Figures.meanShare(sum, count), byType);
        }
    }

    /**
     * Some of the period's timed decisions: the condition, its parameters, and the columns that
     * precede the seconds in the group's index. Ordering by these too (fixed by the condition)
     * lets PostgreSQL read the range in order even where a key is NULL, which it does not take
     * for an equality.
     */
    private record Group(String where, List<Object> params, List<String> prefix) {

        String order(String direction) {
            List<String> keys = new ArrayList<>(prefix);
            keys.add("d.decision_secs");
            return String.join(direction + ", ", keys) + direction;
        }
    }

    /**
     * A track and tier as the figures name them: its one range of ix_decision_ranks_track when all
     * of its decisions store the same (track, tier); when some have none and others the name
     * "none", which the figures merge, its decisions are sorted.
     */
    private static Group trackTier(List<String> named, java.util.Set<List<String>> stored) {
        if (stored.size() > 1) return new Group(" AND COALESCE(d.track, 'none') = ? AND COALESCE(d.tier, 'none') = ?", List.copyOf(named), List.of());
        List<String> one = stored.iterator().next();
        List<Object> params = new ArrayList<>();
        String where = " AND " + is("d.track", one.get(0), params) + " AND " + is("d.tier", one.get(1), params);
        return new Group(where, params, List.of("d.track", "d.tier"));
    }

    /** The value at a rank of a group of the period's timed decisions, in order of their seconds. */
    private record Ranks(Connection c, OffsetDateTime f, OffsetDateTime t) {

        Summary.Times times(Durations d, Group group) throws SQLException {
            if (d.count == 0) return Figures.times(0, 0, 0, 0);
            return Figures.times(d.count, d.mean(), at(group, d.count, 0.5), at(group, d.count, 0.9));
        }

        /**
         * The nearest-rank percentile p of the group's {@code count} values: the value at rank
         * ceil(p * count) in ascending order, PostgreSQL's PERCENTILE_DISC to the bit (it computes
         * the rank the same way, in doubles). The walk reads the group's index range (V57) from
         * the nearer end, the smallest value or the largest, and stops at the rank: p90 reads a
         * tenth of the range, not nine.
         */
        double at(Group group, long count, double p) throws SQLException {
            long rank = (long) Math.ceil(p * count);
            boolean fromTop = rank > count / 2;
            try (PreparedStatement ps = InsightStore.period(c, "SELECT CAST(d.decision_secs AS DOUBLE PRECISION) FROM decisions d WHERE " + DECIDED_IN
                    + " AND d.decision_secs IS NOT NULL" + group.where() + " ORDER BY " + group.order(fromTop ? " DESC" : "")
                    + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY", f, t)) {
                int i = 3;
                for (Object param : group.params()) ps.setObject(i++, param);
                ps.setLong(i, fromTop ? count - rank : Math.max(0, rank - 1));
                try (ResultSet rs = ps.executeQuery()) {
                    // read in the snapshot the count came from: the row is there
                    if (!rs.next()) throw new IllegalStateException("no decision at rank " + rank + " of " + count + group.where());
                    return rs.getDouble(1);
                }
            }
        }
    }

    /** The column's stored value, or none: one range of ix_decision_ranks_track either way. */
    private static String is(String column, String value, List<Object> params) {
        if (value == null) return column + " IS NULL";
        params.add(value);
        return column + " = ?";
    }

    /** The week of an instant as decisions carry it (InsightFacts): from Monday 1970-01-05, 345,600 s after the epoch. */
    private static long week(OffsetDateTime t) {
        return Math.floorDiv(t.toEpochSecond() - 345600, 604800);
    }

    /** The epoch second of the week's Monday, 00:00 UTC. */
    private static long monday(long week) {
        return 345600 + week * 604800;
    }
}
