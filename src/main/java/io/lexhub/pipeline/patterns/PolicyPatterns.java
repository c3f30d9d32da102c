package io.lexhub.pipeline.patterns;

import io.lexhub.insight.Period;
import io.lexhub.insight.ReviewPatterns;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.PatternStore;

/**
 * The patterns of a period for the policy review (docs/practice-and-patterns.md), with the
 * policy's settings in force: the one path behind the API, the dashboard and the policy owner's mail.
 */
public final class PolicyPatterns {

    private final PatternStore store;
    private final PolicyHolder policy;

    public PolicyPatterns(PatternStore store, PolicyHolder policy) {
        this.store = store;
        this.policy = policy;
    }

    public ReviewPatterns of(Period period) {
        Policy.PolicyReview s = policy.current().policyReviewOrDefault();
        return ReviewPatterns.of(period.from().toString(), period.to().toString(), s,
                store.grants(period.from(), period.to()),
                store.renewalsPast(period.from(), period.to(), s.renewalChainLimit()),
                store.againstTheScore(period.from(), period.to(), s.overrideHighScore(), s.overrideLowScore()));
    }

    /** The settings in force (cadence, period length), for the mail's timer. */
    public Policy.PolicyReview settings() {
        return policy.current().policyReviewOrDefault();
    }
}
