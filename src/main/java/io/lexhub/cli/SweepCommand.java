package io.lexhub.cli;

import io.lexhub.app.HubConfiguration;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.jira.JiraSettings;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.sweep.SweepResult;
import io.lexhub.pipeline.sweep.Sweeps;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One run of a lifecycle sweep on the hub's database, by the same sweep code (pipeline/sweep) the
 * hub's timers call. Safe beside a running hub: every step is a conditional update. The notices
 * it queues go to the outbox, which the running hub sends (this process sends nothing).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a lifecycle sweep once on the hub's database (expiry: expiry reminders and sunsets; sla: approval "
                + "reminders and escalations; review: this month's review sample), or with --dry-run list what it would do "
                + "and write nothing. Exit 0 done, 1 some items failed (they are due again on the next run), 2 the database or "
                + "configuration cannot be read.")
final class SweepCommand implements Callable<Integer> {

    enum Sweep { expiry, sla, review }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SWEEP", description = "expiry, sla or review")
    Sweep sweep;

    @Option(names = "--dry-run", description = "run the sweep in transactions that are rolled back: list what it would do, commit nothing, queue no mail")
    boolean dryRun;

    @Option(names = "--at", paramLabel = "DATETIME", description = "with --dry-run: sweep as if it were this time: a day (2027-03-31, its start "
            + "in lexhub.zone), a local time (2027-03-31T09:00, in lexhub.zone) or an instant (2027-03-31T07:00:00Z)")
    String at;

    @Override
    public Integer call() {
        // a real sweep at another time would end waivers early or date its audit events falsely
        if (at != null && !dryRun) throw new ParameterException(spec.commandLine(), "--at needs --dry-run: a sweep that writes runs at the current time");
        SettingsSource source = SettingsSource.current();
        Settings settings = Settings.from(source);
        Instant when = at == null ? Instant.now() : parse(at, settings.zone());
        Clock clock = at == null ? Clock.systemUTC() : Clock.fixed(when, ZoneOffset.UTC);
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = settings.openHubDatabase(3)) {
            AuditTrail audit = new AuditTrail(AuditKeys.existing(settings.auditHmacKey(), settings.home()), new AuditRowStore());
            List<AuditTrail.Planned> planned = Collections.synchronizedList(new ArrayList<>());
            Tx tx = dryRun ? Tx.rehearsal(db.dataSource(), audit, planned::addAll) : new Tx(db.dataSource(), audit);
            Sweeps sweeps = sweeps(settings, source, tx, audit, clock, dryRun ? 1 : 2);
            SweepResult result;
            try {
                result = switch (sweep) {
                    case expiry -> sweeps.expiry().run();
                    case sla -> sweeps.sla().run();
                    case review -> sweeps.reviews().run();
                };
            } catch (StoreException | IllegalStateException e) {
                spec.commandLine().getErr().println("the " + sweep + " sweep failed for some items (they stay due): " + e.getMessage());
                return 1;
            }
            if (dryRun) {
                for (AuditTrail.Planned p : planned) out.println("would record  " + p.requestRef() + "  " + p.type() + "  " + p.payload());
                out.println("dry run at " + when + ": " + result.summaryLine() + "; nothing was written");
            } else {
                out.println(result.summaryLine() + " at " + when + "; the running hub sends the notices it queued");
            }
            return 0;
        } catch (StoreException | IllegalStateException | PolicyException | IOException e) {
            spec.commandLine().getErr().println("cannot sweep the hub's database " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
    }

    /** The hub's sweeps over this process's own stores; its outbox sends nothing (the hub's does). */
    private static Sweeps sweeps(Settings settings, SettingsSource source, Tx tx, AuditTrail audit, Clock clock, int workers)
            throws IOException {
        OutboxStore outbox = new OutboxStore(tx, clock, settings.outboxClaim(), settings.outboxRetryBase());
        PolicyHolder policy = new PolicyHolder(PolicyLoader.load(settings.policyFile()));
        ApproverDirectory directory = HubConfiguration.directory(settings, policy, source);
        // the events a sweep causes go to the subscribers as the hub's own sweeps' do
        Notices notices = HubConfiguration.notices(settings, JiraSettings.from(source), HubConfiguration.languages(settings, source), source)
                .withEvents(new io.lexhub.notify.EventNotices(HubConfiguration.subscribers(settings, source), clock));
        // one worker in a dry run: the events are listed in the order the sweep meets them
        return Sweeps.of(tx, new RequestStore(tx, audit, outbox), new ApprovalStore(), new LifecycleStore(), audit, outbox, directory,
                notices, policy, clock, settings.zone(), Math.min(settings.sweepWorkers(), workers));
    }

    private Instant parse(String when, ZoneId zone) {
        try {
            if (when.length() == 10) return LocalDate.parse(when).atStartOfDay(zone).toInstant();
            if (when.endsWith("Z") || when.matches(".*[+-]\\d\\d:\\d\\d$")) return OffsetDateTime.parse(when).toInstant();
            return LocalDateTime.parse(when).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "'" + when + "' is neither a day (2027-03-31), a local time (2027-03-31T09:00) "
                    + "nor an instant (2027-03-31T07:00:00Z)");
        }
    }
}
