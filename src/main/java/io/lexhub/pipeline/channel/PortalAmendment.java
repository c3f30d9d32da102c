package io.lexhub.pipeline.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import io.lexhub.model.RequestState;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.intake.AmendTerms;
import io.lexhub.pipeline.intake.IntakeSteps;
import io.lexhub.pipeline.intake.UnreadableInputException;
import io.lexhub.store.RequestStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The customer changes the terms of their request while it waits for approvers (docs/portal.md,
 * "Changing the terms"): the new terms merged into the stored document, assessed like a new
 * request, and, when acceptable, the same amendment the desk makes ({@link AmendTerms}): the open
 * round voided, the chain started again, {@code request.amended} with the customer as actor.
 */
public final class PortalAmendment {

    /** What became of an amendment. */
    public sealed interface Result {
        /** Not this organisation's request, or none: answered as an unknown reference. */
        record NotFound() implements Result {}

        /** No longer waiting for approvers (decided, withdrawn, or still missing information). */
        record NotAmendable(RequestState state) implements Result {}

        /** The new terms are not acceptable: nothing changed; the problems by field. */
        record Invalid(List<Issue> issues) implements Result {}

        /** Amended: its state afterwards (PENDING_APPROVAL, or APPROVED when the policy approves the new terms itself). */
        record Done(RequestState state) implements Result {}
    }

    private final RequestStore requests;
    private final IntakeSteps steps;
    private final AmendTerms amendments;
    private final Clock clock;

    public PortalAmendment(RequestStore requests, IntakeSteps steps, AmendTerms amendments, Clock clock) {
        this.requests = requests;
        this.steps = steps;
        this.amendments = amendments;
        this.clock = clock;
    }

    /** The stored request if it is this organisation's (empty for another's and for none alike). */
    public Optional<RequestStore.Stored> of(String customerId, String reference) {
        if (customerId == null || reference == null) return Optional.empty();
        return requests.find(reference).filter(s -> customerId.equals(s.customerId()));
    }

    /** @param terms the terms the customer changed, typed as the schema says (built by the page) */
    public Result amend(String customerId, String reference, ObjectNode terms, String rationale, String actor) {
        Optional<RequestStore.Stored> found = of(customerId, reference);
        if (found.isEmpty()) return new Result.NotFound();
        if (found.get().state() != RequestState.PENDING_APPROVAL) return new Result.NotAmendable(found.get().state());
        ObjectNode merged = (ObjectNode) Json.readTree(found.get().requestJson());
        ObjectNode changed = Json.MAPPER.createObjectNode();
        changed.set("terms", terms);
        MailIntake.merge(merged, changed);
        byte[] document = Json.write(merged).getBytes(StandardCharsets.UTF_8);
        IntakeCase normalised;
        try {
            normalised = steps.normalise(new RawSubmission(RawSubmission.PORTAL, "portal-amendment:" + reference + ":" + clock.millis(), null,
                    "application/json", document, clock.instant()));
        } catch (UnreadableInputException e) {
            return new Result.Invalid(e.problems().stream().map(p -> Issue.invalid("", "unreadable", p)).toList());
        }
        IntakeCase assessed = steps.reassess(normalised, reference);
        if (!assessed.accepted()) return new Result.Invalid(assessed.validation().issues());
        try {
            return new Result.Done(amendments.amend(reference, assessed, rationale, actor));
        } catch (NotDecidableException e) {
            // decided or withdrawn since the page was read: the row lock in AmendTerms saw it
            return new Result.NotAmendable(requests.find(reference).map(RequestStore.Stored::state).orElse(RequestState.PENDING_APPROVAL));
        }
    }
}
