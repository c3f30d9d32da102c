package io.lexhub.pipeline.waiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule of an amendment of an active waiver: it may only narrow; each refusal says why, by field. */
class NarrowingRulesTest {

    static final LocalDate TODAY = LocalDate.of(2027, 1, 10);
    /** 30 seats from 1 Jan to 31 Mar 2027. */
    static final WaiverBounds SEATS = new WaiverBounds(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31), 30, null);
    /** 20 % discount from 1 Feb 2027 to 31 Jan 2028. */
    static final WaiverBounds DISCOUNT = new WaiverBounds(LocalDate.of(2027, 2, 1), LocalDate.of(2028, 1, 31), null, new BigDecimal("20"));

    static Map<String, String> problems(WaiverBounds granted, LocalDate end, Integer seats, String discount) {
        return NarrowingRules.problems(granted, new WaiverBounds(null, end, seats, discount == null ? null : new BigDecimal(discount)), TODAY);
    }

    @Test
    void anEarlierEndAndFewerSeatsAreANarrowing() {
        assertThat(problems(SEATS, LocalDate.of(2027, 1, 31), 20, null)).isEmpty();
        assertThat(NarrowingRules.narrowed(SEATS, new WaiverBounds(null, LocalDate.of(2027, 1, 31), null, null)))
                .isEqualTo(new WaiverBounds(SEATS.start(), LocalDate.of(2027, 1, 31), 30, null));
        // today is the earliest end: the waiver covers today and the expiry sweep ends it tomorrow
        assertThat(problems(SEATS, TODAY, null, null)).isEmpty();
        assertThat(problems(DISCOUNT, null, null, "12.5")).isEmpty();
        // one seat is still a waiver
        assertThat(problems(SEATS, null, 1, null)).isEmpty();
    }

    @Test
    void aLaterEndMoreSeatsOrADeeperDiscountWidenAndNeedANewRequest() {
        assertThat(problems(SEATS, LocalDate.of(2027, 4, 1), null, null)).containsOnlyKeys("end")
                .extractingByKey("end").asString().contains("A later end than 31 Mar 2027 widens the waiver", "renewal");
        assertThat(problems(SEATS, null, 31, null)).containsOnlyKeys("seats")
                .extractingByKey("seats").asString().contains("More seats than 30 widens the waiver", "approval");
        assertThat(problems(DISCOUNT, null, null, "20.01")).containsOnlyKeys("discountPercent")
                .extractingByKey("discountPercent").asString().contains("A deeper discount than 20 % widens the waiver");
    }

    @Test
    void aQuantityOfZeroOrLessWouldBeARevocation() {
        assertThat(problems(SEATS, null, 0, null)).extractingByKey("seats").asString().contains("revoke it instead");
        assertThat(problems(SEATS, null, -5, null)).extractingByKey("seats").asString().contains("revoke it instead");
        assertThat(problems(DISCOUNT, null, null, "0")).extractingByKey("discountPercent").asString().contains("revoke it instead");
        assertThat(problems(DISCOUNT, null, null, "10.125")).extractingByKey("discountPercent").asString().contains("2 decimal places");
    }

    @Test
    void theEndIsNeitherBeforeTodayNorBeforeTheStart() {
        assertThat(problems(SEATS, TODAY.minusDays(1), null, null)).extractingByKey("end").asString()
                .isEqualTo("The end cannot be before today, 10 Jan 2027: to end the waiver now, revoke it");
        // a waiver that has not started: its end may come forward to its start, not before
        assertThat(problems(DISCOUNT, LocalDate.of(2027, 2, 1), null, null)).isEmpty();
        assertThat(problems(DISCOUNT, LocalDate.of(2027, 1, 31), null, null)).extractingByKey("end").asString()
                .contains("The end cannot be before the start, 1 Feb 2027");
    }

    @Test
    void aQuantityTheWaiverDoesNotGrantAndNoChangeAtAllAreRefused() {
        assertThat(problems(DISCOUNT, null, 5, null)).extractingByKey("seats").isEqualTo("This waiver grants no seats");
        assertThat(problems(SEATS, null, null, "5")).extractingByKey("discountPercent").isEqualTo("This waiver grants no discount");
        assertThat(problems(SEATS, SEATS.end(), 30, null)).extractingByKey("end").asString().startsWith("Nothing would change");
        assertThat(problems(SEATS, null, null, null)).containsOnlyKeys("end");
        // several problems at once, each by its field
        assertThat(problems(SEATS, LocalDate.of(2028, 1, 1), 0, null)).containsOnlyKeys("end", "seats");
    }

    @Test
    void theGrantedDocumentKeepsEverythingButTheNarrowedTerms() {
        String granted = "{\"type\":\"EXTRA_SEATS\",\"terms\":{\"seats\":30,\"start\":\"2027-01-01\",\"end\":null,\"durationDays\":90,"
                + "\"regions\":[\"EU\"]},\"start\":\"2027-01-01\",\"end\":\"2027-03-31\",\"conditions\":[\"monthly report\"]}";
        String after = WaiverAmendments.granted(granted, new WaiverBounds(SEATS.start(), LocalDate.of(2027, 1, 31), 20, null));
        assertThat(after).contains("\"seats\":20", "\"end\":\"2027-01-31\"", "\"durationDays\":31", "\"regions\":[\"EU\"]", "\"conditions\":[\"monthly report\"]")
                .doesNotContain("2027-03-31");
        assertThat(WaiverBounds.of(SEATS.start(), LocalDate.of(2027, 1, 31), after)).isEqualTo(new WaiverBounds(SEATS.start(), LocalDate.of(2027, 1, 31), 20, null));
    }
}
