package io.lexhub.portal;

import java.util.Locale;

/** The portal's words for states and roles: plain language for customers, never the hub's internal names. */
public final class PortalWords {

    private PortalWords() {}

    /** A request's state as a customer reads it. */
    public static String requestState(String state) {
        return switch (state) {
            case "RECEIVED" -> "Received";
            case "NEEDS_INFO" -> "We need more information";
            case "REJECTED" -> "Not accepted";
            case "PENDING_APPROVAL" -> "Being decided";
            case "APPROVED" -> "Approved";
            case "DENIED" -> "Declined";
            case "WITHDRAWN" -> "Withdrawn";
            default -> state;
        };
    }

    /** A waiver's state: in force, ended, revoked, renewed. */
    public static String waiverState(String state) {
        return switch (state) {
            case "ACTIVE" -> "In force";
            case "EXPIRED" -> "Ended";
            case "REVOKED" -> "Withdrawn by us";
            case "RENEWED" -> "Replaced by a renewal";
            default -> state;
        };
    }

    /** An approval role as the team that decides: "licensing" -> "Licensing team". */
    public static String team(String role) {
        if (role == null || role.isBlank()) return "";
        String words = role.replace('_', ' ').replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1).toLowerCase(Locale.ROOT) + " team";
    }
}
