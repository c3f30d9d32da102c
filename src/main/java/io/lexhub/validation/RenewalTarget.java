package io.lexhub.validation;

import java.util.List;

/**
 * The waiver a renewal names, as stored when the renewal is assessed: what it is, how many
 * renewals led to it, its live renewals (pending or approved, revoked ones do not count) and the
 * newest waiver of its chain, which is the one to renew.
 */
public record RenewalTarget(String reference, String state, String customerId, String product, String type, int renewalCount,
        List<LiveRenewal> liveRenewals, String newestInChain) {

    public RenewalTarget {
        liveRenewals = List.copyOf(liveRenewals);
    }

    /** A renewal request of this waiver that is still open, or was approved (its waiver not revoked). */
    public record LiveRenewal(String reference, String state) {}

    /** Which renewal of its chain a new renewal of this waiver would be. */
    public int nextRenewalNumber() {
        return renewalCount + 1;
    }
}
