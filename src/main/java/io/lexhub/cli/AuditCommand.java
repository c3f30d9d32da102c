package io.lexhub.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.Checkpoint;
import io.lexhub.store.Database;
import io.lexhub.store.Json;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit trail tools.", subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole audit chain of the hub's database (same lexhub.* settings as the hub). "
                    + "With --checkpoint, also check that the chain still holds the checkpoint's last event, which "
                    + "detects deleted newest events even when the head was rewritten to match. "
                    + "Prints OK or the first broken link; exit 0 when intact, 1 when broken, 2 when the database or checkpoint cannot be read.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "a checkpoint written by audit export")
        Path checkpoint;

        @Override
        public Integer call() {
            Settings settings = SettingsSource.load();
            Checkpoint cp;
            try {
                cp = checkpoint == null ? null : Json.MAPPER.readValue(Files.readString(checkpoint), Checkpoint.class);
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot read the checkpoint " + checkpoint + ": " + e.getMessage());
                return 2;
            }
            try (Database db = settings.openDatabase(1)) {
                AuditTrail trail = trail(settings);
                AuditTrail.VerifyResult result = new Tx(db.dataSource()).read(c -> cp == null ? trail.verify(c) : trail.verify(c, cp));
                spec.commandLine().getOut().println(result.message());
                return result.ok() ? 0 : 1;
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("cannot read the audit trail of " + settings.dbUrl() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a signed checkpoint of the audit events in a time range (last seq and hash, count, times) "
                    + "to keep outside the system; audit verify --checkpoint checks the chain against it. The chain is "
                    + "verified first: a broken chain gets no checkpoint. Exit 0 written, 1 broken or empty range, 2 cannot read.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", paramLabel = "WHEN", description = "first day (YYYY-MM-DD, UTC) or instant; default: the beginning")
        String from;

        @Option(names = "--to", paramLabel = "WHEN", description = "last day, included (YYYY-MM-DD, UTC), or instant, excluded; default: now")
        String to;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the checkpoint file to write")
        Path out;

        @Override
        public Integer call() throws IOException {
            Instant now = Instant.now();
            Instant start = from == null ? Instant.EPOCH : parse(from, false);
            Instant end = to == null ? now : parse(to, true);
            Settings settings = SettingsSource.load();
            Optional<Checkpoint> cp;
            try (Database db = settings.openDatabase(1)) {
                AuditTrail trail = trail(settings);
                AuditTrail.VerifyResult chain = new Tx(db.dataSource()).read(trail::verify);
                if (!chain.ok()) {
                    spec.commandLine().getOut().println("no checkpoint written: " + chain.message());
                    return 1;
                }
                cp = new Tx(db.dataSource()).read(c -> trail.checkpoint(c, start, end, now));
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("cannot read the audit trail of " + settings.dbUrl() + ": " + e.getMessage());
                return 2;
            }
            if (cp.isEmpty()) {
                spec.commandLine().getOut().println("no checkpoint written: no audit events from " + start + " to " + end);
                return 1;
            }
            Files.writeString(out, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(cp.get()) + "\n");
            Checkpoint c = cp.get();
            spec.commandLine().getOut().println("checkpoint " + out + ": " + c.count() + " events, " + c.firstSeq() + ".." + c.lastSeq()
                    + " (" + c.firstAt() + " .. " + c.lastAt() + "), last hash " + c.lastHash());
            return 0;
        }

        /** A date means the whole day in UTC: --to 2026-11-30 includes the 30th. */
        private Instant parse(String when, boolean endOfDay) {
            try {
                if (when.length() == 10) {
                    LocalDate day = LocalDate.parse(when);
                    return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                return Instant.parse(when);
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "'" + when + "' is neither a date (2026-11-30) nor an instant (2026-11-30T12:00:00Z)");
            }
        }
    }

    static AuditTrail trail(Settings settings) {
        return new AuditTrail(AuditKeys.resolve(settings.auditHmacKey(), settings.home()));
    }
}
