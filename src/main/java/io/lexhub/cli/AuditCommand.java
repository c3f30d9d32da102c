package io.lexhub.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.audit.Adoption;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.Checkpoint;
import io.lexhub.audit.RecordedTables;
import io.lexhub.audit.FullCheck;
import io.lexhub.audit.Reconciliation;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.model.Json;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit trail tools.", subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole audit chain of the hub's database (same lexhub.* settings as the hub), its signed head, "
                    + "and that every row that grants a right or records an outcome (requests, approval levels, votes, decisions, "
                    + "waivers, delegations, approver keys) is the one the chain's latest record of it describes. "
                    + "With --checkpoint, also check that the chain still holds the checkpoint's last event, which "
                    + "detects deleted newest events even when an old head was put back. "
                    + "With --adopt (once, after upgrading a database with rows from before row records, hub stopped), "
                    + "record those rows as the baseline first. "
                    + "Prints OK or each problem; exit 0 when intact, 1 when not, 2 when the database or checkpoint cannot be read.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "a checkpoint written by audit export")
        Path checkpoint;

        @Option(names = "--adopt", description = "one time, after the upgrade and with the hub stopped: record the rows written before "
                + "the hub recorded rows (refused when the chain is broken or a baseline exists)")
        boolean adopt;

        @Option(names = "--max-problems", paramLabel = "N", defaultValue = "100", description = "rows to list at most (all are counted); default ${DEFAULT-VALUE}")
        int maxProblems;

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
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = settings.openHubDatabase(2)) {
                AuditTrail trail = trail(settings);
                Tx tx = new Tx(db.dataSource());
                if (adopt && !adopt(tx, trail, out)) return 1;
                // in a transaction, so that PostgreSQL streams the rows (a cursor needs auto-commit off)
                return tx.inTransaction(c -> {
                    FullCheck.Result check = FullCheck.run(c, trail, cp, maxProblems);
                    AuditTrail.VerifyResult chain = check.chain();
                    Reconciliation.Summary rows = check.rows();
                    out.println(chain.message());
                    check.shown().forEach(p -> out.println("BROKEN row: " + p));
                    if (rows.problems() == 0) {
                        out.println("OK: " + rows.total() + " rows match the audit trail (" + perTable(rows.rows()) + ")");
                    } else {
                        if (rows.problems() > maxProblems) out.println("... and " + (rows.problems() - maxProblems) + " more");
                        out.println("BROKEN: " + rows.problems() + " of " + rows.total() + " rows are not what the audit trail recorded");
                    }
                    return chain.ok() && rows.problems() == 0 ? 0 : 1;
                });
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("cannot read the audit trail of " + settings.dbUrl() + ": " + e.getMessage());
                return 2;
            }
        }

        /** Records the rows that have no record yet, once; false (with the reason printed) when refused. */
        private boolean adopt(Tx tx, AuditTrail trail, PrintWriter out) {
            AuditTrail.VerifyResult chain = tx.read(trail::verify);
            boolean unsignedHeadOnly = !chain.ok() && chain.message().contains("carries no HMAC");
            if (!chain.ok() && !unsignedHeadOnly) {
                out.println("not adopted: " + chain.message());
                return false;
            }
            Adoption adoption = new Adoption(trail);
            Optional<String> done = tx.read(adoption::baseline);
            if (done.isPresent()) {
                out.println("not adopted: the rows were adopted already (" + done.get() + "); rows without a record since were written behind the hub's back");
                return false;
            }
            Map<String, Long> adopted = tx.inTransaction(read -> adoption.adopt(read,
                    work -> tx.inTransaction(c -> {
                        work.run(c);
                        return null;
                    }), RecordedTables.ALL, "operator:adopt"));
            out.println("adopted " + adopted.values().stream().mapToLong(Long::longValue).sum() + " rows (" + perTable(adopted) + ")");
            return true;
        }

        private static String perTable(Map<String, Long> rows) {
            return rows.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
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
            try (Database db = settings.openHubDatabase(1)) {
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
        return new AuditTrail(AuditKeys.existing(settings.auditHmacKey(), settings.home()), new AuditRowStore());
    }
}
