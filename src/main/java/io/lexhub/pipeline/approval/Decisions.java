package io.lexhub.pipeline.approval;

import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.pipeline.intake.IntakeCase;
import io.lexhub.approval.LevelStatus;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.AutoApproval;
import io.lexhub.approval.ChainProgress;
import io.lexhub.approval.Eligibility;
import io.lexhub.approval.LevelAudience;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.TermsHash;
import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.RawSubmission;
import io.lexhub.lifecycle.BusinessCalendar;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.model.Submitter;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.store.ApprovalStore;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approval workflow: opens a request's chain (or lets the policy approve it), records each
 * decision after the eligibility rules, moves the chain on, and writes the decision record, the
 * waiver and the notices, each state change in one transaction with its audit events.
 */
public final class Decisions {

    private final Tx tx;
    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final LifecycleStore lifecycle;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public Decisions(Tx tx, RequestStore requests, ApprovalStore approvals, AuditTrail audit, OutboxStore outbox,
            ApproverDirectory directory, Notices notices, LifecycleStore lifecycle, PolicyHolder policy,
            Clock clock, ZoneId zone) {
        this.tx = tx;
        this.requests = requests;
        this.approvals = approvals;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.lifecycle = lifecycle;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Read before the intake transaction, as it does not depend on the new reference: the past
     * decisions of the same type and product for the first level's review package; null when
     * the request will not open an approval chain.
     */
    public List<ApprovalStore.PastDecision> precedentsBeforeIntake(IntakeCase ic) {
        if (ic.resultingState() != RequestState.PENDING_APPROVAL
                || AutoApproval.rationale(ic.request(), ic.triage(), ic.risk(), ic.policy()).isPresent()) {
            return null;
        }
        return tx.read(c -> pastDecisions(c, ic.request(), ""));
    }

    /**
     * Runs in the intake transaction: as {@link #afterAssessment} with the intake reply and the
     * precedents read before it ({@link #precedentsBeforeIntake}).
     */
    public RequestState afterIntake(Connection c, String ref, RequestState state, IntakeCase ic, List<ApprovalStore.PastDecision> precedents,
            OffsetDateTime now) throws SQLException {
        // a request stored in this very transaction has no chain yet: its first round is 1
        return afterAssessment(c, ref, state, ic, notices.forIntake(ref, state, ic), precedents, true, now);
    }

    /**
     * Runs in the transaction that stored the request's assessment (intake, or a supplement to a
     * NEEDS_INFO request): the reply to the requester, and for an accepted request either the
     * policy's own approval (whose notice replaces the reply) or the first open level.
     */
    public RequestState afterAssessment(Connection c, String ref, RequestState state, IntakeCase ic, List<Notice> reply, OffsetDateTime now)
            throws SQLException {
        return afterAssessment(c, ref, state, ic, reply, null, false, now);
    }

    /** @param newRequest the request was stored in this transaction (intake), so it has no approval round yet */
    private RequestState afterAssessment(Connection c, String ref, RequestState state, IntakeCase ic, List<Notice> reply,
            List<ApprovalStore.PastDecision> precedents, boolean newRequest, OffsetDateTime now) throws SQLException {
        if (state != RequestState.PENDING_APPROVAL) {
            enqueue(c, ref, reply, now);
            return state;
        }
        ExceptionRequest r = ic.request();
        String termsHash = TermsHash.of(r.terms(), ic.risk(), ic.policy().version());
        Optional<String> auto = AutoApproval.rationale(r, ic.triage(), ic.risk(), ic.policy());
        // a supplement or an amendment comes from someone else: the request's submitter is the one stored at intake
        Submitter submitter = newRequest ? ic.raw().submitter() : requests.submitter(c, ref).orElse(null);
        StoredRequest stored = new StoredRequest(ref, state, ic.raw().source(), ic.externalId(), r, ic.triage(), ic.risk(), ic.route(),
                ic.policy().version(), submitter);
        if (auto.isPresent()) {
            return approve(c, stored, 1, auto.get(), List.of(), List.of(), termsHash, "policy", "policy:auto-approval", now);
        }
        int round = newRequest ? 1 : approvals.currentRound(c, ref) + 1;
        openChain(c, stored, round, termsHash, precedents, reply, now);
        return state;
    }

    /**
     * Inserts the chain of a round: level 1 open with its SLA deadlines, the others waiting; mails
     * level 1's approvers. {@code reply} (to the requester) is written to the outbox first, with
     * the approvers' mails in one batch.
     */
    void openChain(Connection c, StoredRequest s, int round, String termsHash, List<ApprovalStore.PastDecision> precedents, List<Notice> reply,
            OffsetDateTime now) throws SQLException {
        Deadlines first = deadlines(s, now);
        for (ApprovalLevel l : s.route().levels()) {
            List<String> members = l.mode() == ApprovalLevel.Mode.ALL ? eligibleMembers(l, s) : List.of();
            int required = switch (l.mode()) {
                case ONE -> 1;
                case QUORUM -> l.quorum();
                case ALL -> Math.max(1, members.size());
            };
            boolean open = l.level() == 1;
            approvals.insertLevel(c, s.reference(), round, l, required, members, open ? "OPEN" : "WAITING", termsHash, open ? now : null,
                    open ? first.remindAt() : null, open ? first.dueAt() : null);
        }
        audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round);
        announceLevel(c, s, round, 1, precedents, reply, now);
    }

