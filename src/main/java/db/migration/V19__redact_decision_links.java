package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Earlier versions stored approval mails with their live decision links; from now on links are
 * written in only when a mail is sent. This takes the tokens out of every stored mail, so the
 * database and the API no longer show a link that decides. Links already mailed keep working.
 * In Java because H2 and PostgreSQL spell "replace every match" differently.
 */
public class V19__redact_decision_links extends BaseJavaMigration {

    private static final Pattern LINK = Pattern.compile("/mail-decisions/[A-Za-z0-9_-]+");

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (PreparedStatement find = c.prepareStatement("SELECT id, body FROM outbox WHERE body LIKE '%/mail-decisions/%'");
                PreparedStatement update = c.prepareStatement("UPDATE outbox SET body = ? WHERE id = ?");
                ResultSet rs = find.executeQuery()) {
            while (rs.next()) {
                update.setString(1, LINK.matcher(rs.getString(2)).replaceAll("/mail-decisions/[link removed: it was mailed to the approver]"));
                update.setLong(2, rs.getLong(1));
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
