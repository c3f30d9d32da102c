package io.lexhub.access;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.lifecycle.SignInLinkState;
import io.lexhub.notify.Notices;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.SignInLinkStore;
import io.lexhub.store.Tx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Sign-in without an identity provider, the embedded default (docs/identity.md): single-use
 * sign-in links for the people of approvers.yaml, mailed to their address or printed at the
 * console ({@code lexhub sign-in-link <person>}).
 *
 * <ul>
 * <li>A mailed link is asked for in a browser, which gets a binding cookie; the link works only
 * in the browser whose cookie it is bound to. A console link is bound to the first browser that
 * opens it.</li>
 * <li>The token is minted when the mail is handed to the SMTP server ({@link #mailBody}): the
 * outbox row holds a placeholder, the table only the token's SHA-256 (architecture rule 13).</li>
 * <li>It is short-lived and used once: the UPDATE that uses it checks state, expiry and binding,
 * and the session it opens is written in the same transaction.</li>
 * </ul>
 */
public final class SignInLinks {

    public static final String VIA_MAIL = "mail";
    public static final String VIA_CLI = "cli";
    /** a customer's portal link (docs/portal.md, {@link PortalLinks}) */
    public static final String VIA_PORTAL = "portal";

    /**
     * lexhub.auth.link.* : on or off, how long a link lives, how many may be asked for per address
     * and per caller address in an hour, and which scopes a person's roles in approvers.yaml give.
     */
    public record Config(boolean enabled, Duration validity, int perAddressPerHour, int perIpPerHour, Map<String, Set<Scope>> roleMap) {

        public static final String PREFIX = "lexhub.auth.link.";

        public static Config from(Function<String, Optional<String>> p) {
            List<String> problems = new ArrayList<>();
            boolean enabled = Boolean.parseBoolean(p.apply(PREFIX + "enabled").orElse("true").strip());
            long minutes = Long.parseLong(p.apply(PREFIX + "minutes").orElse("15").strip());
            if (minutes < 1 || minutes > 60) problems.add(PREFIX + "minutes must be between 1 and 60, not " + minutes);
            int perAddress = Integer.parseInt(p.apply(PREFIX + "per-address-per-hour").orElse("5").strip());
            int perIp = Integer.parseInt(p.apply(PREFIX + "per-ip-per-hour").orElse("20").strip());
            if (perAddress < 1 || perIp < 1) problems.add(PREFIX + "per-address-per-hour and per-ip-per-hour must be at least 1");
            Map<String, Set<Scope>> roleMap = new LinkedHashMap<>();
            for (String entry : p.apply(PREFIX + "role-map").orElse("").split(";")) {
                if (entry.isBlank()) continue;
                int colon = entry.lastIndexOf(':');
                if (colon <= 0) {
                    problems.add(PREFIX + "role-map entry '" + entry.strip() + "' is not 'role: scope[,scope]'");
                    continue;
                }
                try {
                    roleMap.put(entry.substring(0, colon).strip(), Scope.parse(entry.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    problems.add(PREFIX + "role-map entry '" + entry.strip() + "': " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) throw new IllegalStateException("sign-in link settings, " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
            return new Config(enabled, Duration.ofMinutes(minutes), perAddress, perIp, Map.copyOf(roleMap));
        }
    }

    /** What became of a request for a link (the browser is told the same in every case). */
    public enum Asked { QUEUED, UNKNOWN, TOO_MANY }

    /**
     * What a link is for this browser: {@code refusal} null when it may be used, else one of
     * unknown, used, expired, other-browser, not-in-directory; {@code bindCookie} a binding secret
     * the browser must now keep (a console link just bound to it).
     */
    public record Look(String refusal, Approver person, String bindCookie) {
        public boolean usable() {
            return refusal == null;
        }
    }

    /** A completed sign-in (its session), or why not. */
    public record Completed(Sessions.Opened session, Approver person, String refusal) {}

    private final Tx tx;
    private final SignInLinkStore store;
    private final OutboxStore outbox;
    private final Notices notices;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final Sessions sessions;
    private final Clock clock;
    private final String publicUrl;
    private final Config config;
    private final Throttle perAddress;
    private final SecureRandom random = new SecureRandom();

    public SignInLinks(Tx tx, SignInLinkStore store, OutboxStore outbox, Notices notices, AuditTrail audit, ApproverDirectory directory, Sessions sessions,
            Clock clock, String publicUrl, Config config) {
        this.tx = tx;
        this.store = store;
        this.outbox = outbox;
        this.notices = notices;
        this.audit = audit;
        this.directory = directory;
        this.sessions = sessions;
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.config = config;
        this.perAddress = new Throttle(config.perAddressPerHour(), Duration.ofHours(1), clock, "sign-in link requests");
    }

    public Config config() {
        return config;
    }

    /**
     * Someone asked for a link for this address, from a browser holding {@code bindingSecret}: for a
     * person of approvers.yaml (and within the address's hourly limit) a link row and its mail, in
     * one transaction; the mail's link is minted when it is sent.
     */
    public Asked request(String email, String bindingSecret, String address) {
        if (email == null || email.isBlank() || email.length() > 254 || !Sessions.wellFormed(bindingSecret)) return Asked.UNKNOWN;
        // counted by a hash: the log line of a throttled address names no address
        String key = "mail address " + Sessions.hash(email.strip().toLowerCase(java.util.Locale.ROOT)).substring(0, 12);
        // counted for every address, known or not: the answer and the timing of refusals say nothing about who is here
        if (perAddress.waitSeconds(key) > 0) return Asked.TOO_MANY;
        perAddress.failed(key);
        Optional<Approver> person = directory.byEmail(email.strip());
        if (person.isEmpty()) return Asked.UNKNOWN;
        Approver a = person.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        String linkId = linkId();
        tx.inTransaction(c -> {
            store.insert(c, linkId, a.id(), VIA_MAIL, SignInLinkState.REQUESTED, null, Sessions.hash(bindingSecret), address, now, now.plus(config.validity()));
            outbox.enqueue(c, null, notices.signInLink(linkId, a, config.validity().toMinutes()), now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("person", a.id());
            event.put("link", linkId);
            event.put("via", VIA_MAIL);
            event.put("address", address);
            event.put("expiresAt", now.plus(config.validity()).toString());
            audit.append(c, now, null, "sign-in-link.requested", "sign-in-page:" + address, Json.write(event));
            return null;
        });
        return Asked.QUEUED;
    }

    /**
     * The outbox hands a mail to SMTP: a sign-in mail gets its link now (a new token at each
     * attempt; the previous one stops working). A link that expired before its mail could go is
     * void, and the mail says to ask again. Any other mail is returned as it is.
     */
    public OutboxStore.Message mailBody(OutboxStore.Message m) {
        if (m.dedupKey() == null || !m.body().contains(Notices.SIGN_IN_LINK)) return m;
        // a customer's portal link (docs/portal.md) is minted the same way and opens the portal's page
        boolean portal = m.dedupKey().startsWith(Notices.PORTAL_SIGN_IN_KEY_PREFIX);
        if (!portal && !m.dedupKey().startsWith(Notices.SIGN_IN_KEY_PREFIX)) return m;
        String linkId = m.dedupKey().substring((portal ? Notices.PORTAL_SIGN_IN_KEY_PREFIX : Notices.SIGN_IN_KEY_PREFIX).length());
        OffsetDateTime now = OffsetDateTime.now(clock);
        String token = token();
        boolean issued = tx.inTransaction(c -> {
            if (store.issue(c, linkId, Sessions.hash(token), now)) return true;
            store.voidRequested(c, linkId);
            return false;
        });
        String signIn = publicUrl + (portal ? "/portal/sign-in" : "/sign-in");
        String link = issued ? signIn + "/link/" + token : "(this link expired before it could be sent; ask for a new one at " + signIn + ")";
        return new OutboxStore.Message(m.id(), m.channel(), m.recipient(), m.subject(), m.body().replace(Notices.SIGN_IN_LINK, link), m.attempts(),
                m.dedupKey(), m.claimedUntil(), m.inReplyTo());
    }

    /**
     * A link printed at the console for a person of approvers.yaml ({@code lexhub sign-in-link}),
     * audited with the operator as the actor; bound to the first browser that opens it.
     */
    public String issueAtConsole(String personId, String operator) {
        Approver a = directory.find(personId).orElseThrow(() -> new IllegalArgumentException(
                "'" + personId + "' is not a person of approvers.yaml; a sign-in link is only for them"));
        OffsetDateTime now = OffsetDateTime.now(clock);
        String linkId = linkId();
        String token = token();
        tx.inTransaction(c -> {
            store.insert(c, linkId, a.id(), VIA_CLI, SignInLinkState.ISSUED, Sessions.hash(token), null, null, now, now.plus(config.validity()));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("person", a.id());
            event.put("link", linkId);
            event.put("via", VIA_CLI);
            event.put("expiresAt", now.plus(config.validity()).toString());
            audit.append(c, now, null, "sign-in-link.issued", operator, Json.write(event));
            return null;
        });
        return url(token);
    }

    /**
     * GET of a link: what it is for this browser. Reads only, except that a console link not bound
     * yet is bound here to this browser (the first to open it).
     */
    public Look open(String token, String bindingSecret) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<SignInLinkStore.LinkRow> found = find(token);
        if (found.isEmpty()) return new Look("unknown", null, null);
        SignInLinkStore.LinkRow row = found.get();
        String refusal = refusal(row, now, false);
        if (refusal != null) return new Look(refusal, null, null);
        Optional<Approver> person = directory.find(row.personId());
        if (person.isEmpty()) return new Look("not-in-directory", null, null);
        if (row.bindingHash() == null) {
            String secret = Sessions.wellFormed(bindingSecret) ? bindingSecret : secret();
            if (tx.inTransaction(c -> store.bind(c, row.linkId(), Sessions.hash(secret)))) return new Look(null, person.get(), secret);
            return open(token, bindingSecret);
        }
        if (!Sessions.wellFormed(bindingSecret) || !row.bindingHash().equals(Sessions.hash(bindingSecret))) return new Look("other-browser", null, null);
        return new Look(null, person.get(), null);
    }

    /**
     * POST of a link's page: the link is used up and a session opened, in one transaction, only for
     * the browser it is bound to and before it expires; otherwise the refusal, audited.
     */
    public Completed complete(String token, String bindingSecret, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<SignInLinkStore.LinkRow> found = find(token);
        String refusal;
        String claimed = found.map(SignInLinkStore.LinkRow::personId).orElse(null);
        if (found.isEmpty()) {
            refusal = "unknown";
        } else {
            SignInLinkStore.LinkRow row = found.get();
            Optional<Approver> person = directory.find(row.personId());
            refusal = refusal(row, now, false);
            if (refusal == null && person.isEmpty()) refusal = "not-in-directory";
            if (refusal == null && (row.bindingHash() == null || !Sessions.wellFormed(bindingSecret)
                    || !row.bindingHash().equals(Sessions.hash(bindingSecret)))) refusal = "other-browser";
            if (refusal == null) {
                Approver a = person.get();
                Sessions.Opened session = sessions.fresh();
                Set<Scope> scopes = scopesOf(a);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("link", row.linkId());
                details.put("via", row.via());
                details.put("address", address);
                boolean used = tx.inTransaction(c -> {
                    if (!store.use(c, row.linkId(), Sessions.hash(bindingSecret), session.sessionId(), now)) return false;
                    sessions.openIn(c, session, a.id(), scopes, Principal.SIGN_IN_LINK, details, now);
                    return true;
                });
                if (used) return new Completed(session, a, null);
                // another tab or node was first, or it expired just now
                refusal = find(token).map(r -> refusal(r, now)).orElse("used");
                if (refusal == null) refusal = "used";
            }
        }
        sessions.failed(Principal.SIGN_IN_LINK, claimed, refusal, address);
        return new Completed(null, null, refusal);
    }

    /** The scopes of a person signed in this way: approver, plus what their roles in approvers.yaml map to (lexhub.auth.link.role-map). */
    public Set<Scope> scopesOf(Approver a) {
        Set<Scope> scopes = EnumSet.of(Scope.APPROVER);
        for (String role : a.roles()) scopes.addAll(config.roleMap().getOrDefault(role, Set.of()));
        return scopes;
    }

    public String url(String token) {
        return publicUrl + "/sign-in/link/" + token;
    }

    /** Why a link cannot be used now, or null; the staff pages and the portal each take only their own links (VIA_PORTAL). */
    static String refusal(SignInLinkStore.LinkRow row, OffsetDateTime now, boolean portal) {
        if (VIA_PORTAL.equals(row.via()) != portal) return "unknown";
        return refusal(row, now);
    }

    private static String refusal(SignInLinkStore.LinkRow row, OffsetDateTime now) {
        if (row.state() == SignInLinkState.USED) return "used";
        if (row.state() != SignInLinkState.ISSUED || !row.expiresAt().isAfter(now)) return "expired";
        return null;
    }

    private Optional<SignInLinkStore.LinkRow> find(String token) {
        if (!Sessions.wellFormed(token)) return Optional.empty();
        return tx.read(c -> store.byTokenHash(c, Sessions.hash(token)));
    }

    /** A new binding secret for a browser's cookie. */
    public String secret() {
        return token();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String linkId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return "sil_" + HexFormat.of().formatHex(id);
    }
}
