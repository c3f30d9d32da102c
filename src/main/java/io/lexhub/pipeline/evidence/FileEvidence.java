package io.lexhub.pipeline.evidence;

import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.ContentHash;
import io.lexhub.model.Json;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.EvidenceStore;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Files one piece of evidence for a request (docs/architecture.md, "Evidence files"): the type told
 * by the content ({@link EvidenceType}), the size and the number of files per request within the
 * limits, the file and its audit event {@code evidence.filed} in one transaction. The same content
 * filed again for the request is the file already there ({@link Filing.Duplicate}), not an error.
 * The mail channel calls it inside its own transaction; the portal will call {@link #file(String, String, byte[], String, String)}.
 */
public final class FileEvidence {

    /** lexhub.evidence.max-bytes and lexhub.evidence.max-files-per-request. */
    public record Limits(long maxBytes, int maxFilesPerRequest) {

        /** Why these bytes are not kept, if they are not: too large, or not a type the hub keeps. */
        public Optional<String> refusal(byte[] bytes) {
            if (bytes != null && bytes.length > maxBytes) {
                return Optional.of("The file is " + bytes.length + " bytes; the limit is " + maxBytes + " bytes.");
            }
            EvidenceType.Detection d = EvidenceType.detect(bytes);
            return d.accepted() ? Optional.empty() : Optional.of(d.refusal());
        }
    }

    /** What became of a file: filed, the same as one filed before, or refused (nothing stored) with the reason. */
    public sealed interface Filing {
        record Filed(EvidenceStore.Row file) implements Filing {}

        record Duplicate(EvidenceStore.Row file) implements Filing {}

        record Refused(String reason) implements Filing {}
    }

    private final Tx tx;
    private final EvidenceStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final Limits limits;

    public FileEvidence(Tx tx, EvidenceStore store, AuditTrail audit, Clock clock, Limits limits) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Files the bytes as evidence of the request in a transaction of its own.
     *
     * @param actor who files it, as the channel authenticated them (never a field of a form)
     * @throws UnknownRequestException when there is no such request
     */
    public Filing file(String reference, String fileName, byte[] bytes, String actor, String channel) {
        try {
            return tx.inTransaction(c -> file(c, reference, fileName, bytes, actor, channel, OffsetDateTime.now(clock)));
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s))) throw e;
            // the same bytes filed at the same moment by another call: that one is the file
            String sha = ContentHash.sha256(bytes);
            return new Filing.Duplicate(tx.read(c -> store.bySha256(c, reference, sha)).orElseThrow(() -> e));
        }
    }

    /** Files the bytes in the caller's transaction; a refusal writes nothing. */
    public Filing file(Connection c, String reference, String fileName, byte[] bytes, String actor, String channel, OffsetDateTime now)
            throws SQLException {
        Optional<String> refused = limits.refusal(bytes);
        if (refused.isPresent()) return new Filing.Refused(refused.get());
        EvidenceType type = EvidenceType.detect(bytes).type();
        // one filing at a time per request: the duplicate check and the count hold until commit
        if (!store.lockRequest(c, reference)) throw new UnknownRequestException(reference);
        String sha = ContentHash.sha256(bytes);
        Optional<EvidenceStore.Row> existing = store.bySha256(c, reference, sha);
        if (existing.isPresent()) return new Filing.Duplicate(existing.get());
        if (store.count(c, reference) >= limits.maxFilesPerRequest()) {
            return new Filing.Refused(reference + " has " + limits.maxFilesPerRequest() + " evidence files already, the most it may have.");
        }
        String name = EvidenceNames.display(fileName, type);
        long id = store.insert(c, new EvidenceStore.NewFile(reference, name, type.contentType(), sha, bytes, actor, channel, now));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("reference", reference);
        event.put("id", id);
        event.put("name", name);
        event.put("type", type.contentType());
        event.put("size", bytes.length);
        event.put("sha256", sha);
        event.put("actor", actor);
        event.put("channel", channel);
        audit.append(c, now, reference, "evidence.filed", actor, Json.write(event));
        // the row as stored (the database keeps the time to the microsecond)
        return new Filing.Filed(store.bySha256(c, reference, sha).orElseThrow());
    }

    /**
     * Files the bytes in the caller's transaction, and records a refusal in the audit trail
     * ({@code evidence.refused}): for a channel with nobody waiting for the answer (a mail), so
     * what was not kept, and why, stays on the request's record.
     */
    public Filing fileOrNote(Connection c, String reference, String fileName, byte[] bytes, String actor, String channel, OffsetDateTime now)
            throws SQLException {
        Filing f = file(c, reference, fileName, bytes, actor, channel, now);
        if (f instanceof Filing.Refused r) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("reference", reference);
            event.put("name", EvidenceNames.clean(fileName));
            event.put("size", bytes == null ? 0 : bytes.length);
            event.put("sha256", ContentHash.sha256(bytes == null ? new byte[0] : bytes));
            event.put("reason", r.reason());
            event.put("channel", channel);
            audit.append(c, now, reference, "evidence.refused", actor, Json.write(event));
        }
        return f;
    }
}
