package io.lexhub.approval;

import io.lexhub.model.ApprovalLevel;
import io.lexhub.policy.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Can every tier's chain be decided to the end, at every revenue impact the tier admits? Checked
 * at start-up and by {@code lexhub validate}. A chain is the tier's levels plus every extra level
 * that may be appended to it (the longest chain the tier can get). Each level is asked as
 * {@link LevelAudience} asks it, with the approval limits at that revenue and the rule that
 * nobody decides two levels; there is no request yet, so no conflict of interest. The check
 * passes when some order of decisions gets through every level.
 */
public final class ChainStaffing {

    /** A level nobody is left to decide, from a revenue impact on. */
    public record Gap(String tier, int level, String role, String mode, String origin, Double above, List<String> earlierDeciders) {

        public String message() {
            String at = above == null ? "at any revenue impact" : "above a revenue impact of " + Math.round(above);
            return "tier " + tier + ", level " + level + " (" + role + ", " + mode + ", from " + origin + "): nobody eligible is left to decide it "
                    + at + (earlierDeciders.isEmpty() ? "" : " once " + String.join(", ", earlierDeciders)
                            + (earlierDeciders.size() == 1 ? " has" : " have") + " decided the earlier levels (nobody decides two levels)");
        }
    }

    private record Step(ApprovalLevel level, String origin) {}

    private ChainStaffing() {}

    /** One gap per tier whose chain cannot be completed, at the lowest revenue impact where it cannot. */
    public static List<Gap> gaps(Policy policy, ApproverDirectory directory) {
        return gaps(policy.approval().tiers(), policy.approval().extraLevels(), directory);
    }

    public static List<Gap> gaps(List<Policy.Tier> tiers, List<Policy.ExtraLevel> extraLevels, ApproverDirectory directory) {
        List<Approver> people = directory.all();
        Set<Double> limits = new TreeSet<>();
        for (Approver a : people) if (a.approvalLimit() != null) limits.add(a.approvalLimit());
        List<Gap> gaps = new ArrayList<>();
        for (Policy.Tier tier : tiers) {
            List<Step> chain = chain(tier, extraLevels);
            // eligibility only changes where a revenue impact passes someone's limit
            List<Double> points = new ArrayList<>();
            points.add(0.0);
            for (double limit : limits) if (tier.maxRevenueImpact() == null || limit < tier.maxRevenueImpact()) points.add(limit);
            for (int i = 0; i < points.size(); i++) {
                double revenue = i == 0 ? 0.0 : Math.nextUp(points.get(i));
                Stuck stuck = new Stuck();
                if (!complete(chain, 0, List.of(), revenue, directory, new HashSet<>(), stuck)) {
                    Step s = chain.get(stuck.index);
                    gaps.add(new Gap(tier.id(), s.level().level(), s.level().role(), mode(s.level()), s.origin(), i == 0 ? null : points.get(i),
                            stuck.deciders));
                    break;
                }
            }
        }
        return gaps;
    }

    /** The tier's levels, then the extra levels whose role is not yet in the chain, as ApprovalRouter appends them. */
    private static List<Step> chain(Policy.Tier tier, List<Policy.ExtraLevel> extraLevels) {
        List<Step> chain = new ArrayList<>();
        for (Policy.LevelSpec l : tier.levels()) chain.add(new Step(level(chain.size() + 1, l), "tier " + tier.id()));
        for (Policy.ExtraLevel x : extraLevels) {
            if (chain.stream().anyMatch(s -> s.level().role().equalsIgnoreCase(x.level().role()))) continue;
            chain.add(new Step(level(chain.size() + 1, x.level()), "extra level " + x.id()));
        }
        return chain;
    }

    private static ApprovalLevel level(int n, Policy.LevelSpec spec) {
        ApprovalLevel.Mode mode = ApprovalLevel.Mode.valueOf(spec.mode().toUpperCase(Locale.ROOT));
        return new ApprovalLevel(n, spec.role(), mode, mode == ApprovalLevel.Mode.QUORUM ? spec.quorum() : null, null);
    }

    private static String mode(ApprovalLevel l) {
        return switch (l.mode()) {
            case ONE -> "one approver";
            case ALL -> "all approvers";
            case QUORUM -> "a quorum of " + l.quorum();
        };
    }

    /** The deepest level a search got stuck at, and who had decided the levels before it then. */
    private static final class Stuck {
        int index = -1;
        List<String> deciders = List.of();
    }

    /** Depth-first over who decides each level; {@code failed} remembers states already known to fail. */
    private static boolean complete(List<Step> chain, int i, List<Vote> votes, double revenue, ApproverDirectory directory, Set<String> failed,
            Stuck stuck) {
        if (i == chain.size()) return true;
        String key = i + "|" + new TreeSet<>(votes.stream().map(v -> v.level() + ":" + v.approverId()).toList());
        if (failed.contains(key)) return false;
        ApprovalLevel spec = chain.get(i).level();
        // ALL is checked as needing one: who its members are is only known when a request opens it
        int required = spec.mode() == ApprovalLevel.Mode.QUORUM ? Objects.requireNonNullElse(spec.quorum(), 1) : 1;
        LevelState level = new LevelState(spec.level(), spec.role(), ApprovalLevel.Mode.ONE, required, List.of(), "OPEN", null);
        LevelAudience.Result who = LevelAudience.of(directory, new Eligibility.Case(level, null, revenue, votes, null, directory.addresses()));
        if (who.needed() == 0) return complete(chain, i + 1, votes, revenue, directory, failed, stuck);
        if (who.asked().isEmpty() && i >= stuck.index) {
            stuck.index = i;
            // name only the earlier deciders who could have decided this level: they are why nobody is left
            Set<String> couldHave = new HashSet<>(LevelAudience.of(directory,
                    new Eligibility.Case(level, null, revenue, List.of(), null, directory.addresses())).askedIds());
            stuck.deciders = votes.stream().filter(v -> v.level() != spec.level()).map(Vote::approverId).filter(couldHave::contains).distinct().toList();
        }
        String last = votes.stream().filter(v -> v.level() == spec.level()).map(Vote::approverId).reduce((a, b) -> b).orElse("");
        for (Approver a : who.asked()) {
            if (a.id().compareTo(last) <= 0) continue; // a quorum is a set: try each set once, not each order
            List<Vote> next = new ArrayList<>(votes);
            next.add(new Vote(spec.level(), a.id(), a.id(), null, Vote.Kind.APPROVE));
            if (complete(chain, i, next, revenue, directory, failed, stuck)) return true;
        }
        failed.add(key);
        return false;
    }
}
