package io.lexhub.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.Customer;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Issue;
import io.lexhub.model.Terms;
import io.lexhub.validation.RenewalTarget.LiveRenewal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalRuleTest {

    static final String A = "EXC-2027-000001";

    static ExceptionRequest renewal(String customerId, String renews) {
        return new ExceptionRequest(null, new Customer(customerId, "Acme", "it@acme.example", null), null, null, null, "Lexicon Server", null,
                ExceptionType.TEMPORARY_ACCESS, new Terms(10, null, LocalDate.of(2027, 3, 1), null, 30, null, null, null), "x", null, null,
                null, null, null, renews, null, null);
    }

    static RenewalTarget target(String state, List<LiveRenewal> live, String newest) {
        return new RenewalTarget(A, state, "C-1", "Lexicon Server", "TEMPORARY_ACCESS", 1, live, newest);
    }

    @Test
    void anActiveWaiverWithoutALiveRenewalMayBeRenewed() {
        assertThat(RenewalRule.check(renewal("C-1", A), Optional.of(target("ACTIVE", List.of(), A)))).isEmpty();
        assertThat(RenewalRule.check(renewal("C-1", null), Optional.empty())).isEmpty();
    }

    @Test
    void aWaiverAlreadyRenewedIsRefusedWithTheNewestOfItsChain() {
        List<Issue> issues = RenewalRule.check(renewal("C-1", A),
                Optional.of(target("ACTIVE", List.of(new LiveRenewal("EXC-2027-000002", "APPROVED")), "EXC-2027-000005")));

        assertThat(issues).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("renews");
            assertThat(i.code()).isEqualTo("already-renewed");
            assertThat(i.message()).contains(A + " already has a renewal, EXC-2027-000002 (APPROVED)", "please renew EXC-2027-000005");
        });
    }

    @Test
    void aSecondRenewalWhileOneIsPendingIsRefused() {
        List<Issue> issues = RenewalRule.check(renewal("C-1", A),
                Optional.of(target("ACTIVE", List.of(new LiveRenewal("EXC-2027-000003", "PENDING_APPROVAL")), A)));

        assertThat(issues).extracting(Issue::code).containsExactly("already-renewed");
        assertThat(issues.get(0).message()).contains("EXC-2027-000003 (PENDING_APPROVAL)", "amend EXC-2027-000003");
    }

    @Test
    void anEndedWaiverNamesItsSuccessorOrAsksForANewRequest() {
        assertThat(RenewalRule.check(renewal("C-1", A), Optional.of(target("EXPIRED", List.of(), A))))
                .extracting(Issue::code, Issue::message).containsExactly(org.assertj.core.groups.Tuple.tuple("not-active",
                        A + " is EXPIRED; only an active waiver can be renewed, please submit a new request"));
        assertThat(RenewalRule.check(renewal("C-1", A), Optional.of(target("REVOKED", List.of(), "EXC-2027-000009"))).get(0).message())
                .contains("please renew EXC-2027-000009");
    }

    @Test
    void anotherCustomersWaiverIsRefusedWithoutShowingItsChain() {
        List<Issue> issues = RenewalRule.check(renewal("C-2", A),
                Optional.of(target("ACTIVE", List.of(new LiveRenewal("EXC-2027-000002", "APPROVED")), "EXC-2027-000002")));

        assertThat(issues).extracting(Issue::code).containsExactly("other-waiver");
        assertThat(issues.get(0).message()).doesNotContain("EXC-2027-000002");
        assertThat(RenewalRule.check(renewal("C-1", A), Optional.empty())).extracting(Issue::code).containsExactly("unknown");
    }
}
