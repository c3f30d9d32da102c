package io.lexhub.pipeline.approval;

import io.lexhub.approval.Vote;
import io.lexhub.model.RequestState;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * <b>The one entry for "a principal decides on a request's level"</b>: approve, deny or ask the
 * requester for information, whatever the channel. {@code direct:decide} (routes/decide.camel.yaml,
 * bean {@code decisions}) calls {@link #decide}; the REST API ({@code api/DecisionsApi}), the mail
 * links ({@code api/MailDecisionPages}), Jira comments ({@code pipeline/channel/JiraIntake}) reach it
 * through that route, and a page of the browser workspace is one more channel that builds a
 * {@link DecisionCommand} from its signed-in principal and sends it there (or calls {@link #decide}).
 *
 * <p>In one transaction: the request is locked, its open level found, the actor checked
 * ({@link DecisionChecks}: directory, delegation, decision link, terms, eligibility, conflict of
 * interest), then either the information request ({@link RequestInfo}) or the vote
 * ({@link RecordVote}) and its effect on the chain ({@link AdvanceChain}). The result is a
 * {@link DecisionResult}; a refusal is committed (its audit events) and then thrown.
 */
public final class DecideOnLevel {

    private final Tx tx;
    private final RequestStore requests;
    private final DecisionChecks checks;
    private final RequestInfo info;
    private final RecordVote votes;
    private final AdvanceChain chain;
    private final Clock clock;

    public DecideOnLevel(Tx tx, RequestStore requests, DecisionChecks checks, RequestInfo info, RecordVote votes, AdvanceChain chain, Clock clock) {
        this.tx = tx;
        this.requests = requests;
        this.checks = checks;
        this.info = info;
        this.votes = votes;
        this.chain = chain;
        this.clock = clock;
    }

    /**
     * direct:decide: one approver's decision, whatever channel it came through.
     *
     * @throws IllegalArgumentException no rationale, or a rationale or conditions beyond their limits (HTTP 400)
     * @throws UnknownRequestException no such request (404)
     * @throws NotDecidableException no decision is open on the request, or the command was written before its level opened (409)
     * @throws DecisionRefusedException the actor may not make this decision, with every reason (403)
     */
    public DecisionOutcome decide(DecisionCommand cmd) {
        if (cmd.rationale() == null || cmd.rationale().isBlank()) {
            throw new IllegalArgumentException("a rationale is required for every decision");
        }
        if (cmd.rationale().length() > 5000 || cmd.conditions().size() > 20 || cmd.conditions().stream().anyMatch(x -> x == null || x.length() > 1000)) {
            throw new IllegalArgumentException("rationale is limited to 5000 characters, conditions to 20 of 1000 characters each");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        DecisionResult result = tx.inTransaction(c -> decideIn(c, cmd, now));
        if (result instanceof DecisionResult.Refused refused) {
            // refusals are committed as audit events; the caller learns why
            throw new DecisionRefusedException(refused.reasons());
        }
        return ((DecisionResult.Taken) result).outcome(cmd);
    }

    private DecisionResult decideIn(Connection c, DecisionCommand cmd, OffsetDateTime now) throws SQLException {
        StoredRequest s = requests.lock(c, cmd.reference()).orElseThrow(() -> new UnknownRequestException(cmd.reference()));
        if (s.state() != RequestState.PENDING_APPROVAL) {
            throw new NotDecidableException(s.reference() + " is " + s.state() + ": no decision is open on it");
        }
        LevelUnderDecision at = checks.openLevel(c, s);
        DecisionChecks.Verdict verdict = checks.check(c, cmd, s, at, now);
        if (verdict instanceof DecisionResult.Refused refused) return refused;
        DecisionChecks.Cleared who = (DecisionChecks.Cleared) verdict;
        if (cmd.action() == DecisionCommand.Action.REQUEST_INFO) return info.ask(c, cmd, s, at, who.actor(), now);
        List<Vote> after = votes.record(c, cmd, s, at, who, now);
        return chain.after(c, cmd, s, at, after, who, now);
    }
}
