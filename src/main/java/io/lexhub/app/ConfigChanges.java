package io.lexhub.app;

import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the hot reload's configuration changes on the audit trail (docs/audit-events.md): a reload
 * applied (config.reloaded), refused (config.refused), and a change to a config file that is read
 * only at start (config.changed). Each names the node that saw it and every changed file with its
 * old and new SHA-256. A policy reload applied is policy.loaded (app/PolicyHistory), with the same
 * fields.
 */
final class ConfigChanges {

    static final String ACTOR = "system:reload";

    /** One changed file: its name in its set (ConfigDigests), its digest before (null for a new file) and now. */
    record FileChange(String path, String oldSha256, String newSha256) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("oldSha256", oldSha256);
            m.put("newSha256", newSha256);
            return m;
        }
    }

    private final Tx tx;
    private final AuditTrail audit;
    private final Clock clock;
    private final String node;

    ConfigChanges(Tx tx, AuditTrail audit, Clock clock, String node) {
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.node = node;
    }

    String node() {
        return node;
    }

    /** @param set routes (the only set reloaded apart from the policy, which PolicyHistory records) */
    void reloaded(String set, List<FileChange> files, List<String> routeIds) {
        Map<String, Object> p = payload(set, files);
        p.put("routes", routeIds);
        append("config.reloaded", p);
    }

    /** @param set routes or policy; the running version stays */
    void refused(String set, List<FileChange> files, String reason) {
        Map<String, Object> p = payload(set, files);
        p.put("reason", reason);
        append("config.refused", p);
    }

    /** A file of the config set changed on disk: it takes effect when the node restarts. */
    void changed(List<FileChange> files) {
        Map<String, Object> p = payload("config", files);
        p.put("takesEffect", "at the next start");
        append("config.changed", p);
    }

    /** The fields every configuration event shares (policy.loaded too). */
    static Map<String, Object> files(String node, List<FileChange> files) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("node", node);
        p.put("files", files.stream().map(FileChange::json).toList());
        return p;
    }

    private Map<String, Object> payload(String set, List<FileChange> files) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("set", set);
        p.putAll(files(node, files));
        return p;
    }

    private void append(String type, Map<String, Object> payload) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            audit.append(c, at, null, type, ACTOR, Json.write(payload));
            return null;
        });
    }
}
