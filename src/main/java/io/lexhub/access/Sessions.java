package io.lexhub.access;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.ContentHash;
import io.lexhub.lifecycle.SessionState;
import io.lexhub.model.Json;
import io.lexhub.store.SessionStore;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * People's sessions, kept in the database (docs/identity.md): a cookie carries a random 256-bit
 * secret, the table only its SHA-256. A session ends when its owner signs out, when it has not been
 * used for the idle timeout, and at the latest after the absolute timeout; an ended session is
 * refused on every node at once. What a form needs against cross-site requests (the CSRF token)
 * and what a sign-in needs against forged answers (state, nonce, PKCE verifier) are derived from
 * the cookie's secret, so no secret is stored (architecture rule 13).
 */
public final class Sessions {

    /** The cookie of a session. */
    public static final String COOKIE = "lexhub_session";
    /** The cookie of a sign-in under way (between /sign-in and /auth/callback). */
    public static final String SIGN_IN_COOKIE = "lexhub_signin";
    /** The cookie of a portal session (docs/portal.md): Path=/portal, so staff pages never receive it. */
    public static final String PORTAL_COOKIE = "lexhub_portal";

    /** A new cookie secret and the row's public id. */
    public record Opened(String sessionId, String secret) {}

    /** What a session cookie proved: the person, or why it no longer counts. */
    public record Check(Principal principal, String refusal) {
        public boolean ok() {
            return principal != null;
        }
    }

    private final Tx tx;
    private final SessionStore store;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final Duration signInValidity;
    private final SecureRandom random = new SecureRandom();

