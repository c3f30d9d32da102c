package io.lexhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Tx;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The outside of a two-node test: one embedded PostgreSQL, the hubs ({@link Node}) started on
 * it, and the waivers the expiry sweep works on. The hubs' clock showed {@link #CLOCK} when the
 * cluster started, after the end of the waivers {@link #seedWaivers} writes.
 */
final class Cluster implements AutoCloseable {

    static final String CLOCK = "2026-11-24T09:00:00Z";
    static final String AUDIT_KEY = "test-key-for-the-audit-chain-0123456789";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final EmbeddedPostgres pg;
    final String url;
    final Database db;
    final Sql sql;
    final Path dir;
    private final Duration clockOffset = Duration.between(Instant.now(), Instant.parse(CLOCK));
    private final List<Node> nodes = new ArrayList<>();

    private Cluster(EmbeddedPostgres pg, Path dir) {
        this.pg = pg;
        this.dir = dir;
        url = pg.getJdbcUrl("postgres", "postgres");
        db = Database.open(url, "postgres", null, 4);   // the nodes migrate it, both at once (Flyway takes a lock)
        sql = new Sql(db);
    }

    static Cluster start() throws IOException {
        // durability is not under test: without fsync a 1,000-waiver sweep takes a second or two, not ten
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
        return new Cluster(pg, Files.createTempDirectory("lexhub-cluster-"));
    }

    Node node(String name, Map<String, String> settings) throws IOException {
        Node n = Node.start(name, dir, url, clockOffset, settings);
        nodes.add(n);
        return n;
    }

    /** A node run through the hub's own main on the system clock ({@link Node#startHub}). */
    Node hub(String name, Map<String, String> settings) throws IOException {
        Node n = Node.startHub(name, dir, url, settings);
        nodes.add(n);
        return n;
    }

    /** A stopped node started again. */
    Node restart(Node stopped) throws IOException {
        Node n = stopped.restart();
        nodes.add(n);
        return n;
    }

    /** Until every node answers HTTP and has checked in with the Quartz cluster. */
    void awaitUp(Node... up) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Arrays.stream(up).allMatch(Node::answers)
                        && sql.count("SELECT COUNT(*) FROM qrtz_scheduler_state") == up.length);
    }

    /**
     * n ACTIVE waivers whose last day is {@code end}, with the requests rows the sweep joins
     * (plain SQL, for speed), and the row records a hub writes with them, so that `audit verify`
     * vouches for them as for rows the hub wrote.
     */
    void seedWaivers(String prefix, int n, String end) {
        AuditTrail audit = new AuditTrail(AuditKeys.resolve(java.util.Optional.of(AUDIT_KEY), dir), new AuditRowStore());
        // rows and their records in one transaction: the nodes' expiry sweep may run meanwhile, and must
        // never see a waiver before its record (its own record would then come first and this one last)
        new Tx(db.dataSource(), audit).inTransaction(c -> {
            try (PreparedStatement requests = c.prepareStatement("""
                    INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, reply_to, product,
                        exception_type, start_date, end_date, track, policy_version, content_sha256, request_json, assessment_json,
                        raw_content, received_at, updated_at)
                    SELECT ? || lpad(i::text, 5, '0'), 'api', ? || i, 'APPROVED', 'CUST-CL-' || i, 'Cluster Customer ' || i,
                        'contact-' || i || '@cluster.example', 'Orbit Analytics', 'TEMPORARY_ACCESS', DATE '2026-10-01', CAST(? AS DATE),
                        'FAST', '1', md5(i::text) || md5(i::text), '{}', '{}', '{}', now(), now()
                    FROM generate_series(1, ?) AS i""");
                    PreparedStatement waivers = c.prepareStatement("""
                    INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at)
                    SELECT reference, 'ACTIVE', customer_id, product, exception_type, start_date, end_date, '{"terms":{"seats":5}}', now(), now()
                    FROM requests WHERE reference LIKE ?""")) {
                requests.setString(1, prefix);
                requests.setString(2, "cluster-" + prefix);
                requests.setString(3, end);
                requests.setInt(4, n);
                requests.executeUpdate();
                waivers.setString(1, prefix + "%");
                waivers.executeUpdate();
            }
            for (int i = 1; i <= n; i++) {
                String ref = prefix + String.format("%05d", i);
                audit.recordRow(c, RecordedTables.REQUESTS, ref);
                audit.recordRow(c, RecordedTables.WAIVERS, ref);
            }
            return null;
        });
    }

    long expiredCount(String prefix) {
        return sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref LIKE ? AND state = 'EXPIRED'", prefix + "%");
    }

    /** Every one of the n waivers of the batch EXPIRED, with one waiver.expired event, one revert and one sunset notice. */
    void assertExpiredOnce(String prefix, int n) {
        String like = prefix + "%";
        assertThat(expiredCount(prefix)).isEqualTo(n);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref LIKE ? AND event_type = 'waiver.expired'", like)).isEqualTo(n);
        assertThat(sql.count("SELECT COUNT(DISTINCT request_ref) FROM audit_events WHERE request_ref LIKE ? AND event_type = 'waiver.expired'", like))
                .isEqualTo(n);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref LIKE ? AND event_type <> 'waiver.expired'", like)).isZero();
        for (String kind : new String[] {"revert:", "sunset:"}) {
            assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key = ? || request_ref AND request_ref LIKE ?", kind, like))
                    .as(kind + " rows").isEqualTo(n);
        }
        // the customer's sunset mail, the licensing team's copy and the revert event: three rows per waiver, no more
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref LIKE ?", like)).isEqualTo(3L * n);
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes) n.kill();
        db.close();
        pg.close();
    }
}
