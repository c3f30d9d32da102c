package io.lexhub.support;

import io.lexhub.audit.AuditTrail;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.EmbeddedH2;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.function.IntFunction;

/**
 * A hub home with an H2 database whose audit chain holds {@code events} events, and the settings
 * (lexhub.home, the HMAC key) that the command-line tools read, for tests of `lexhub audit`.
 */
public final class AuditHome implements AutoCloseable {

    public final Path home;
    private final Database db;

    /** @param typeOf the event type of event n (1-based) */
    public AuditHome(String key, int events, IntFunction<String> typeOf) throws Exception {
        home = Files.createTempDirectory("lexhub-audit-");
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", key);
        db = Database.open("jdbc:h2:file:" + home.resolve("db/lexhub") + ";DB_CLOSE_ON_EXIT=FALSE", "lexhub", EmbeddedH2.generatedPassword(home), 1).migrate();
        AuditTrail trail = new AuditTrail(key.getBytes(StandardCharsets.UTF_8), new AuditRowStore());
        for (int i = 1; i <= events; i++) {
            int n = i;
            new Tx(db.dataSource()).inTransaction(c -> {
                trail.append(c, OffsetDateTime.now(), "EXC-2026-00000" + n, typeOf.apply(n), "system:file", "{\"n\":" + n + "}");
                return null;
            });
        }
    }

    /** Appends one more event through the hub's own chain code, as a writer with the key would. */
    public void append(String key, String requestRef, String type) {
        new Tx(db.dataSource()).inTransaction(c -> {
            new AuditTrail(key.getBytes(StandardCharsets.UTF_8), new AuditRowStore()).append(c, OffsetDateTime.now(), requestRef, type, "system:file", "{}");
            return null;
        });
    }

    /** Tampers with the stored rows behind the hub's back. */
    public void sql(String statement) throws Exception {
        try (var c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    /** The first column of the first row of a query, as text (null when there is none). */
    public String scalar(String query) throws Exception {
        try (var c = db.dataSource().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The chain head as it is now, as the statement that would put it back later (a copy an insider kept). */
    public String headRestore() throws Exception {
        return "UPDATE audit_head SET last_seq = " + scalar("SELECT last_seq FROM audit_head WHERE id = 1")
                + ", last_hash = '" + scalar("SELECT last_hash FROM audit_head WHERE id = 1")
                + "', head_mac = '" + scalar("SELECT head_mac FROM audit_head WHERE id = 1") + "' WHERE id = 1";
    }

    @Override
    public void close() {
        db.close();
        System.clearProperty("lexhub.home");
        System.clearProperty("lexhub.audit.hmac-key");
    }
}
