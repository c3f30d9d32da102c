package io.lexhub.cli;

import io.lexhub.access.Sessions;
import io.lexhub.access.SignInLinks;
import io.lexhub.app.HubConfiguration;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.SessionStore;
import io.lexhub.store.SignInLinkStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A sign-in link printed at the console (docs/identity.md, the embedded default): how the first
 * person signs in to a hub that sends no mail yet. Written into the hub's own database (the
 * running hub's embedded H2 is served to this command), audited with the operator as the actor;
 * the link works once, for lexhub.auth.link.minutes, in the first browser that opens it.
 */
@Command(name = "sign-in-link", mixinStandardHelpOptions = true,
        description = "Print a single-use sign-in link for a person of approvers.yaml (e.g. the first administrator while no SMTP is configured). "
                + "It works once, for lexhub.auth.link.minutes (15), in the first browser that opens it.")
final class SignInLinkCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PERSON_ID", description = "the person's id in approvers.yaml, e.g. henrik.vogel")
    String personId;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SettingsSource props = SettingsSource.current();
        Settings settings = Settings.from(props);
        try (Database db = settings.openHubDatabase(2)) {
            SignInLinks.Config config = SignInLinks.Config.from(props);
            ApproverDirectory directory = HubConfiguration.directory(settings, new PolicyHolder(PolicyLoader.load(settings.policyFile())), props);
            AuditTrail audit = new AuditTrail(AuditKeys.existing(settings.auditHmacKey(), settings.home()), new AuditRowStore());
            Tx tx = new Tx(db.dataSource(), audit);
            Clock clock = Clock.systemUTC();
            // the session is opened by the hub when the link is used; these timeouts are not used here
            Sessions sessions = new Sessions(tx, new SessionStore(), audit, directory, clock, Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(10));
            SignInLinks links = new SignInLinks(tx, new SignInLinkStore(), null, null, audit, directory, sessions, clock, settings.publicUrl(), config);
            String url = links.issueAtConsole(personId, KeyCommand.operator());
            spec.commandLine().getOut().println(url);
            spec.commandLine().getErr().println("a sign-in link for " + personId + ": open it within " + config.validity().toMinutes()
                    + " minutes in the browser you will use; it works once, and only in the first browser that opens it."
                    + (config.enabled() ? "" : " Sign-in links are off on this hub (lexhub.auth.link.enabled = false): the hub will refuse it."));
            return 0;
        } catch (IllegalArgumentException | PolicyException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (IllegalStateException | io.lexhub.store.StoreException e) {
            spec.commandLine().getErr().println("cannot reach the hub's database " + settings.dbUrl().replaceAll("password=[^;&]*", "password=***") + ": "
                    + e.getMessage());
            return 2;
        }
    }
}
