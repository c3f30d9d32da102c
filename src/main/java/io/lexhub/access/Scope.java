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
    /** decide what is routed to them, read the requests they are an approver of, delegate their roles */
    APPROVER,
    /** licensing desk: read all requests and waivers, amend, revoke, replay quarantine, manage delegations */
    DESK,
    /** read all, the review queue, reports */
    AUDIT,
    /** the hub's full health */
    ADMIN,
    /** Prometheus metrics and the full health */
    METRICS;

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

    /** "desk,audit" -> {DESK, AUDIT}; blanks ignored, at least one required. */
    public static Set<Scope> parse(String csv) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (csv != null) Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).map(Scope::of).forEach(scopes::add);
        if (scopes.isEmpty()) throw new IllegalArgumentException("at least one scope is required; scopes are " + list(EnumSet.allOf(Scope.class)));
        return scopes;
    }

    public static String list(Set<Scope> scopes) {
        return scopes.stream().map(Scope::id).collect(Collectors.joining(","));
    }
}
