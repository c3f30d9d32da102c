package io.lexhub.store;

import io.lexhub.lifecycle.ProposalState;
import io.lexhub.policy.PolicyText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Policy proposals under four eyes (V45 policy_proposals, docs/policy.md). */
public final class PolicyProposalStore {

    /** One proposal; {@code text} and {@code diff} are null in listings. */
    public record Proposal(long id, String version, String sha256, String inForceSha256, String proposer, OffsetDateTime proposedAt,
            ProposalState state, String simulation, String decidedBy, OffsetDateTime decidedAt, String reason, OffsetDateTime appliedAt,
            String text, String diff) {}

    private static final String COLUMNS = "id, version, sha256, in_force_sha256, proposer, proposed_at, state, simulation, decided_by, decided_at,"
            + " reason, applied_at";

    /** A new PROPOSED row; its id. */
    public long insert(Connection c, PolicyText p, String inForceSha256, String diff, String proposer, OffsetDateTime at, String simulation)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_proposals (version, sha256, policy_text, in_force_sha256, diff, proposer,"
                + " proposed_at, state, simulation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setString(1, p.policy().version());
            ps.setString(2, p.sha256());
            ps.setString(3, p.text());
            ps.setString(4, inForceSha256);
            ps.setString(5, diff);
            ps.setString(6, proposer);
            ps.setObject(7, at);
            ps.setString(8, ProposalState.PROPOSED.name());
            ps.setString(9, simulation);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Moves a proposal from {@code from} to {@code to} (the table of {@link ProposalState}), only if
     * it is still in {@code from}: false when another decision or node got there first.
     */
    public boolean move(Connection c, long id, ProposalState from, ProposalState to, String by, String reason, OffsetDateTime at)
            throws SQLException {
        from.check(to);
        String set = to == ProposalState.APPLIED ? "applied_at = ?" : "decided_by = ?, reason = ?, decided_at = ?";
        try (PreparedStatement ps = c.prepareStatement("UPDATE policy_proposals SET state = ?, " + set + " WHERE id = ? AND state = ?")) {
            int i = 1;
            ps.setString(i++, to.name());
            if (to != ProposalState.APPLIED) {
                ps.setString(i++, by);
                ps.setString(i++, reason);
            }
            ps.setObject(i++, at);
            ps.setLong(i++, id);
            ps.setString(i, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** The ids of every proposal still open (PROPOSED), oldest first. */
    public List<Long> open(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM policy_proposals WHERE state = ? ORDER BY id")) {
            ps.setString(1, ProposalState.PROPOSED.name());
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        }
    }

    /** Every proposal, newest first, without texts and diffs; at most {@code limit}. */
    public List<Proposal> list(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM policy_proposals ORDER BY id DESC")) {
            ps.setMaxRows(limit);
            List<Proposal> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs, false));
            }
            return out;
        }
    }

    public Optional<Proposal> find(Connection c, long id) throws SQLException {
        return one(c, "id = ?", id);
    }

    /** An open proposal of exactly this text, if any. */
    public Optional<Proposal> openWithText(Connection c, String sha256) throws SQLException {
        return one(c, "sha256 = ? AND state = 'PROPOSED' ORDER BY id DESC", sha256);
    }

    /** The proposal approved last (APPROVED or APPLIED): the policy the nodes must have in force. */
    public Optional<Proposal> latestApproved(Connection c) throws SQLException {
        return one(c, "state IN ('APPROVED', 'APPLIED') ORDER BY decided_at DESC, id DESC", null);
    }

    private static Optional<Proposal> one(Connection c, String where, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", policy_text, diff FROM policy_proposals WHERE " + where)) {
            if (value != null) ps.setObject(1, value);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, true)) : Optional.empty();
            }
        }
    }

    private static Proposal row(ResultSet rs, boolean full) throws SQLException {
        return new Proposal(rs.getLong("id"), rs.getString("version"), rs.getString("sha256"), rs.getString("in_force_sha256"),
                rs.getString("proposer"), rs.getObject("proposed_at", OffsetDateTime.class), ProposalState.valueOf(rs.getString("state")),
                rs.getString("simulation"), rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class), rs.getString("reason"),
                rs.getObject("applied_at", OffsetDateTime.class), full ? rs.getString("policy_text") : null, full ? rs.getString("diff") : null);
    }
}
