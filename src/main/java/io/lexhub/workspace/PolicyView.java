package io.lexhub.workspace;

import io.lexhub.audit.AuditEvent;
import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the policy page shows: the policy in force (as loaded, not as the file now reads), the
 * SHA-256 of its file, and the newest reloads from the audit trail (policy.loaded events).
 */
public final class PolicyView {

    /** Reloads listed. */
    public static final int RELOADS = 50;

    /**
     * @param fileSha256 of config/policy.yaml as it is on disk now (null: unreadable); a reload that
     *                   was refused leaves the file and the policy in force apart
     */
    public record Page(Policy policy, String file, String fileSha256, List<AuditEvent> reloads) {}

    private final PolicyHolder policy;
    private final Path file;
    private final Tx tx;
    private final AuditTrail trail;

    public PolicyView(PolicyHolder policy, Path file, Tx tx, AuditTrail trail) {
        this.policy = policy;
        this.file = file;
        this.tx = tx;
        this.trail = trail;
    }

    public Page page() {
        return new Page(policy.current(), file.toString(), sha256(file), tx.read(c -> trail.latestOfType(c, "policy.loaded", RELOADS)));
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rule's condition in words, as the policy's explanations give it: "discountPercent > 15". */
    public static String condition(Policy.Condition c) {
        return c == null ? "always" : io.lexhub.policy.Conditions.render(c);
    }

    /** A chain's levels in words: "licensing (one), finance (all)". */
    public static String levels(List<Policy.LevelSpec> levels) {
        if (levels == null || levels.isEmpty()) return "no human level";
        return levels.stream().map(PolicyView::level).collect(Collectors.joining(", then "));
    }

    public static String level(Policy.LevelSpec l) {
        return l.role() + " (" + (l.mode() == null ? "one" : l.mode().toLowerCase(java.util.Locale.ROOT)) + (l.quorum() == null ? "" : " " + l.quorum()) + ")";
    }

    /** A limit, or "no limit". */
    public static String limit(Number n) {
        return n == null ? "no limit" : n.toString();
    }
}
