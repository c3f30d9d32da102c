package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;

/**
 * What the dashboard (InsightStore) sums, written on the decision and waiver rows when they are
 * recorded (V53), so that a period's figures read only that period's rows: a decision's practice
 * flag, its request's track and tier, the seconds from receipt to decision and its two precedent
 * counts; a waiver's revenue impact and currency from its request document. Every writer of
 * decisions or waivers calls {@link #decisionRecorded} and {@link #waiverRecorded} after the
 * insert (a bulk writer {@link #backfill} once); a re-assessed request {@link #requestReassessed}.
 * A decision also carries its request's customer (V56), for the disputes' resubmissions, and its
 * week (V57), for the trend.
 * Definitions in docs/insight.md.
 */
public final class InsightFacts {

    private InsightFacts() {}

    /** Seconds from the receipt of the decision's request to the decision; both databases read EPOCH from a timestamp with time zone. */
    private static final String SECONDS = "(SELECT EXTRACT(EPOCH FROM decisions.decided_at) - EXTRACT(EPOCH FROM r.received_at) FROM requests r"
            + " WHERE r.reference = decisions.request_ref)";
    /** The request's customer (V56): a denial's resubmissions are the customer's later requests for the same type and product. */
    private static final String CUSTOMER = "customer_id = (SELECT r.customer_id FROM requests r WHERE r.reference = decisions.request_ref)";
    private static final String REQUEST_COLUMNS = "practice = COALESCE((SELECT r.practice FROM requests r WHERE r.reference = decisions.request_ref), FALSE),"
            + " track = (SELECT r.track FROM requests r WHERE r.reference = decisions.request_ref),"
            + " tier = (SELECT r.tier FROM requests r WHERE r.reference = decisions.request_ref), decision_secs = " + SECONDS;
    /**
     * The decision's week (V57), counted from Monday 1970-01-05 (345,600 s), the same arithmetic in
     * both databases: the trend's group and the first key of its percentiles' index.
     */
    private static final String WEEK = "decided_week = FLOOR((EXTRACT(EPOCH FROM decided_at) - 345600) / 604800)";

    /**
     * The earlier decisions (not at the same instant) on other non-practice requests of the same
     * type and product, counted as all of the partition's earlier ones less those of the same
     * request: both counts are index ranges (ix_decisions_precedent_counts, uq_decision_round).
     */
    private static final String EARLIER = "(SELECT COUNT(*) FROM decisions o WHERE o.exception_type = decisions.exception_type AND o.product = decisions.product"
            + " AND o.practice = FALSE AND o.decided_at < decisions.decided_at%1$s)"
            + " - (SELECT COUNT(*) FROM decisions o WHERE o.request_ref = decisions.request_ref AND o.exception_type = decisions.exception_type"
            + " AND o.product = decisions.product AND o.practice = FALSE AND o.decided_at < decisions.decided_at%1$s)";
    private static final String COUNTS = "precedent_similar = " + EARLIER.formatted("") + ", precedent_same = "
            + EARLIER.formatted(" AND o.outcome = decisions.outcome");

    /**
     * The statement that counts the precedents again of the decisions that match {@code where}
     * (a condition on decisions): for a writer of older history that wrote decisions with counts of
     * its own and now has later ones already stored (the workspace bench's hub decisions).
     */
    public static String recountPrecedents(String where) {
        return "UPDATE decisions SET " + COUNTS + " WHERE " + where;
    }

