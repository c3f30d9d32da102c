package io.lexhub.policy;

import java.util.concurrent.atomic.AtomicReference;

/** The policy in force; swapped atomically so a request never sees half of a new policy. */
public final class PolicyHolder {

    private final AtomicReference<Policy> current;

    public PolicyHolder(Policy initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Policy current() {
        return current.get();
    }

    public void replace(Policy next) {
        current.set(next);
    }
}
