package io.lexhub.risk;

import io.lexhub.support.TestPolicies;
import static io.lexhub.risk.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.DataSensitivity;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Track;
import io.lexhub.model.TriageResult;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyLoader;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriageTest {

    private static final Policy REAL = TestPolicies.real();
    private final Triage triage = new Triage();

    @Test
    void smallRequestGoesFastWithOneReasonPerCriterion() {
        TriageResult t = triage.triage(request().build(), REAL);

        assertThat(t.track()).isEqualTo(Track.FAST);
        assertThat(t.reasons()).containsExactly(
                "type EXTRA_SEATS in [EXTRA_SEATS, TERM_EXTENSION, TEMPORARY_ACCESS]: met",
                "durationDays 14 <= 30: met",
                "revenueImpact 2000 <= 10000: met",
                "seats 10 <= 50: met",
                "dataSensitivity INTERNAL in [NONE, INTERNAL]: met");
    }

    @Test
    void aBackdatedStartGoesToPeopleWithItsReasonInTheTrace() {
        LocalDate today = LocalDate.of(2026, 12, 6);
        TriageResult t = triage.triage(request().start(LocalDate.of(2026, 11, 30)).backdateReason("PO held in a freeze").build(), REAL, today, 0);

        assertThat(t.track()).isEqualTo(Track.STANDARD);
        assertThat(t.reasons()).contains("start 2026-11-30 not before 2026-12-06 (backdated 6 days; reason: PO held in a freeze): not met");
        // a start today or later adds nothing
        assertThat(triage.triage(request().start(today).build(), REAL, today, 0).reasons()).hasSize(5);
    }

    @Test
    void aRenewalBeyondMaxRenewalsGoesToPeople() {
        LocalDate today = LocalDate.of(2025, 12, 1);
        assertThat(triage.triage(request().build(), REAL, today, 2).track()).isEqualTo(Track.FAST);

        TriageResult third = triage.triage(request().build(), REAL, today, 3);
        assertThat(third.track()).isEqualTo(Track.STANDARD);
        assertThat(third.reasons()).anyMatch(r -> r.startsWith("renewal number 3") && r.endsWith("<= maxRenewals 2 (repeat renewal:"
                + " people decide, then the audit owner reviews it): not met"));
    }

    @Test
    void thresholdsAreInclusive() {
        TriageResult t = triage.triage(request().days(30).revenue("10000.00").seats(50).build(), REAL);
        assertThat(t.track()).isEqualTo(Track.FAST);
        assertThat(t.reasons()).contains("durationDays 30 <= 30: met", "revenueImpact 10000 <= 10000: met", "seats 50 <= 50: met");
    }

    static Stream<Arguments> oneCriterionMissed() {
        return Stream.of(
                Arguments.of(request().type(ExceptionType.DISCOUNT),
                        "type DISCOUNT in [EXTRA_SEATS, TERM_EXTENSION, TEMPORARY_ACCESS]: not met"),
                Arguments.of(request().days(31), "durationDays 31 <= 30: not met"),
                Arguments.of(request().period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)), "durationDays 31 <= 30: not met"),
                Arguments.of(request().revenue("10000.01"), "revenueImpact 10000.01 <= 10000: not met"),
                Arguments.of(request().seats(51), "seats 51 <= 50: not met"),
                Arguments.of(request().data(DataSensitivity.CONFIDENTIAL), "dataSensitivity CONFIDENTIAL in [NONE, INTERNAL]: not met"),
                // unknown values do not qualify for the fast track
                Arguments.of(request().type(null), "type unknown in [EXTRA_SEATS, TERM_EXTENSION, TEMPORARY_ACCESS]: not met"),
                Arguments.of(request().days(null), "durationDays unknown <= 30: not met"),
                Arguments.of(request().revenue(null), "revenueImpact unknown <= 10000: not met"),
                Arguments.of(request().data(null), "dataSensitivity unknown in [NONE, INTERNAL]: not met"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("oneCriterionMissed")
    void anyMissedCriterionMeansStandardTrack(RequestBuilder r, String missed) {
        TriageResult t = triage.triage(r.build(), REAL);

        assertThat(t.track()).isEqualTo(Track.STANDARD);
        assertThat(t.reasons()).hasSize(5).contains(missed);
        assertThat(t.reasons()).filteredOn(s -> s.endsWith("not met")).containsExactly(missed);
    }

    @Test
    void requestWithoutSeatsMeetsTheSeatCriterion() {
        TriageResult t = triage.triage(request().type(ExceptionType.TERM_EXTENSION).seats(null).build(), REAL);
        assertThat(t.track()).isEqualTo(Track.FAST);
        assertThat(t.reasons()).contains("seats none <= 50: met");
    }

    @Test
    void noSeatLimitMeansNoSeatCriterion() {
        Policy p = PolicyLoader.parse(TestPolicies.YAML.replace("  maxSeats: 50\n", ""), "t.yaml");
        TriageResult t = triage.triage(request().seats(5000).build(), p);

        assertThat(t.track()).isEqualTo(Track.FAST);
        assertThat(t.reasons()).hasSize(4).noneMatch(s -> s.startsWith("seats"));
    }

    @Test
    void everyMissedCriterionIsListed() {
        TriageResult t = triage.triage(request().type(ExceptionType.TERRITORY_RIGHTS).days(365).revenue(50000).seats(null)
                .data(DataSensitivity.REGULATED).build(), REAL);
        assertThat(t.track()).isEqualTo(Track.STANDARD);
        assertThat(t.reasons()).filteredOn(s -> s.endsWith(": not met")).hasSize(4);
    }
}
