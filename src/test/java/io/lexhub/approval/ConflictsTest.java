package io.lexhub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Person;
import io.lexhub.model.Submitter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conflict of interest: the authenticated submitter and every party the document names, compared canonically. */
class ConflictsTest {

    static final Approver ALICE = new Approver("alice.moreau", "Alice Moreau", "alice.moreau@meridian-software.example", List.of("licensing"),
            250000.0, null, null, "5b10a2844c20165700ede21g", "amoreau");
    final Addresses addresses = Addresses.standard();

    static ExceptionRequest request(String requester, String owner, List<String> beneficiaries) {
        return new ExceptionRequest(null, null, requester == null ? null : new Person("R", requester), owner == null ? null : new Person("O", owner),
                beneficiaries, "P", null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void everyNamedPartyInAnySpellingIsAConflict() {
        assertThat(Conflicts.of(ALICE, request("Alice.Moreau+x@meridian-software.example", null, List.of()), null, addresses))
                .get().asString().contains("is the requester");
        assertThat(Conflicts.of(ALICE, request(null, "alice.moreau+owner@MERIDIAN-software.example.", List.of()), null, addresses))
                .get().asString().contains("owns the customer's account");
        assertThat(Conflicts.of(ALICE, request(null, null, List.of("x@y.example", "\u0430lice.moreau@meridian-software.example")), null, addresses))
                .get().asString().contains("beneficiary");
        assertThat(Conflicts.of(ALICE, request("bob@customer.example", "owner@meridian-software.example", List.of()), null, addresses)).isEmpty();
    }

    @Test
    void theAuthenticatedSubmitterCountsBesideTheNamedRequester() {
        ExceptionRequest namesBob = request("bob@customer.example", null, List.of());
        Submitter byMail = new Submitter("mail:alice.moreau+x@meridian-software.example", "alice.moreau+x@meridian-software.example", "Alice", "mail From, DMARC pass");
        assertThat(Conflicts.of(ALICE, namesBob, byMail, addresses)).get().asString().contains("submitted this request (mail From, DMARC pass)");
        Submitter cloudReporter = new Submitter("jira-account:5b10a2844c20165700ede21g", null, "Alice Moreau", "Jira reporter");
        assertThat(Conflicts.of(ALICE, namesBob, cloudReporter, addresses)).isPresent();
        Submitter serverReporter = new Submitter("jira-user:amoreau", null, "Alice Moreau", "Jira reporter");
        assertThat(Conflicts.of(ALICE, namesBob, serverReporter, addresses)).isPresent();
        Submitter apiKey = new Submitter("approver:alice.moreau", null, null, "API key");
        assertThat(Conflicts.of(ALICE, namesBob, apiKey, addresses)).isPresent();
        Submitter someoneElse = new Submitter("jira-account:5d9c2b1f0e1a4c0c8e3b7a21", "carla.jensen@meridian-software.example", "Carla", "Jira reporter");
        assertThat(Conflicts.of(ALICE, namesBob, someoneElse, addresses)).isEmpty();
    }
}
