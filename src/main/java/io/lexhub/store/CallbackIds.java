package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The webhook-ids of accepted callbacks (table webhook_callbacks, V43): an id seen before is a replay. */
public final class CallbackIds {

    public boolean seen(Connection c, String subscriberId, String webhookId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM webhook_callbacks WHERE subscriber_id = ? AND webhook_id = ?")) {
            ps.setString(1, subscriberId);
            ps.setString(2, webhookId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records the id in the caller's transaction; false when this subscriber sent it before (nothing written). */
    public boolean firstTime(Connection c, String subscriberId, String webhookId, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_callbacks (subscriber_id, webhook_id, received_at) SELECT ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM webhook_callbacks WHERE subscriber_id = ? AND webhook_id = ?)")) {
            ps.setString(1, subscriberId);
            ps.setString(2, webhookId);
            ps.setObject(3, now);
            ps.setString(4, subscriberId);
            ps.setString(5, webhookId);
            return ps.executeUpdate() == 1;
        }
    }
}
