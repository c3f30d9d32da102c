package io.lexhub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/** The connection pool and schema migrations; the one place that knows how to reach the database. */
public final class Database implements AutoCloseable {

    static {
        EmbeddedH2.bindToLoopback();   // before H2 loads: its auto-server reads the bind address once
    }

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How long a caller waits for a connection when none is free or the database cannot be reached. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    public static Database open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    public static Database open(String url, String user, String password, int poolSize, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(tuned(url));
        config.setUsername(user);
        config.setPassword(password);
        // Flyway holds one connection for its lock while migrating on another
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setPoolName("lexhub");
        config.setAutoCommit(true);
        // HikariCP's default of 30 s held every caller (API client, file drop, outbox, health probe)
        // that long while the database was down; now the work fails fast as DatabaseUnavailableException
        // and is retried (file left in inbox/, 503 to the client, outbox and sweeps on their next run)
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000));
        // fail fast with a clear message rather than hang when the database is unreachable
        config.setInitializationFailTimeout(10_000);
        return new Database(new HikariDataSource(config));
    }

    /**
     * H2 keeps the parsed form of the last 8 statements per session by default (an LRU by SQL
     * text), fewer than one intake transaction uses, so each was parsed again. 64 held one intake
     * transaction but not a pooled connection's whole mix: the same connection also serves the
     * outbox polls and claims, duplicate and conflict checks, decisions, sweeps and the API,
     * about 125 distinct statements in all (some built with a variable column or IN list), so
     * intake statements were evicted between two uses and parsed again (JdbcConnection.prepareCommand,
     * about 3 % of the hub's CPU in a JFR profile). 256 holds them all. (PostgreSQL's driver
     * prepares repeated statements on the server by itself.)
     *
     * <p>PostgreSQL's driver sends a JDBC batch of inserts (an approval mail's decision tokens, a
     * request's notices) as one statement per row unless told to rewrite it into one multi-row
     * insert: {@code reWriteBatchedInserts}, one round trip and one statement for the server to run.
     * A setting already in the URL is left as it is.
     */
    static String tuned(String url) {
        if (url == null) return null;
        if (url.startsWith("jdbc:h2:")) {
            return url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE") ? url : url + ";QUERY_CACHE_SIZE=256";
        }
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        return url;
    }

    /** Applies pending migrations (the same scripts for H2 and PostgreSQL). */
    public Database migrate() {
        flyway().migrate();
        return this;
    }

    private Flyway flyway() {
        // common scripts, plus those of this database only (Quartz's job store tables on PostgreSQL)
        String vendor = isPostgres() ? "postgresql" : "h2";
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load();
    }

    /**
     * For the command-line tools, which never migrate: this database must be at exactly this
     * build's schema version. Closes the pool and throws {@link SchemaMismatchException} otherwise.
     */
    public Database requireMigrated() {
        try {
            MigrationInfoService info = flyway().info();
            String current = info.current() == null ? null : info.current().getVersion().getVersion();
            MigrationInfo[] all = info.all();
            String latest = all.length == 0 ? null : all[all.length - 1].getVersion().getVersion();
            boolean ahead = Arrays.stream(all).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS);
            if (current == null) throw new SchemaMismatchException("it holds no lexhub schema (the hub has never started on it)");
            if (info.pending().length > 0) {
                throw new SchemaMismatchException("its schema is at version " + current + ", behind this lexhub's " + latest
                        + ": start the hub of this version once (it migrates at start-up), then run the tool again");
            }
            if (ahead) {
                throw new SchemaMismatchException("its schema is at version " + current + ", newer than this lexhub's " + latest
                        + ": use the lexhub jar of the hub that migrated it");
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The database is not at the schema version this build reads and writes. */
    public static final class SchemaMismatchException extends IllegalStateException {
        SchemaMismatchException(String message) {
            super(message);
        }
    }

    /** PostgreSQL, the database several nodes share; H2 is opened by one node. */
    public boolean isPostgres() {
        try (Connection c = dataSource.getConnection()) {
            return isPostgres(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Whether this connection is to PostgreSQL (else H2): where the two spell SQL differently. */
    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** Reports the pool's connections to this tracker (app/ServiceMetrics: HikariCP's Micrometer tracker). */
    public void trackPool(com.zaxxer.hikari.metrics.MetricsTrackerFactory tracker) {
        dataSource.setMetricsTrackerFactory(tracker);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when the database answers a connection of the pool: at once false while the pool holds none ({@link #away}). */
    public boolean reachable() {
        if (away(dataSource)) return false;
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * True when the pool holds no connection at all: it keeps lexhub.db.pool-size of them open while
     * the database answers, drops each that fails, and makes new ones only once it answers again.
     * A caller would wait the whole connection timeout for nothing; a health probe and the check of
     * a key verified lately answer at once instead (they took 5 to 10 s during an outage).
     */
    public boolean away() {
        return away(dataSource);
    }

    static boolean away(javax.sql.DataSource ds) {
        return ds instanceof HikariDataSource h && h.getHikariPoolMXBean() != null && h.getHikariPoolMXBean().getTotalConnections() == 0;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
