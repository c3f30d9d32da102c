package io.lexhub.pipeline.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.intake.IntakeSteps;
import io.lexhub.pipeline.intake.StartApproval;
import io.lexhub.pipeline.intake.UnreadableInputException;
import io.lexhub.store.RequestStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A customer completes their NEEDS_INFO request on its portal page (docs/portal.md): the values they
 * typed are merged into the stored document and assessed again exactly as a mailed or Jira supplement
 * ({@link MailIntake#merge}, IntakeSteps.reassess, RequestStore.supplement, StartApproval.afterAssessment).
 * Unlike mail, a result that still lacks or breaks something is not stored: the customer is on the
 * page and gets the form back with the problems. No Camel types.
 */
public final class PortalSupplement {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.intake");

    /** What became of a supplement. */
    public sealed interface Result {
        /** Not this organisation's request, or none: answered as an unknown reference. */
        record NotFound() implements Result {}

        /** The request no longer waits for information (a second submit, or decided meanwhile). */
        record NotNeeded(RequestState state) implements Result {}

        /** Still missing or invalid: nothing stored; the problems by field. */
        record Invalid(List<Issue> issues) implements Result {}

        /** Stored and assessed: its new state. */
        record Done(RequestState state) implements Result {}
    }

    private final RequestStore requests;
    private final IntakeSteps steps;
    private final StartApproval start;
    private final Notices notices;
    private final Clock clock;

    public PortalSupplement(RequestStore requests, IntakeSteps steps, StartApproval start, Notices notices, Clock clock) {
        this.requests = requests;
        this.steps = steps;
        this.start = start;
        this.notices = notices;
        this.clock = clock;
    }

    /** The stored request if it is this organisation's (empty for another's and for none alike). */
    public Optional<RequestStore.Stored> of(String customerId, String reference) {
        if (customerId == null || reference == null) return Optional.empty();
        return requests.find(reference).filter(s -> customerId.equals(s.customerId()));
    }

    /** @param supplied the fields the customer filled in, typed as the schema says (built by the page) */
    public Result supplement(String customerId, String reference, ObjectNode supplied, String actor) {
        Optional<RequestStore.Stored> found = of(customerId, reference);
        if (found.isEmpty()) return new Result.NotFound();
        RequestStore.Stored stored = found.get();
        if (stored.state() != RequestState.NEEDS_INFO) return new Result.NotNeeded(stored.state());
        ObjectNode merged = (ObjectNode) Json.readTree(stored.requestJson());
        MailIntake.merge(merged, supplied);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String key = "portal-supplement:" + reference + ":" + now.toInstant().toEpochMilli();
        byte[] document = Json.write(merged).getBytes(StandardCharsets.UTF_8);
        IntakeCase normalised;
        try {
            normalised = steps.normalise(new RawSubmission(RawSubmission.PORTAL, key, null, "application/json", document, clock.instant()));
        } catch (UnreadableInputException e) {
            return new Result.Invalid(e.problems().stream().map(p -> Issue.invalid("", "unreadable", p)).toList());
        }
        // the customer's organisation is the session's: a supplement cannot move the request to another
        if (normalised.request().customer() == null || !customerId.equals(normalised.request().customer().id())) {
            return new Result.Invalid(List.of(Issue.invalid("customer.id", "other-customer", "The request must stay your organisation's.")));
        }
        IntakeCase assessed = steps.reassess(normalised, reference);
        if (!assessed.accepted()) return new Result.Invalid(assessed.validation().issues());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("channel", RawSubmission.PORTAL);
        payload.put("supplied", supplied);
        try {
            IntakeOutcome outcome = requests.supplement(reference, assessed, payload, actor, now,
                    (conn, ref, state) -> start.afterAssessment(conn, ref, state, assessed, notices.forAssessment(key, ref, state, assessed), now),
                    conn -> { });
            LOG.info("{} supplemented on the portal by {}: NEEDS_INFO -> RECEIVED -> {}", reference, actor, outcome.state());
            return new Result.Done(outcome.state());
        } catch (IllegalStateException e) {
            // another submit (a double click, a mail) supplemented it first: the row is no longer NEEDS_INFO
            return new Result.NotNeeded(requests.find(reference).map(RequestStore.Stored::state).orElse(RequestState.NEEDS_INFO));
        }
    }
}
