package io.lexhub.pipeline.intake;

import io.lexhub.approval.ApprovalRouter;
import io.lexhub.intake.ContentHash;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.intake.MalformedRequestException;
import io.lexhub.intake.ParsedRequest;
import io.lexhub.intake.RawSubmission;
import io.lexhub.intake.RequestParser;
import io.lexhub.policy.PolicyText;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.model.Issue;
import io.lexhub.model.RequestState;
import io.lexhub.model.ValidationResult;
import io.lexhub.pipeline.evidence.EvidenceNames;
import io.lexhub.pipeline.evidence.FileEvidence;
import io.lexhub.store.QuarantineStore;
import io.lexhub.validation.ConflictLookup;
import io.lexhub.store.RequestStore;
import io.lexhub.store.StoreException;
import io.lexhub.validation.RenewalRule;
import io.lexhub.validation.RequestValidator;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of direct:intake, one method per step. Each adapts the domain classes to the
 * exchange body (an {@link IntakeCase}); the decisions are made in the domain packages.
 */
public final class IntakeSteps {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeSteps.class);

    private final RequestParser parser;
    private final RequestValidator validator;
    private final Triage triage;
    private final RiskScorer scorer;
    private final ApprovalRouter router;
    private final PolicyHolder policy;
    private final RequestStore requests;
    private final QuarantineStore quarantine;
    private final StartApproval start;
    private final RenewalChains renewals;
    private final FileEvidence evidence;
    private final Clock clock;
    private final ZoneId zone;

    public IntakeSteps(RequestParser parser, RequestValidator validator, Triage triage, RiskScorer scorer, ApprovalRouter router,
            PolicyHolder policy, RequestStore requests, QuarantineStore quarantine, StartApproval start,
            RenewalChains renewals, FileEvidence evidence, Clock clock, ZoneId zone) {
        this.parser = parser;
        this.validator = validator;
        this.triage = triage;
        this.scorer = scorer;
        this.router = router;
        this.policy = policy;
        this.requests = requests;
        this.quarantine = quarantine;
        this.start = start;
        this.renewals = renewals;
        this.evidence = evidence;
        this.clock = clock;
        this.zone = zone;
    }

    /** Parses the input into the canonical request; unreadable input is quarantined and refused. */
    public IntakeCase normalise(RawSubmission raw) {
        String sha = ContentHash.sha256(raw.content());
        ParsedRequest parsed;
        try {
            parsed = parser.parse(raw.content(), raw.formatHint());
        } catch (MalformedRequestException e) {
            throw refuse(raw, sha, e.problems());
        } catch (RuntimeException e) {
            // a parser failure nobody foresaw is still a property of these bytes: refused and kept, never retried
            throw refuse(raw, sha, unexpected(e, raw));
        }
        // the channel's own id wins; an API caller's clientRequestId is its idempotency key;
        // otherwise the content itself identifies the input (the same file dropped twice)
        String clientId = parsed.request().clientRequestId();
        String externalId = raw.externalId() != null ? raw.externalId()
                : RawSubmission.API.equals(raw.source()) && clientId != null ? "client:" + clientId
                : "sha256:" + sha;
        PolicyText p = policy.inForce();
        // the practice drop folder marks its files practice, whatever the document says
        var request = raw.practice() ? parsed.request().asPractice() : parsed.request();
        return new IntakeCase(raw, externalId, sha, request, parsed.issues(), p.policy(), p.sha256(), null, null, null, null);
    }

    public IntakeCase validate(IntakeCase c) {
        try {
            return c.withValidation(validation(c, null));
        } catch (StoreException e) {
            throw e; // the conflict lookup's database: transient (DatabaseUnavailableException) or not the input's fault
        } catch (RuntimeException e) {
            throw refuse(c.raw(), c.contentSha256(), unexpected(e, c.raw()));
        }
    }

    private UnreadableInputException refuse(RawSubmission raw, String sha, List<String> problems) {
        String externalId = raw.externalId() != null ? raw.externalId() : "sha256:" + sha;
        long id = quarantine.add(raw, externalId, String.join("; ", problems));
        return new UnreadableInputException(problems, id);
    }

    /** What the sender is told; the details (which may quote internals) go to the log only. */
    private static List<String> unexpected(RuntimeException e, RawSubmission raw) {
        LOG.error("{} input {} could not be processed; it is quarantined", raw.source(), raw.fileName() != null ? raw.fileName() : raw.externalId(), e);
        return List.of("The request could not be processed (" + e.getClass().getSimpleName() + "). It has been kept for the licensing desk, "
                + "who will look into it; please do not send it again unchanged.");
    }

    /**
     * Validation against the policy and the other open exceptions; a request already on file
     * ({@code ownReference}) and the waiver a renewal continues do not count as conflicts.
     */
    private ValidationResult validation(IntakeCase c, String ownReference) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        String renews = c.request().renews();
        ConflictLookup others = (customer, product, start, end) -> requests.overlapping(customer, product, start, end).stream()
                .filter(e -> !e.reference().equals(ownReference) && !e.reference().equals(renews)).toList();
        ValidationResult v = validator.validate(new ParsedRequest(c.request(), c.parseIssues()), c.policy(), today, others);
        if (renews == null) return v;
        List<Issue> issues = new ArrayList<>(v.issues());
        issues.addAll(RenewalRule.check(c.request(), renewals.target(renews, ownReference)));
        return ValidationResult.of(issues);
    }

    public IntakeCase triage(IntakeCase c) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return c.withTriage(triage.triage(c.request(), c.policy(), today, renewals.renewalNumber(c.request().renews())));
    }

    public IntakeCase score(IntakeCase c) {
        return c.withRisk(scorer.score(c.request(), c.policy()));
    }

    public IntakeCase route(IntakeCase c) {
        return c.withRoute(router.route(c.request(), c.risk(), c.policy()));
    }

    /**
     * Validates, triages, scores and routes a request again, as direct:intake does, for a request
     * already on file (a supplement by mail): its own reference does not count as a conflict.
     */
    public IntakeCase reassess(IntakeCase c, String ownReference) {
        IntakeCase v = c.withValidation(validation(c, ownReference));
        return v.accepted() ? route(score(triage(v))) : v;
    }

    /**
     * What intake would decide on this request, writing nothing (the dry run of
     * {@link RequestCheck}): the verdict with every issue and, when accepted, the track. The overlap
     * and renewal checks only read; no reference, audit event, outbox row or quarantine entry.
     */
    public IntakeCase dryRun(ParsedRequest parsed, RawSubmission raw) {
        PolicyText p = policy.inForce();
        IntakeCase c = new IntakeCase(raw, null, null, parsed.request(), parsed.issues(), p.policy(), p.sha256(), null, null, null, null);
        IntakeCase v = c.withValidation(validation(c, null));
        return v.accepted() ? triage(v) : v;
    }

    /**
     * Stores the request with its audit events, its reply and its approval chain (or the
     * policy's own approval) in one transaction; what does not depend on the new reference
     * (JSON, precedents) is prepared before it.
     */
    public IntakeOutcome store(IntakeCase c) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // read before the transaction: it does not need the reference and would only lengthen the locks
        var precedents = start.precedentsBeforeIntake(c);
        // a drop folder delivers in bulk, to several workers at once: their requests share commits
        boolean grouped = RawSubmission.FILE.equals(c.raw().source());
        // the renewal rule is checked again inside the transaction, with the renewed waiver locked (RenewalChains)
        return requests.saveNew(c, now, renewals::recheck, (conn, ref, state, stored) -> {
            RequestState after = start.afterIntake(conn, ref, state, stored, precedents, now);
            fileEvidence(conn, ref, c.raw(), now);
            return after;
        }, grouped);
    }

    /**
     * The files sent with the request (the portal's form), in the transaction that stores it: a request
     * refused by intake leaves no file behind, and a file refused here (the channel checked them before)
     * undoes the whole submission.
     */
    private void fileEvidence(Connection conn, String reference, RawSubmission raw, OffsetDateTime now) throws SQLException {
        String actor = raw.submitter() == null ? raw.source() : raw.submitter().principal();
        for (RawSubmission.Evidence e : raw.evidence()) {
            if (evidence.file(conn, reference, e.fileName(), e.content(), actor, raw.source(), now) instanceof FileEvidence.Filing.Refused r) {
                throw new IllegalArgumentException(EvidenceNames.clean(e.fileName()) + ": " + r.reason());
            }
        }
    }
}