    public Sessions(Tx tx, SessionStore store, AuditTrail audit, ApproverDirectory directory, Clock clock, Duration idle, Duration absolute,
            Duration signInValidity) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        this.signInValidity = signInValidity;
    }

    public Duration idleTimeout() {
        return idle;
    }

    public Duration absoluteTimeout() {
        return absolute;
    }

    public Duration signInValidity() {
        return signInValidity;
    }

    /** A sign-in starts: a row SIGNING_IN for a short while; the returned secret goes into {@link #SIGN_IN_COOKIE}. */
    public Opened startSignIn(String method) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Opened o = fresh();
        tx.inTransaction(c -> {
            store.insert(c, o.sessionId(), hash(o.secret()), SessionState.SIGNING_IN, null, method, null, now, now.plus(signInValidity));
            return null;
        });
        return o;
    }

    /**
     * The provider answered: the sign-in of this cookie is used up (SIGNING_IN -> ENDED), whatever
     * happens next; its id, or empty when there is no such sign-in under way (unknown, used, too old).
     */
    public Optional<String> takeSignIn(String secret) {
        if (!wellFormed(secret)) return Optional.empty();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<SessionStore.SessionRow> row = store.bySecretHash(c, hash(secret));
            if (row.isEmpty() || row.get().state() != SessionState.SIGNING_IN) return Optional.<String>empty();
            boolean live = row.get().expiresAt().isAfter(now);
            if (!store.end(c, row.get().sessionId(), SessionState.SIGNING_IN, live ? "used" : "too-old", now)) return Optional.<String>empty();
            return live ? Optional.of(row.get().sessionId()) : Optional.<String>empty();
        });
    }

    /** A person proved who they are: a new ACTIVE session (a new secret), audited as a sign-in. */
    public Opened open(String personId, Set<Scope> scopes, String method, Map<String, Object> details) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Opened o = fresh();
        tx.inTransaction(c -> {
            openIn(c, o, personId, scopes, method, details, now);
            return null;
        });
        return o;
    }

    /**
     * The same in the caller's transaction, for a sign-in whose proof is itself a state change (a
     * sign-in link used up): the proof, the new session and its audit event commit together.
     */
    public void openIn(Connection c, Opened o, String personId, Set<Scope> scopes, String method, Map<String, Object> details, OffsetDateTime now)
            throws SQLException {
        store.insert(c, o.sessionId(), hash(o.secret()), SessionState.ACTIVE, personId, method, Scope.list(scopes), now, now.plus(absolute));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("person", personId);
        event.put("method", method);
        event.put("session", o.sessionId());
        event.put("scopes", Scope.list(scopes));
        event.putAll(details);
        audit.append(c, now, null, "session.signed-in", actor(method, personId, o.sessionId()), Json.write(event));
    }

    /**
     * A portal session (docs/portal.md), in the caller's transaction: scope {@code customer} only,
     * bound to one organisation; audited as {@code portal.signed-in} with both the person and the organisation.
     */
    public void openPortalIn(Connection c, Opened o, String personId, String method, Principal.Organisation organisation, Map<String, Object> details,
            OffsetDateTime now) throws SQLException {
        store.insertPortal(c, o.sessionId(), hash(o.secret()), personId, method, Scope.CUSTOMER.id(), organisation.customerId(), organisation.state(),
                now, now.plus(absolute));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("person", personId);
        event.put("method", method);
        event.put("session", o.sessionId());
        event.put("customer", organisation.customerId());
        event.put("organisation", organisation.state().name());
        event.putAll(details);
        Principal p = new Principal(personId, method, o.sessionId(), Set.of(Scope.CUSTOMER), organisation);
        audit.append(c, now, null, "portal.signed-in", p.actor(), Json.write(event));
    }

    /** A sign-in that did not succeed, audited with why (never with a token). */
    public void failed(String method, String claimed, String reason, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("person", claimed);
            event.put("method", method);
            event.put("reason", reason);
            event.put("address", address);
            audit.append(c, now, null, "session.sign-in-failed", method + ":" + (claimed == null ? "unknown" : claimed), Json.write(event));
            return null;
        });
    }

    /**
     * The person a session cookie stands for, if the session is live: ACTIVE, used within the idle
     * timeout, younger than the absolute timeout, its person still in the directory. A session
     * found past a timeout is ended here (and audited).
     */
    public Check authenticate(String secret) {
        if (!wellFormed(secret)) return new Check(null, "unknown");
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<SessionStore.SessionRow> found = tx.read(c -> store.bySecretHash(c, hash(secret)));
        if (found.isEmpty() || found.get().state() == SessionState.SIGNING_IN) return new Check(null, "unknown");
        SessionStore.SessionRow row = found.get();
        if (row.state() == SessionState.ENDED) return new Check(null, "ended");
        String over = !row.expiresAt().isAfter(now) ? "absolute-timeout" : !row.lastSeenAt().plus(idle).isAfter(now) ? "idle-timeout" : null;
        if (over != null) {
            end(row, over, actor(row.method(), row.personId(), row.sessionId()), now);
            return new Check(null, "ended");
        }
        // a customer is nobody of approvers.yaml; staff (an account manager on behalf of a customer) must still be
        if (!Principal.PORTAL_LINK.equals(row.method()) && directory.find(row.personId()).isEmpty()) {
            end(row, "not-in-directory", "hub", now);
            return new Check(null, "ended");
        }
        // written at most once per tenth of the idle timeout (a minute at most): a page view is no write
        Duration step = idle.dividedBy(10).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : idle.dividedBy(10);
        if (!row.lastSeenAt().plus(step).isAfter(now)) tx.inTransaction(c -> store.touch(c, row.sessionId(), now));
        Set<Scope> scopes = EnumSet.copyOf(Scope.held(row.scopes()));
        Principal.Organisation organisation = row.organisation() == null ? null : new Principal.Organisation(row.customerId(), row.organisation());
        // only a portal session holds the customer scope, and it holds nothing else
        if (organisation == null) scopes.remove(Scope.CUSTOMER);
        else scopes.retainAll(Set.of(Scope.CUSTOMER));
        return new Check(new Principal(row.personId(), row.method(), row.sessionId(), Set.copyOf(scopes), organisation), null);
    }

    /** Sign-out: the session ends for every node; false when it had ended already. */
    public boolean signOut(Principal p) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<SessionStore.SessionRow> row = tx.read(c -> store.byId(c, p.credentialId()));
        return row.isPresent() && row.get().state() == SessionState.ACTIVE && end(row.get(), "signed-out", p.actor(), now);
    }

    private boolean end(SessionStore.SessionRow row, String reason, String actor, OffsetDateTime now) {
        return tx.inTransaction(c -> {
            if (!store.end(c, row.sessionId(), SessionState.ACTIVE, reason, now)) return false;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("person", row.personId());
            event.put("method", row.method());
            event.put("session", row.sessionId());
            event.put("reason", reason);
            audit.append(c, now, null, "signed-out".equals(reason) ? "session.signed-out" : "session.ended", actor, Json.write(event));
            return true;
        });
    }

    /** The synchronizer token of a session's forms: HMAC of the cookie's secret, so not stored and not reversible. */
    public static String csrfToken(String secret) {
        return derive(secret, "csrf");
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    public static boolean csrfMatches(String secret, String presented) {
        if (presented == null || secret == null) return false;
        return MessageDigest.isEqual(csrfToken(secret).getBytes(StandardCharsets.US_ASCII), presented.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** A value derived from a sign-in cookie's secret for one purpose (state, nonce, pkce). */
    public static String derive(String secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("lexhub-" + purpose).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String actor(String method, String personId, String sessionId) {
        return method + ":" + personId + "(" + sessionId + ")";
    }

    /** A new session id and cookie secret, not yet stored ({@link #openIn} stores its hash). */
    public Opened fresh() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new Opened("ses_" + HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** 32 bytes in base64url; anything else is not ours (and costs no database read). */
    public static boolean wellFormed(String secret) {
        return secret != null && secret.length() == 43 && secret.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-' || ch == '_');
    }

    static String hash(String secret) {
        return ContentHash.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }
}
