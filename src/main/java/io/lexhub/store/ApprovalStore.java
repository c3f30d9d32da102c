package io.lexhub.store;

import io.lexhub.approval.LevelStatus;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.Vote;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.Json;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Approval chains, votes, decisions, waivers, delegations, keys and tokens. All calls join the caller's transaction. */
public final class ApprovalStore {

    /**
     * A level of a new chain as it is inserted. A level opened with the chain carries its SLA
     * deadlines ({@code remindAt}, {@code dueAt}); the others have none until they open.
     */
    public record NewLevel(ApprovalLevel level, int required, List<String> members, String status, OffsetDateTime openedAt,
            OffsetDateTime remindAt, OffsetDateTime dueAt) {

        /** The level as {@link #levels(Connection, String, int)} reads it back. */
        public LevelState state(String termsHash) {
            return new LevelState(level.level(), level.role(), level.mode(), required, members, status, termsHash);
        }
    }

    /** Inserts the levels of one round of a chain with one JDBC batch (one round trip on PostgreSQL). */
    public void insertLevels(Connection c, String ref, int round, String termsHash, List<NewLevel> levels) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO approval_levels (request_ref, round, level_no, role, mode, required, members, reason, status, terms_hash, opened_at,
                    remind_at, due_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (NewLevel n : levels) {
                ApprovalLevel l = n.level();
                ps.setString(1, ref);
                ps.setInt(2, round);
                ps.setInt(3, l.level());
                ps.setString(4, l.role());
                ps.setString(5, l.mode().name());
                ps.setInt(6, n.required());
                ps.setString(7, String.join(",", n.members()));
                ps.setString(8, l.reason());
                ps.setString(9, n.status());
                ps.setString(10, termsHash);
                ps.setObject(11, n.openedAt());
                ps.setObject(12, n.remindAt());
                ps.setObject(13, n.dueAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The newest round of a request's chain, 0 when it has none. */
    public int currentRound(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(round) FROM approval_levels WHERE request_ref = ?")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public List<LevelState> levels(Connection c, String ref, int round) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT level_no, role, mode, required, members, status, terms_hash FROM approval_levels
                WHERE request_ref = ? AND round = ? ORDER BY level_no""")) {
            ps.setString(1, ref);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                List<LevelState> out = new ArrayList<>();
                while (rs.next()) {
                    String members = rs.getString(5);
                    out.add(new LevelState(rs.getInt(1), rs.getString(2), ApprovalLevel.Mode.valueOf(rs.getString(3)), rs.getInt(4),
                            members == null || members.isEmpty() ? List.of() : Arrays.asList(members.split(",")), rs.getString(6), rs.getString(7)));
                }
                return out;
            }
        }
    }

    /** One round of a request's approval: what the set reads below are keyed by. */
    public record Round(String ref, int round) {}

    /**
     * The levels of every round of these requests, by round, in level order: one query for a
     * page's candidates instead of one per candidate.
     */
    public Map<Round, List<LevelState>> levels(Connection c, Collection<String> refs) throws SQLException {
        Map<Round, List<LevelState>> out = new HashMap<>();
        for (List<String> chunk : InList.chunks(refs)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, round, level_no, role, mode, required, members, status, terms_hash"
                    + " FROM approval_levels WHERE request_ref IN (" + InList.marks(chunk.size()) + ") ORDER BY request_ref, round, level_no")) {
                InList.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String members = rs.getString(7);
                        out.computeIfAbsent(new Round(rs.getString(1), rs.getInt(2)), k -> new ArrayList<>()).add(new LevelState(rs.getInt(3),
                                rs.getString(4), ApprovalLevel.Mode.valueOf(rs.getString(5)), rs.getInt(6),
                                members == null || members.isEmpty() ? List.of() : Arrays.asList(members.split(",")), rs.getString(8), rs.getString(9)));
                    }
                }
            }
        }
        return out;
    }

    /** The votes of every round of these requests, by round, in the order they were cast. */
    public Map<Round, List<Vote>> votes(Connection c, Collection<String> refs) throws SQLException {
        Map<Round, List<Vote>> out = new HashMap<>();
        for (List<String> chunk : InList.chunks(refs)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, round, level_no, seat, approver_id, on_behalf_of, vote"
                    + " FROM approval_votes WHERE request_ref IN (" + InList.marks(chunk.size()) + ") ORDER BY id")) {
                InList.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(new Round(rs.getString(1), rs.getInt(2)), k -> new ArrayList<>()).add(new Vote(rs.getInt(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), Vote.Kind.valueOf(rs.getString(7))));
                    }
                }
            }
        }
        return out;
    }

    /** When a level of a round opened; null while it waits. */
    public OffsetDateTime openedAt(Connection c, String ref, int round, int level) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT opened_at FROM approval_levels WHERE request_ref = ? AND round = ? AND level_no = ?")) {
            ps.setString(1, ref);
            ps.setInt(2, round);
            ps.setInt(3, level);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
            }
        }
    }

    /**
     * Moves a level from one status to another (architecture rules 4 and 17). A move the level's
     * lifecycle does not have, or a level not in {@code from}, fails the caller's transaction:
     * the request row is locked while its levels change, so either is a defect, never a race to lose.
     */
    public void moveLevel(Connection c, String ref, int round, int level, LevelStatus from, LevelStatus to, OffsetDateTime now)
            throws SQLException {
        if (!from.mayBecome(to)) throw new IllegalStateException("an approval level does not go from " + from + " to " + to);
        String timeColumn = to == LevelStatus.OPEN ? "opened_at" : "closed_at";
        try (PreparedStatement ps = c.prepareStatement("UPDATE approval_levels SET status = ?, " + timeColumn
                + " = ? WHERE request_ref = ? AND round = ? AND level_no = ? AND status = ?")) {
            ps.setString(1, to.name());
            ps.setObject(2, now);
            ps.setString(3, ref);
            ps.setInt(4, round);
            ps.setInt(5, level);
            ps.setString(6, from.name());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException(ref + " round " + round + " level " + level + " is not " + from + ": not moved to " + to);
            }
        }
    }

    /** Voids every level of a round that is not closed yet (the terms were amended). */
    public int voidRound(Connection c, String ref, int round, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE approval_levels SET status = 'VOID', closed_at = ?"
                + " WHERE request_ref = ? AND round = ? AND status IN ('WAITING', 'OPEN', 'APPROVED')")) {
            ps.setObject(1, now);
            ps.setString(2, ref);
            ps.setInt(3, round);
            return ps.executeUpdate();
        }
    }

    public List<Vote> votes(Connection c, String ref, int round) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT level_no, seat, approver_id, on_behalf_of, vote FROM approval_votes WHERE request_ref = ? AND round = ? ORDER BY id")) {
            ps.setString(1, ref);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                List<Vote> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Vote(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), Vote.Kind.valueOf(rs.getString(5))));
                }
                return out;
            }
        }
    }

    public record VoteRow(String ref, int round, Vote vote, String rationale, String conditionsJson, String termsHash,
            String policyVersion, String channel, OffsetDateTime at) {}

    public void insertVote(Connection c, VoteRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO approval_votes (request_ref, round, level_no, seat, approver_id, on_behalf_of, vote, rationale, conditions,
                    terms_hash, policy_version, channel, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, r.ref());
            ps.setInt(2, r.round());
            ps.setInt(3, r.vote().level());
            ps.setString(4, r.vote().seat());
            ps.setString(5, r.vote().approverId());
            ps.setString(6, r.vote().onBehalfOf());
            ps.setString(7, r.vote().kind().name());
            ps.setString(8, r.rationale());
            ps.setString(9, r.conditionsJson());
            ps.setString(10, r.termsHash());
            ps.setString(11, r.policyVersion());
            ps.setString(12, r.channel());
            ps.setObject(13, r.at());
            ps.executeUpdate();
        }
    }

    /** Rationales and conditions of the approvals of a round, in order, for the decision record. */
    public List<java.util.Map<String, Object>> voteRecords(Connection c, String ref, int round) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT level_no, approver_id, on_behalf_of, vote, rationale, conditions, channel, voted_at, terms_hash
                FROM approval_votes WHERE request_ref = ? AND round = ? ORDER BY id""")) {
            ps.setString(1, ref);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                List<java.util.Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("level", rs.getInt(1));
                    m.put("approver", rs.getString(2));
                    if (rs.getString(3) != null) m.put("onBehalfOf", rs.getString(3));
                    m.put("vote", rs.getString(4));
                    m.put("rationale", rs.getString(5));
                    m.put("conditions", Json.readList(rs.getString(6)));
                    m.put("channel", rs.getString(7));
                    m.put("at", rs.getObject(8, OffsetDateTime.class).toInstant().toString());
                    m.put("termsHash", rs.getString(9));
                    out.add(m);
                }
                return out;
            }
        }
    }

    /** One decision; type and product are the request's, kept here for the precedents query. */
    public record DecisionRow(String ref, String type, String product, int round, String outcome, String rationale, String conditionsJson,
            String approversJson, String termsHash, String policyVersion, String decidedBy, OffsetDateTime at) {}

    public void insertDecision(Connection c, DecisionRow d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                    policy_version, decided_by, decided_at, policy_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT policy_sha256 FROM requests WHERE reference = ?))""")) {
            ps.setString(1, d.ref());
            ps.setString(2, d.type());
            ps.setString(3, d.product());
            ps.setInt(4, d.round());
            ps.setString(5, d.outcome());
            ps.setString(6, d.rationale());
            ps.setString(7, d.conditionsJson());
            ps.setString(8, d.approversJson());
            ps.setString(9, d.termsHash());
            ps.setString(10, d.policyVersion());
            ps.setString(11, d.decidedBy());
            ps.setObject(12, d.at());
            // the exact text the request was assessed under, which the decision is made under (V41)
            ps.setString(13, d.ref());
            ps.executeUpdate();
        }
        InsightFacts.decisionRecorded(c, d.ref(), d.round());
    }

    public record WaiverRow(String ref, String customerId, String product, String type, LocalDate start, LocalDate end, String grantedJson) {}

    public void insertWaiver(Connection c, WaiverRow w, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at,
                    chain_ref)
                VALUES (?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, w.ref());
            ps.setString(2, w.customerId());
            ps.setString(3, w.product());
            ps.setString(4, w.type());
            ps.setDate(5, Date.valueOf(w.start()));
            ps.setDate(6, Date.valueOf(w.end()));
            ps.setString(7, w.grantedJson());
            ps.setObject(8, now);
            ps.setObject(9, now);
            ps.setString(10, w.ref());   // a chain of its own, until linkRenewal puts it in the one it renews
            ps.executeUpdate();
        }
        InsightFacts.waiverRecorded(c, w.ref());
    }

    /** Also puts the renewal in the chain of the waiver it renews (PostgreSQL lets waivers of one chain overlap). */
    public void linkRenewal(Connection c, String ref, String renews, int count, boolean flag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE waivers SET renewal_of = ?, renewal_count = ?, policy_review = ?, chain_ref ="
                + " (SELECT COALESCE(o.chain_ref, o.request_ref) FROM waivers o WHERE o.request_ref = ?) WHERE request_ref = ?")) {
            ps.setString(1, renews);
            ps.setInt(2, count);
            ps.setBoolean(3, flag);
            ps.setString(4, renews);
            ps.setString(5, ref);
            ps.executeUpdate();
        }
    }

    /** The person {@code delegate} stands in for in {@code role} on {@code day}, if a delegation says so. */
    public Optional<String> delegatorFor(Connection c, String delegate, String delegator, String role, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT delegator FROM delegations WHERE delegate = ? AND delegator = ? AND role = ? AND revoked_at IS NULL
                AND valid_from <= ? AND valid_until >= ?""")) {
            ps.setString(1, delegate);
            ps.setString(2, delegator);
            ps.setString(3, role);
            ps.setDate(4, Date.valueOf(day));
            ps.setDate(5, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public record Delegation(long id, String delegator, String delegate, String role) {}

    public Optional<Delegation> delegation(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, delegator, delegate, role FROM delegations WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Delegation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }

    /** Conditional on the delegation being live (architecture rule 17): false when it was revoked already. */
    public boolean revokeDelegation(Connection c, long id, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE delegations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, now);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The roles of a request's levels, in any round. */
    public Set<String> levelRoles(Connection c, String ref) throws SQLException {
        return strings(c, "SELECT DISTINCT role FROM approval_levels WHERE request_ref = ?", ps -> ps.setString(1, ref));
    }

    /** An open level of a request's newest round, with its SLA deadline (null until it is set). */
    public record OpenLevel(String ref, int round, int level, String role, OffsetDateTime openedAt, OffsetDateTime dueAt) {}

    /**
     * The open levels of these roles, the nearest SLA deadline first (ix_approval_levels_due), at
     * most {@code limit}: what may wait on someone who holds or stands in for one of the roles.
     */
    public List<OpenLevel> openLevels(Connection c, Set<String> roles, int limit) throws SQLException {
        if (roles.isEmpty()) return List.of();
        String marks = String.join(", ", java.util.Collections.nCopies(roles.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, round, level_no, role, opened_at, due_at FROM approval_levels"
                + " WHERE status = 'OPEN' AND role IN (" + marks + ") ORDER BY due_at NULLS LAST, opened_at, request_ref FETCH FIRST " + limit + " ROWS ONLY")) {
            int i = 1;
            for (String role : roles) ps.setString(i++, role);
            try (ResultSet rs = ps.executeQuery()) {
                List<OpenLevel> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OpenLevel(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)));
                }
                return out;
            }
        }
    }

    /** The open levels of one request (its newest round has at most one). */
    public List<OpenLevel> openLevels(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, round, level_no, role, opened_at, due_at FROM approval_levels"
                + " WHERE request_ref = ? AND status = 'OPEN' ORDER BY round DESC, level_no")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                List<OpenLevel> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OpenLevel(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)));
                }
                return out;
            }
        }
    }

    /** The live delegations to a person on a day: whom they stand in for, in which role. */
    public List<Delegation> delegationsTo(Connection c, String delegate, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, delegator, delegate, role FROM delegations"
                + " WHERE delegate = ? AND revoked_at IS NULL AND valid_from <= ? AND valid_until >= ? ORDER BY id")) {
            ps.setString(1, delegate);
            ps.setDate(2, Date.valueOf(day));
            ps.setDate(3, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                List<Delegation> out = new ArrayList<>();
                while (rs.next()) out.add(new Delegation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                return out;
            }
        }
    }

    /** The roles a person stands in for on a day, by live delegations. */
    public Set<String> delegatedRoles(Connection c, String delegate, LocalDate day) throws SQLException {
        return strings(c, "SELECT role FROM delegations WHERE delegate = ? AND revoked_at IS NULL AND valid_from <= ? AND valid_until >= ?", ps -> {
            ps.setString(1, delegate);
            ps.setDate(2, Date.valueOf(day));
            ps.setDate(3, Date.valueOf(day));
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static Set<String> strings(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> out = new java.util.HashSet<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        }
    }

    public long insertDelegation(Connection c, String delegator, String delegate, String role, LocalDate from, LocalDate until,
            String reason, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO delegations (delegator, delegate, role, valid_from, valid_until, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                new String[] {"id"})) {
            ps.setString(1, delegator);
            ps.setString(2, delegate);
            ps.setString(3, role);
            ps.setDate(4, Date.valueOf(from));
            ps.setDate(5, Date.valueOf(until));
            ps.setString(6, reason);
            ps.setObject(7, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public record TokenRow(String tokenHash, String ref, int round, int level, String approverId, String action,
            OffsetDateTime expiresAt, OffsetDateTime usedAt) {}

    /** Inserts the tokens, in this order, with one JDBC batch (a level's links are issued together). */
    public void insertTokens(Connection c, List<TokenRow> tokens, OffsetDateTime now) throws SQLException {
        if (tokens.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO decision_tokens (token_hash, request_ref, round, level_no, approver_id, action, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (TokenRow t : tokens) {
                ps.setString(1, t.tokenHash());
                ps.setString(2, t.ref());
                ps.setInt(3, t.round());
                ps.setInt(4, t.level());
                ps.setString(5, t.approverId());
                ps.setString(6, t.action());
                ps.setObject(7, now);
                ps.setObject(8, t.expiresAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A decision link's token of the request it was issued for; a token of another request is not found. */
    public Optional<TokenRow> token(Connection c, String ref, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT token_hash, request_ref, round, level_no, approver_id, action, expires_at, used_at FROM decision_tokens
                WHERE request_ref = ? AND token_hash = ?""")) {
            ps.setString(1, ref);
            ps.setString(2, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new TokenRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class)));
            }
        }
    }

    /** Marks a token used; false if it already was (single use, also under concurrency). */
    public boolean useToken(Connection c, String ref, String tokenHash, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE decision_tokens SET used_at = ? WHERE request_ref = ? AND token_hash = ? AND used_at IS NULL")) {
            ps.setObject(1, now);
            ps.setString(2, ref);
            ps.setString(3, tokenHash);
            return ps.executeUpdate() == 1;
        }
    }

    /** Past decisions of the same type and product, for precedents. */
    public record PastDecision(String ref, String outcome, String rationale, String requestJson, OffsetDateTime decidedAt) {}

    public List<PastDecision> pastDecisions(Connection c, String type, String product, String excludeRef, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT d.request_ref, d.outcome, d.rationale, r.request_json, d.decided_at FROM decisions d
                JOIN requests r ON r.reference = d.request_ref
                WHERE d.exception_type = ? AND d.product = ? AND d.request_ref <> ? AND r.practice = FALSE ORDER BY d.decided_at DESC""")) {
            ps.setString(1, type);
            ps.setString(2, product);
            ps.setString(3, excludeRef);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<PastDecision> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new PastDecision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class)));
                }
                return out;
            }
        }
    }
}
