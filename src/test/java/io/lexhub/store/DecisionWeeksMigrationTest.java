package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.insight.Summary;
import io.lexhub.support.Sql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V57 on a database that already holds decisions: each gets its week, so the trend and the
 * percentiles (walks of the indexes V57 builds) count the decisions stored before it. (The same on
 * PostgreSQL: DecisionWeeksMigrationPostgresTest.)
 */
class DecisionWeeksMigrationTest {

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    protected String vendor() {
        return "h2";
    }

    @Test
    void theDecisionsStoredBeforeHaveTheirWeeks() throws Exception {
        try (Database db = open()) {
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration", "classpath:db/vendor/" + vendor()).target("56").load().migrate();
            Sql sql = new Sql(db);
            // Monday 2026-11-02 and the Sunday before it, 23:59:59: two weeks; 2, 4 and 6 hours to decide
            decision(sql, "EXC-2026-000001", "2026-11-01T23:59:59Z", 2 * 3600, "FAST", "T1");
            decision(sql, "EXC-2026-000002", "2026-11-02T00:00:00Z", 4 * 3600, "FAST", "T1");
            decision(sql, "EXC-2026-000003", "2026-11-04T12:00:00Z", 6 * 3600, null, null);
            db.migrate();

            assertThat(sql.strings("SELECT decided_week FROM decisions ORDER BY request_ref")).containsExactly("2964", "2965", "2965");
            Summary s = new InsightStore(new Tx(db.dataSource()), 3).summary(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
                    Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(s.cycleTimeTrend()).containsExactly(new Summary.TrendPoint("2026-10-26", 1, 2.0, 2.0), new Summary.TrendPoint("2026-11-02", 2, 5.0, 4.0));
            assertThat(s.decisionTime().overall()).isEqualTo(new Summary.Times(3, 4.0, 4.0, 6.0));
            assertThat(s.decisionTime().byTrackTier()).containsExactly(new Summary.TrackTier("FAST", "T1", new Summary.Times(2, 3.0, 2.0, 4.0)),
                    new Summary.TrackTier("none", "none", new Summary.Times(1, 6.0, 6.0, 6.0)));
        }
    }

    /** A decision as V53 to V56 stored it, with the facts InsightFacts wrote then. */
    private static void decision(Sql sql, String ref, String decided, long secs, String track, String tier) {
        OffsetDateTime at = OffsetDateTime.parse(decided);
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, track, tier,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at)
                VALUES (?, 'api', ?, 'APPROVED', 'CUST-1', 'Customer', 'P', 'EXTRA_SEATS', ?, ?, '1', ?, '{}', '{}', '', ?, ?)""",
                ref, "ext-" + ref, track, tier, "0".repeat(64), at.minusSeconds(secs), at);
        sql.update("""
                INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                    policy_version, decided_by, decided_at, practice, track, tier, decision_secs, precedent_similar, precedent_same, customer_id)
                VALUES (?, 'EXTRA_SEATS', 'P', 1, 'APPROVED', 'r', '[]', '[]', ?, '1', 'seed', ?, FALSE, ?, ?, ?, 0, 0, 'CUST-1')""",
                ref, "0".repeat(64), at, track, tier, java.math.BigDecimal.valueOf(secs));
    }
}
