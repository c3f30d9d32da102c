package io.lexhub.store;

import io.lexhub.intake.RawSubmission;
import io.lexhub.notify.Notice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The mailbox ledger (table mail_messages): one row per message dealt with, keyed on Message-ID
 * plus content hash. A message found here was handled before: after a crash between the database
 * commit and the IMAP flag, on a second poll or on a second node it is only marked, never handled again.
 */
public final class MailLog {

    public enum Outcome { REQUEST, SUPPLEMENT, CORRESPONDENCE, QUARANTINED }

    /** The identity of one message and its sender. */
    public record Entry(String messageId, String contentSha256, String fromAddress, String fromDomain) {}

    private final Tx tx;
    private final QuarantineStore quarantine;
    private final OutboxStore outbox;

    public MailLog(Tx tx, QuarantineStore quarantine, OutboxStore outbox) {
        this.tx = tx;
        this.quarantine = quarantine;
        this.outbox = outbox;
    }

    public boolean seen(Entry e) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM mail_messages WHERE message_id = ? AND content_sha256 = ?")) {
                ps.setString(1, e.messageId());
                ps.setString(2, e.contentSha256());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Inserts the row in the caller's transaction; a second insert of the same message is a unique violation. */
    public void record(Connection c, Entry e, Outcome outcome, String requestRef, Long quarantineId, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mail_messages (message_id, content_sha256, from_address, from_domain, outcome, request_ref, quarantine_id, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, e.messageId());
            ps.setString(2, e.contentSha256());
            ps.setString(3, e.fromAddress());
            ps.setString(4, e.fromDomain());
            ps.setString(5, outcome.name());
            ps.setString(6, requestRef);
            ps.setObject(7, quarantineId);
            ps.setObject(8, now);
            ps.executeUpdate();
        }
    }

    /** Quarantines a message and enqueues its reply in one transaction; false when it was already quarantined. */
    public boolean quarantine(Entry e, RawSubmission raw, String externalId, String reason, List<Notice> replies, OffsetDateTime now) {
        return runOnce(c -> {
            long id = quarantine.insert(c, raw, externalId, reason);
            for (Notice n : replies) outbox.enqueue(c, null, n, now);
            record(c, e, Outcome.QUARANTINED, null, id, now);
        });
    }

    /** Domain of the mail that created the request, if it came by mail. */
    public Optional<String> originalDomain(String requestRef) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT from_domain FROM mail_messages WHERE request_ref = ? AND outcome = 'REQUEST' ORDER BY id")) {
                ps.setString(1, requestRef);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Runs the work in one transaction; a unique violation means another delivery did it first. */
    public boolean runOnce(RequestStore.AlsoInTx work) {
        try {
            tx.inTransaction(c -> {
                work.run(c);
                return null;
            });
            return true;
        } catch (StoreException ex) {
            if (ex.getCause() instanceof SQLException s && Tx.isUniqueViolation(s)) return false;
            throw ex;
        }
    }
}