    /**
     * The decision (request, round) was just inserted: its facts, it as a precedent of any later
     * decision already stored, and its count in the week's tally ({@link DecisionTally}).
     */
    public static void decisionRecorded(Connection c, String ref, int round) throws SQLException {
        update(c, "UPDATE decisions SET " + REQUEST_COLUMNS + ", " + CUSTOMER + ", " + WEEK + " WHERE request_ref = ? AND round = ?", ref, round);
        update(c, "UPDATE decisions SET " + COUNTS + " WHERE request_ref = ? AND round = ?", ref, round);
        try (PreparedStatement ps = c.prepareStatement("SELECT exception_type, product, decided_at, outcome, practice FROM decisions"
                + " WHERE request_ref = ? AND round = ?")) {
            ps.setString(1, ref);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean("practice") && rs.getString("exception_type") != null && rs.getString("product") != null) {
                    precedentOfLater(c, ref, rs.getString("outcome"), rs.getString("exception_type"), rs.getString("product"),
                            rs.getObject("decided_at", OffsetDateTime.class));
                }
            }
        }
        DecisionTally.add(c, 1, "d.request_ref = ? AND d.round = ?", ref, round);
    }

    /**
     * A decision recorded after later ones (none in the hub's own order, where it is decided now;
     * a writer of older history may record out of order) is a precedent of each of them: their
     * counts go up, and their tally with them.
     */
    private static void precedentOfLater(Connection c, String ref, String outcome, String type, String product, OffsetDateTime at) throws SQLException {
        String later = "d.exception_type = ? AND d.product = ? AND d.decided_at > ? AND d.request_ref <> ?";
        DecisionTally.add(c, -1, later, type, product, at, ref);
        int changed = update(c, "UPDATE decisions SET precedent_similar = precedent_similar + 1,"
                + " precedent_same = precedent_same + CASE WHEN outcome = ? THEN 1 ELSE 0 END"
                + " WHERE exception_type = ? AND product = ? AND decided_at > ? AND request_ref <> ?", outcome, type, product, at, ref);
        if (changed > 0) DecisionTally.add(c, 1, later, type, product, at, ref);
    }

    /** The waiver of this request was just inserted: the revenue impact and currency of its request document. */
    public static void waiverRecorded(Connection c, String ref) throws SQLException {
        update(c, "UPDATE waivers SET " + revenue(c) + " WHERE request_ref = ?", ref);
    }

    /** The request's document, track and tier were replaced (amendment, supplement): its decisions' and waiver's copies follow. */
    public static void requestReassessed(Connection c, String ref) throws SQLException {
        DecisionTally.add(c, -1, "d.request_ref = ?", ref);
        update(c, "UPDATE decisions SET track = (SELECT r.track FROM requests r WHERE r.reference = decisions.request_ref),"
                + " tier = (SELECT r.tier FROM requests r WHERE r.reference = decisions.request_ref), " + CUSTOMER + " WHERE request_ref = ?", ref);
        DecisionTally.add(c, 1, "d.request_ref = ?", ref);
        waiverRecorded(c, ref);
    }

    /**
     * All decisions and waivers at once, set-based, as a bulk writer needs them: {@link #backfillV53},
     * the customers of V56, the weeks of V57, the tally of V58.
     */
    public static void backfill(Connection c) throws SQLException {
        backfillV53(c);
        backfillCustomers(c);
        backfillWeeks(c);
        DecisionTally.rebuild(c);
    }

    /** The decisions' weeks (V57), set-based. */
    public static void backfillWeeks(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE decisions SET " + WEEK);
        }
    }

    /** The decisions' customers (V56), set-based. */
    public static void backfillCustomers(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(Database.isPostgres(c)
                    ? "UPDATE decisions d SET customer_id = r.customer_id FROM requests r WHERE r.reference = d.request_ref"
                    : "UPDATE decisions SET " + CUSTOMER);
        }
    }

    /**
     * What V53 fills, all decisions and waivers at once, set-based (a later migration's columns do
     * not exist yet when V53 runs): the precedent counts of
     * non-practice decisions by the window counts the dashboard used before V53 (the cumulative
     * count of the type and product up to the decision, less those at the same instant, less the
     * earlier ones of the same request), those of practice decisions as {@link #decisionRecorded}.
     */
    public static void backfillV53(Connection c) throws SQLException {
        boolean postgres = Database.isPostgres(c);
        String earlier = "(COUNT(*) OVER (PARTITION BY %1$s ORDER BY d.decided_at) - COUNT(*) OVER (PARTITION BY %1$s, d.decided_at))";
        String window = "SELECT d.id, " + earlier.formatted("r.exception_type, r.product") + " - " + earlier.formatted("d.request_ref") + " AS similar_n, "
                + earlier.formatted("r.exception_type, r.product, d.outcome") + " - " + earlier.formatted("d.request_ref, d.outcome") + " AS same_n"
                + " FROM decisions d JOIN requests r ON r.reference = d.request_ref WHERE r.practice = FALSE";
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.executeUpdate("UPDATE decisions d SET practice = r.practice, track = r.track, tier = r.tier,"
                        + " decision_secs = EXTRACT(EPOCH FROM d.decided_at) - EXTRACT(EPOCH FROM r.received_at) FROM requests r WHERE r.reference = d.request_ref");
                s.executeUpdate("UPDATE decisions d SET precedent_similar = w.similar_n, precedent_same = w.same_n FROM (" + window + ") w WHERE d.id = w.id");
            } else {
                s.executeUpdate("UPDATE decisions SET " + REQUEST_COLUMNS);
                s.executeUpdate("MERGE INTO decisions t USING (" + window + ") w ON (t.id = w.id)"
                        + " WHEN MATCHED THEN UPDATE SET precedent_similar = w.similar_n, precedent_same = w.same_n");
            }
            s.executeUpdate("UPDATE decisions SET " + COUNTS + " WHERE practice = TRUE");
            s.executeUpdate("UPDATE waivers SET " + revenue(c));
        }
    }

    /**
     * The revenue impact and currency of the waiver's request document. The two databases read JSON
     * differently: PostgreSQL with its jsonb operators (a number, a string, or nothing), H2 (which
     * has no JSON path function) with a regular expression on the document the hub wrote, where
     * revenueImpact and currency are top-level fields no nested object of the canonical request has
     * (a quote inside a text is escaped, so it cannot match).
     */
    private static String revenue(Connection c) throws SQLException {
        boolean postgres = Database.isPostgres(c);
        return postgres ? """
                (revenue_impact, currency) = (SELECT CASE WHEN jsonb_typeof(j -> 'revenueImpact') = 'number' THEN CAST(j ->> 'revenueImpact' AS NUMERIC) END,
                  CASE WHEN jsonb_typeof(j -> 'currency') = 'string' THEN j ->> 'currency' END
                  FROM (SELECT CAST(r.request_json AS jsonb) AS j FROM requests r WHERE r.reference = waivers.request_ref) doc)"""
                : """
                (revenue_impact, currency) = (SELECT
                  CAST(REGEXP_SUBSTR(r.request_json, '"revenueImpact"\\s*:\\s*(-?[0-9][0-9.eE+-]*)', 1, 1, '', 1) AS DECFLOAT),
                  REGEXP_SUBSTR(r.request_json, '"currency"\\s*:\\s*"([^"\\\\]*)"', 1, 1, '', 1)
                  FROM requests r WHERE r.reference = waivers.request_ref)""";
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }
}
