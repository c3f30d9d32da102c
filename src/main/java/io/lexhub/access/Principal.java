package io.lexhub.access;

import java.util.Set;

/**
 * Who is calling, as proved by a credential: the id of a person (an approver's id) or of a
 * system client, how they proved it ({@code api-key}, {@code mail-link}, {@code oidc}, {@code sign-in-link}, {@code oauth2}) and with which
 * credential (a key id, never the secret). Audit events name the principal, never a body field.
 */
public record Principal(String id, String method, String credentialId, Set<Scope> scopes) {

    public static final String API_KEY = "api-key";
    public static final String MAIL_LINK = "mail-link";
    /** a person signed in with their company identity (OpenID Connect) and holding a session */
    public static final String OIDC = "oidc";
    /** a person signed in with a single-use sign-in link (mailed, or printed at the console) and holding a session */
    public static final String SIGN_IN_LINK = "sign-in-link";
    /** a system holding an access token from the hub's OpenID provider (client credentials); never a person */
    public static final String OAUTH2 = "oauth2";

    /** A person holding a session (signed in by OpenID Connect or by a sign-in link), not a key or a mailed decision link. */
    public boolean signedIn() {
        return OIDC.equals(method) || SIGN_IN_LINK.equals(method);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** The actor written into audit events: {@code api-key:alice.moreau(ak_3f9c...)}, {@code oauth2:crm-sync(<jti>)}. */
    public String actor() {
        return method + ":" + id + (credentialId == null ? "" : "(" + credentialId + ")");
    }
}
