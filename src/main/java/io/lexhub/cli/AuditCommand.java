package io.lexhub.cli;

import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.store.Database;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "audit", description = "Audit trail tools.", subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole audit chain of the hub's database (same lexhub.* settings as the hub). "
                    + "Prints OK or the first broken link; exit 0 when intact, 1 when broken, 2 when the database cannot be read.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = SettingsSource.load();
            try (Database db = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
                AuditTrail trail = new AuditTrail(AuditKeys.resolve(settings.auditHmacKey(), settings.home()));
                AuditTrail.VerifyResult result = new Tx(db.dataSource()).read(trail::verify);
                spec.commandLine().getOut().println(result.message());
                return result.ok() ? 0 : 1;
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("cannot read the audit trail of " + settings.dbUrl() + ": " + e.getMessage());
                return 2;
            }
        }
    }
}
