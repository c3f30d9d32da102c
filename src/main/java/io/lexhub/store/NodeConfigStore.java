package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** What each node runs on (V50 node_config): the digests of its routes, config and policy, and its heartbeat. */
public final class NodeConfigStore {

    /** One node's row; {@code filesJson} holds the digest of every file of each set. */
    public record NodeConfig(String nodeId, OffsetDateTime startedAt, OffsetDateTime publishedAt, OffsetDateTime seenAt, String routesSha256,
            String configSha256, String policySha256, String filesJson) {}

    /** Writes this node's row (a node that restarts under the same id replaces its own). */
    public void publish(Connection c, NodeConfig n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE node_config SET started_at = ?, published_at = ?, seen_at = ?, routes_sha256 = ?, config_sha256 = ?,
                    policy_sha256 = ?, files_json = ? WHERE node_id = ?""")) {
            bind(ps, n);
            ps.setString(8, n.nodeId());
            if (ps.executeUpdate() == 1) return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO node_config (started_at, published_at, seen_at, routes_sha256, config_sha256, policy_sha256, files_json, node_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            bind(ps, n);
            ps.setString(8, n.nodeId());
            ps.executeUpdate();
        }
    }

    /** The heartbeat; false when the node has no row (removed by hand): the caller publishes it again. */
    public boolean seen(Connection c, String nodeId, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node_config SET seen_at = ? WHERE node_id = ?")) {
            ps.setObject(1, at);
            ps.setString(2, nodeId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The nodes seen at or after {@code since}, by id. */
    public List<NodeConfig> seenSince(Connection c, OffsetDateTime since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT node_id, started_at, published_at, seen_at, routes_sha256, config_sha256, policy_sha256, files_json
                FROM node_config WHERE seen_at >= ? ORDER BY node_id""")) {
            ps.setObject(1, since);
            List<NodeConfig> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NodeConfig(rs.getString("node_id"), rs.getObject("started_at", OffsetDateTime.class),
                            rs.getObject("published_at", OffsetDateTime.class), rs.getObject("seen_at", OffsetDateTime.class),
                            rs.getString("routes_sha256"), rs.getString("config_sha256"), rs.getString("policy_sha256"), rs.getString("files_json")));
                }
            }
            return out;
        }
    }

    private static void bind(PreparedStatement ps, NodeConfig n) throws SQLException {
        ps.setObject(1, n.startedAt());
        ps.setObject(2, n.publishedAt());
        ps.setObject(3, n.seenAt());
        ps.setString(4, n.routesSha256());
        ps.setString(5, n.configSha256());
        ps.setString(6, n.policySha256());
        ps.setString(7, n.filesJson());
    }
}
