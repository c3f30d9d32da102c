package io.lexhub.support;

import io.lexhub.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers for tests that look at what the hub stored. Every call takes its own connection. */
public final class Sql {

    private final DataSource db;

    public Sql(Database db) {
        this(db.dataSource());
    }

    public Sql(DataSource db) {
        this.db = db;
    }

    public List<String> strings(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... args) {
        return Long.parseLong(strings(sql, args).get(0));
    }

    /** Work on one connection of its own (autocommit), e.g. a store method a seeding writer calls as the hub does. */
    @FunctionalInterface
    public interface Work {
        void run(Connection c) throws SQLException;
    }

    public void with(Work work) {
        try (Connection c = db.getConnection()) {
            work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
