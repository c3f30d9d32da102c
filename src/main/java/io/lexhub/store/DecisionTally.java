package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The decision figures' counts and sums per week and group (V58): what {@link DecisionFigures}
 * tallies, kept beside the decisions so that the dashboard adds up a period's whole weeks from a
 * few thousand rows instead of grouping the period's decisions (half a million at a million
 * requests). Only its first and last week, when the period cuts them, are tallied from the
 * decisions.
 *
 * <p>Writers only append: every change of a decision's facts adds a signed row per group in the
 * same transaction ({@link InsightFacts}: a new decision +1; a decision whose facts change its old
 * facts -1, its new ones +1), so a snapshot always holds the tally of the decisions it holds and
 * no writer waits for another on a shared counter row. {@link #compact} folds the rows into one
 * per group (hourly, {@code lexhub.insight.tally-compaction.cron}); until then a period reads a
 * few more rows, with the same sums. Definitions in docs/insight.md.
 */
public final class DecisionTally {

    /** The groups of the figures (DecisionFigures' tally), in the index's order. */
    static final String GROUP = "decided_week, track, tier, exception_type, outcome";
    private static final String MEASURES = "decisions, timed, secs, precedented, shares";
    /** What one decision d adds to its group, named n, timed, secs, precedented, shares (also DecisionFigures' cut weeks). */
    static final String CONTRIBUTION = "1 AS n, CASE WHEN d.decision_secs IS NULL THEN 0 ELSE 1 END AS timed,"
            + " COALESCE(CAST(d.decision_secs AS DOUBLE PRECISION), 0) AS secs, CASE WHEN d.precedent_similar > 0 THEN 1 ELSE 0 END AS precedented,"
            + " CASE WHEN d.precedent_similar > 0 THEN CAST(d.precedent_same AS DOUBLE PRECISION) / d.precedent_similar ELSE 0 END AS shares";

    private DecisionTally() {}

    /**
     * Adds the tally of the non-practice decisions with a week that match {@code where} (a
     * condition on decisions d, its parameters after), signed: +1 counts them, -1 takes them out
     * before their facts change. Returns the number of groups written (0: no such decision).
     */
    static int add(Connection c, int sign, String where, Object... params) throws SQLException {
        String s = sign < 0 ? "-" : "";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision_tally (" + GROUP + ", " + MEASURES + ") SELECT " + GROUP + ", " + s
                + "SUM(n), " + s + "SUM(timed), " + s + "SUM(secs), " + s + "SUM(precedented), " + s + "SUM(shares) FROM (SELECT d.decided_week, d.track,"
                + " d.tier, d.exception_type, d.outcome, " + CONTRIBUTION + " FROM decisions d WHERE d.practice = FALSE AND d.decided_week IS NOT NULL AND "
                + where + ") x GROUP BY " + GROUP)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }

    /** The whole tally again from the decisions (a migration, a bulk writer). */
    public static void rebuild(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM decision_tally");
        }
        add(c, 1, "TRUE");
    }

    /**
     * Folds the rows into one per group and drops the groups left with no decision; returns how
     * many rows were folded. In a repeatable-read transaction of its own: the sums and the delete
     * see the same rows, and a row appended meanwhile stays for the next time.
     */
    public static int compact(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long last;
            long rows;
            long groups;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id), COUNT(*), (SELECT COUNT(*) FROM (SELECT 1 AS one"
                    + " FROM decision_tally GROUP BY " + GROUP + ") g) FROM decision_tally")) {
                rs.next();
                last = rs.getLong(1);
                rows = rs.getLong(2);
                groups = rs.getLong(3);
            }
            if (rows == groups) {
                c.rollback();
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision_tally (" + GROUP + ", " + MEASURES + ") SELECT " + GROUP
                    + ", SUM(decisions), SUM(timed), SUM(secs), SUM(precedented), SUM(shares) FROM decision_tally WHERE id <= ? GROUP BY " + GROUP
                    + " HAVING SUM(decisions) <> 0")) {
                ps.setLong(1, last);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decision_tally WHERE id <= ?")) {
                ps.setLong(1, last);
                ps.executeUpdate();
            }
            c.commit();
            return (int) rows;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }
}
