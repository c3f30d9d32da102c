package io.lexhub.cli;

import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.store.Database;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.QuarantineStore.Claim;
import io.lexhub.store.QuarantineStore.Item;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "quarantine", mixinStandardHelpOptions = true, description = "Inputs that could not become a request: list them, replay them.",
        subcommands = {QuarantineCommand.ListItems.class, QuarantineCommand.Replay.class})
final class QuarantineCommand {

    /** The hub's database through the same lexhub.* settings as the hub; the schema is the hub's to migrate. */
    static Database open(Settings settings) {
        return settings.openHubDatabase(1);
    }

    static QuarantineStore store(Database db) {
        return new QuarantineStore(new Tx(db.dataSource()), Clock.systemUTC(), Duration.ZERO);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest quarantined inputs with their status and reason.")
    static final class ListItems implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--limit", defaultValue = "50", description = "how many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            Settings settings = SettingsSource.load();
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = open(settings)) {
                var items = store(db).list(limit);
                if (items.isEmpty()) out.println("quarantine is empty");
                for (Item i : items) {
                    out.printf("#%d  %-16s %-4s %-30s %s  %s%n", i.id(), i.status(), i.source(),
                            i.fileName() == null ? "-" : i.fileName(), i.receivedAt(), oneLine(i.reason(), 100));
                    if (i.replayOutcome() != null) out.printf("      last replay: %s%n", oneLine(i.replayOutcome(), 120));
                }
                return 0;
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("cannot read the quarantine of " + settings.dbUrl() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Ask the running hub to put a quarantined input through intake again, and wait for the outcome. "
                    + "Exit 0 when it became a request, 1 when it failed again or cannot be replayed, 2 when the database "
                    + "cannot be read, 3 when no hub picked it up in time (it stays requested).")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the quarantine id (see quarantine list)")
        long id;

        @Option(names = "--wait", defaultValue = "60", description = "seconds to wait for the outcome; 0 returns at once (default: ${DEFAULT-VALUE})")
        int waitSeconds;

        @Override
        public Integer call() throws InterruptedException {
            Settings settings = SettingsSource.load();
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = open(settings)) {
                QuarantineStore store = store(db);
                Claim asked = store.requestReplay(id);
                if (!asked.claimed()) {
                    out.println("not replayed: " + asked.refusal());
                    return 1;
                }
                out.println("replay of #" + id + " requested; a running hub picks it up");
                Instant until = Instant.now().plusSeconds(waitSeconds);
                while (Instant.now().isBefore(until)) {
                    Optional<Item> item = store.get(id);
                    String status = item.map(Item::status).orElse("");
                    if (status.equals(QuarantineStore.REPLAYED)) {
                        out.println("replayed: " + item.get().replayOutcome());
                        return 0;
                    }
                    if (status.equals(QuarantineStore.REPLAY_FAILED)) {
                        out.println("replay failed: " + item.get().replayOutcome());
                        return 1;
                    }
                    Thread.sleep(500);
                }
                return waitSeconds == 0 ? 0 : timedOut(out);
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("cannot reach the quarantine of " + settings.dbUrl() + ": " + e.getMessage());
                return 2;
            }
        }

        private int timedOut(PrintWriter out) {
            out.println("no hub has picked it up yet; it stays requested (see lexhub quarantine list)");
            return 3;
        }
    }

    private static String oneLine(String s, int max) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
