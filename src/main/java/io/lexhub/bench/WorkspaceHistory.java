package io.lexhub.bench;

import io.lexhub.store.DecisionTally;
import io.lexhub.store.InsightFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The history behind the workspace bench's generated requests (SearchBench): a decision (round 1,
 * 1 to 97 hours after receipt) and a closed approval level (due 48 hours after receipt, every 50th
 * escalated) for each one approved or denied; {@code waivers} waivers of approved ones, spread over
 * the range: 60 % active ending over the next three years, 20 % expired, 10 % renewed, 5 % revoked,
 * 5 % active renewals; their requests get a document with a revenue impact (the dashboard sums it).
 *
 * <p>Each row is written once with what the dashboard reads from it, as the hub writes it in the
 * transaction that records it (store/InsightFacts, docs/insight.md): a decision's practice flag,
 * track, tier, seconds, customer, week and its two precedent counts, a waiver's revenue impact and
 * currency. Rewriting a million decisions afterwards, set-based, left their indexes at several
 * times the size the hub's have, and on H2 grew the file past 35 GB without finishing.
 * WorkspaceHistoryTest checks that InsightFacts' own definitions give every fact the same.
 */
final class WorkspaceHistory {

    private static final int CHUNK = 100_000;
    private static final String ZERO_HASH = "0".repeat(64);
    private static final String GENERATED = "r.external_id LIKE 'search-bench-%'";

    private WorkspaceHistory() {}

