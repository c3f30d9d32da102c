package io.lexhub.policy;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force with its text; swapped atomically so a request never sees half of a new
 * policy, and the digest a request records is always that of the policy it was assessed under.
 */
public final class PolicyHolder {

    private final AtomicReference<PolicyText> current;

    /** A policy built in code, without a text (tests, tools that record nothing). */
    public PolicyHolder(Policy initial) {
        this(new PolicyText(initial, null, null));
    }

    public PolicyHolder(PolicyText initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Policy current() {
        return current.get().policy();
    }

    /** The policy in force with its text and digest, read together. */
    public PolicyText inForce() {
        return current.get();
    }

    public void replace(PolicyText next) {
        current.set(next);
    }
}
