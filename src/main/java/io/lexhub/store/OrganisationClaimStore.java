package io.lexhub.store;

import io.lexhub.lifecycle.OrganisationClaim;
import io.lexhub.lifecycle.PortalOrganisation;
import io.lexhub.lifecycle.SessionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The desk's confirmations of customer organisations (docs/portal.md, "Confirming an organisation"):
 * the claims people at unknown domains make, and the domains the desk bound to a customer.
 */
public final class OrganisationClaimStore {

    /** A claim as asked and, once decided, as decided. */
    public record Claim(long id, String personId, String domain, String company, String customerHint, String message, OrganisationClaim state,
            OffsetDateTime askedAt, String customerId, String decidedBy, OffsetDateTime decidedAt, String reason) {}

    private static final String SELECT = "SELECT id, person_id, domain, company, customer_hint, message, state, asked_at, customer_id,"
            + " decided_by, decided_at, reason FROM organisation_claims";

    public long insert(Connection c, String personId, String domain, String company, String customerHint, String message, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO organisation_claims (person_id, domain, company, customer_hint, message, state,"
                + " asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, personId);
            ps.setString(2, domain);
            ps.setString(3, company);
            ps.setString(4, customerHint);
            ps.setString(5, message);
            ps.setString(6, OrganisationClaim.ASKED.name());
            ps.setObject(7, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public Optional<Claim> get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            List<Claim> out = list(ps);
            return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
        }
    }

    /** This person's newest claim, whatever its state. */
    public Optional<Claim> newestOf(Connection c, String personId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE person_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, personId);
            List<Claim> out = list(ps);
            return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
        }
    }

    /** The claims waiting for the desk, oldest first. */
    public List<Claim> asked(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE state = ? ORDER BY asked_at, id FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, OrganisationClaim.ASKED.name());
            return list(ps);
        }
    }

    /** The claims of one domain still waiting, locked: confirming the domain answers them all. */
    public List<Claim> askedAtDomainForUpdate(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE domain = ? AND state = ? ORDER BY id FOR UPDATE")) {
            ps.setString(1, domain);
            ps.setString(2, OrganisationClaim.ASKED.name());
            return list(ps);
        }
    }

    /** ASKED -> CONFIRMED or REFUSED, only from ASKED: false when someone decided it first. */
    public boolean decide(Connection c, long id, OrganisationClaim to, String customerId, String by, String reason, OffsetDateTime now)
            throws SQLException {
        OrganisationClaim.ASKED.check(to);
        try (PreparedStatement ps = c.prepareStatement("UPDATE organisation_claims SET state = ?, customer_id = ?, decided_by = ?, decided_at = ?,"
                + " reason = ? WHERE id = ? AND state = ?")) {
            ps.setString(1, to.name());
            ps.setString(2, customerId);
            ps.setString(3, by);
            ps.setObject(4, now);
            ps.setString(5, reason);
            ps.setLong(6, id);
            ps.setString(7, OrganisationClaim.ASKED.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** The customer a domain was confirmed for by the desk. */
    public Optional<String> confirmedCustomer(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM confirmed_domains WHERE domain = ?")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void confirmDomain(Connection c, String domain, String customerId, String by, long claimId, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO confirmed_domains (domain, customer_id, confirmed_by, confirmed_at, claim_id)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, domain);
            ps.setString(2, customerId);
            ps.setString(3, by);
            ps.setObject(4, now);
            ps.setLong(5, claimId);
            ps.executeUpdate();
        }
    }

    /** The person's portal sessions still open and unconfirmed now see the customer; how many. */
    public int confirmSessions(Connection c, String personId, String customerId) throws SQLException {
        PortalOrganisation.UNCONFIRMED.check(PortalOrganisation.CONFIRMED);
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET customer_id = ?, organisation = ? WHERE person_id = ? AND organisation = ?"
                + " AND state = ?")) {
            ps.setString(1, customerId);
            ps.setString(2, PortalOrganisation.CONFIRMED.name());
            ps.setString(3, personId);
            ps.setString(4, PortalOrganisation.UNCONFIRMED.name());
            ps.setString(5, SessionState.ACTIVE.name());
            return ps.executeUpdate();
        }
    }

    private static List<Claim> list(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Claim> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Claim(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        OrganisationClaim.valueOf(rs.getString(7)), rs.getObject(8, OffsetDateTime.class), rs.getString(9), rs.getString(10),
                        rs.getObject(11, OffsetDateTime.class), rs.getString(12)));
            }
            return out;
        }
    }
}
