package io.lexhub.model;

/** One level of an approval chain: who (role) and how many of them (ONE, ALL or QUORUM of n). */
public record ApprovalLevel(int level, String role, Mode mode, Integer quorum, String reason) {
    public enum Mode { ONE, ALL, QUORUM }
}
