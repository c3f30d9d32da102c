package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a sign-in link (architecture rule 17), with its one transition table.
 *
 * <pre>
 *   REQUESTED -> ISSUED   its mail is being sent: the token is minted now (a console link starts ISSUED)
 *   ISSUED    -> ISSUED   the mail is sent again after a failed attempt: a new token replaces the old
 *   ISSUED    -> USED     the person completed the sign-in (once: a conditional UPDATE)
 *   REQUESTED -> VOID     it expired before its mail could be sent
 * </pre>
 *
 * An expired ISSUED link stays ISSUED: its expiry is part of the conditional UPDATE that uses it.
 */
public enum SignInLinkState {
    REQUESTED,
    ISSUED,
    USED,
    VOID;

    private static final Map<SignInLinkState, Set<SignInLinkState>> NEXT = Map.of(
            REQUESTED, EnumSet.of(ISSUED, VOID),
            ISSUED, EnumSet.of(ISSUED, USED),
            USED, EnumSet.noneOf(SignInLinkState.class),
            VOID, EnumSet.noneOf(SignInLinkState.class));

    public boolean canBecome(SignInLinkState next) {
        return NEXT.get(this).contains(next);
    }

    /** Fails with a clear error when this transition is not in the table. */
    public void check(SignInLinkState next) {
        if (!canBecome(next)) throw new IllegalStateException("a sign-in link cannot go from " + this + " to " + next);
    }
}
