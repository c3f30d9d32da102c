package io.lexhub.pipeline.intake;

import io.lexhub.intake.IntakeCase;
import io.lexhub.model.Issue;
import io.lexhub.model.ValidationResult;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import io.lexhub.validation.RenewalRule;
import io.lexhub.validation.RenewalTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The renewal rule ({@link RenewalRule}) against the stored chains: once before a request is
 * stored, for its validation, and again inside the intake transaction with the renewed waiver's
 * row locked, so that of two renewals of one waiver submitted at once only the first is accepted.
 */
public final class RenewalChains {

    private final Tx tx;
    private final LifecycleStore store;

    public RenewalChains(Tx tx, LifecycleStore store) {
        this.tx = tx;
        this.store = store;
    }

    /** The waiver {@code ref} as a renewal sees it; {@code exceptRequest} (may be null) is the request being re-assessed. */
    public Optional<RenewalTarget> target(String ref, String exceptRequest) {
        return tx.read(c -> store.renewalTarget(c, ref, exceptRequest, false));
    }

    /** Which renewal of its chain a renewal of {@code ref} is; 0 when {@code ref} is null or unknown. */
    public int renewalNumber(String ref) {
        return ref == null ? 0 : target(ref, null).map(RenewalTarget::nextRenewalNumber).orElse(0);
    }

    /**
     * Runs in the intake transaction before the request row is written: locks the renewed waiver,
     * reads its chain as committed and refuses the case if a renewal got in since it was validated.
     */
    public IntakeCase recheck(Connection c, IntakeCase ic) throws SQLException {
        String renews = ic.request().renews();
        if (renews == null || ic.validation() == null || ic.validation().verdict() == ValidationResult.Verdict.REJECTED) return ic;
        List<Issue> found = RenewalRule.check(ic.request(), store.renewalTarget(c, renews, null, true));
        if (found.isEmpty()) return ic;
        List<Issue> issues = new ArrayList<>(ic.validation().issues());
        issues.addAll(found);
        return ic.withValidation(ValidationResult.of(issues)).withTriage(null).withRisk(null).withRoute(null);
    }
}
