package io.lexhub.validation;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a renewal may renew: an active waiver of the same customer, product and type that has no
 * live renewal yet. A waiver has at most one live renewal, so a chain never forks and every
 * renewal counts towards the policy's maxRenewals; a refused renewal names the waiver to renew.
 */
public final class RenewalRule {

    private RenewalRule() {}

    /** The issues of a request that renews {@code r.renews()}; none when it renews nothing. */
    public static List<Issue> check(ExceptionRequest r, Optional<RenewalTarget> target) {
        String renews = r.renews();
        if (renews == null) return List.of();
        if (target.isEmpty()) {
            return List.of(Issue.invalid("renews", "unknown", renews + " is not an approved exception"));
        }
        RenewalTarget w = target.get();
        boolean sameDeal = r.customer() != null && w.customerId().equals(r.customer().id()) && w.product().equals(r.product())
                && r.type() != null && w.type().equals(r.type().name());
        if (!sameDeal) {
            // someone else's waiver: its chain is none of this requester's business
            return List.of(Issue.invalid("renews", "other-waiver", renews + " is a " + w.type() + " waiver of another customer, product or type"));
        }
        List<Issue> issues = new ArrayList<>();
        boolean newerExists = !w.newestInChain().equals(w.reference());
        if (!w.liveRenewals().isEmpty()) {
            RenewalTarget.LiveRenewal live = w.liveRenewals().get(0);
            String instead = "APPROVED".equals(live.state())
                    ? "please renew " + w.newestInChain() + ", the newest waiver of the chain, instead"
                    : "please wait for its decision and then renew it, or amend " + live.reference() + " instead";
            issues.add(Issue.invalid("renews", "already-renewed", renews + " already has a renewal, " + live.reference() + " ("
                    + live.state() + "); a waiver is renewed at most once at a time: " + instead + "."));
        } else if (!"ACTIVE".equals(w.state())) {
            issues.add(Issue.invalid("renews", "not-active", renews + " is " + w.state() + "; only an active waiver can be renewed, "
                    + (newerExists ? "please renew " + w.newestInChain() + ", the newest waiver of the chain, instead"
                            : "please submit a new request")));
        }
        return issues;
    }
}
