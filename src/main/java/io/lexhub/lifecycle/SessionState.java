package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a row of the sessions table (architecture rule 17), with its one transition table.
 *
 * <pre>
 *   SIGNING_IN -> ENDED   the provider's answer came back (used once, whatever the outcome) or it is too old
 *   ACTIVE     -> ENDED   signed out, idle too long, past its absolute limit
 * </pre>
 *
 * A sign-in never becomes the session: a successful one creates a new ACTIVE row with a new secret,
 * so a cookie planted before sign-in is worth nothing after it (session fixation).
 */
public enum SessionState {
    SIGNING_IN,
    ACTIVE,
    ENDED;

    private static final Map<SessionState, Set<SessionState>> NEXT = Map.of(
            SIGNING_IN, EnumSet.of(ENDED),
            ACTIVE, EnumSet.of(ENDED),
            ENDED, EnumSet.noneOf(SessionState.class));

    public boolean canBecome(SessionState next) {
        return NEXT.get(this).contains(next);
    }

    /** Fails with a clear error when this transition is not in the table. */
    public void check(SessionState next) {
        if (!canBecome(next)) throw new IllegalStateException("a session cannot go from " + this + " to " + next);
    }
}
