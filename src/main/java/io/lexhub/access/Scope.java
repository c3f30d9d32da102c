package io.lexhub.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a credential may do. Every HTTP route names the scopes that may call it (SECURITY.md has
 * the table); a key holds one or more of them.
 */
public enum Scope {
    /** submit requests: a channel's system (service desk, CRM, account team's tool) */
    INTAKE,
    /** report usage of active waivers */
    USAGE,
    /** send billing lines for the post-implementation review (docs/billing-review.md): a billing system */
    BILLING,
    /** decide what is routed to them, read the requests they are an approver of, delegate their roles */
    APPROVER,
    /** licensing desk: read all requests and waivers, amend, revoke, replay quarantine, manage delegations */
    DESK,
    /** read all, the review queue, reports */
    AUDIT,
    /** the hub's full health */
    ADMIN,
    /** Prometheus metrics and the full health */
    METRICS,
    /**
     * a customer's portal session, bound to one organisation (docs/portal.md): held only by portal
     * sessions, never granted to a key, a role map or a system's token
     */
    CUSTOMER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope of(String id) {
        try {
            return valueOf(id.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + id + "'; scopes are " + list(EnumSet.allOf(Scope.class)));
        }
    }

    /**
     * "desk,audit" -> {DESK, AUDIT}, scopes to grant (a key, a role map); blanks ignored, at least one
     * required; {@code customer} is refused: only a portal sign-in gives it.
     */
    public static Set<Scope> parse(String csv) {
        Set<Scope> scopes = held(csv);
        if (scopes.isEmpty()) throw new IllegalArgumentException("at least one scope is required; scopes are " + list(grantable()));
        if (scopes.contains(CUSTOMER)) throw new IllegalArgumentException("the customer scope is held only by portal sessions; it cannot be granted");
        return scopes;
    }

    /** The scopes a stored session holds, as written ({@code customer} included); blanks ignored. */
    public static Set<Scope> held(String csv) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (csv != null) Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).map(Scope::of).forEach(scopes::add);
        return scopes;
    }

    /** Every scope a key or a role may be given: all but {@code customer}. */
    public static Set<Scope> grantable() {
        return EnumSet.complementOf(EnumSet.of(CUSTOMER));
    }

    public static String list(Set<Scope> scopes) {
        return scopes.stream().map(Scope::id).collect(Collectors.joining(","));
    }
}
