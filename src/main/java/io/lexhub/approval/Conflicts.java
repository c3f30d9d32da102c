package io.lexhub.approval;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Submitter;
import java.util.Locale;
import java.util.Optional;

/**
 * Conflict of interest: the person who submitted the request (as the channel authenticated
 * them), the requester the document names, the account owner and the deal's beneficiaries may
 * not approve it. Addresses are compared canonically ({@link Addresses}), so a sub-address or a
 * look-alike spelling is still the same person.
 */
public final class Conflicts {

    private Conflicts() {}

    /** As {@link #of(Approver, ExceptionRequest, Submitter, Addresses)} with no authenticated submitter and Gmail's address rules. */
    public static Optional<String> of(Approver person, ExceptionRequest r) {
        return of(person, r, null, Addresses.standard());
    }

    /** Why {@code person} may not decide this request, or empty when they may. */
    public static Optional<String> of(Approver person, ExceptionRequest r, Submitter submitter, Addresses addresses) {
        if (submitter != null && isSubmitter(person, submitter, addresses)) {
            return Optional.of(person.name() + " submitted this request (" + submitter.how() + ")");
        }
        if (r.requester() != null && addresses.same(person.email(), r.requester().email())) {
            return Optional.of(person.name() + " is the requester of this request");
        }
        if (r.accountOwner() != null && addresses.same(person.email(), r.accountOwner().email())) {
            return Optional.of(person.name() + " owns the customer's account");
        }
        if (r.beneficiaries().stream().anyMatch(b -> addresses.same(person.email(), b))) {
            return Optional.of(person.name() + " is named as a beneficiary of the deal");
        }
        return Optional.empty();
    }

    private static boolean isSubmitter(Approver a, Submitter s, Addresses addresses) {
        if (addresses.same(a.email(), s.email())) return true;
        String p = s.principal() == null ? "" : s.principal();
        if (p.startsWith("mail:") && addresses.same(a.email(), p.substring(5))) return true;
        if (a.jiraAccountId() != null && p.equals("jira-account:" + a.jiraAccountId())) return true;
        if (a.jiraUser() != null && p.equalsIgnoreCase("jira-user:" + a.jiraUser().toLowerCase(Locale.ROOT))) return true;
        return p.equals("approver:" + a.id());
    }
}