    /** When a level opened at {@code now} is to be reminded of and is due. */
    private record Deadlines(OffsetDateTime remindAt, OffsetDateTime dueAt) {}

    /** SLA deadlines in business hours of the policy in force, by track and tier. */
    private Deadlines deadlines(StoredRequest s, OffsetDateTime now) {
        Policy.Lifecycle rules = policy.current().lifecycle();
        Policy.Sla sla = rules.slaFor(s.triage().track().name(), s.route().tier());
        BusinessCalendar calendar = calendar(rules.calendar());
        return new Deadlines(calendar.plusBusinessHours(now.toInstant(), sla.reminderHours()).atOffset(ZoneOffset.UTC),
                calendar.plusBusinessHours(now.toInstant(), sla.slaHours()).atOffset(ZoneOffset.UTC));
    }

    /** The business calendar of a policy's calendar settings, built once per settings object (a reloaded policy has a new one). */
    private record CachedCalendar(Policy.Calendar settings, BusinessCalendar calendar) {}

    private volatile CachedCalendar calendar;

    private BusinessCalendar calendar(Policy.Calendar settings) {
        CachedCalendar cached = calendar;
        if (cached == null || cached.settings() != settings) {
            // BusinessCalendar is immutable: two threads building one each at a reload is harmless
            cached = new CachedCalendar(settings, new BusinessCalendar(settings));
            calendar = cached;
        }
        return cached.calendar();
    }

    /**
     * Records the level's opening and mails each approver who may decide it. A level opened
     * later than its chain (after a decision) gets its SLA deadlines here; the first level got
     * them with its row ({@link #openChain}). The precedents for the review package are read
     * here unless the caller read them already (null). {@code first} notices (the reply to the
     * requester) go into the outbox before the approvers' mails, in the same batch.
     */
    private void announceLevel(Connection c, StoredRequest s, int round, int level, List<ApprovalStore.PastDecision> precedents,
            List<Notice> first, OffsetDateTime now) throws SQLException {
        ApprovalLevel l = s.route().levels().get(level - 1);
        if (level > 1) {
            Deadlines d = deadlines(s, now);
            lifecycle.setDeadlines(c, s.reference(), round, level, d.remindAt(), d.dueAt());
        }
        LevelState state = approvals.levels(c, s.reference(), round).stream().filter(x -> x.level() == level).findFirst().orElseThrow();
        LevelAudience.Result who = LevelAudience.of(directory, state, s.request(), s.submitter(), approvals.votes(c, s.reference(), round));
        List<Approver> approvers = who.asked();
        Map<String, Object> opened = new LinkedHashMap<>();
        opened.put("round", round);
        opened.put("level", level);
        opened.put("role", l.role());
        opened.put("mode", l.mode());
        opened.put("approvers", who.askedIds());
        opened.put("skipped", who.skipped());
        audit.append(c, now, s.reference(), "approval.level-opened", "system:workflow", Json.write(opened));
        if (who.rerouted() || who.unstaffed()) {
            audit.append(c, now, s.reference(), who.unstaffed() ? "approval.level-unstaffed" : "approval.level-rerouted", "system:workflow",
                    Json.write(LevelAudience.rerouting(round, state, who)));
        }
        Map<String, Object> review = reviewPackage(c, s, precedents);
        List<Notice> mails = new ArrayList<>(first.size() + approvers.size());
        mails.addAll(first);
        for (Approver a : approvers) mails.add(notices.approvalRequest(s.reference(), round, l, a, review));
        enqueue(c, s.reference(), mails, now);
    }

