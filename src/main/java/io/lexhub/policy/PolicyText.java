package io.lexhub.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A policy with the exact text it was read from and that text's SHA-256, so what is recorded
 * (policy_versions) and what a request is assessed under are the same bytes. The text and digest
 * are null for a policy built in code (tests).
 */
public record PolicyText(Policy policy, String text, String sha256) {

    /** Parses {@code text} with {@link PolicyLoader#parse}; a bad text throws its {@link PolicyException}. */
    public static PolicyText parse(String text, String sourceName) {
        return new PolicyText(PolicyLoader.parse(text, sourceName), text, sha256(text));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