    /** Writes the history; returns the number of waivers in the database. */
    static int write(DataSource ds, boolean postgres, int waivers, LocalDate today) throws Exception {
        try (Connection c = ds.getConnection()) {
            long lo;
            long hi;
            long approved;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id), SUM(CASE WHEN state = 'APPROVED' THEN 1 ELSE 0 END)"
                    + " FROM requests r WHERE " + GENERATED)) {
                rs.next();
                lo = rs.getLong(1);
                hi = rs.getLong(2);
                approved = rs.getLong(3);
            }
            long share = Math.min(1000, (1000L * waivers + approved - 1) / Math.max(1, approved));
            String hours = postgres ? "(r.received_at + (%s) * INTERVAL '1 hour')" : "DATEADD(HOUR, %s, r.received_at)";
            String days = postgres ? "(CAST(? AS DATE) + CAST(%s AS INTEGER))" : "DATEADD(DAY, %s, CAST(? AS DATE))";
            String decided = hours.formatted("1 + MOD(r.id, 97)");
            String mine = " FROM requests r WHERE " + GENERATED + " AND r.id BETWEEN ? AND ?";
            String stateOf = "CASE WHEN MOD(r.id, 20) < 12 OR MOD(r.id, 20) = 19 THEN 'ACTIVE' WHEN MOD(r.id, 20) < 16 THEN 'EXPIRED'"
                    + " WHEN MOD(r.id, 20) < 18 THEN 'RENEWED' ELSE 'REVOKED' END";
            // a customer and product recur every 50,000 requests (SearchBench), up to 20 times in a million: the k-th one's active
            // waiver ends 54 * k days (plus 0-49) after today and lasts 50 days, so they never overlap (PostgreSQL's
            // ex_waivers_active_overlap refuses overlapping active waivers of one customer and product)
            String x = "CAST(SUBSTRING(r.reference, 10) AS INTEGER)";
            String endOf = "CASE WHEN MOD(r.id, 20) < 12 OR MOD(r.id, 20) = 19 THEN " + days.formatted("1 + 54 * FLOOR(" + x + " / 50000) + MOD(" + x
                    + ", 50)") + " ELSE " + days.formatted("-1 - MOD(r.id, 700)") + " END";
            String startOf = postgres ? "(" + endOf + " - 50)" : "DATEADD(DAY, -50, " + endOf + ")";
            String endedOf = "CASE WHEN MOD(r.id, 20) < 12 OR MOD(r.id, 20) = 19 THEN NULL ELSE CAST(" + endOf + " AS TIMESTAMP WITH TIME ZONE) END";
            String waiverRows = " r.id BETWEEN ? AND ? AND " + GENERATED + " AND r.state = 'APPROVED' AND MOD(r.id, 1000) < " + share;
            String revenue = "1000 * (1 + MOD(r.id, 200))";
            String currency = "CASE WHEN MOD(r.id, 4) = 0 THEN 'USD' ELSE 'EUR' END";
            c.setAutoCommit(false);
            decisions(c, decided);
            for (long from = lo; from <= hi; from += CHUNK) {
                long to = Math.min(hi, from + CHUNK - 1);
                update(c, "INSERT INTO approval_levels (request_ref, round, level_no, role, mode, required, status, terms_hash, opened_at, closed_at,"
                        + " due_at, escalated_at) SELECT r.reference, 1, 1, CASE MOD(r.id, 3) WHEN 0 THEN 'licensing' WHEN 1 THEN 'sales' ELSE 'finance' END,"
                        + " 'ONE', 1, r.state, '" + ZERO_HASH + "', r.received_at, " + decided + ", " + hours.formatted("48") + ", CASE WHEN MOD(r.id, 50) = 0"
                        + " THEN " + hours.formatted("50") + " END" + mine + " AND r.state IN ('APPROVED', 'DENIED')", List.of(from, to));
                List<Object> params = new ArrayList<>();
                for (int i = 0; i < 6; i++) params.add(today);
                params.add(from);
                params.add(to);
                update(c, "INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at,"
                        + " updated_at, renewal_of, renewal_count, ended_at, chain_ref, revenue_impact, currency) SELECT r.reference, " + stateOf
                        + ", r.customer_id, r.product, r.exception_type, " + startOf + ", " + endOf + ", '{\"terms\": {\"seats\": 10}}', " + hours.formatted("100")
                        + ", " + hours.formatted("100") + ", CASE WHEN MOD(r.id, 20) = 19 THEN 'EXC-2024-' || LPAD(CAST(MOD(r.id, 999999) AS VARCHAR), 6, '0') END,"
                        + " CASE WHEN MOD(r.id, 20) = 19 THEN 1 + MOD(r.id, 3) ELSE 0 END, " + endedOf + ", r.reference, " + revenue + ", " + currency
                        + " FROM requests r WHERE" + waiverRows, params);
                update(c, "UPDATE requests r SET request_json = '{\"customer\": {\"id\": \"' || r.customer_id || '\", \"name\": \"' || r.customer_name"
                        + " || '\"}, \"product\": \"' || r.product || '\", \"type\": \"' || r.exception_type || '\", \"terms\": {\"seats\": 10},"
                        + " \"justification\": \"migration of the data centre for the EMEA rollout; the account team needs this before the quarter ends.\","
                        + " \"revenueImpact\": ' || CAST(" + revenue + " AS VARCHAR) || ', \"currency\": \"' || " + currency + " || '\"}' WHERE" + waiverRows,
                        List.of(from, to));
                c.commit();
            }
            c.setAutoCommit(true);
            DecisionTally.rebuild(c);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM waivers")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The decisions, one type and product at a time, in order of decision, each with its facts.
     * Its precedent counts are those of InsightFacts: the earlier non-practice decisions of its
     * type and product (not at the same instant; each generated request has one decision, so none
     * of its own), counted among the generated ones by window and among the hub's own (its warm-up
     * requests, a few) by comparing with their times, bound as parameters: a subquery per row was
     * planned on PostgreSQL as a scan of the decisions already written, minutes per type and
     * product. The hub's own decisions then count the generated ones before them.
     */
    private static void decisions(Connection c, String decided) throws Exception {
        List<List<String>> partitions = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT r.exception_type, r.product FROM requests r WHERE " + GENERATED
                + " AND r.state IN ('APPROVED', 'DENIED')")) {
            while (rs.next()) partitions.add(List.of(rs.getString(1), rs.getString(2)));
        }
        String earlier = "COUNT(*) OVER (%1$sORDER BY g.decided) - COUNT(*) OVER (PARTITION BY %2$sg.decided)";
        for (List<String> p : partitions) {
            List<Object> params = new ArrayList<>();
            StringBuilder similar = new StringBuilder("0");
            StringBuilder same = new StringBuilder("0");
            try (PreparedStatement ps = c.prepareStatement("SELECT decided_at, outcome FROM decisions WHERE exception_type = ? AND product = ?"
                    + " AND practice = FALSE AND decided_by <> 'bench'")) {
                ps.setString(1, p.get(0));
                ps.setString(2, p.get(1));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        similar.append(" + CASE WHEN ? < ").append(decided).append(" THEN 1 ELSE 0 END");
                        same.append(" + CASE WHEN ? < ").append(decided).append(" AND r.state = ? THEN 1 ELSE 0 END");
                        params.add(rs.getObject(1, java.time.OffsetDateTime.class));
                        params.add(rs.getString(2));
                    }
                }
            }
            List<Object> bound = new ArrayList<>();
            for (int i = 0; i < params.size(); i += 2) bound.add(params.get(i));
            for (int i = 0; i < params.size(); i += 2) {
                bound.add(params.get(i));
                bound.add(params.get(i + 1));
            }
            bound.add(p.get(0));
            bound.add(p.get(1));
            update(c, "INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,"
                    + " policy_version, decided_by, decided_at, practice, track, tier, decision_secs, customer_id, decided_week, precedent_similar,"
                    + " precedent_same) SELECT g.reference, g.exception_type, g.product, 1, g.state, 'bench', '[]', '[]', '" + ZERO_HASH + "', 'bench',"
                    + " 'bench', g.decided, g.practice, g.track, g.tier, g.secs, g.customer_id, FLOOR((EXTRACT(EPOCH FROM g.decided) - 345600) / 604800), "
                    + earlier.formatted("", "") + " + g.hub_similar, " + earlier.formatted("PARTITION BY g.state ", "g.state, ") + " + g.hub_same"
                    + " FROM (SELECT r.reference, r.exception_type, r.product, r.state, r.practice, r.track, r.tier, r.customer_id, " + decided
                    + " AS decided, 3600 * (1 + MOD(r.id, 97)) AS secs, " + similar + " AS hub_similar, " + same + " AS hub_same"
                    + " FROM requests r WHERE " + GENERATED + " AND r.state IN ('APPROVED', 'DENIED') AND r.exception_type = ? AND r.product = ?) g"
                    + " ORDER BY g.decided", bound);
            c.commit();
        }
        update(c, InsightFacts.recountPrecedents("decided_by <> 'bench'"), List.of());
        c.commit();
    }

    private static void update(Connection c, String sql, List<Object> params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
            ps.executeUpdate();
        }
    }
}
