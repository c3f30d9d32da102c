package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A portal user's request that the desk confirm their organisation (docs/portal.md, "Confirming an
 * organisation"), with its one transition table (architecture rule 17).
 *
 * <pre>
 *   ASKED      a person at a domain of no known customer asked; the desk decides
 *   CONFIRMED  the desk bound the domain to a customer: its people see that organisation's requests
 *   REFUSED    the desk did not (a shared mail domain, an unknown company); the reason is mailed
 *   ASKED -> CONFIRMED | REFUSED
 * </pre>
 */
public enum OrganisationClaim {
    ASKED,
    CONFIRMED,
    REFUSED;

    private static final Map<OrganisationClaim, Set<OrganisationClaim>> NEXT = Map.of(
            ASKED, EnumSet.of(CONFIRMED, REFUSED),
            CONFIRMED, EnumSet.noneOf(OrganisationClaim.class),
            REFUSED, EnumSet.noneOf(OrganisationClaim.class));

    public boolean canBecome(OrganisationClaim next) {
        return NEXT.get(this).contains(next);
    }

    /** Fails with a clear error when this transition is not in the table. */
    public void check(OrganisationClaim next) {
        if (!canBecome(next)) throw new IllegalStateException("an organisation claim cannot go from " + this + " to " + next);
    }
}
