package io.lexhub.api;

import com.nimbusds.jwt.JWTClaimsSet;
import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.access.Sessions;
import io.lexhub.access.Throttle;
import io.lexhub.access.oidc.OidcClient;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in for people by OpenID Connect, sign-out, and the signed-in landing page
 * (docs/identity.md). The routes are in routes/sign-in.camel.yaml; who may call them is decided
 * by {@link AccessGate} like every other route: /sign-in and /auth/callback need nothing yet (they
 * are how a session starts), / and /sign-out need a session, and the sign-out form its CSRF token.
 */
public final class SignInPages {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");
    /** Exchange property set by the gate on a session's request: the CSRF token of its forms. */
    public static final String CSRF = "lexhubCsrf";
    /** Exchange property set by the gate: the caller's address (for the throttle and the audit). */
    public static final String ADDRESS = "lexhubAddress";

    private final OidcClient oidc;
    private final Sessions sessions;
    private final ApproverDirectory directory;
    private final Throttle throttle;
    private final boolean secureCookies;
    private final Clock clock;

    private final boolean links;

    /** {@code oidc} null: sign-in by OpenID Connect is not set up (the pages say so). */
    public SignInPages(OidcClient oidc, Sessions sessions, ApproverDirectory directory, Throttle throttle, String publicUrl, Clock clock) {
        this(oidc, false, sessions, directory, throttle, publicUrl, clock);
    }

    /**
     * @param oidc  null: sign-in by OpenID Connect is not set up
     * @param links whether people may ask for a sign-in link by mail (the embedded default, {@link SignInLinkPages})
     */
    public SignInPages(OidcClient oidc, boolean links, Sessions sessions, ApproverDirectory directory, Throttle throttle, String publicUrl, Clock clock) {
        this.links = links;
        this.oidc = oidc;
        this.sessions = sessions;
        this.directory = directory;
        this.throttle = throttle;
        this.secureCookies = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
        this.clock = clock;
    }

    /**
     * GET /sign-in: the way in. With sign-in links on, a form that asks for the person's address
     * (beside the provider's button when there is a provider); with only a provider, straight to it;
     * with neither, a page that says sign-in is not set up.
     */
    public void form(Exchange exchange) {
        if (!links) {
            if (oidc == null) {
                message(exchange, 404, "Sign-in is not set up", "This hub has neither an OpenID provider (lexhub.auth.oidc.issuer) nor sign-in links "
                        + "(lexhub.auth.link.enabled) configured. Ask its operators, or use an API key.", false);
                return;
            }
            Pages.headersOnly(exchange, 303);
            exchange.getMessage().setHeader("Location", "/sign-in/oidc");
            exchange.getMessage().setBody("");
            return;
        }
        Pages.page(exchange, 200, signInForm(null, null));
    }

