package io.lexhub.workspace;

import io.lexhub.lifecycle.ProposalState;
import io.lexhub.model.Json;
import io.lexhub.pipeline.policy.PolicyProposals;
import io.lexhub.store.PolicyProposalStore;
import io.lexhub.store.PolicyProposalStore.Proposal;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.PolicyVersionStore.Version;
import io.lexhub.store.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the policy page shows of the policy's changes: the history (every text that took effect,
 * newest first, with who approved it), one version with its diff to the one before, and the
 * proposals under four eyes with their diff and simulation summary (docs/policy.md).
 */
public final class PolicyChanges {

    /** Decided proposals listed under the open ones. */
    static final int DECIDED = 10;

    /** A proposal as the page shows it: its row, and its simulation's totals read from the stored summary. */
    public record ProposalView(Proposal proposal, Summary summary) {}

    /** The simulation's summary in figures; null figures when it could not be read. */
    public record Summary(String from, String to, long replayed, long changed, long autoBefore, long autoAfter, long peopleBefore, long peopleAfter,
            List<String> rules) {}

    /** One recorded text and the diff from the version recorded before it (null for the first). */
    public record VersionPage(Version version, Version previous, String diff) {}

    private final Tx tx;
    private final PolicyVersionStore versions;
    private final PolicyProposalStore proposals;

    public PolicyChanges(Tx tx, PolicyVersionStore versions, PolicyProposalStore proposals) {
        this.tx = tx;
        this.versions = versions;
        this.proposals = proposals;
    }

    /** Every recorded version, newest first. */
    public List<Version> history() {
        List<Version> all = new ArrayList<>(tx.read(versions::list));
        Collections.reverse(all);
        return all;
    }

    public Optional<VersionPage> version(long id) {
        return tx.read(c -> {
            Optional<Version> v = versions.find(c, String.valueOf(id)).filter(x -> x.id() == id);
            if (v.isEmpty()) return Optional.<VersionPage>empty();
            Version previous = null;
            for (Version x : versions.list(c)) if (x.id() < id) previous = x;
            Version before = previous == null ? null : versions.find(c, String.valueOf(previous.id())).orElse(null);
            String diff = before == null ? null : PolicyProposals.diff(label(before), before.text(), label(v.get()), v.get().text());
            return Optional.of(new VersionPage(v.get(), before, diff));
        });
    }

    /** The open proposals (oldest first), then the newest decided ones; each with its diff. */
    public List<ProposalView> proposals() {
        return tx.read(c -> {
            List<ProposalView> out = new ArrayList<>();
            List<Proposal> listed = proposals.list(c, DECIDED + 20);
            List<Proposal> open = new ArrayList<>(listed.stream().filter(p -> p.state() == ProposalState.PROPOSED).toList());
            Collections.reverse(open);
            List<Proposal> decided = listed.stream().filter(p -> p.state() != ProposalState.PROPOSED).limit(DECIDED).toList();
            for (Proposal p : open) out.add(view(proposals.find(c, p.id()).orElseThrow()));
            for (Proposal p : decided) out.add(view(proposals.find(c, p.id()).orElseThrow()));
            return out;
        });
    }

    /** A proposal's state in words. */
    public static String stateInWords(ProposalState s) {
        return switch (s) {
            case PROPOSED -> "waiting for a policy owner";
            case APPROVED -> "approved, being applied";
            case APPLIED -> "approved and in force";
            case REJECTED -> "rejected";
            case SUPERSEDED -> "replaced by a newer proposal";
        };
    }

    private static String label(Version v) {
        return "policy " + v.version() + " (id " + v.id() + ")";
    }

    private static ProposalView view(Proposal p) {
        if (p.simulation() == null) return new ProposalView(p, null);
        var s = Json.readTree(p.simulation());
        var t = s.path("totals");
        List<String> rules = new ArrayList<>();
        t.path("rulesChangingOutcomes").forEach(r -> rules.add(r.path("rule").asText() + " (" + r.path("requests").asLong() + ")"));
        return new ProposalView(p, new Summary(s.path("from").asText(), s.path("to").asText(), t.path("replayed").asLong(), t.path("changed").asLong(),
                t.path("before").path("autoApprovals").asLong(), t.path("after").path("autoApprovals").asLong(),
                t.path("before").path("needingPeople").asLong(), t.path("after").path("needingPeople").asLong(), rules.stream().limit(5).toList()));
    }
}
