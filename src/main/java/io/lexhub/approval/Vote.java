package io.lexhub.approval;

/**
 * A recorded approval or denial. The seat is whose approval it counts as: the approver's own,
 * or the delegator's when the approver acts for them.
 */
public record Vote(int level, String seat, String approverId, String onBehalfOf, Kind kind) {
    public enum Kind { APPROVE, DENY }
}
