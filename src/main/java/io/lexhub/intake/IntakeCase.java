package io.lexhub.intake;

import io.lexhub.lifecycle.RequestLifecycle;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import io.lexhub.model.RequestState;
import io.lexhub.model.RiskResult;
import io.lexhub.model.TriageResult;
import io.lexhub.model.ValidationResult;
import io.lexhub.policy.Policy;
import java.util.List;

/**
 * A request on its way through direct:intake; each step returns a copy with its result added.
 * The policy is captured once, so every step of one request uses the same policy version; its
 * digest ({@code policySha256}, null for a policy built in code) is stored with the assessment.
 */
public record IntakeCase(
        RawSubmission raw,
        String externalId,
        String contentSha256,
        ExceptionRequest request,
        List<Issue> parseIssues,
        Policy policy,
        String policySha256,
        ValidationResult validation,
        TriageResult triage,
        RiskResult risk,
        ApprovalRoute route) {

    public IntakeCase withValidation(ValidationResult v) {
        return new IntakeCase(raw, externalId, contentSha256, request, parseIssues, policy, policySha256, v, triage, risk, route);
    }

    public IntakeCase withTriage(TriageResult t) {
        return new IntakeCase(raw, externalId, contentSha256, request, parseIssues, policy, policySha256, validation, t, risk, route);
    }

    public IntakeCase withRisk(RiskResult r) {
        return new IntakeCase(raw, externalId, contentSha256, request, parseIssues, policy, policySha256, validation, triage, r, route);
    }

    public IntakeCase withRoute(ApprovalRoute r) {
        return new IntakeCase(raw, externalId, contentSha256, request, parseIssues, policy, policySha256, validation, triage, risk, r);
    }

    /**
     * The case rejected for these further issues (found by the intake transaction's overlap
     * re-check): nothing of triage, risk or route remains, as for a request rejected by validation.
     */
    public IntakeCase rejectedFor(List<Issue> more) {
        List<Issue> all = new java.util.ArrayList<>(validation.issues());
        all.addAll(more);
        return new IntakeCase(raw, externalId, contentSha256, request, parseIssues, policy, policySha256, ValidationResult.of(all), null, null, null);
    }

    /** True once validation has accepted the request, i.e. it is to be triaged, scored and routed. */
    public boolean accepted() {
        return validation != null && validation.accepted();
    }

    /** The state the request is stored in after intake. */
    public RequestState resultingState() {
        RequestState next = switch (validation.verdict()) {
            case REJECTED -> RequestState.REJECTED;
            case NEEDS_INFO -> RequestState.NEEDS_INFO;
            case ACCEPTED -> RequestState.PENDING_APPROVAL;
        };
        RequestLifecycle.check(RequestState.RECEIVED, next);
        return next;
    }

    /**
     * One processing of one submission, equal only to itself: Camel hashes the body for every
     * {@code ${body.x()}} in a route, and the record's own hash walked the whole policy each time
     * (2 % of intake CPU in the bench profile).
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
