package io.lexhub.cli;

import io.lexhub.access.Principal;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.pipeline.events.EventDeadLetters;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.OutboxFailures;
import io.lexhub.store.OutboxFailures.Failed;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Events to subscribers the hub stopped trying to deliver (docs/events.md): list them, replay one.",
        subcommands = {EventsCommand.DeadLetters.class, EventsCommand.Replay.class})
final class EventsCommand {

    @Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "The oldest events given up on, with their last error.")
    static final class DeadLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--limit", defaultValue = "100", description = "how many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            return withDeadLetters(spec, letters -> {
                PrintWriter out = spec.commandLine().getOut();
                var list = letters.list(limit);
                if (list.isEmpty()) out.println("no dead letters: every event was delivered or is still being tried");
                for (Failed f : list) {
                    out.printf("#%d  %-18s to %-20s %s  %d tries  %s%n", f.id(), f.subject(), f.recipient(), f.requestRef(), f.attempts(),
                            f.lastError() == null ? "" : f.lastError().replaceAll("\\s+", " "));
                }
                return 0;
            });
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Deliver a dead-lettered event again (the running hub sends it, with its webhook-id unchanged). Exit 1 when ID is no dead letter.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the dead letter's number (see events dead-letters)")
        long id;

        @Override
        public Integer call() {
            return withDeadLetters(spec, letters -> {
                Principal operator = new Principal(System.getProperty("user.name", "unknown"), "cli", null, Set.of());
                if (letters.replay(id, operator) == EventDeadLetters.Outcome.NOT_FOUND) {
                    spec.commandLine().getOut().println("#" + id + " is no dead-lettered event");
                    return 1;
                }
                spec.commandLine().getOut().println("#" + id + " is due again; the running hub delivers it");
                return 0;
            });
        }
    }

    private static int withDeadLetters(CommandSpec spec, Function<EventDeadLetters, Integer> work) {
        Settings settings = SettingsSource.load();
        try (Database db = settings.openHubDatabase(1)) {
            AuditTrail audit = new AuditTrail(AuditKeys.existing(settings.auditHmacKey(), settings.home()), new AuditRowStore());
            Tx tx = new Tx(db.dataSource(), audit);
            return work.apply(new EventDeadLetters(tx, new OutboxFailures(tx, Clock.systemUTC()), audit, Clock.systemUTC()));
        } catch (IllegalStateException | StoreException e) {
            spec.commandLine().getErr().println("cannot reach the hub's outbox in " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
    }
}
