package io.lexhub.pipeline.intake;

import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.MalformedRequestException;
import io.lexhub.intake.RawSubmission;
import io.lexhub.intake.RequestParser;
import io.lexhub.model.Issue;
import io.lexhub.model.Track;
import io.lexhub.model.ValidationResult;
import io.lexhub.store.StoreException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dry run of intake (POST /api/requests/check, and the portal's form): the same parser, limits,
 * validation and triage as direct:intake, answering what intake would say, and writing nothing.
 * Unreadable input is refused with the parser's problems, as the submission is, but not quarantined:
 * nothing was sent to the desk.
 */
public final class RequestCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RequestCheck.class);

    /**
     * What a customer may be told before submitting: the verdict, every issue (the texts intake
     * mails to the requester anyway) and, when accepted, the track. Nothing of the risk score,
     * tier, approval chain or the triage's criteria: those quote the policy's internal thresholds.
     */
    public record Verdict(ValidationResult.Verdict verdict, List<Issue> issues, Track track, String policyVersion) {}

    private final RequestParser parser;
    private final IntakeSteps steps;

    public RequestCheck(RequestParser parser, IntakeSteps steps) {
        this.parser = parser;
        this.steps = steps;
    }

    /** @throws MalformedRequestException when the input is not a request document at all */
    public Verdict check(RawSubmission raw) {
        IntakeCase c;
        try {
            c = steps.dryRun(parser.parse(raw.content(), raw.formatHint()), raw);
        } catch (MalformedRequestException | StoreException e) {
            throw e; // unreadable (400), or the overlap lookup's database (503)
        } catch (RuntimeException e) {
            // the details may quote internals: the log has them, the caller a plain sentence
            LOG.error("a checked request could not be processed", e);
            throw new MalformedRequestException("The request could not be processed (" + e.getClass().getSimpleName() + ").");
        }
        return new Verdict(c.validation().verdict(), c.validation().issues(), c.accepted() ? c.triage().track() : null, c.policy().version());
    }
}
