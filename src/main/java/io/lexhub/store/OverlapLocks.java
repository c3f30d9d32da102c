package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A lock per customer and product, held until the caller's transaction ends: the overlap rule
 * (one live exception per customer, product and period) is checked and the request stored under
 * it, so two requests arriving at the same moment, on one node or two, are decided one after the
 * other. A row in overlap_locks, created on first use and never deleted: taken with one upsert on
 * PostgreSQL, with a select for update (and on first use an insert) on H2.
 */
final class OverlapLocks {

    private OverlapLocks() {}

    static void lock(Connection c, String customerId, String product) throws SQLException {
        if (Database.isPostgres(c)) {
            upsert(c, customerId, product);
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            if (selectForUpdate(c, customerId, product)) return;
            // first request for this pair: create the row; a concurrent creator makes this insert
            // wait for its commit and then fail as a duplicate, and the row is there to lock
            Savepoint before = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO overlap_locks (customer_id, product) VALUES (?, ?)")) {
                ps.setString(1, customerId);
                ps.setString(2, product);
                ps.executeUpdate();
                c.releaseSavepoint(before);
                return;   // an inserted row is locked by its inserter until commit
            } catch (SQLException e) {
                if (!Tx.isUniqueViolation(e)) throw e;
                c.rollback(before);
            }
        }
        throw new SQLException("could not lock " + customerId + " / " + product + " for the overlap check");
    }

    /**
     * PostgreSQL: one statement and one round trip, whether the row is there or not (the select,
     * a savepoint, the insert and the savepoint's release took four for a new pair). ON CONFLICT DO
     * UPDATE locks the row it finds, after a concurrent creator's commit, and the update of a key
     * to its own value changes no index entry.
     */
    private static void upsert(Connection c, String customerId, String product) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO overlap_locks (customer_id, product) VALUES (?, ?)"
                + " ON CONFLICT (customer_id, product) DO UPDATE SET customer_id = EXCLUDED.customer_id")) {
            ps.setString(1, customerId);
            ps.setString(2, product);
            ps.executeUpdate();
        }
    }

    private static boolean selectForUpdate(Connection c, String customerId, String product) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM overlap_locks WHERE customer_id = ? AND product = ? FOR UPDATE")) {
            ps.setString(1, customerId);
            ps.setString(2, product);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
