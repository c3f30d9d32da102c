package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The facts a decision and a waiver carry for the dashboard (V53, InsightFacts) against the
 * definitions the dashboard's window query used: decisions recorded out of decision order, two
 * at the same instant (to the microsecond), an earlier decision of the same request, a practice
 * request's and another product's; then the set-based fill (the migration's, the window counts)
 * must find every stored figure as it is. A decision carries its request's customer (V56). Here on H2, in InsightFactsPostgresTest on PostgreSQL.
 */
class InsightFactsTest {

    private static final String P = "Meridian Data Platform";
    private static final String Q = "Meridian Usage Suite";
    private static final String FACTS = "SELECT request_ref || '/' || round || ' ' || precedent_similar || ' ' || precedent_same || ' '"
            + " || CAST(CAST(decision_secs * 1000000 AS BIGINT) AS VARCHAR) || ' ' || COALESCE(track, '-') || ' ' || COALESCE(tier, '-')"
            + " || ' ' || CASE WHEN practice THEN 'practice' ELSE 'real' END || ' ' || COALESCE(customer_id, '-') FROM decisions ORDER BY request_ref, round";

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @Test
    void storedCountsAndSecondsAreThoseOfTheWindowDefinition() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Sql sql = new Sql(db);
            request(sql, "EXC-2026-000001", P, "STANDARD", "T2", false, 250000);
            request(sql, "EXC-2026-000002", P, "FAST", "T1", false, 1000);
            request(sql, "EXC-2026-000003", P, "STANDARD", "T2", false, null);
            request(sql, "EXC-2026-000004", P, "STANDARD", "T2", true, null);
            request(sql, "EXC-2026-000005", Q, "STANDARD", "T2", false, null);
            request(sql, "EXC-2026-000006", P, null, null, false, null);
            // recorded out of order: the last first, so that each earlier one counts itself into the later ones
            decision(sql, "EXC-2026-000006", 1, "APPROVED", "2026-03-02T13:00:00Z");
            decision(sql, "EXC-2026-000001", 2, "APPROVED", "2026-03-02T12:00:00Z");
            decision(sql, "EXC-2026-000002", 1, "APPROVED", "2026-03-02T11:00:00.123456Z");
            decision(sql, "EXC-2026-000004", 1, "APPROVED", "2026-03-02T10:30:00Z");
            decision(sql, "EXC-2026-000001", 1, "DENIED", "2026-03-02T10:00:00Z");
            decision(sql, "EXC-2026-000005", 1, "APPROVED", "2026-03-02T10:45:00Z");
            decision(sql, "EXC-2026-000003", 1, "APPROVED", "2026-03-02T11:00:00.123456Z");

            List<String> expected = List.of(
                    "EXC-2026-000001/1 0 0 3600000000 STANDARD T2 real CUST-EXC-2026-000001",
                    // the earlier denial of its own request is no precedent; the two at 11:00 are
                    "EXC-2026-000001/2 2 2 10800000000 STANDARD T2 real CUST-EXC-2026-000001",
                    // only the denial before it: the other decision at the same instant and the practice one are not
                    "EXC-2026-000002/1 1 0 7200123456 FAST T1 real CUST-EXC-2026-000002",
                    "EXC-2026-000003/1 1 0 7200123456 STANDARD T2 real CUST-EXC-2026-000003",
                    // a practice decision gets its counts; it is no precedent of the others
                    "EXC-2026-000004/1 1 0 5400000000 STANDARD T2 practice CUST-EXC-2026-000004",
                    "EXC-2026-000005/1 0 0 6300000000 STANDARD T2 real CUST-EXC-2026-000005",
                    "EXC-2026-000006/1 4 3 14400000000 - - real CUST-EXC-2026-000006");
            assertThat(sql.strings(FACTS)).containsExactlyElementsOf(expected);

            // the migrations' fill (V53: by the window counts the dashboard used before it; V56: the customers) finds the same
            sql.update("UPDATE decisions SET precedent_similar = NULL, precedent_same = NULL, decision_secs = NULL, track = NULL, tier = NULL, customer_id = NULL");
            sql.with(InsightFacts::backfill);
            assertThat(sql.strings(FACTS)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aWaiverCarriesItsRequestsRevenueAndADecisionItsRequestsCurrentTier() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Sql sql = new Sql(db);
            request(sql, "EXC-2026-000001", P, "STANDARD", "T2", false, 250000);
            request(sql, "EXC-2026-000002", P, "STANDARD", "T2", false, null);
            decision(sql, "EXC-2026-000001", 1, "APPROVED", "2026-03-02T10:00:00Z");
            for (String ref : List.of("EXC-2026-000001", "EXC-2026-000002")) {
                sql.update("""
                        INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at)
                        VALUES (?, 'ACTIVE', ?, ?, 'EXTRA_SEATS', DATE '2026-03-02', DATE '2027-03-01', '{}', ?, ?)""", ref, "CUST-" + ref, P,
                        OffsetDateTime.parse("2026-03-02T10:00:00Z"), OffsetDateTime.parse("2026-03-02T10:00:00Z"));
                sql.with(c -> InsightFacts.waiverRecorded(c, ref));
            }
            assertThat(new BigDecimal(sql.strings("SELECT revenue_impact FROM waivers WHERE request_ref = 'EXC-2026-000001'").get(0)))
                    .isEqualByComparingTo("250000.25");
            assertThat(sql.strings("SELECT currency FROM waivers WHERE request_ref = 'EXC-2026-000001'")).containsExactly("EUR");
            assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = 'EXC-2026-000002' AND revenue_impact IS NULL AND currency IS NULL"))
                    .isEqualTo(1);

            // an amendment re-assessed the request into another track, tier and customer: its decisions follow, as the join did
            sql.update("UPDATE requests SET track = 'FAST', tier = 'T1', customer_id = 'CUST-OTHER' WHERE reference = 'EXC-2026-000001'");
            sql.with(c -> InsightFacts.requestReassessed(c, "EXC-2026-000001"));
            assertThat(sql.strings("SELECT track || ' ' || tier || ' ' || customer_id FROM decisions WHERE request_ref = 'EXC-2026-000001'"))
                    .containsExactly("FAST T1 CUST-OTHER");
        }
    }

    private static void request(Sql sql, String ref, String product, String track, String tier, boolean practice, Integer revenue) {
        String doc = "{\"customer\": {\"id\": \"CUST-" + ref + "\", \"name\": \"Ltd\"}, \"product\": \"" + product + "\", \"type\": \"EXTRA_SEATS\""
                + (revenue == null ? "" : ", \"revenueImpact\": " + revenue + ".25, \"currency\": \"EUR\"") + "}";
        OffsetDateTime received = OffsetDateTime.parse("2026-03-02T09:00:00Z");
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, track, tier,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at, practice)
                VALUES (?, 'api', ?, 'APPROVED', ?, 'Ltd', ?, 'EXTRA_SEATS', ?, ?, 'seed', ?, ?, '{}', '', ?, ?, ?)""",
                ref, "seed:" + ref, "CUST-" + ref, product, track, tier, "0".repeat(64), doc, received, received, practice);
    }

    private static void decision(Sql sql, String ref, int round, String outcome, String decided) {
        sql.update("""
                INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                    policy_version, decided_by, decided_at)
                SELECT reference, exception_type, product, ?, ?, 'seeded', '[]', '[]', ?, 'seed', 'seed', ? FROM requests WHERE reference = ?""",
                round, outcome, "0".repeat(64), OffsetDateTime.parse(decided), ref);
        sql.with((Connection c) -> InsightFacts.decisionRecorded(c, ref, round));
    }
}
