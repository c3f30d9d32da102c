package io.lexhub.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is asked to decide a level: the holders of its role whom {@link Eligibility} allows to
 * approve it (role, approval limit, no conflict of interest, not yet part of the round). When
 * they are fewer than the approvals the level still needs, the managers of the role's holders
 * are asked in their place, walking up the management chain a step at a time, and the executives
 * last; whoever is asked that way stands in for the role, and the decision check accepts them
 * because it computes the same audience.
 */
public final class LevelAudience {

    /** Someone not asked, and every reason why. */
    public record Skipped(String approver, List<String> reasons) {}

    /**
     * @param asked    the people to ask, role holders first, in the directory's order
     * @param standIns the ids of those asked who do not hold the role (empty: not rerouted)
     * @param skipped  role holders and candidate stand-ins who may not decide, with the reasons
     * @param needed   approvals the level still needs
     */
    public record Result(List<Approver> asked, Set<String> standIns, List<Skipped> skipped, int needed) {

        /** The level had too few eligible role holders and was routed to others. */
        public boolean rerouted() {
            return !standIns.isEmpty();
        }

        /** Nobody, not even a stand-in, may decide what the level still needs. */
        public boolean unstaffed() {
            return asked.size() < needed;
        }

        public List<String> askedIds() {
            return asked.stream().map(Approver::id).toList();
        }
    }

    private LevelAudience() {}

    /** The audience of a stored request's level, with the votes of its round so far. */
    public static Result of(ApproverDirectory directory, LevelState level, io.lexhub.model.ExceptionRequest request,
            io.lexhub.model.Submitter submitter, List<Vote> roundVotes) {
        return of(directory, new Eligibility.Case(level, request, revenueImpact(request), roundVotes, submitter, directory.addresses()));
    }

    /** A request without a revenue impact is decided as one of none (limits then never bind). */
    public static double revenueImpact(io.lexhub.model.ExceptionRequest request) {
        return request == null || request.revenueImpact() == null ? 0 : request.revenueImpact().doubleValue();
    }

    /** What the audit says about a level routed past its role: who was skipped and why, who was asked instead. */
    public static Map<String, Object> rerouting(int round, LevelState level, Result who) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("round", round);
        e.put("level", level.level());
        e.put("role", level.role());
        e.put("reason", who.unstaffed()
                ? "only " + who.asked().size() + " of the " + who.needed() + " approval(s) this level needs can be asked: nobody else holding the role '"
                        + level.role() + "', no manager above them and no executive may decide it"
                : "too few people holding the role '" + level.role() + "' may decide this level (" + who.needed()
                        + " approval(s) needed): the next eligible people up the management chain are asked instead");
        e.put("skipped", who.skipped());
        e.put("askedInstead", who.asked().stream().filter(a -> who.standIns().contains(a.id())).map(Approver::id).toList());
        return e;
    }

    public static Result of(ApproverDirectory directory, Eligibility.Case on) {
        String role = on.level().role();
        long approved = on.roundVotes().stream().filter(v -> v.level() == on.level().level() && v.kind() == Vote.Kind.APPROVE).count();
        int needed = (int) Math.max(0, on.level().required() - approved);

        List<Approver> asked = new ArrayList<>();
        Map<String, Skipped> skipped = new LinkedHashMap<>();
        List<Approver> holders = directory.withRole(role);
        for (Approver a : holders) consider(a, on, Set.of(), asked, skipped);
        if (asked.size() >= needed) return new Result(asked, Set.of(), List.copyOf(skipped.values()), needed);

        Set<String> seen = new LinkedHashSet<>(holders.stream().map(Approver::id).toList());
        Set<String> standIns = new LinkedHashSet<>();
        List<Approver> step = holders;
        while (asked.size() < needed) {
            // the next rung: everyone's manager, eligible or not, so the walk goes on above someone who may not decide
            List<Approver> managers = new ArrayList<>();
            for (Approver a : step) {
                if (a.manager() == null || !seen.add(a.manager())) continue;
                directory.find(a.manager()).ifPresent(managers::add);
            }
            if (managers.isEmpty()) break;
            for (Approver m : managers) if (consider(m, on, Set.of(m.id()), asked, skipped)) standIns.add(m.id());
            step = managers;
        }
        if (asked.size() < needed) {
            // last resort: the executives, who answer for what nobody else may approve
            for (Approver e : directory.withRole("executive")) {
                if (seen.add(e.id()) && consider(e, on, Set.of(e.id()), asked, skipped)) standIns.add(e.id());
            }
        }
        return new Result(asked, Set.copyOf(standIns), List.copyOf(skipped.values()), needed);
    }

    private static boolean consider(Approver a, Eligibility.Case on, Set<String> asStandIn, List<Approver> asked, Map<String, Skipped> skipped) {
        Eligibility.Verdict v = Eligibility.check(new Eligibility.Attempt(a, null, Vote.Kind.APPROVE, on, asStandIn));
        if (v.allowed()) {
            asked.add(a);
            return true;
        }
        skipped.put(a.id(), new Skipped(a.id(), v.refusals()));
        return false;
    }
}
