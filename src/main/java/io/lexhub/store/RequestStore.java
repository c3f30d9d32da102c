package io.lexhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.audit.AuditEvent;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.lifecycle.RequestLifecycle;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Json;
import io.lexhub.model.RiskResult;
import io.lexhub.model.TriageResult;
import io.lexhub.model.RequestState;
import io.lexhub.model.Submitter;
import io.lexhub.notify.Notice;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.validation.ConflictLookup;
import io.lexhub.validation.ExistingException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Requests in SQL: the intake transaction, look-ups for the API and the conflict check. */
public final class RequestStore implements ConflictLookup {

    /** States that hold a customer's product for a period; a new overlapping request conflicts. */
    private static final String OPEN_STATES = "'RECEIVED','NEEDS_INFO','PENDING_APPROVAL','APPROVED'";

    /** Requests committed together at most; a drop folder's worker threads bound it in practice. */
    static final int MAX_GROUP = 32;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestStore.class);

    private final Tx tx;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final GroupCommit group;

    public RequestStore(Tx tx, AuditTrail audit, OutboxStore outbox) {
        this.tx = tx;
        this.group = new GroupCommit(tx, MAX_GROUP);
        this.audit = audit;
        this.outbox = outbox;
    }

    /**
     * What else happens in the intake transaction once the request row exists (replies, the
     * approval chain or an auto-approval); returns the state the request ends in.
     */
    @FunctionalInterface
    public interface OnStored {
        RequestState apply(Connection c, String reference, RequestState state) throws SQLException;
    }

    /** As {@link OnStored}, for a new request: also given the case as stored (rejected if the overlap re-check found a conflict). */
    @FunctionalInterface
    public interface OnIntake {
        RequestState apply(Connection c, String reference, RequestState state, IntakeCase stored) throws SQLException;
    }

    /**
     * Stores a new request with its audit events and notices in one transaction. A second
     * delivery of the same input (same source and external id) changes nothing and returns the
     * request stored the first time, also when two deliveries race; the same id with other
     * content is refused with {@link IdempotencyConflictException}.
     */
    public IntakeOutcome saveNew(IntakeCase c, OffsetDateTime now, OnIntake onStored) {
        return saveNew(c, now, onStored, false);
    }

    /**
     * As {@link #saveNew(IntakeCase, OffsetDateTime, OnIntake)}; {@code grouped} commits the
     * request together with others being stored at the same moment ({@link GroupCommit}), for
     * channels that deliver in bulk. A request that would hold a period (accepted or waiting for
     * information) is checked for overlaps again under the lock of its customer and product, and
     * stored REJECTED naming the exception it overlaps if one was stored since validation; in a
     * group the requests are decided in order, each seeing those before it.
     */
    public IntakeOutcome saveNew(IntakeCase c, OffsetDateTime now, OnIntake onStored, boolean grouped) {
        return saveNew(c, now, (conn, same) -> same, onStored, grouped);
    }

    /**
     * A rule that depends on what is already stored, checked again in the intake transaction
     * before the request row is written (a check made before it could be outdated by a request
     * stored meanwhile). Returns the case unchanged, or a copy whose validation refuses it.
     */
    @FunctionalInterface
    public interface InTxCheck {
        IntakeCase apply(Connection c, IntakeCase ic) throws SQLException;
    }

    /**
     * As {@link #saveNew(IntakeCase, OffsetDateTime, OnIntake, boolean)}, with {@code check} run
     * first in the transaction (the renewal rule, with the renewed waiver locked: RenewalChains).
     */
    public IntakeOutcome saveNew(IntakeCase c, OffsetDateTime now, InTxCheck check, OnIntake onStored, boolean grouped) {
        Optional<IntakeOutcome> earlier = findDuplicate(c);
        if (earlier.isPresent()) return earlier.get();
        RequestState assessed = c.resultingState();
        // prepared before the transaction, which holds the overlap lock until it commits
        String requestJson = Json.write(c.request());
        String assessedJson = Json.write(assessment(c, assessed));
        String receivedJson = Json.write(receivedPayload(c));
        // every number this request took: all but the committed one go unused (a rollback, a shared group run again alone)
        List<String> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
        Tx.Work<IntakeOutcome> work = conn -> {
            IntakeCase checked = check.apply(conn, c);
            // refused by the check (rare): the assessment is written anew
            RequestState state = checked == c ? assessed : checked.resultingState();
            String assessmentJson = checked == c ? assessedJson : Json.write(assessment(checked, state));
            List<ExistingException> overlaps = overlapsUnderLock(conn, checked, state);
            IntakeCase stored = overlaps.isEmpty() ? checked : checked.rejectedFor(overlaps.stream().map(ExistingException::overlapIssue).toList());
            RequestState storedState = overlaps.isEmpty() ? state : RequestState.REJECTED;
            String storedAssessment = overlaps.isEmpty() ? assessmentJson : Json.write(assessment(stored, storedState));
            String ref = nextReference(conn, now.getYear());
            taken.add(ref);
            insert(conn, ref, storedState, stored, requestJson, storedAssessment, now);
            audit.recordRow(conn, RecordedTables.REQUESTS, ref);
            audit.append(conn, now, ref, "request.received", "system:" + c.raw().source(), receivedJson);
            audit.append(conn, now, ref, "request.assessed", "system:policy", storedAssessment);
            return new IntakeOutcome(ref, onStored.apply(conn, ref, storedState, stored), false, stored);
        };
        try {
            IntakeOutcome outcome = grouped ? group.run(work, () -> tx.inTransaction(work)) : tx.inTransaction(work);
            numbersUnused(taken.subList(0, taken.size() - 1), "its transaction was shared with a request that failed, and ran again alone");
            return outcome;
        } catch (StoreException e) {
            numbersUnused(taken, "its transaction rolled back: " + e.getMessage());
            if (!(e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s))) throw e;
            // a concurrent delivery of the same input won: return its request
            return findDuplicate(c).orElseThrow(() -> e);
        } catch (RuntimeException e) {
            numbersUnused(taken, "its transaction rolled back: " + e);
            throw e;
        }
    }

    /**
     * Numbers taken by transactions that did not commit are never handed out again: each is
     * recorded, so the audit trail explains the gap (best effort: while the database is away it
     * cannot be, and the log says so).
     */
    private void numbersUnused(List<String> refs, String why) {
        if (refs.isEmpty()) return;
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        try {
            tx.inTransaction(conn -> {
                for (String ref : refs) {
                    // a commit whose answer was lost did store its request
                    if (exists(conn, ref)) continue;
                    audit.append(conn, now, ref, "request.number-unused", "system:intake", Json.write(Map.of("reference", ref, "why", why)));
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("request numbers {} were taken and not used; the audit trail could not record it: {}", refs, e.getMessage());
        }
    }

    private Optional<IntakeOutcome> findDuplicate(IntakeCase c) {
        return tx.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT reference, state, content_sha256 FROM requests WHERE source = ? AND external_id = ?")) {
                ps.setString(1, c.raw().source());
                ps.setString(2, c.externalId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    if (!rs.getString(3).equals(c.contentSha256())) {
                        throw new IdempotencyConflictException(c.externalId(), rs.getString(1));
                    }
                    return Optional.of(new IntakeOutcome(rs.getString(1), RequestState.valueOf(rs.getString(2)), true, c));
                }
            }
        });
    }

    /**
     * {@code EXC-<year>-<n>}, n zero-padded to 6 digits (wider numbers as they are): the same text
     * as {@code String.format("EXC-%d-%06d", year, n)}, built by hand because the formatter parsed
     * its pattern on every request (1.5 % of the hub's intake CPU in a JFR profile).
     */
    public static String reference(int year, long n) {
        String digits = Long.toString(n);
        StringBuilder b = new StringBuilder(15 + Math.max(6, digits.length())).append("EXC-").append(year).append('-');
        if (n >= 0) {
            for (int pad = 6 - digits.length(); pad > 0; pad--) b.append('0');
            return b.append(digits).toString();
        }
        // never happens (the counter starts at 0 and counts up); kept identical to the formatter anyway
        return b.append(String.format("%06d", n)).toString();
    }

    private static boolean exists(Connection conn, String ref) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM requests WHERE reference = ?")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** EXC-<year>-<6 digits> from the request_numbers sequence (V52): unique, without a lock, not gapless. */
    private String nextReference(Connection conn, int year) throws SQLException {
        String sql = postgres(conn) ? "SELECT nextval('request_numbers')" : "SELECT NEXT VALUE FOR request_numbers";
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return reference(year, rs.getLong(1));
        }
    }

    /** PostgreSQL has no NEXT VALUE FOR, H2 no nextval() outside its compatibility modes; read once. */
    private volatile Boolean postgres;

    private boolean postgres(Connection conn) throws SQLException {
        Boolean p = postgres;
        if (p == null) postgres = p = Database.isPostgres(conn);
        return p;
    }

    private static void insert(Connection conn, String ref, RequestState state, IntakeCase c, String requestJson, String assessmentJson,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO requests (reference, source, external_id, state, " + ASSESSED_COLUMNS
                + ", file_name, content_sha256, raw_content, received_at, updated_at, submitter, practice) VALUES (?, ?, ?, ?, " + ASSESSED_PARAMS
                + ", ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, ref);
            ps.setString(i++, c.raw().source());
            ps.setString(i++, c.externalId());
            ps.setString(i++, state.name());
            i = setAssessed(ps, i, c, requestJson, assessmentJson);
            ps.setString(i++, c.raw().fileName());
            ps.setString(i++, c.contentSha256());
            ps.setString(i++, new String(c.raw().content(), StandardCharsets.UTF_8));
            ps.setObject(i++, c.raw().receivedAt().atOffset(ZoneOffset.UTC));
            ps.setObject(i++, now);
            ps.setString(i++, c.raw().submitter() == null ? null : Json.write(c.raw().submitter()));
            // fixed at intake: a supplement or an amendment never turns a practice request real (or back)
            ps.setBoolean(i, c.request().practiceRun());
            ps.executeUpdate();
        }
        // the workspace's search row, in the same transaction (V32)
        RequestSearchStore.insert(conn, ref, c.raw().receivedAt().atOffset(ZoneOffset.UTC), state, c.raw().source(), c.request(), tier(c));
    }

    private static String tier(IntakeCase c) {
        return c.route() == null ? null : c.route().tier();
    }

    /** The columns an assessment sets, in the order {@link #setAssessed} fills them. */
    private static final String ASSESSED_COLUMNS = "customer_id, customer_name, reply_to, product, exception_type, start_date, end_date,"
            + " track, risk_score, risk_level, tier, policy_version, request_json, assessment_json, customer_domain, policy_sha256";
    private static final String ASSESSED_PARAMS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    private static final String ASSESSED_SET = ASSESSED_COLUMNS.replace(",", " = ?,") + " = ?";

    /** Fills the assessed columns from parameter {@code i} on; returns the next parameter index. */
    private static int setAssessed(PreparedStatement ps, int i, IntakeCase c, String requestJson, String assessmentJson) throws SQLException {
        ExceptionRequest r = c.request();
        ps.setString(i++, r.customer() == null ? null : r.customer().id());
        ps.setString(i++, r.customer() == null ? null : r.customer().name());
        ps.setString(i++, r.replyAddress());
        ps.setString(i++, r.product());
        ps.setString(i++, r.type() == null ? null : r.type().name());
        ps.setDate(i++, r.terms() == null || r.terms().start() == null ? null : Date.valueOf(r.terms().start()));
        ps.setDate(i++, r.terms() == null || r.terms().effectiveEnd() == null ? null : Date.valueOf(r.terms().effectiveEnd()));
        ps.setString(i++, c.triage() == null ? null : c.triage().track().name());
        ps.setBigDecimal(i++, c.risk() == null ? null : c.risk().score());
        ps.setString(i++, c.risk() == null ? null : c.risk().level());
        ps.setString(i++, c.route() == null ? null : c.route().tier());
        ps.setString(i++, c.policy().version());
        ps.setString(i++, requestJson);
        ps.setString(i++, assessmentJson);
        // the portal's organisation check (V39): the customer's domain in one spelling
        ps.setString(i++, r.customer() == null ? null : io.lexhub.model.DomainName.normalise(r.customer().domain()).orElse(null));
        ps.setString(i++, c.policySha256());
        return i;
    }

    private static Map<String, Object> receivedPayload(IntakeCase c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", c.raw().source());
        p.put("externalId", c.externalId());
        if (c.raw().fileName() != null) p.put("fileName", c.raw().fileName());
        p.put("contentSha256", c.contentSha256());
        // who the channel authenticated (rule 14), beside whom the document names as requester
        if (c.raw().submitter() != null) p.put("submitter", c.raw().submitter());
        if (c.request().practiceRun()) p.put("practice", true);
        return p;
    }

    /** Everything that explains the outcome: verdict and reasons, track, risk trace, route, policy version. */
    static Map<String, Object> assessment(IntakeCase c, RequestState state) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("state", state);
        if (c.request().practiceRun()) a.put("practice", true);
        a.put("policyVersion", c.policy().version());
        a.put("validation", c.validation());
        if (c.triage() != null) a.put("triage", c.triage());
        if (c.risk() != null) a.put("risk", c.risk());
        if (c.route() != null) a.put("route", c.route());
        return a;
    }

    /** A stored request with its assessment, as decisions and amendments need it; {@code submitter} may be null. */
    public record StoredRequest(String reference, RequestState state, String source, String externalId, ExceptionRequest request,
            TriageResult triage, RiskResult risk, ApprovalRoute route, String policyVersion, Submitter submitter) {
        /** A practice request: decided like others, but it grants nothing and no event about it leaves the hub. */
        public boolean practice() {
            return request.practiceRun();
        }
    }

    /** Reads a request and locks its row for the rest of the caller's transaction. */
    public Optional<StoredRequest> lock(Connection conn, String reference) throws SQLException {
        return read(conn, reference, " FOR UPDATE");
    }

    /** Reads a request without locking it: for pages and reports, which change nothing. */
    public Optional<StoredRequest> load(Connection conn, String reference) throws SQLException {
        return read(conn, reference, "");
    }

    private static final String STORED = "SELECT reference, state, source, request_json, assessment_json, policy_version, external_id, submitter, practice"
            + " FROM requests";

    private Optional<StoredRequest> read(Connection conn, String reference, String lock) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(STORED + " WHERE reference = ?" + lock)) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Reads these requests without locking them, in one query for a page's candidates instead
     * of one per request; references not found are left out.
     */
    public Map<String, StoredRequest> loadAll(Connection conn, Collection<String> references) throws SQLException {
        Map<String, StoredRequest> out = new HashMap<>();
        for (List<String> chunk : InList.chunks(references)) {
            try (PreparedStatement ps = conn.prepareStatement(STORED + " WHERE reference IN (" + InList.marks(chunk.size()) + ")")) {
                InList.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredRequest s = stored(rs);
                        out.put(s.reference(), s);
                    }
                }
            }
        }
        return out;
    }

    /** The parts of a stored assessment a StoredRequest carries, read in one pass (no tree first). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    private record StoredAssessment(TriageResult triage, RiskResult risk, ApprovalRoute route) {}

    private static StoredRequest stored(ResultSet rs) throws SQLException {
        String reference = rs.getString(1);
        try {
            StoredAssessment a = Json.MAPPER.readValue(rs.getString(5), StoredAssessment.class);
            ExceptionRequest r = Json.read(rs.getString(4), ExceptionRequest.class);
            // the column is the flag fixed at intake: a supplemented or amended document without it stays practice
            if (rs.getBoolean(9) && !r.practiceRun()) r = r.asPractice();
            return new StoredRequest(reference, RequestState.valueOf(rs.getString(2)), rs.getString(3),
                    rs.getString(7), r, a.triage(), a.risk(), a.route(),
                    rs.getString(6), rs.getString(8) == null ? null : Json.read(rs.getString(8), Submitter.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored assessment of " + reference + " is unreadable", e);
        }
    }

    /** Who submitted a request, as its channel authenticated them; empty when no channel did. */
    public Optional<Submitter> submitter(Connection conn, String reference) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT submitter FROM requests WHERE reference = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(Json.read(rs.getString(1), Submitter.class)) : Optional.empty();
            }
        }
    }

    /** Moves a request between states, checked by the state machine and conditional on the current state (rule 4). */
    public void moveState(Connection conn, String reference, RequestState from, RequestState to, OffsetDateTime now) throws SQLException {
        RequestLifecycle.check(from, to);
        try (PreparedStatement ps = conn.prepareStatement("UPDATE requests SET state = ?, updated_at = ? WHERE reference = ? AND state = ?")) {
            ps.setString(1, to.name());
            ps.setObject(2, now);
            ps.setString(3, reference);
            ps.setString(4, from.name());
            if (ps.executeUpdate() != 1) throw new IllegalStateException(reference + " is no longer " + from);
        }
        RequestSearchStore.state(conn, reference, to);
        audit.recordRow(conn, RecordedTables.REQUESTS, reference);
    }

    /** Replaces the request document and its assessment after an amendment of its terms. */
    public void replaceAssessment(Connection conn, String reference, IntakeCase c, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE requests SET " + ASSESSED_SET + ", updated_at = ? WHERE reference = ?")) {
            int i = setAssessed(ps, 1, c, Json.write(c.request()), Json.write(assessment(c, c.resultingState())));
            ps.setObject(i++, now);
            ps.setString(i, reference);
            ps.executeUpdate();
        }
        RequestSearchStore.assessed(conn, reference, c.request(), tier(c), null);
        InsightFacts.requestReassessed(conn, reference);
        audit.recordRow(conn, RecordedTables.REQUESTS, reference);
    }

    /** Work a caller adds to a store transaction (e.g. the mail log row of the message that caused it). */
    @FunctionalInterface
    public interface AlsoInTx {
        void run(Connection c) throws SQLException;
    }

    /** A stored request as far as a follow-up (supplement, correspondence) needs it. */
    public record Stored(String reference, RequestState state, String source, String customerId, String replyTo, String requestJson) {}

    public Optional<Stored> find(String reference) {
        return tx.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT reference, state, source, customer_id, reply_to, request_json FROM requests WHERE reference = ?")) {
                ps.setString(1, reference);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Stored(rs.getString(1), RequestState.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        });
    }

    /** The request a channel stored under one of these external ids (a mail reply's References), if any. */
    public Optional<String> referenceOf(String source, List<String> externalIds) {
        if (externalIds.isEmpty()) return Optional.empty();
        return tx.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT reference FROM requests WHERE source = ? AND external_id IN ("
                    + String.join(",", java.util.Collections.nCopies(externalIds.size(), "?")) + ") ORDER BY id")) {
                ps.setString(1, source);
                for (int i = 0; i < externalIds.size(); i++) ps.setString(i + 2, externalIds.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Adds supplied information to a request waiting for it, in one transaction: the merged and
     * re-assessed request, NEEDS_INFO -> RECEIVED -> its new state, the audit events
     * request.supplemented and request.assessed, what follows the new state (reply, approval
     * chain) and the caller's extra work. Fails with
     * {@link RequestLifecycle.IllegalTransitionException} when the request is no longer NEEDS_INFO.
     */
    public IntakeOutcome supplement(String reference, IntakeCase c, Map<String, Object> supplied, String actor, OffsetDateTime now,
            OnStored onStored, AlsoInTx also) {
        RequestState next = c.resultingState();
        RequestState after = tx.inTransaction(conn -> {
            RequestState current;
            try (PreparedStatement ps = conn.prepareStatement("SELECT state FROM requests WHERE reference = ? FOR UPDATE")) {
                ps.setString(1, reference);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalArgumentException("no request " + reference);
                    current = RequestState.valueOf(rs.getString(1));
                }
            }
            RequestLifecycle.check(current, RequestState.RECEIVED);
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE requests SET state = ?, " + ASSESSED_SET + ", updated_at = ? WHERE reference = ? AND state = ?")) {
                int i = 1;
                ps.setString(i++, next.name());
                i = setAssessed(ps, i, c, Json.write(c.request()), Json.write(assessment(c, next)));
                ps.setObject(i++, now);
                ps.setString(i++, reference);
                ps.setString(i, current.name());
                if (ps.executeUpdate() != 1) throw new IllegalStateException(reference + " changed while it was being supplemented");
            }
            RequestSearchStore.assessed(conn, reference, c.request(), tier(c), next);
            InsightFacts.requestReassessed(conn, reference);
            audit.recordRow(conn, RecordedTables.REQUESTS, reference);
            audit.append(conn, now, reference, "request.supplemented", actor, Json.write(supplied));
            audit.append(conn, now, reference, "request.assessed", "system:policy", Json.write(assessment(c, next)));
            RequestState settled = onStored.apply(conn, reference, next);
            also.run(conn);
            return settled;
        });
        return new IntakeOutcome(reference, after, false, c);
    }

    /** Records a message about a request without changing it (audit event request.correspondence) and its reply. */
    public void correspondence(String reference, String actor, Map<String, Object> payload, List<Notice> notices, OffsetDateTime now,
            AlsoInTx also) {
        tx.inTransaction(conn -> {
            audit.append(conn, now, reference, "request.correspondence", actor, Json.write(payload));
            for (Notice n : notices) outbox.enqueue(conn, reference, n, now);
            also.run(conn);
            return null;
        });
    }

    /**
     * Locks the request's customer and product and returns the live exceptions its period
     * overlaps (the one it renews aside), as committed or stored earlier in this transaction.
     * Nothing to lock for a request that will hold no period (rejected, or without one).
     */
    private static List<ExistingException> overlapsUnderLock(Connection conn, IntakeCase c, RequestState state) throws SQLException {
        ExceptionRequest r = c.request();
        if (state == RequestState.REJECTED || r.customer() == null || r.customer().id() == null || r.product() == null || r.terms() == null
                || r.terms().start() == null || r.terms().effectiveEnd() == null) {
            return List.of();
        }
        OverlapLocks.lock(conn, r.customer().id(), r.product());
        return overlapping(conn, r.customer().id(), r.product(), r.terms().start(), r.terms().effectiveEnd()).stream()
                .filter(e -> !e.reference().equals(r.renews())).toList();
    }

    @Override
    public List<ExistingException> overlapping(String customerId, String product, LocalDate start, LocalDate end) {
        return tx.read(conn -> overlapping(conn, customerId, product, start, end));
    }

    private static List<ExistingException> overlapping(Connection conn, String customerId, String product, LocalDate start, LocalDate end)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT reference, state, exception_type, start_date, end_date FROM requests"
                        // a practice request holds no period: it never blocks a request, nor another practice one
                        + " WHERE customer_id = ? AND product = ? AND state IN (" + OPEN_STATES + ") AND practice = FALSE"
                        + " AND start_date <= ? AND end_date >= ? ORDER BY reference")) {
            ps.setString(1, customerId);
            ps.setString(2, product);
            ps.setDate(3, Date.valueOf(end));
            ps.setDate(4, Date.valueOf(start));
            try (ResultSet rs = ps.executeQuery()) {
                List<ExistingException> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(new ExistingException(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getDate(4).toLocalDate(), rs.getDate(5).toLocalDate()));
                }
                return found;
            }
        }
    }

    /** The whole story of one request for the API: its data, assessment, audit events and messages. */
    public Optional<Map<String, Object>> view(String reference) {
        return tx.read(conn -> {
            Map<String, Object> v = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("""
                    SELECT reference, state, source, external_id, file_name, policy_version, received_at, updated_at,
                        request_json, assessment_json FROM requests WHERE reference = ?""")) {
                ps.setString(1, reference);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    v.put("reference", rs.getString("reference"));
                    v.put("state", rs.getString("state"));
                    v.put("source", rs.getString("source"));
                    v.put("externalId", rs.getString("external_id"));
                    if (rs.getString("file_name") != null) v.put("fileName", rs.getString("file_name"));
                    v.put("policyVersion", rs.getString("policy_version"));
                    v.put("receivedAt", rs.getObject("received_at", OffsetDateTime.class).toInstant().toString());
                    v.put("updatedAt", rs.getObject("updated_at", OffsetDateTime.class).toInstant().toString());
                    v.put("request", readTree(rs.getString("request_json")));
                    JsonNode assessment = readTree(rs.getString("assessment_json"));
                    assessment.fields().forEachRemaining(f -> {
                        if (!f.getKey().equals("state")) v.put(f.getKey(), f.getValue());
                    });
                }
            }
            List<Map<String, Object>> events = new ArrayList<>();
            for (AuditEvent e : audit.eventsOf(conn, reference)) {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("seq", e.seq());
                ev.put("at", e.at().toInstant().toString());
                ev.put("type", e.type());
                ev.put("actor", e.actor());
                ev.put("details", readTree(e.payload()));
                events.add(ev);
            }
            v.put("audit", events);
            v.put("notifications", outbox.ofRequest(conn, reference));
            return Optional.of(v);
        });
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
