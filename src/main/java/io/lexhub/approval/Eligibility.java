package io.lexhub.approval;

import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Submitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * May this person decide the open level now? The one rule for both who is asked
 * ({@link LevelAudience}) and whose decision counts, so a mail and the check never disagree.
 * Every rule that fails is reported. The conflict-of-interest verdict is returned separately
 * because it is audited either way.
 */
public final class Eligibility {

    /**
     * The level to decide and what it depends on.
     *
     * @param request    the request, or null when there is none yet (the start-up check): no parties, no conflict
     * @param roundVotes every vote of the current round so far
     * @param submitter  who submitted the request as its channel authenticated them, or null
     * @param addresses  how addresses are compared for identity
     */
    public record Case(LevelState level, ExceptionRequest request, double revenueImpact, List<Vote> roundVotes, Submitter submitter,
            Addresses addresses) {

        public Case {
            roundVotes = List.copyOf(roundVotes);
        }
    }

    /**
     * @param actor     who acts
     * @param principal whom the actor stands in for (an active delegation), or null
     * @param standIns  who may take this level's seat without its role, because nobody holding the role may ({@link LevelAudience})
     */
    public record Attempt(Approver actor, Approver principal, Vote.Kind kind, Case on, Set<String> standIns) {

        public Attempt {
            standIns = standIns == null ? Set.of() : Set.copyOf(standIns);
        }

        public Attempt(Approver actor, Approver principal, Vote.Kind kind, Case on) {
            this(actor, principal, kind, on, Set.of());
        }
    }

    public record Verdict(List<String> refusals, String conflictOfInterest) {
        public boolean allowed() {
            return refusals.isEmpty();
        }
    }

    private Eligibility() {}

    public static Verdict check(Attempt a) {
        Case on = a.on();
        List<String> refusals = new ArrayList<>();
        Approver seat = a.principal() != null ? a.principal() : a.actor();

        Optional<String> coi = conflict(a.actor(), on);
        if (coi.isEmpty() && a.principal() != null) coi = conflict(a.principal(), on);
        coi.ifPresent(reason -> refusals.add("conflict of interest: " + reason));

        String role = on.level().role();
        if (!seat.hasRole(role) && !a.standIns().contains(seat.id())) {
            refusals.add(seat.name() + " does not hold the role '" + role + "' that level " + on.level().level() + " needs");
        }
        if (a.principal() != null && !a.actor().hasRole(role) && !a.actor().id().equals(a.principal().manager())) {
            // a delegate must be a peer in the role or the delegator's manager: delegation cannot hand a role to anyone
            refusals.add(a.actor().name() + " may not stand in for " + a.principal().name()
                    + ": a delegate must hold the role '" + role + "' or be their manager");
        }
        if (on.level().mode() == ApprovalLevel.Mode.ALL && !on.level().members().contains(seat.id())) {
            refusals.add(seat.name() + " is not one of the approvers level " + on.level().level() + " waits for");
        }
        if (a.kind() == Vote.Kind.APPROVE) {
            for (Approver p : a.principal() == null ? List.of(a.actor()) : List.of(a.actor(), a.principal())) {
                if (!p.mayApprove(on.revenueImpact())) {
                    refusals.add(p.name() + "'s approval limit (" + Math.round(p.approvalLimit())
                            + ") is below the revenue impact of " + Math.round(on.revenueImpact()));
                }
            }
        }
        for (Vote v : on.roundVotes()) {
            boolean samePeople = v.seat().equals(seat.id()) || v.approverId().equals(a.actor().id());
            if (!samePeople) continue;
            if (v.level() == on.level().level()) {
                refusals.add((v.seat().equals(seat.id()) ? seat.name() : a.actor().name()) + " has already decided level " + v.level());
            } else {
                // segregation of duties: nobody approves two levels, not even through a delegation
                refusals.add(a.actor().name() + (a.principal() == null ? "" : " (for " + a.principal().name() + ")")
                        + " already took part at level " + v.level() + "; one person cannot decide two levels");
            }
        }
        return new Verdict(List.copyOf(refusals.stream().distinct().toList()), coi.orElse(null));
    }

    private static Optional<String> conflict(Approver person, Case on) {
        return on.request() == null ? Optional.empty() : Conflicts.of(person, on.request(), on.submitter(), on.addresses());
    }
}
