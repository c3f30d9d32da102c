package io.lexhub.pipeline.policy;

/**
 * Puts the policy approved last in force on this node, through the path hot reload uses
 * (app/ConfigReloader): recorded in policy_versions with who approved it, then swapped in.
 */
@FunctionalInterface
public interface PolicyApplier {
    void applyApproved();
}
