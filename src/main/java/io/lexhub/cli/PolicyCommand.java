package io.lexhub.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.store.Database;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.PolicyVersionStore.Version;
import io.lexhub.store.Tx;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lexhub policy}: the policy history (list, show, diff), the what-if replay (simulate) and four eyes (propose, proposals, approve, reject). docs/policy.md. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "The policy's history and what-if replay (docs/policy.md).",
        subcommands = {PolicySimulateCommand.class, PolicyCommand.ListVersions.class, PolicyCommand.Show.class, PolicyCommand.Diff.class,
            PolicyProposalCommand.Propose.class, PolicyProposalCommand.ListProposals.class, PolicyProposalCommand.Approve.class,
            PolicyProposalCommand.Reject.class})
final class PolicyCommand {

    private PolicyCommand() {}

    /** Reads the recorded versions of the hub's database; exit 2 when it cannot be read. */
    private static Integer withVersions(CommandSpec spec, VersionsWork work) {
        Settings settings = SettingsSource.load();
        try (Database db = settings.openHubDatabase(1)) {
            PolicyVersionStore store = new PolicyVersionStore();
            return new Tx(db.dataSource()).read(c -> work.run(store, c, spec.commandLine().getOut()));
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("cannot read the hub's database " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
    }

    @FunctionalInterface
    private interface VersionsWork {
        Integer run(PolicyVersionStore store, java.sql.Connection c, PrintWriter out) throws java.sql.SQLException;
    }

    private static Optional<Version> find(PolicyVersionStore store, java.sql.Connection c, String name, CommandSpec spec)
            throws java.sql.SQLException {
        Optional<Version> v = store.find(c, name);
        if (v.isEmpty()) spec.commandLine().getErr().println("no recorded policy version '" + name + "' (lexhub policy list shows them)");
        return v;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every policy text that took effect, oldest first: id, version, SHA-256, when, how, approved by. Exit 0, 2 cannot read the database.")
    static final class ListVersions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return withVersions(spec, (store, c, out) -> {
                List<Version> all = store.list(c);
                if (all.isEmpty()) out.println("no policy recorded yet: the hub records the policy in force when it starts");
                out.println(String.format("%-5s %-16s %-12s %-25s %-26s %s", "id", "version", "sha256", "took effect", "how", "approved by"));
                for (Version v : all) {
                    out.println(String.format("%-5d %-16s %-12s %-25s %-26s %s", v.id(), v.version(), v.sha256().substring(0, 12),
                            v.tookEffectAt().toInstant(), v.takenBy(), v.approvedBy() == null ? "-" : v.approvedBy() + " at " + v.approvedAt().toInstant()));
                }
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the exact text of a recorded policy version. Exit 0, 1 unknown version, 2 cannot read the database.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--version", paramLabel = "V", required = true,
                description = "the version label (the newest text with it), the id of lexhub policy list, or the SHA-256 (8 hex digits at least)")
        String version;

        @Override
        public Integer call() {
            return withVersions(spec, (store, c, out) -> {
                Optional<Version> v = find(store, c, version, spec);
                if (v.isEmpty()) return 1;
                out.print(v.get().text());
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "A unified diff of two recorded policy texts, from V1 to V2. Exit 0, 1 unknown version, 2 cannot read the database.")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "V1", description = "the older version (label, id or SHA-256)")
        String from;

        @Parameters(index = "1", paramLabel = "V2", description = "the newer version (label, id or SHA-256)")
        String to;

        @Override
        public Integer call() {
            return withVersions(spec, (store, c, out) -> {
                Optional<Version> a = find(store, c, from, spec);
                Optional<Version> b = find(store, c, to, spec);
                if (a.isEmpty() || b.isEmpty()) return 1;
                List<String> left = a.get().text().lines().toList();
                List<String> right = b.get().text().lines().toList();
                List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(label(a.get()), label(b.get()), left, DiffUtils.diff(left, right), 3);
                if (diff.isEmpty()) out.println("the texts of " + label(a.get()) + " and " + label(b.get()) + " are identical");
                diff.forEach(out::println);
                return 0;
            });
        }

        private static String label(Version v) {
            return "policy " + v.version() + " (id " + v.id() + ", sha256 " + v.sha256().substring(0, 12) + ")";
        }
    }
}
