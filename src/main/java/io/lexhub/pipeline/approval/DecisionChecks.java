package io.lexhub.pipeline.approval;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.Eligibility;
import io.lexhub.approval.LevelAudience;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.TermsHash;
import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * May this actor make this decision on the open level? The command's age, the approver directory,
 * the delegation, the decision link (used up here, in the decision's transaction), the terms, and
 * the eligibility rules with the conflict-of-interest check (audited). Every rule is evaluated, so
 * one refusal lists every reason; a refusal is audited.
 */
public final class DecisionChecks {

    /** The checks' answer: cleared to record, or refused. */
    sealed interface Verdict permits Cleared, DecisionResult.Refused {}

    /**
     * Cleared: who decides (and for whom, under a delegation), the vote it makes, the terms it is
     * for and the round's votes before it.
     */
    record Cleared(Approver actor, Approver principal, Vote.Kind kind, String termsHash, List<Vote> votes) implements Verdict {}

    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public DecisionChecks(ApprovalStore approvals, AuditTrail audit, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.approvals = approvals;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** The open level of the request's current round; none open is a conflict (409). */
    LevelUnderDecision openLevel(Connection c, StoredRequest s) throws SQLException {
        int round = approvals.currentRound(c, s.reference());
        List<LevelState> levels = approvals.levels(c, s.reference(), round);
        LevelState open = levels.stream().filter(LevelState::open).findFirst()
                .orElseThrow(() -> new NotDecidableException(s.reference() + " has no open approval level"));
        return new LevelUnderDecision(round, levels, open);
    }

    Verdict check(Connection c, DecisionCommand cmd, StoredRequest s, LevelUnderDecision at, OffsetDateTime now) throws SQLException {
        int round = at.round();
        LevelState open = at.open();
        String actorLabel = cmd.actor();
        if (cmd.writtenAt() != null) {
            // bound to the terms it was written for: the open level (a new round after an amendment) must be older than the command
            OffsetDateTime opened = approvals.openedAt(c, s.reference(), round, open.level());
            if (opened == null || !cmd.writtenAt().isAfter(opened)) {
                throw new NotDecidableException("this command was written at " + cmd.writtenAt().toInstant() + ", before level " + open.level()
                        + " (round " + round + ") opened at " + (opened == null ? "?" : opened.toInstant())
                        + "; it is not for the terms now under decision: write it again");
            }
        }

        List<String> refusals = new ArrayList<>();
        Approver actor = directory.find(cmd.actorId()).orElse(null);
        Approver principal = null;
        if (actor == null) refusals.add(cmd.actorId() + " is not in the approver directory");
        if (cmd.onBehalfOf() != null) {
            principal = directory.find(cmd.onBehalfOf()).orElse(null);
            LocalDate today = LocalDate.now(clock.withZone(zone));
            if (principal == null) refusals.add(cmd.onBehalfOf() + " is not in the approver directory");
            else if (actor != null && approvals.delegatorFor(c, actor.id(), principal.id(), open.role(), today).isEmpty()) {
                refusals.add("no delegation from " + principal.name() + " to " + actor.name() + " for the role '" + open.role() + "' is in force on " + today);
            }
        }
        if (cmd.tokenHash() != null) {
            Optional<ApprovalStore.TokenRow> token = approvals.token(c, s.reference(), cmd.tokenHash());
            if (!approvals.useToken(c, s.reference(), cmd.tokenHash(), now)) {
                refusals.add("this decision link has already been used");
            } else {
                audit.recordRow(c, RecordedTables.DECISION_TOKENS, s.reference(), cmd.tokenHash());
                if (token.isEmpty() || token.get().round() != round || token.get().level() != open.level()) {
                    refusals.add("this decision link was for an approval level that is closed now");
                }
            }
        }
        String termsHash = TermsHash.of(s.request().terms(), s.risk(), s.policyVersion());
        if (!termsHash.equals(open.termsHash())) {
            throw new IllegalStateException(s.reference() + ": the open level was issued for other terms (hash mismatch)");
        }
        List<Vote> votes = approvals.votes(c, s.reference(), round);
        Vote.Kind kind = cmd.action() == DecisionCommand.Action.DENY ? Vote.Kind.DENY : Vote.Kind.APPROVE;
        // every rule is evaluated, even after one has failed, so one refusal lists every reason
        if (actor != null && (cmd.onBehalfOf() == null || principal != null)) {
            LevelAudience.Result who = LevelAudience.of(directory, open, s.request(), s.submitter(), votes);
            Eligibility.Verdict verdict = Eligibility.check(new Eligibility.Attempt(actor, principal,
                    cmd.action() == DecisionCommand.Action.REQUEST_INFO ? Vote.Kind.DENY : kind,
                    new Eligibility.Case(open, s.request(), LevelAudience.revenueImpact(s.request()), votes, s.submitter(), directory.addresses()),
                    who.standIns()));
            Map<String, Object> coi = new LinkedHashMap<>();
            coi.put("round", round);
            coi.put("level", open.level());
            coi.put("approver", actor.id());
            if (principal != null) coi.put("onBehalfOf", principal.id());
            coi.put("verdict", verdict.conflictOfInterest() == null ? "no conflict" : "conflict: " + verdict.conflictOfInterest());
            audit.append(c, now, s.reference(), "approval.conflict-check", actorLabel, Json.write(coi));
            refusals.addAll(verdict.refusals());
        }
        if (!refusals.isEmpty()) return refuse(c, s, actorLabel, round, open, refusals.stream().distinct().toList(), now);
        return new Cleared(actor, principal, kind, termsHash, votes);
    }

    private DecisionResult.Refused refuse(Connection c, StoredRequest s, String actorLabel, int round, LevelState open, List<String> refusals,
            OffsetDateTime now) throws SQLException {
        audit.append(c, now, s.reference(), "approval.refused", actorLabel,
                Json.write(Map.of("round", round, "level", open.level(), "reasons", refusals)));
        return new DecisionResult.Refused(refusals);
    }
}
