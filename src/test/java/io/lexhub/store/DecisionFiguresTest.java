package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.insight.Figures;
import io.lexhub.insight.Summary;
import io.lexhub.support.Sql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The decision figures' percentiles are values at ranks walked in an index (V57), not sorts: for
 * a random history with ties, groups of one, a track and tier unknown, decisions outside the
 * period and practice ones, every p50 and p90 is the nearest-rank value worked out here in Java
 * from the same rows, and so are the counts and means. Here on H2, in DecisionFiguresPostgresTest
 * on PostgreSQL, where they must also equal PERCENTILE_DISC's.
 */
class DecisionFiguresTest {

    static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2025-05-01T00:00:00Z");

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    /** A decision as seeded: its group, its instant and its seconds from receipt. */
    record Seeded(String ref, String track, String tier, Instant decided, long secs, boolean practice) {}

    @Test
    void everyPercentileIsTheNearestRankValueOfItsGroup() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Sql sql = new Sql(db);
            List<Seeded> seeded = seed(sql, new Random(20261208), 0, 360);
            Summary summary = assertFigures(db, seeded);
            assertPercentileDiscAgrees(sql, summary);
        }
    }

    /**
     * The period's whole weeks are added up from the tally (V58), which every change of the
     * decisions keeps: decisions recorded out of order (the later ones' precedent counts change),
     * requests reassessed to another track and tier, and the tally folded between them. Its sums
     * stay those of the decisions, and the figures those worked out here.
     */
    @Test
    void theWeeksTallyFollowsEveryChangeOfTheDecisions() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Sql sql = new Sql(db);
            Random random = new Random(20261209);
            List<Seeded> seeded = new ArrayList<>(seed(sql, random, 0, 300));
            assertThat(compact(sql)).isGreaterThan(0);
            assertTallyIsTheDecisions(sql);
            assertThat(sql.count("SELECT COUNT(*) FROM decision_tally")).isEqualTo(groups(sql));
            for (int k = 0; k < 60; k++) {
                int i = 1 + random.nextInt(seeded.size() - 1);
                Seeded d = seeded.get(i);
                Seeded moved = new Seeded(d.ref, random.nextBoolean() ? null : "FAST", random.nextBoolean() ? null : "T" + random.nextInt(3), d.decided, d.secs,
                        d.practice);
                sql.update("UPDATE requests SET track = ?, tier = ? WHERE reference = ?", moved.track, moved.tier, d.ref);
                sql.with(c -> InsightFacts.requestReassessed(c, d.ref));
                seeded.set(i, moved);
            }
            seeded.addAll(seed(sql, random, 300, 60));
            assertTallyIsTheDecisions(sql);
            assertFigures(db, seeded);
            assertThat(compact(sql)).isGreaterThan(0);
            assertThat(compact(sql)).isZero();
            assertTallyIsTheDecisions(sql);
            assertThat(sql.count("SELECT COUNT(*) FROM decision_tally")).isEqualTo(groups(sql));
            assertFigures(db, seeded);
        }
    }

    /** The summary's decision figures of the period are those worked out in Java from the seeded decisions. */
    private static Summary assertFigures(Database db, List<Seeded> seeded) {
        Summary summary = new InsightStore(new Tx(db.dataSource()), 3).summary(FROM, TO, TO);
        List<Seeded> counted = seeded.stream().filter(d -> !d.practice && !d.decided.isBefore(FROM) && d.decided.isBefore(TO)).toList();
        assertThat(counted).hasSizeGreaterThan(200);
        assertThat(summary.decisionTime().overall()).isEqualTo(expected(counted));
        assertThat(summary.approvals().decided()).isEqualTo(counted.size());

        Map<List<String>, List<Seeded>> byGroup = group(counted, d -> List.of(nz(d.track), nz(d.tier)));
        assertThat(summary.decisionTime().byTrackTier()).extracting(t -> List.of(t.track(), t.tier())).containsExactlyElementsOf(byGroup.keySet());
        for (Summary.TrackTier t : summary.decisionTime().byTrackTier()) {
            assertThat(t.times()).as(t.track() + "/" + t.tier()).isEqualTo(expected(byGroup.get(List.of(t.track(), t.tier()))));
        }

        Map<List<String>, List<Seeded>> byWeek = group(counted, d -> List.of(Figures.monday(Math.floorDiv(d.decided.getEpochSecond() - 345600, 604800))));
        assertThat(summary.cycleTimeTrend()).extracting(Summary.TrendPoint::week).containsExactlyElementsOf(byWeek.keySet().stream().map(k -> k.get(0)).toList());
        for (Summary.TrendPoint w : summary.cycleTimeTrend()) {
            Summary.Times times = expected(byWeek.get(List.of(w.week())));
            assertThat(List.of(w.decisions(), w.meanHours(), w.p50Hours())).as(w.week()).isEqualTo(List.of(times.count(), times.meanHours(), times.p50Hours()));
        }
        return summary;
    }

    private static final String GROUP = "decided_week, COALESCE(track, '-'), COALESCE(tier, '-'), COALESCE(exception_type, '-'), outcome";
    private static final String NAMED = "decided_week, ' ', COALESCE(track, '-'), ' ', COALESCE(tier, '-'), ' ', COALESCE(exception_type, '-'), ' ', outcome";

    /** Per week and group, the tally's sums are the counts and sums of the non-practice decisions (the seconds and shares to a millionth). */
    private static void assertTallyIsTheDecisions(Sql sql) {
        String measures = ", ' ', %s, ' ', %s, ' ', CAST(ROUND(CAST(%s AS NUMERIC), 6) AS VARCHAR), ' ', %s, ' ', CAST(ROUND(CAST(%s AS NUMERIC), 6) AS VARCHAR))";
        List<String> tally = sql.strings("SELECT CONCAT(" + NAMED + measures.formatted("SUM(decisions)", "SUM(timed)", "SUM(secs)",
                "SUM(precedented)", "SUM(shares)") + " FROM decision_tally GROUP BY " + GROUP + " HAVING SUM(decisions) <> 0 ORDER BY 1");
        List<String> decisions = sql.strings("SELECT CONCAT(" + NAMED + measures.formatted("COUNT(*)", "COUNT(decision_secs)",
                "COALESCE(SUM(CAST(decision_secs AS DOUBLE PRECISION)), 0)", "SUM(CASE WHEN precedent_similar > 0 THEN 1 ELSE 0 END)",
                "SUM(CASE WHEN precedent_similar > 0 THEN CAST(precedent_same AS DOUBLE PRECISION) / precedent_similar ELSE 0 END)")
                + " FROM decisions WHERE practice = FALSE AND decided_week IS NOT NULL GROUP BY " + GROUP + " ORDER BY 1");
        assertThat(decisions).hasSizeGreaterThan(50);
        assertThat(tally).containsExactlyElementsOf(decisions);
    }

    private static long groups(Sql sql) {
        return sql.count("SELECT COUNT(*) FROM (SELECT 1 AS one FROM decisions WHERE practice = FALSE AND decided_week IS NOT NULL GROUP BY " + GROUP + ") g");
    }

    private static int compact(Sql sql) {
        int[] rows = new int[1];
        sql.with(c -> rows[0] = DecisionTally.compact(c));
        return rows[0];
    }

    /** On PostgreSQL: the same figures as its own PERCENTILE_DISC, which the dashboard read before V57. Nothing on H2, whose PERCENTILE_DISC rounds ranks differently. */
    protected void assertPercentileDiscAgrees(Sql sql, Summary summary) {}

    private static Summary.Times expected(List<Seeded> group) {
        List<Long> secs = group.stream().map(Seeded::secs).sorted().toList();
        double mean = secs.stream().mapToLong(Long::longValue).average().orElse(0);
        return Figures.times(secs.size(), mean, rank(secs, 0.5), rank(secs, 0.9));
    }

    /** Nearest rank: the value at rank ceil(p * n). */
    private static double rank(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    private static <K extends Comparable<K>> Map<List<String>, List<Seeded>> group(List<Seeded> rows, Function<Seeded, List<String>> key) {
        Map<List<String>, List<Seeded>> out = new TreeMap<>(Comparator.comparing((List<String> k) -> String.join("\u0001", k)));
        for (Seeded d : rows) out.computeIfAbsent(key.apply(d), k -> new ArrayList<>()).add(d);
        return out;
    }

    private static String nz(String s) {
        return s == null ? "none" : s;
    }

    /**
     * Requests and their decisions from mid-February to mid-May 2025: durations in whole hours
     * (many ties), a group of a single decision, unknown tracks and tiers, a tenth practice.
     */
    private static List<Seeded> seed(Sql sql, Random random, int offset, int n) {
        String[] tracks = {"FAST", "STANDARD", "STANDARD", null};
        String[] tiers = {"T1", "T2", "T3", null};
        List<Seeded> out = new ArrayList<>();
        for (int i = offset; i < offset + n; i++) {
            boolean single = i == 0;
            String track = single ? "EXPEDITED" : tracks[random.nextInt(tracks.length)];
            String tier = single ? "T9" : tiers[random.nextInt(tiers.length)];
            Instant decided = single ? Instant.parse("2025-03-15T12:00:00Z") : Instant.parse("2025-02-15T00:00:00Z").plusSeconds(random.nextInt(89 * 86400));
            long secs = 3600L * (1 + random.nextInt(random.nextBoolean() ? 12 : 200));
            boolean practice = !single && random.nextInt(10) == 0;
            String ref = "EXC-2025-%06d".formatted(i + 1);
            sql.update("""
                    INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, track, tier,
                        policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at, practice)
                    VALUES (?, 'api', ?, 'APPROVED', 'CUST-1', 'Customer', 'P', 'EXTRA_SEATS', ?, ?, 'seed', ?, '{}', '{}', '', ?, ?, ?)""",
                    ref, "seed:" + ref, track, tier, "0".repeat(64), at(decided.minusSeconds(secs)), at(decided), practice);
            sql.update("""
                    INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                        policy_version, decided_by, decided_at)
                    VALUES (?, 'EXTRA_SEATS', 'P', 1, ?, 'seeded', '[]', '[]', ?, 'seed', 'seed', ?)""",
                    ref, random.nextBoolean() ? "APPROVED" : "DENIED", "0".repeat(64), at(decided));
            sql.with(c -> InsightFacts.decisionRecorded(c, ref, 1));
            out.add(new Seeded(ref, track, tier, decided, secs, practice));
        }
        return out;
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
