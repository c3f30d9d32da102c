package io.lexhub.access;

import io.lexhub.audit.AuditTrail;
import io.lexhub.lifecycle.SignInLinkState;
import io.lexhub.model.DomainName;
import io.lexhub.model.Json;
import io.lexhub.notify.Notices;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.SignInLinkStore;
import io.lexhub.store.Tx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Customers' sign-in to the portal (docs/portal.md): a single-use link mailed to the address they
 * type, with the machinery of people's sign-in links ({@link SignInLinks}: only the token's hash
 * stored, minted when the mail is sent, bound to the asking browser's cookie, short-lived, used once
 * by a conditional UPDATE in the transaction that opens the session). Every well-formed address gets
 * a link, so the answer and the mail say nothing about which customers exist; which organisation the
 * session stands for is decided when the link is used ({@link CustomerDomains}), and an address of no
 * known customer gets a session that sees nothing until the desk confirms its organisation.
 */
public final class PortalLinks {

    /** What became of a request for a link (the browser is told the same either way). */
    public enum Asked { QUEUED, TOO_MANY }

    /** A completed sign-in: the session and the organisation it is bound to, or why not. */
    public record Completed(Sessions.Opened session, String email, Principal.Organisation organisation, String refusal) {}

    private final Tx tx;
    private final SignInLinkStore store;
    private final OutboxStore outbox;
    private final Notices notices;
    private final AuditTrail audit;
    private final Sessions sessions;
    private final CustomerDomains organisations;
    private final Clock clock;
    private final SignInLinks.Config config;
    private final Throttle perAddress;
    private final SecureRandom random = new SecureRandom();

    public PortalLinks(Tx tx, SignInLinkStore store, OutboxStore outbox, Notices notices, AuditTrail audit, Sessions sessions,
            CustomerDomains organisations, Clock clock, SignInLinks.Config config) {
        this.tx = tx;
        this.store = store;
        this.outbox = outbox;
        this.notices = notices;
        this.audit = audit;
        this.sessions = sessions;
        this.organisations = organisations;
        this.clock = clock;
        this.config = config;
        this.perAddress = new Throttle(config.perAddressPerHour(), Duration.ofHours(1), clock, "portal sign-in link requests");
    }

    public SignInLinks.Config config() {
        return config;
    }

    /** An address the portal takes: one @, a usable domain, at most 254 characters. */
    public static boolean wellFormed(String email) {
        return email != null && email.length() <= 254 && email.matches("[^@\\s]+@[^@\\s]+") && DomainName.ofAddress(email).isPresent();
    }

    /**
     * A link for this address, asked from a browser holding {@code bindingSecret}: a link row and its
     * mail in one transaction (audited as {@code portal.sign-in-link.requested}), within the address's
     * hourly limit. The address is kept as typed but compared in lower case.
     */
    public Asked request(String email, String bindingSecret, String address) {
        String to = email.strip();
        String key = "portal address " + Sessions.hash(to.toLowerCase(Locale.ROOT)).substring(0, 12);
        if (perAddress.waitSeconds(key) > 0) return Asked.TOO_MANY;
        perAddress.failed(key);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String linkId = linkId();
        tx.inTransaction(c -> {
            store.insert(c, linkId, to, SignInLinks.VIA_PORTAL, SignInLinkState.REQUESTED, null, Sessions.hash(bindingSecret), address, now,
                    now.plus(config.validity()));
            outbox.enqueue(c, null, notices.portalSignInLink(linkId, to, config.validity().toMinutes()), now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("person", to);
            event.put("link", linkId);
            event.put("address", address);
            event.put("expiresAt", now.plus(config.validity()).toString());
            audit.append(c, now, null, "portal.sign-in-link.requested", "portal-sign-in-page:" + address, Json.write(event));
            return null;
        });
        return Asked.QUEUED;
    }

    /** GET of a link: null when this browser may use it, else why not (unknown, used, expired, other-browser). Reads only. */
    public String open(String token, String bindingSecret) {
        Optional<SignInLinkStore.LinkRow> row = find(token);
        if (row.isEmpty()) return "unknown";
        String refusal = SignInLinks.refusal(row.get(), OffsetDateTime.now(clock), true);
        if (refusal == null && !bound(row.get(), bindingSecret)) refusal = "other-browser";
        return refusal;
    }

    /**
     * POST of a link's page: the link used up and a portal session opened for the organisation of
     * its address, in one transaction (audited as {@code portal.sign-in-link.used} and {@code portal.signed-in});
     * otherwise the refusal, audited as a failed sign-in.
     */
    public Completed complete(String token, String bindingSecret, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<SignInLinkStore.LinkRow> found = find(token);
        String refusal = found.isEmpty() ? "unknown" : SignInLinks.refusal(found.get(), now, true);
        if (refusal == null && !bound(found.get(), bindingSecret)) refusal = "other-browser";
        if (refusal == null) {
            SignInLinkStore.LinkRow row = found.get();
            CustomerDomains.Match match = organisations.match(row.personId());
            Principal.Organisation organisation = new Principal.Organisation(match.customerId(), match.state());
            Sessions.Opened session = sessions.fresh();
            boolean used = tx.inTransaction(c -> {
                if (!store.use(c, row.linkId(), Sessions.hash(bindingSecret), session.sessionId(), now)) return false;
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("person", row.personId());
                event.put("link", row.linkId());
                event.put("session", session.sessionId());
                audit.append(c, now, null, "portal.sign-in-link.used", Principal.PORTAL_LINK + ":" + row.personId() + "(" + session.sessionId() + ")",
                        Json.write(event));
                sessions.openPortalIn(c, session, row.personId(), Principal.PORTAL_LINK, organisation, Map.of("link", row.linkId(), "address", address), now);
                return true;
            });
            if (used) return new Completed(session, row.personId(), organisation, null);
            refusal = find(token).map(r -> SignInLinks.refusal(r, now, true)).orElse("used");
            if (refusal == null) refusal = "used";
        }
        sessions.failed(Principal.PORTAL_LINK, found.map(SignInLinkStore.LinkRow::personId).orElse(null), refusal, address);
        return new Completed(null, null, null, refusal);
    }

    private static boolean bound(SignInLinkStore.LinkRow row, String bindingSecret) {
        return row.bindingHash() != null && Sessions.wellFormed(bindingSecret) && row.bindingHash().equals(Sessions.hash(bindingSecret));
    }

    private Optional<SignInLinkStore.LinkRow> find(String token) {
        if (!Sessions.wellFormed(token)) return Optional.empty();
        return tx.read(c -> store.byTokenHash(c, Sessions.hash(token)));
    }

    private String linkId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return "sil_" + HexFormat.of().formatHex(id);
    }
}
