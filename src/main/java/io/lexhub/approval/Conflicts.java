package io.lexhub.approval;

import io.lexhub.model.ExceptionRequest;
import java.util.Locale;
import java.util.Optional;

/** Conflict of interest: the requester, the account owner and the deal's beneficiaries may not approve it. */
public final class Conflicts {

    private Conflicts() {}

    /** Why {@code person} may not decide this request, or empty when they may. */
    public static Optional<String> of(Approver person, ExceptionRequest r) {
        String email = person.email().toLowerCase(Locale.ROOT);
        if (r.requester() != null && email.equalsIgnoreCase(r.requester().email())) {
            return Optional.of(person.name() + " is the requester of this request");
        }
        if (r.accountOwner() != null && email.equalsIgnoreCase(r.accountOwner().email())) {
            return Optional.of(person.name() + " owns the customer's account");
        }
        if (r.beneficiaries().stream().anyMatch(email::equalsIgnoreCase)) {
            return Optional.of(person.name() + " is named as a beneficiary of the deal");
        }
        return Optional.empty();
    }
}
