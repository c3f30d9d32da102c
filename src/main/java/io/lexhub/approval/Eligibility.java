package io.lexhub.approval;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Submitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * May this person decide the open level now? Every rule that fails is reported. The
 * conflict-of-interest verdict is returned separately because it is audited either way.
 */
public final class Eligibility {

    /**
     * @param actor      who acts
     * @param principal  whom the actor stands in for (an active delegation), or null
     * @param roundVotes every vote of the current round so far
     * @param submitter  who submitted the request as its channel authenticated them, or null
     * @param addresses  how addresses are compared for identity
     */
    public record Attempt(Approver actor, Approver principal, Vote.Kind kind, LevelState level, ExceptionRequest request,
            double revenueImpact, List<Vote> roundVotes, Submitter submitter, Addresses addresses) {

        public Attempt(Approver actor, Approver principal, Vote.Kind kind, LevelState level, ExceptionRequest request,
                double revenueImpact, List<Vote> roundVotes) {
            this(actor, principal, kind, level, request, revenueImpact, roundVotes, null, Addresses.standard());
        }
    }

    public record Verdict(List<String> refusals, String conflictOfInterest) {
        public boolean allowed() {
            return refusals.isEmpty();
        }
    }

    private Eligibility() {}

    public static Verdict check(Attempt a) {
        List<String> refusals = new ArrayList<>();
        Approver seat = a.principal() != null ? a.principal() : a.actor();

        Optional<String> coi = Conflicts.of(a.actor(), a.request(), a.submitter(), a.addresses());
        if (coi.isEmpty() && a.principal() != null) coi = Conflicts.of(a.principal(), a.request(), a.submitter(), a.addresses());
        coi.ifPresent(reason -> refusals.add("conflict of interest: " + reason));

        String role = a.level().role();
        if (!seat.hasRole(role)) {
            refusals.add(seat.name() + " does not hold the role '" + role + "' that level " + a.level().level() + " needs");
        }
        if (a.principal() != null && !a.actor().hasRole(role) && !a.actor().id().equals(a.principal().manager())) {
            // a delegate must be a peer in the role or the delegator's manager: delegation cannot hand a role to anyone
            refusals.add(a.actor().name() + " may not stand in for " + a.principal().name()
                    + ": a delegate must hold the role '" + role + "' or be their manager");
        }
        if (a.level().mode() == io.lexhub.model.ApprovalLevel.Mode.ALL && !a.level().members().contains(seat.id())) {
            refusals.add(seat.name() + " is not one of the approvers level " + a.level().level() + " waits for");
        }
        if (a.kind() == Vote.Kind.APPROVE) {
            for (Approver p : a.principal() == null ? List.of(a.actor()) : List.of(a.actor(), a.principal())) {
                if (!p.mayApprove(a.revenueImpact())) {
                    refusals.add(p.name() + "'s approval limit (" + Math.round(p.approvalLimit())
                            + ") is below the revenue impact of " + Math.round(a.revenueImpact()));
                }
            }
        }
        for (Vote v : a.roundVotes()) {
            boolean samePeople = v.seat().equals(seat.id()) || v.approverId().equals(a.actor().id());
            if (!samePeople) continue;
            if (v.level() == a.level().level()) {
                refusals.add((v.seat().equals(seat.id()) ? seat.name() : a.actor().name()) + " has already decided level " + v.level());
            } else {
                // segregation of duties: nobody approves two levels, not even through a delegation
                refusals.add(a.actor().name() + (a.principal() == null ? "" : " (for " + a.principal().name() + ")")
                        + " already took part at level " + v.level() + "; one person cannot decide two levels");
            }
        }
        return new Verdict(List.copyOf(refusals.stream().distinct().toList()), coi.orElse(null));
    }
}
