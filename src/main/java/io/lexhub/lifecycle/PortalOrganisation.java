package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Whose organisation a portal session stands for (docs/portal.md), with its one transition table
 * (architecture rule 17).
 *
 * <pre>
 *   CONFIRMED    the address's domain belongs to one known customer (config or the customer records),
 *                or an account manager opened the portal on behalf of a customer they picked
 *   UNCONFIRMED  the domain belongs to no known customer (or to more than one): the session sees nothing;
 *                its first request goes to the desk, which confirms the organisation
 *   UNCONFIRMED -> CONFIRMED   the desk confirmed the organisation (the ask form's step)
 * </pre>
 *
 * A confirmed session never becomes unconfirmed: it ends instead (sign-out, timeouts).
 */
public enum PortalOrganisation {
    CONFIRMED,
    UNCONFIRMED;

    private static final Map<PortalOrganisation, Set<PortalOrganisation>> NEXT = Map.of(
            CONFIRMED, EnumSet.noneOf(PortalOrganisation.class),
            UNCONFIRMED, EnumSet.of(CONFIRMED));

    public boolean canBecome(PortalOrganisation next) {
        return NEXT.get(this).contains(next);
    }

    /** Fails with a clear error when this transition is not in the table. */
    public void check(PortalOrganisation next) {
        if (!canBecome(next)) throw new IllegalStateException("a portal session's organisation cannot go from " + this + " to " + next);
    }

    /** May this session see an organisation's requests and waivers? */
    public boolean seesOrganisation() {
        return this == CONFIRMED;
    }
}
