package io.lexhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.store.Database;
import io.lexhub.store.InsightFacts;
import io.lexhub.store.InsightStore;
import io.lexhub.store.Tx;
import io.lexhub.support.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The workspace bench writes each decision and waiver once with the dashboard's facts (its own
 * window counts and arithmetic): InsightFacts' definitions, applied to the same rows afterwards,
 * give every fact, the tally and the summary the same. Among the generated decisions are some the
 * hub recorded itself (same types and products, before and after generated ones), as its warm-up
 * requests are in the bench. Here on H2, in WorkspaceHistoryPostgresTest on PostgreSQL.
 */
class WorkspaceHistoryTest {

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    }

    @Test
    void theGeneratedFactsAreThoseInsightFactsDefines() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Sql sql = new Sql(db);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Instant first = today.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(60L * 3_000);
            for (int i = 0; i < 6; i++) {
                hubDecision(sql, i, first.plusSeconds(i * 40_000L), i % 2 == 0 ? "EXTRA_SEATS" : "DISCOUNT", i % 3 == 0 ? "Meridian Edge" : "Meridian Flow");
            }
            SearchBench.generate(db.dataSource(), 3_000, first);
            boolean postgres;
            try (java.sql.Connection c = db.dataSource().getConnection()) {
                postgres = Database.isPostgres(c);
            }
            assertThat(WorkspaceHistory.write(db.dataSource(), postgres, 600, today)).isBetween(600, 700);

            List<String> decisions = facts(sql);
            List<String> waivers = sql.strings("SELECT CONCAT(request_ref, ' ', CAST(revenue_impact AS VARCHAR), ' ', currency) FROM waivers ORDER BY request_ref");
            List<String> tally = tally(sql);
            InsightStore store = new InsightStore(new Tx(db.dataSource()), 3);
            Instant to = today.plusDays(7).atStartOfDay().toInstant(ZoneOffset.UTC);
            String summary = store.summary(first.minusSeconds(86_400), to, to).toString();
            assertThat(decisions).hasSizeGreaterThan(2_500);
            assertThat(decisions.stream().filter(d -> !d.endsWith(" 0 0"))).hasSizeGreaterThan(2_000);

            sql.with(InsightFacts::backfill);
            assertThat(facts(sql)).containsExactlyElementsOf(decisions);
            assertThat(sql.strings("SELECT CONCAT(request_ref, ' ', CAST(revenue_impact AS VARCHAR), ' ', currency) FROM waivers ORDER BY request_ref"))
                    .containsExactlyElementsOf(waivers);
            assertThat(tally(sql)).containsExactlyElementsOf(tally);
            assertThat(store.summary(first.minusSeconds(86_400), to, to).toString()).isEqualTo(summary);
        }
    }

    private static List<String> facts(Sql sql) {
        return sql.strings("SELECT CONCAT(request_ref, ' ', CAST(practice AS VARCHAR), ' ', COALESCE(track, '-'), ' ', COALESCE(tier, '-'), ' ',"
                + " CAST(decision_secs AS VARCHAR), ' ', customer_id, ' ', CAST(decided_week AS VARCHAR), ' ', CAST(precedent_similar AS VARCHAR), ' ',"
                + " CAST(precedent_same AS VARCHAR)) FROM decisions ORDER BY id");
    }

    private static List<String> tally(Sql sql) {
        return sql.strings("SELECT CONCAT(decided_week, ' ', COALESCE(track, '-'), ' ', COALESCE(tier, '-'), ' ', exception_type, ' ', outcome, ' ',"
                + " CAST(SUM(decisions) AS VARCHAR), ' ', CAST(SUM(timed) AS VARCHAR), ' ', CAST(ROUND(CAST(SUM(secs) AS NUMERIC), 3) AS VARCHAR), ' ',"
                + " CAST(SUM(precedented) AS VARCHAR), ' ', CAST(ROUND(CAST(SUM(shares) AS NUMERIC), 6) AS VARCHAR)) FROM decision_tally"
                + " GROUP BY decided_week, track, tier, exception_type, outcome ORDER BY 1");
    }

    /** A request the hub decided itself (its facts by InsightFacts, as ApprovalStore records them), received five hours before. */
    private static void hubDecision(Sql sql, int i, Instant decided, String type, String product) {
        String ref = "EXC-2020-%06d".formatted(i + 1);
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, track, tier,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at)
                VALUES (?, 'api', ?, 'APPROVED', 'CUST-00001', 'Customer', ?, ?, 'STANDARD', 'T2', 'seed', ?, '{}', '{}', '', ?, ?)""",
                ref, "hub:" + ref, product, type, "0".repeat(64), at(decided.minusSeconds(5 * 3600)), at(decided));
        sql.update("""
                INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                    policy_version, decided_by, decided_at)
                VALUES (?, ?, ?, 1, ?, 'by the hub', '[]', '[]', ?, 'seed', 'desk@example.com', ?)""",
                ref, type, product, i % 4 == 0 ? "DENIED" : "APPROVED", "0".repeat(64), at(decided));
        sql.with(c -> InsightFacts.decisionRecorded(c, ref, 1));
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
