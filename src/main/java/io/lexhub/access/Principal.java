package io.lexhub.access;

import io.lexhub.lifecycle.PortalOrganisation;
import java.util.Set;

/**
 * Who is calling, as proved by a credential: the id of a person (an approver's id, or for the
 * customer portal a customer's e-mail address) or of a system client, how they proved it
 * ({@code api-key}, {@code mail-link}, {@code oidc}, {@code sign-in-link}, {@code oauth2},
 * {@code portal-link}, {@code on-behalf}) and with which credential (a key id, never the secret).
 * A portal session also names the organisation it is bound to ({@code customer}, else null).
 * Audit events name the principal, never a body field.
 */
public record Principal(String id, String method, String credentialId, Set<Scope> scopes, Organisation customer) {

    public static final String API_KEY = "api-key";
    public static final String MAIL_LINK = "mail-link";
    /** a person signed in with their company identity (OpenID Connect) and holding a session */
    public static final String OIDC = "oidc";
    /** a person signed in with a single-use sign-in link (mailed, or printed at the console) and holding a session */
    public static final String SIGN_IN_LINK = "sign-in-link";
    /** a system holding an access token from the hub's OpenID provider (client credentials); never a person */
    public static final String OAUTH2 = "oauth2";
    /** a customer signed in to the portal with a single-use link mailed to their address (docs/portal.md) */
    public static final String PORTAL_LINK = "portal-link";
    /** an account manager (staff) acting in the portal on behalf of a customer they picked (docs/portal.md) */
    public static final String ON_BEHALF = "on-behalf";

    /** The organisation a portal session is bound to: a customer id (null while UNCONFIRMED) and its state. */
    public record Organisation(String customerId, PortalOrganisation state) {}

    public Principal(String id, String method, String credentialId, Set<Scope> scopes) {
        this(id, method, credentialId, scopes, null);
    }

    /** A person holding a staff session (signed in by OpenID Connect or by a sign-in link), not a key, a mailed decision link nor a portal session. */
    public boolean signedIn() {
        return OIDC.equals(method) || SIGN_IN_LINK.equals(method);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** Staff acting in the portal for a customer (the pages say so on every page). */
    public boolean onBehalf() {
        return ON_BEHALF.equals(method);
    }

    /**
     * The actor written into audit events: {@code api-key:alice.moreau(ak_3f9c...)}, {@code oauth2:crm-sync(<jti>)};
     * an account manager in the portal names both: {@code on-behalf:dev.patel(ses_...)for:CUST-10421}.
     */
    public String actor() {
        String base = method + ":" + id + (credentialId == null ? "" : "(" + credentialId + ")");
        return onBehalf() && customer != null ? base + "for:" + customer.customerId() : base;
    }
}
