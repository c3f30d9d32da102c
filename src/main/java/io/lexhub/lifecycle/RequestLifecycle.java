package io.lexhub.lifecycle;

import io.lexhub.model.RequestState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The request state machine (docs/architecture.md, "Lifecycles"), the one place that says which moves are legal. */
public final class RequestLifecycle {

    private static final Map<RequestState, Set<RequestState>> NEXT = new EnumMap<>(RequestState.class);

    static {
        NEXT.put(RequestState.RECEIVED, EnumSet.of(RequestState.REJECTED, RequestState.NEEDS_INFO, RequestState.PENDING_APPROVAL));
        NEXT.put(RequestState.NEEDS_INFO, EnumSet.of(RequestState.RECEIVED, RequestState.WITHDRAWN));
        NEXT.put(RequestState.PENDING_APPROVAL, EnumSet.of(RequestState.APPROVED, RequestState.DENIED, RequestState.WITHDRAWN));
        NEXT.put(RequestState.REJECTED, EnumSet.noneOf(RequestState.class));
        NEXT.put(RequestState.APPROVED, EnumSet.noneOf(RequestState.class));
        NEXT.put(RequestState.DENIED, EnumSet.noneOf(RequestState.class));
        NEXT.put(RequestState.WITHDRAWN, EnumSet.noneOf(RequestState.class));
    }

    private RequestLifecycle() {}

    public static boolean allowed(RequestState from, RequestState to) {
        return NEXT.get(from).contains(to);
    }

    /** Throws {@link IllegalTransitionException} naming both states and the legal moves. */
    public static void check(RequestState from, RequestState to) {
        if (!allowed(from, to)) throw new IllegalTransitionException(from, to, NEXT.get(from));
    }

    public static final class IllegalTransitionException extends IllegalStateException {
        IllegalTransitionException(RequestState from, RequestState to, Set<RequestState> legal) {
            super("a request in state " + from + " cannot move to " + to
                    + (legal.isEmpty() ? " (" + from + " is final)" : "; allowed: " + legal));
        }
    }
}
