package io.lexhub.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.check.ConfigValidator;
import io.lexhub.check.Problem;
import io.lexhub.insight.Period;
import io.lexhub.model.Json;
import io.lexhub.pipeline.simulation.PolicySimulation;
import io.lexhub.pipeline.simulation.SimulationReport;
import io.lexhub.pipeline.simulation.Totals;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.policy.PolicyText;
import io.lexhub.store.AssessmentHistory;
import io.lexhub.store.Database;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replay every request received in a period through a candidate policy, with the intake's own domain code, and compare "
                + "with what the policy of the time decided: verdict, track, risk, tier and chain, auto-approval; per request and in total. "
                + "Writes nothing to the hub's database. Reads it with the same lexhub.* settings as the hub. "
                + "Exit 0 done, 1 the candidate is not a valid policy (each problem with its line), 2 cannot read a file or the database.")
final class PolicySimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--candidate", paramLabel = "FILE", required = true, description = "the policy to try, a policy.yaml")
    Path candidate;

    @Option(names = "--from", paramLabel = "WHEN", description = "first day (YYYY-MM-DD, UTC) or instant; default: every stored request")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "last day, included (YYYY-MM-DD, UTC), or instant, excluded; default: now")
    String to;

    @Option(names = "--out", paramLabel = "FILE", description = "write the report: report.html (charts and tables) or report.json")
    Path out;

    @Option(names = "--workers", paramLabel = "N", description = "replaying threads; default: the processors of this machine")
    Integer workers;

    @Override
    public Integer call() throws IOException {
        Period period;
        try {
            period = Period.parse(from == null ? "1970-01-01" : from, to, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String format = out == null ? null : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (format != null && !format.endsWith(".html") && !format.endsWith(".json")) {
            throw new ParameterException(spec.commandLine(), "--out must name a .html or a .json file");
        }
        PrintWriter err = spec.commandLine().getErr();
        PolicyText tried;
        try {
            tried = PolicyText.parse(Files.readString(candidate), candidate.getFileName().toString());
        } catch (IOException e) {
            err.println("cannot read the candidate " + candidate + ": " + e.getMessage());
            return 2;
        } catch (PolicyException e) {
            err.println("the candidate is not a valid policy; nothing was replayed:");
            for (Problem p : ConfigValidator.policyProblems(candidate, e)) err.println("  " + p);
            return 1;
        }
        Settings settings = SettingsSource.load();
        PolicyText inForce = PolicyLoader.loadText(settings.policyFile());
        SimulationReport report;
        try (Database db = settings.openHubDatabase(2)) {
            PolicySimulation simulation = new PolicySimulation(new Tx(db.dataSource()), new AssessmentHistory(), new PolicyVersionStore(),
                    settings.zone(), workers != null ? workers : Runtime.getRuntime().availableProcessors(), Clock.systemUTC());
            report = simulation.run(tried, inForce, period.from(), period.to(), new ProgressLine(err, System.console() != null));
        } catch (RuntimeException e) {
            err.println("cannot read the hub's database " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
        if (out != null) {
            String body = format.endsWith(".json") ? Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report)
                    : SimulationPage.render(report);
            Files.writeString(out, body, StandardCharsets.UTF_8);
        }
        summary(spec.commandLine().getOut(), report);
        return 0;
    }

    private void summary(PrintWriter o, SimulationReport r) {
        Totals.Figures t = r.totals();
        o.println("candidate " + r.candidateVersion() + " (sha256 " + r.candidateSha256().substring(0, 12) + ") against the stored assessments"
                + " (policy in force: " + r.inForceVersion() + "), requests received " + r.from() + " to " + r.to());
        o.println("replayed " + t.replayed() + ", changed " + t.changed());
        o.println("fast-track share " + share(t.before().fastTrackShare()) + " -> " + share(t.after().fastTrackShare())
                + "; auto-approvals " + t.before().autoApprovals() + " -> " + t.after().autoApprovals()
                + "; SLA hours " + t.before().slaHours() + " -> " + t.after().slaHours());
        o.println("tiers " + t.before().tiers() + " -> " + t.after().tiers());
        t.workloadChange().forEach((role, change) -> {
            if (change != 0) o.println("  " + role + ": " + (change > 0 ? "+" : "") + change + " requests to decide");
        });
        t.rulesChangingOutcomes().stream().limit(5).forEach(rc -> o.println("  rule " + rc.rule() + " changed " + rc.requests() + " outcomes"));
        if (out != null) o.println("report " + out);
        o.println("nothing was written to the hub's database");
    }

    private static String share(java.math.BigDecimal s) {
        return s == null ? "n/a" : s.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    /** On a terminal one line rewritten in place; otherwise a plain line every few seconds. */
    private static final class ProgressLine implements PolicySimulation.Progress {
        private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
        private final PrintWriter err;
        private final boolean terminal;
        private Duration lastPlain = Duration.ofSeconds(-10);

        ProgressLine(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void update(long replayed, long total, Duration elapsed) {
            boolean finished = replayed >= total;
            String line = "replayed " + replayed + " of " + total + (finished ? ", done in " + seconds(elapsed) : ", about " + left(replayed, total, elapsed) + " left");
            if (terminal) {
                err.print("\r" + line + "   " + (finished ? "\n" : ""));
                err.flush();
            } else if (finished || elapsed.minus(lastPlain).compareTo(PLAIN_EVERY) >= 0) {
                lastPlain = elapsed;
                err.println(line);
            }
        }

        private static String left(long replayed, long total, Duration elapsed) {
            if (replayed == 0) return "? s";
            return seconds(elapsed.multipliedBy(total - replayed).dividedBy(replayed));
        }

        private static String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
    }
}
