package io.lexhub.cli;

import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.pipeline.ApproverKeys;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.Database;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "approver-key", mixinStandardHelpOptions = true,
        description = "Issue an API key for an approver of config/approvers.yaml. The key is printed once; only its hash is stored.")
final class ApproverKeyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "APPROVER_ID", description = "the approver's id in approvers.yaml")
    String approverId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = SettingsSource.load();
        try (Database db = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 2).migrate()) {
            ApproverDirectory directory = ApproverDirectory.load(settings.approversFile(), PolicyLoader.load(settings.policyFile()));
            AuditTrail audit = AuditCommand.trail(settings);
            String key = new ApproverKeys(new Tx(db.dataSource(), audit), new ApprovalStore(), audit, "operator:cli", directory, Clock.systemUTC())
                    .issue(approverId);
            spec.commandLine().getOut().println(key);
            spec.commandLine().getErr().println("API key for " + approverId + " issued; keep it secret, it is not shown again.");
            return 0;
        } catch (IllegalArgumentException | PolicyException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }
}
