package io.lexhub.app;

import io.lexhub.api.HealthApi;
import io.lexhub.model.Json;
import io.lexhub.store.NodeConfigStore;
import io.lexhub.store.NodeConfigStore.NodeConfig;
import io.lexhub.store.Tx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this node runs on, published in node_config (V50) so every node can compare: the digest of
 * each file and of each set (routes, config, policy; app/ConfigDigests). Published at start and
 * after each reload the node applies; {@link #heartbeat()} (route node-heartbeat) marks it alive.
 * A node not seen for three heartbeats has stopped and no longer counts. A config file changed on
 * disk is not what the node runs until it restarts, so the config set stays as read at start.
 */
public final class NodeDigests implements HealthApi.ConfigDrift {

    static final List<String> SETS = List.of("routes", "config", "policy");

    private final Tx tx;
    private final NodeConfigStore store;
    private final Clock clock;
    private final String node;
    private final Duration staleAfter;
    private final OffsetDateTime startedAt;
    private final Map<String, String> routes;
    private final Map<String, String> config;
    private final Map<String, String> policy = new TreeMap<>();
    /** The last publication failed (database away): the next heartbeat writes the whole row. */
    private volatile boolean unpublished = true;

    /** @param policySha256 the policy text in force (with four eyes it may differ from the file) */
    NodeDigests(Tx tx, NodeConfigStore store, Clock clock, String node, Duration heartbeat, Path routesDir, Path configDir, String policySha256) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
        this.node = node;
        this.staleAfter = heartbeat.multipliedBy(3);
        this.startedAt = OffsetDateTime.now(clock);
        this.routes = ConfigDigests.routes(routesDir);
        this.config = ConfigDigests.config(configDir);
        policy.put(ConfigDigests.POLICY, policySha256 == null ? ConfigDigests.file(configDir.resolve("policy.yaml")) : policySha256);
    }

    String node() {
        return node;
    }

    /** The digests this node runs on now, by set then file (for tests and the published row). */
    synchronized Map<String, Map<String, String>> running() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put("routes", new TreeMap<>(routes));
        all.put("config", new TreeMap<>(config));
        all.put("policy", new TreeMap<>(policy));
        return all;
    }

    /** After route files were reloaded: their new digests, then the row. */
    void routesApplied(Map<String, String> changed) {
        synchronized (this) {
            routes.putAll(changed);
        }
        publish();
    }

    /** After a policy text took effect (a reload, or with four eyes an approved proposal). */
    void policyApplied(String sha256) {
        synchronized (this) {
            policy.put(ConfigDigests.POLICY, sha256);
        }
        publish();
    }

    /** Writes this node's row: at start and after each reload it applies. */
    public void publish() {
        Map<String, Map<String, String>> sets = running();
        OffsetDateTime now = OffsetDateTime.now(clock);
        NodeConfig row = new NodeConfig(node, startedAt, now, now, ConfigDigests.set(sets.get("routes")), ConfigDigests.set(sets.get("config")),
                ConfigDigests.set(sets.get("policy")), Json.write(sets));
        unpublished = true;
        tx.inTransaction(c -> {
            store.publish(c, row);
            return null;
        });
        unpublished = false;
    }

    /** This node is alive (route node-heartbeat); its whole row is written again should it be gone or out of date. */
    public void heartbeat() {
        if (unpublished || !tx.inTransaction(c -> store.seen(c, node, OffsetDateTime.now(clock)))) publish();
    }

    @Override
    public Fleet fleet() {
        List<NodeConfig> live = tx.read(c -> store.seenSince(c, OffsetDateTime.now(clock).minus(staleAfter)));
        Map<String, String> mine = mine();
        Map<String, Object> nodes = new TreeMap<>();
        Map<String, List<String>> differs = new TreeMap<>();
        for (NodeConfig n : live) {
            Map<String, String> theirs = sets(n);
            Map<String, Object> entry = new LinkedHashMap<>(theirs);
            entry.put("seenAt", n.seenAt().toInstant().toString());
            nodes.put(n.nodeId(), entry);
            List<String> other = new ArrayList<>();
            for (String set : SETS) if (!theirs.get(set).equals(mine.get(set))) other.add(set);
            if (!other.isEmpty() && !n.nodeId().equals(node)) differs.put(n.nodeId(), other);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("node", node);
        detail.put("nodes", nodes);
        detail.put("drift", differs);
        return new Fleet(!differs.isEmpty(), detail);
    }

    /** This node's set digests, from memory: what it runs, even before its row is back. */
    private Map<String, String> mine() {
        Map<String, Map<String, String>> sets = running();
        Map<String, String> m = new LinkedHashMap<>();
        for (String set : SETS) m.put(set, ConfigDigests.set(sets.get(set)));
        return m;
    }

    private static Map<String, String> sets(NodeConfig n) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("routes", n.routesSha256());
        m.put("config", n.configSha256());
        m.put("policy", n.policySha256());
        return m;
    }
}