    /** The sign-in page, with an error for the address field when there is one (the GOV.UK error summary pattern). */
    String signInForm(String email, String error) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("provider", oidc != null);
        model.put("email", email == null ? "" : email);
        model.put("error", error);
        return Pages.render("sign-in.jte", model);
    }

    /** GET /sign-in/oidc (the provider's button): a sign-in under way (its cookie) and the browser sent to the provider. */
    public void start(Exchange exchange) {
        if (oidc == null) {
            message(exchange, 404, "Sign-in is not set up", "This hub has no OpenID provider configured (lexhub.auth.oidc.issuer). "
                    + (links ? "Sign in with a link by mail instead." : "Ask its operators, or use an API key."), true);
            return;
        }
        Sessions.Opened attempt = sessions.startSignIn(Principal.OIDC);
        URI to;
        try {
            to = oidc.authorizationUrl(Sessions.derive(attempt.secret(), "state"), Sessions.derive(attempt.secret(), "nonce"),
                    Sessions.derive(attempt.secret(), "pkce"));
        } catch (OidcClient.Refused e) {
            LOG.warn("cannot start a sign-in: {}", e.getMessage());
            message(exchange, 503, "Sign-in is not available", "The identity provider cannot be reached just now. Please try again in a few minutes.", false);
            exchange.getMessage().setHeader("Retry-After", "60");
            return;
        }
        Message m = exchange.getMessage();
        Pages.headersOnly(exchange, 302);
        m.setHeader("Location", to.toString());
        m.setHeader("Set-Cookie", List.of(cookie(Sessions.SIGN_IN_COOKIE, attempt.secret(), "/auth/callback", sessions.signInValidity().toSeconds())));
        m.setBody("");
    }

    /** GET /auth/callback: the provider's answer; a session for a person of approvers.yaml, or a refusal that is audited. */
    public void callback(Exchange exchange) {
        Message m = exchange.getMessage();
        String address = exchange.getProperty(ADDRESS, "unknown", String.class);
        if (oidc == null) {
            message(exchange, 404, "Sign-in is not set up", "This hub has no OpenID provider configured.", true);
            return;
        }
        String secret = cookies(m).get(Sessions.SIGN_IN_COOKIE);
        String state = m.getHeader("state", String.class);
        // the state must be this browser's: derived from the cookie the hub set when the sign-in began
        if (secret == null || state == null || !same(Sessions.derive(secret, "state"), state)) {
            refuse(exchange, null, secret == null ? "no sign-in under way in this browser" : "wrong state", address);
            return;
        }
        if (sessions.takeSignIn(secret).isEmpty()) {
            refuse(exchange, null, "the sign-in is unknown, used already or too old", address);
            return;
        }
        String error = m.getHeader("error", String.class);
        String code = m.getHeader("code", String.class);
        if (error != null || code == null || code.isBlank()) {
            refuse(exchange, null, "the provider refused: " + (error == null ? "no code" : error.replaceAll("[^A-Za-z0-9_.-]", "?")), address);
            return;
        }
        JWTClaimsSet claims;
        try {
            claims = oidc.signIn(code, Sessions.derive(secret, "pkce"), Sessions.derive(secret, "nonce"));
        } catch (OidcClient.Refused e) {
            refuse(exchange, null, e.getMessage(), address);
            return;
        }
        String claimed = claimed(claims);
        Optional<Approver> person = person(claims, claimed);
        if (person.isEmpty()) {
            refuse(exchange, claimed, "not a person of approvers.yaml (" + oidc.settings().claim() + " " + claimed + ")", address);
            return;
        }
        Set<Scope> scopes = EnumSet.of(Scope.APPROVER);
        List<String> groups = groups(claims);
        for (String g : groups) scopes.addAll(oidc.settings().roleMap().getOrDefault(g, Set.of()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subject", claims.getSubject());
        details.put("issuer", claims.getIssuer());
        details.put("address", address);
        Sessions.Opened session = sessions.open(person.get().id(), scopes, Principal.OIDC, details);
        LOG.info("{} signed in (oidc, session {}) from {}", person.get().id(), session.sessionId(), address);
        String next = Pages.localPage(cookies(m).get(Pages.NEXT_COOKIE));
        Pages.headersOnly(exchange, 303);
        m.setHeader("Location", next);
        m.setHeader("Set-Cookie", List.of(cookie(Sessions.COOKIE, session.secret(), "/", -1), cookie(Sessions.SIGN_IN_COOKIE, "", "/auth/callback", 0),
                cookie(Pages.NEXT_COOKIE, "", "/", 0)));
        m.setBody("");
    }

    /** POST /sign-out (the gate checked the session and the form's CSRF token): the session ends everywhere. */
    public void signOut(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        sessions.signOut(p);
        LOG.info("{} signed out (session {})", p.id(), p.credentialId());
        message(exchange, 200, "Signed out", "You are signed out. Your session has ended on every server of this hub.", true);
        exchange.getMessage().setHeader("Set-Cookie", List.of(cookie(Sessions.COOKIE, "", "/", 0)));
    }

    private void refuse(Exchange exchange, String claimed, String reason, String address) {
        throttle.failed(address);
        sessions.failed(Principal.OIDC, claimed, reason, address);
        LOG.warn("refused a sign-in from {}: {}", address, reason);
        message(exchange, 403, "Not signed in", "The sign-in did not succeed"
                + (reason.startsWith("not a person") ? ": your account is not one of this hub's people. Ask the licensing desk to add you." : ". Please start again.")
                , true);
        exchange.getMessage().setHeader("Set-Cookie", List.of(cookie(Sessions.SIGN_IN_COOKIE, "", "/auth/callback", 0)));
    }

    private String claimed(JWTClaimsSet claims) {
        if ("sub".equals(oidc.settings().claim())) return claims.getSubject();
        Object email = claims.getClaim("email");
        return email == null ? null : email.toString();
    }

    private Optional<Approver> person(JWTClaimsSet claims, String claimed) {
        if (claimed == null || claimed.isBlank()) return Optional.empty();
        if ("sub".equals(oidc.settings().claim())) return directory.byOidcSubject(claimed);
        // an address the provider says it has not verified names nobody
        if (Boolean.FALSE.equals(claims.getClaim("email_verified"))) return Optional.empty();
        return directory.byEmail(claimed);
    }

    private List<String> groups(JWTClaimsSet claims) {
        String name = oidc.settings().roleClaim();
        if (name == null) return List.of();
        Object v = claims.getClaim(name);
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) c.forEach(x -> out.add(String.valueOf(x)));
        else if (v != null) out.add(v.toString());
        return out;
    }

    void message(Exchange exchange, int status, String title, String text, boolean signIn) {
        Pages.message(exchange, status, title, List.of(text), signIn && (oidc != null || links));
    }

    /** {@code maxAge} -1: until the browser closes (the server ends it sooner); 0: delete it. */
    String cookie(String name, String value, String path, long maxAge) {
        return Pages.cookie(name, value, path, maxAge, secureCookies);
    }

    /** The request's cookies by name (the first of each name). */
    static Map<String, String> cookies(Message m) {
        Map<String, String> out = new LinkedHashMap<>();
        Object header = m.getHeader("Cookie");
        List<String> lines = new ArrayList<>();
        if (header instanceof Collection<?> c) c.forEach(x -> lines.add(String.valueOf(x)));
        else if (header != null) lines.add(header.toString());
        for (String line : lines) {
            for (String part : line.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) out.putIfAbsent(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
