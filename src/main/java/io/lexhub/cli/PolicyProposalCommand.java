package io.lexhub.cli;

import io.lexhub.app.HubConfiguration;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.check.ConfigValidator;
import io.lexhub.pipeline.policy.PolicyProposals;
import io.lexhub.pipeline.policy.ProposalException;
import io.lexhub.pipeline.simulation.PolicySimulation;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.policy.PolicyText;
import io.lexhub.store.AssessmentHistory;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.PolicyProposalStore;
import io.lexhub.store.PolicyProposalStore.Proposal;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lexhub policy propose|proposals|approve|reject}: four eyes on the policy at the host
 * (docs/policy.md). The person is named with {@code --as} and must hold the policy-owner role; an
 * approval is applied by the running hub at its next reload tick. Exit 0, 1 refused, 2 cannot read.
 */
final class PolicyProposalCommand {

    private PolicyProposalCommand() {}

    @FunctionalInterface
    private interface Work {
        Integer run(PolicyProposals proposals, PrintWriter out, PrintWriter err);
    }

    /** The use case over the hub's database, the policy in force as the hub starts with it; refusals printed, exit 1. */
    private static Integer with(CommandSpec spec, String person, Work work) {
        Settings settings = SettingsSource.load();
        PrintWriter err = spec.commandLine().getErr();
        try (Database db = settings.openHubDatabase(2)) {
            if (person != null && !ApproverDirectory.load(settings.approversFile(), PolicyLoader.load(settings.policyFile())).policyOwner(person)) {
                err.println(person + " is not a policy owner (the policy-owner role of approvers.yaml)");
                return 1;
            }
            AuditTrail audit = new AuditTrail(AuditKeys.existing(settings.auditHmacKey(), settings.home()), new AuditRowStore());
            Tx tx = new Tx(db.dataSource(), audit);
            Clock clock = Clock.systemUTC();
            PolicyHolder inForce = new PolicyHolder(HubConfiguration.startingPolicy(settings, tx, true));
            PolicyProposals proposals = new PolicyProposals(tx, audit, new PolicyProposalStore(), inForce,
                    new PolicySimulation(tx, new AssessmentHistory(), new PolicyVersionStore(), settings.zone(), Runtime.getRuntime().availableProcessors(),
                            clock), clock);
            return work.run(proposals, spec.commandLine().getOut(), err);
        } catch (ProposalException e) {
            err.println("refused: " + String.join("; ", e.problems()));
            return 1;
        } catch (RuntimeException e) {
            err.println("cannot use the hub's database " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
    }

    private static String actor(String person) {
        return KeyCommand.operator() + " as " + person;
    }

    private static void print(PrintWriter out, Proposal p, boolean full) {
        out.println(String.format("%-5d %-16s %-12s %-11s %-22s %s", p.id(), p.version(), p.sha256().substring(0, 12), p.state(), p.proposer(),
                p.decidedBy() == null ? "-" : p.decidedBy() + (p.reason() == null ? "" : ": " + p.reason())));
        if (!full) return;
        out.println(p.diff());
        if (p.simulation() != null) out.println("simulation: " + p.simulation());
    }

    @Command(name = "propose", mixinStandardHelpOptions = true,
            description = "Propose FILE as the new policy (four eyes): checked, tried on the last twelve months, then waits for another policy owner.")
    static final class Propose implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE", description = "the candidate policy.yaml")
        Path file;
        @Option(names = "--as", required = true, paramLabel = "ID", description = "who proposes it: a policy owner's id in approvers.yaml")
        String person;

        @Override
        public Integer call() {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            try {
                PolicyText.parse(text, file.getFileName().toString());
            } catch (PolicyException e) {
                // each problem with its file and line, as lexhub validate prints it; the refusal is audited below
                ConfigValidator.policyProblems(file, e).forEach(p -> spec.commandLine().getErr().println("  " + p));
            }
            return with(spec, person, (proposals, out, err) -> {
                Proposal p = proposals.propose(text, person, actor(person));
                print(out, p, true);
                out.println("proposal " + p.id() + " waits for another policy owner: lexhub policy approve " + p.id() + " --as ID");
                return 0;
            });
        }
    }

    @Command(name = "proposals", mixinStandardHelpOptions = true,
            description = "The newest proposals (id, version, sha256, state, proposer, decision); with an ID, its diff and simulation, or --text its text.")
    static final class ListProposals implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "one proposal")
        Long id;
        @Option(names = "--text", description = "print the proposal's exact text (for policy simulate --candidate)")
        boolean text;

        @Override
        public Integer call() {
            return with(spec, null, (proposals, out, err) -> {
                if (id == null) {
                    var all = proposals.list(100);
                    if (all.isEmpty()) out.println("no proposal yet");
                    all.forEach(p -> print(out, p, false));
                    return 0;
                }
                Proposal p = proposals.find(id);
                if (text) out.print(p.text());
                else print(out, p, true);
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve proposal ID as another policy owner than its proposer; the running hub applies it at its next reload tick.")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long id;
        @Option(names = "--as", required = true, paramLabel = "ID", description = "who approves: a policy owner's id, not the proposer")
        String person;
        @Option(names = "--reason", description = "why (kept with the decision)")
        String reason;

        @Override
        public Integer call() {
            return with(spec, person, (proposals, out, err) -> {
                print(out, proposals.approve(id, person, actor(person), reason), false);
                return 0;
            });
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject proposal ID, with a reason; the policy in force stays.")
    static final class Reject implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long id;
        @Option(names = "--as", required = true, paramLabel = "ID", description = "who rejects: a policy owner's id")
        String person;
        @Option(names = "--reason", required = true, description = "why")
        String reason;

        @Override
        public Integer call() {
            return with(spec, person, (proposals, out, err) -> {
                print(out, proposals.reject(id, person, actor(person), reason), false);
                return 0;
            });
        }
    }
}