    /** Who an ALL level waits for: everyone it would ask when it opens with no votes yet. */
    private List<String> eligibleMembers(ApprovalLevel l, StoredRequest s) {
        LevelState asked = new LevelState(l.level(), l.role(), ApprovalLevel.Mode.ONE, 1, List.of(), "OPEN", null);
        return LevelAudience.of(directory, asked, s.request(), s.submitter(), List.of()).askedIds();
    }

    /** direct:decide: one approver's decision, whatever channel it came through. */
    public DecisionOutcome decide(DecisionCommand cmd) {
        if (cmd.rationale() == null || cmd.rationale().isBlank()) {
            throw new IllegalArgumentException("a rationale is required for every decision");
        }
        if (cmd.rationale().length() > 5000 || cmd.conditions().size() > 20 || cmd.conditions().stream().anyMatch(x -> x == null || x.length() > 1000)) {
            throw new IllegalArgumentException("rationale is limited to 5000 characters, conditions to 20 of 1000 characters each");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Object result = tx.inTransaction(c -> decideIn(c, cmd, now));
        if (result instanceof List<?> refusals) {
            // refusals are committed as audit events; the caller learns why
            throw new DecisionRefusedException(refusals.stream().map(Object::toString).toList());
        }
        return (DecisionOutcome) result;
    }

    private Object decideIn(Connection c, DecisionCommand cmd, OffsetDateTime now) throws SQLException {
        StoredRequest s = requests.lock(c, cmd.reference()).orElseThrow(() -> new UnknownRequestException(cmd.reference()));
        if (s.state() != RequestState.PENDING_APPROVAL) {
            throw new NotDecidableException(s.reference() + " is " + s.state() + ": no decision is open on it");
        }
        int round = approvals.currentRound(c, s.reference());
        List<LevelState> levels = approvals.levels(c, s.reference(), round);
        LevelState open = levels.stream().filter(LevelState::open).findFirst()
                .orElseThrow(() -> new NotDecidableException(s.reference() + " has no open approval level"));
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
                audit.recordRow(c, io.lexhub.audit.RecordedTables.DECISION_TOKENS, s.reference(), cmd.tokenHash());
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

        if (cmd.action() == DecisionCommand.Action.REQUEST_INFO) {
            audit.append(c, now, s.reference(), "approval.info-requested", actorLabel,
                    Json.write(Map.of("round", round, "level", open.level(), "question", cmd.rationale())));
            enqueue(c, s.reference(), notices.infoRequested(s.reference(), s.request(), actor, cmd.rationale(), now.toInstant()), now);
            return new DecisionOutcome(s.reference(), s.state(), "information requested from the requester", open.level(), cmd);
        }

        String seat = principal != null ? principal.id() : actor.id();
        Vote vote = new Vote(open.level(), seat, actor.id(), principal == null ? null : principal.id(), kind);
        approvals.insertVote(c, new ApprovalStore.VoteRow(s.reference(), round, vote, cmd.rationale(), Json.write(cmd.conditions()),
                termsHash, s.policyVersion(), cmd.channel(), now));
        audit.recordRow(c, RecordedTables.VOTES, s.reference(), round, vote.level(), vote.seat());
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("round", round);
        recorded.put("level", open.level());
        recorded.put("vote", kind);
        recorded.put("approver", actor.id());
        if (principal != null) recorded.put("onBehalfOf", principal.id());
        recorded.put("rationale", cmd.rationale());
        recorded.put("conditions", cmd.conditions());
        recorded.put("termsHash", termsHash);
        recorded.put("policyVersion", s.policyVersion());
        recorded.put("channel", cmd.channel());
        audit.append(c, now, s.reference(), "approval.recorded", actorLabel, Json.write(recorded));

        List<Vote> after = new ArrayList<>(votes);
        after.add(vote);
        return switch (ChainProgress.after(open, after, levels.size())) {
            case LEVEL_STILL_OPEN -> new DecisionOutcome(s.reference(), s.state(),
                    "level " + open.level() + " has " + after.stream().filter(v -> v.level() == open.level()).count() + " of " + open.required() + " approvals",
                    open.level(), cmd);
            case LEVEL_APPROVED -> {
                approvals.moveLevel(c, s.reference(), round, open.level(), LevelStatus.OPEN, LevelStatus.APPROVED, now);
                approvals.moveLevel(c, s.reference(), round, open.level() + 1, LevelStatus.WAITING, LevelStatus.OPEN, now);
                audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round);
                announceLevel(c, s, round, open.level() + 1, null, List.of(), now);
                yield new DecisionOutcome(s.reference(), s.state(), "level " + open.level() + " approved", open.level() + 1, cmd);
            }
            case CHAIN_APPROVED -> {
                approvals.moveLevel(c, s.reference(), round, open.level(), LevelStatus.OPEN, LevelStatus.APPROVED, now);
                audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round, open.level());
                List<Map<String, Object>> record = approvals.voteRecords(c, s.reference(), round);
                yield new DecisionOutcome(s.reference(), approve(c, s, round, combinedRationale(record), conditionsOf(record), record,
                        termsHash, actor.id(), actorLabel, now), "approved", null, cmd);
            }
            case DENIED -> {
                approvals.moveLevel(c, s.reference(), round, open.level(), LevelStatus.OPEN, LevelStatus.DENIED, now);
                audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round, open.level());
                List<Map<String, Object>> record = approvals.voteRecords(c, s.reference(), round);
                deny(c, s, round, cmd.rationale(), record, termsHash, actor.id(), actorLabel, now);
                yield new DecisionOutcome(s.reference(), RequestState.DENIED, "denied at level " + open.level(), null, cmd);
            }
        };
    }

    private List<String> refuse(Connection c, StoredRequest s, String actorLabel, int round, LevelState open, List<String> refusals,
            OffsetDateTime now) throws SQLException {
        audit.append(c, now, s.reference(), "approval.refused", actorLabel,
                Json.write(Map.of("round", round, "level", open.level(), "reasons", refusals)));
        return refusals;
    }

    private RequestState approve(Connection c, StoredRequest s, int round, String rationale, List<String> conditions,
            List<Map<String, Object>> record, String termsHash, String decidedBy, String actorLabel, OffsetDateTime now) throws SQLException {
        ExceptionRequest r = s.request();
        approvals.insertDecision(c, new ApprovalStore.DecisionRow(s.reference(), r.type().name(), r.product(), round, "APPROVED", rationale, Json.write(conditions),
                Json.write(record), termsHash, s.policyVersion(), decidedBy, now));
        Map<String, Object> granted = granted(r, conditions);
        approvals.insertWaiver(c, new ApprovalStore.WaiverRow(s.reference(), r.customer().id(), r.product(), r.type().name(),
                r.terms().start(), r.terms().effectiveEnd(), Json.write(granted)), now);
        if (r.renews() != null) linkRenewal(c, s.reference(), r.renews(), now);
        requests.moveState(c, s.reference(), RequestState.PENDING_APPROVAL, RequestState.APPROVED, now);
        audit.recordRow(c, RecordedTables.DECISIONS, s.reference(), round);
        audit.recordRow(c, RecordedTables.WAIVERS, s.reference());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("round", round);
        event.put("outcome", "APPROVED");
        event.put("decidedBy", decidedBy);
        event.put("rationale", rationale);
        event.put("conditions", conditions);
        event.put("termsHash", termsHash);
        event.put("policyVersion", s.policyVersion());
        event.put("waiver", granted);
        audit.append(c, now, s.reference(), "decision.approved", actorLabel,
                Json.write(event));
        List<Notice> mails = new ArrayList<>(notices.approved(s.reference(), round, r, s.risk(), rationale, conditions, record, directory.internal().all()));
        if (RawSubmission.JIRA.equals(s.source())) {
            mails.addAll(notices.jiraDecision(s.reference(), round, s.externalId(), r, true, rationale, conditions));
        }
        enqueue(c, s.reference(), mails, now);
        return RequestState.APPROVED;
    }

    /**
     * A renewal is a new waiver linked to the one it renews (never an overwritten date); one
     * renewed more often than the policy allows is flagged for a policy review.
     */
    private void linkRenewal(Connection c, String ref, String renews, OffsetDateTime now) throws SQLException {
        LifecycleStore.Waiver old = lifecycle.waiver(c, renews).orElseThrow(() -> new IllegalStateException(ref + " renews unknown waiver " + renews));
        int count = old.renewalCount() + 1;
        boolean flag = count > policy.current().lifecycle().maxRenewals();
        approvals.linkRenewal(c, ref, renews, count, flag);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("renews", renews);
        event.put("renewalCount", count);
        event.put("policyReview", flag);
        audit.append(c, now, ref, "waiver.renewal-linked", "system:workflow", Json.write(event));
        if (flag) {
            audit.append(c, now, ref, "waiver.renewal-flagged", "policy", Json.write(Map.of("renewalCount", count,
                    "maxRenewals", policy.current().lifecycle().maxRenewals(), "reason", "renewed more often than the policy allows")));
            // the flag is a task, not only a mark: the audit owner's review queue gets it (period "renewal")
            long review = lifecycle.insertReview(c, ref, LifecycleStore.RENEWAL_REVIEW, now);
            audit.append(c, now, ref, "waiver.review-opened", "policy", Json.write(Map.of("review", review,
                    "period", LifecycleStore.RENEWAL_REVIEW, "reason", "renewal " + count + " of a chain; the policy allows "
                            + policy.current().lifecycle().maxRenewals())));
        }
    }

    private void deny(Connection c, StoredRequest s, int round, String rationale, List<Map<String, Object>> record, String termsHash,
            String decidedBy, String actorLabel, OffsetDateTime now) throws SQLException {
        approvals.insertDecision(c, new ApprovalStore.DecisionRow(s.reference(), s.request().type().name(), s.request().product(), round, "DENIED", rationale, "[]", Json.write(record),
                termsHash, s.policyVersion(), decidedBy, now));
        approvals.voidRound(c, s.reference(), round, now);
        requests.moveState(c, s.reference(), RequestState.PENDING_APPROVAL, RequestState.DENIED, now);
        audit.recordRow(c, RecordedTables.DECISIONS, s.reference(), round);
        audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round);
        audit.append(c, now, s.reference(), "decision.denied", actorLabel, Json.write(Map.of(
                "round", round, "outcome", "DENIED", "rationale", rationale, "termsHash", termsHash, "policyVersion", s.policyVersion())));
        List<Notice> mails = new ArrayList<>(notices.denied(s.reference(), round, s.request(), rationale, directory.internal().all()));
        if (RawSubmission.JIRA.equals(s.source())) {
            mails.addAll(notices.jiraDecision(s.reference(), round, s.externalId(), s.request(), false, rationale, List.of()));
        }
        enqueue(c, s.reference(), mails, now);
    }

    /** Exactly what the waiver allows: the approved terms and conditions, nothing implied. */
    private static Map<String, Object> granted(ExceptionRequest r, List<String> conditions) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("type", r.type());
        g.put("product", r.product());
        if (r.edition() != null) g.put("edition", r.edition());
        g.put("terms", r.terms());
        g.put("start", r.terms().start());
        g.put("end", r.terms().effectiveEnd());
        g.put("conditions", conditions);
        return g;
    }

    private static String combinedRationale(List<Map<String, Object>> record) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> v : record) parts.add("level " + v.get("level") + " (" + v.get("approver") + "): " + v.get("rationale"));
        return String.join("\n", parts);
    }

    @SuppressWarnings("unchecked")
    private static List<String> conditionsOf(List<Map<String, Object>> record) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        for (Map<String, Object> v : record) ((List<Object>) v.get("conditions")).forEach(x -> all.add(String.valueOf(x)));
        return List.copyOf(all);
    }

    /**
     * Amends the terms of a request that is waiting for approval: the new terms were assessed
     * like a new request; the open round is voided (its approvals were for other terms) and a new
     * chain starts, all in one transaction.
     */
    public RequestState amend(String ref, IntakeCase amended, String rationale, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            StoredRequest s = requests.lock(c, ref).orElseThrow(() -> new UnknownRequestException(ref));
            if (s.state() != RequestState.PENDING_APPROVAL) {
                throw new NotDecidableException(ref + " is " + s.state() + "; only a request waiting for approval can be amended here");
            }
            int round = approvals.currentRound(c, ref);
            String before = TermsHash.of(s.request().terms(), s.risk(), s.policyVersion());
            String after = TermsHash.of(amended.request().terms(), amended.risk(), amended.policy().version());
            approvals.voidRound(c, ref, round, now);
            audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, ref, round);
            requests.replaceAssessment(c, ref, amended, now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("rationale", rationale);
            event.put("voidedRound", round);
            event.put("previousTermsHash", before);
            event.put("termsHash", after);
            event.put("terms", amended.request().terms());
            audit.append(c, now, ref, "request.amended", actor, Json.write(event));
            audit.append(c, now, ref, "request.assessed", "system:policy", Json.write(Map.of(
                    "state", RequestState.PENDING_APPROVAL, "policyVersion", amended.policy().version(), "validation", amended.validation(),
                    "triage", amended.triage(), "risk", amended.risk(), "route", amended.route())));
            return afterAssessment(c, ref, RequestState.PENDING_APPROVAL, amended,
                    notices.forAssessment("amendment:" + ref + ":r" + (round + 1), ref, RequestState.PENDING_APPROVAL, amended), now);
        });
    }

    /** A mail link as found: usable, or refused with the reason (already audited). */
    public record LinkCheck(ApprovalStore.TokenRow token, String refusal) {
        public boolean usable() {
            return refusal == null;
        }
    }

    /**
     * Checks a decision link before showing or acting on it. A forged, foreign, used or expired
     * link is refused, and the refusal is audited (with a prefix of the token's hash, never the token).
     */
    public LinkCheck checkLink(String reference, String token) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String hash = DecisionLinks.hash(token == null ? "" : token);
        return tx.inTransaction(c -> {
            // a token is looked up with the request of the link's URL: another request's token is not valid here
            Optional<ApprovalStore.TokenRow> row = token == null || token.length() > 100 || reference == null ? Optional.empty()
                    : approvals.token(c, reference, hash);
            String refusal = null;
            if (row.isEmpty()) refusal = "This decision link is not valid.";
            else if (row.get().usedAt() != null) refusal = "This decision link has already been used.";
            else if (row.get().expiresAt().isBefore(now)) refusal = "This decision link has expired.";
            if (refusal != null) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("reason", refusal);
                event.put("tokenHashPrefix", hash.substring(0, 12));
                row.ifPresent(t -> event.put("approver", t.approverId()));
                boolean known = requests.lock(c, reference).isPresent();
                audit.append(c, now, known ? reference : null, "approval.link-refused", "system:mail-link", Json.write(event));
                return new LinkCheck(row.orElse(null), refusal);
            }
            return new LinkCheck(row.get(), null);
        });
    }

    /** The review package: everything an approver needs, with the nearest precedents. */
    public Map<String, Object> reviewPackage(String reference) {
        return tx.read(c -> {
            StoredRequest s = requests.lock(c, reference).orElseThrow(() -> new UnknownRequestException(reference));
            Map<String, Object> p = reviewPackage(c, s, null);
            int round = approvals.currentRound(c, reference);
            List<Map<String, Object>> chain = new ArrayList<>();
            for (LevelState l : approvals.levels(c, reference, round)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("level", l.level());
                m.put("role", l.role());
                m.put("mode", l.mode());
                m.put("required", l.required());
                m.put("status", l.status());
                chain.add(m);
            }
            p.put("round", round);
            p.put("chain", chain);
            p.put("votes", approvals.voteRecords(c, reference, round));
            return p;
        });
    }

    private Map<String, Object> reviewPackage(Connection c, StoredRequest s, List<ApprovalStore.PastDecision> precedents) throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reference", s.reference());
        p.put("state", s.state());
        p.put("policyVersion", s.policyVersion());
        p.put("request", s.request());
        p.put("triage", s.triage());
        p.put("risk", s.risk());
        p.put("route", s.route());
        List<ApprovalStore.PastDecision> past = precedents != null ? precedents : pastDecisions(c, s.request(), s.reference());
        p.put("precedents", Precedents.nearest(s.request(), past, 3));
        // how consistently similar cases (same type and product) were decided so far
        p.put("precedentShare", io.lexhub.insight.Figures.precedentShare(past.stream().map(ApprovalStore.PastDecision::outcome).toList()));
        // a renewal shows what the usage reports said about the waiver it renews
        if (s.request().renews() != null) {
            List<io.lexhub.insight.History.UsageFlag> flags = io.lexhub.store.UsageStore.flags(c, s.request().renews());
            if (!flags.isEmpty()) p.put("renewedWaiverUtilisation", flags);
        }
        return p;
    }

    /** Decisions on requests of the same type and product (index ix_decisions_precedents), newest first. */
    private List<ApprovalStore.PastDecision> pastDecisions(Connection c, ExceptionRequest r, String excludeRef) throws SQLException {
        return approvals.pastDecisions(c, r.type().name(), r.product(), excludeRef, 200);
    }

    /** The notices in this order, one batched insert. */
    private void enqueue(Connection c, String ref, List<Notice> list, OffsetDateTime now) throws SQLException {
        outbox.enqueue(c, ref, list, now);
    }
}
