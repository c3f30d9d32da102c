package io.lexhub.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The billing lines' format and the comparison with granted terms, without the hub (docs/billing-review.md). */
class BillingParserAndCheckTest {

    final BillingParser parser = new BillingParser(100_000);

    @Test
    void readsCsvWithAMonthOrAPeriodAndJsonInAnyOfItsShapes() {
        List<BillingLine> csv = parser.parse(false, bytes("Customer,Product,Month,Quantity,UnitPrice,DiscountPercent,LineId\n"
                + "C1,\"Analytics, Server\",2027-02,120,49.90,18,L-1\n"));
        assertThat(csv).containsExactly(new BillingLine("C1", "Analytics, Server", LocalDate.parse("2027-02-01"), LocalDate.parse("2027-02-28"),
                new BigDecimal("120"), new BigDecimal("49.90"), new BigDecimal("18"), "L-1", null));
        List<BillingLine> json = parser.parse(true, bytes("{\"lines\": [{\"customer\": \"C1\", \"product\": \"P\", \"periodStart\": \"2027-01-10\","
                + " \"periodEnd\": \"2027-01-20\", \"quantity\": 1, \"unitPrice\": 0.5, \"discountPercent\": 0}]}"));
        assertThat(json.get(0).periodEnd()).isEqualTo(LocalDate.parse("2027-01-20"));
        assertThat(json.get(0).key()).startsWith("sha256:").isEqualTo(parser.parse(true, bytes("{\"customer\": \"C1\", \"product\": \"P\","
                + " \"periodStart\": \"2027-01-10\", \"periodEnd\": \"2027-01-20\", \"quantity\": 1.0, \"unitPrice\": 0.50, \"discountPercent\": 0}")).get(0).key());
    }

    @Test
    void everyProblemOfTheDocumentIsListedAndNothingIsTaken() {
        assertThatThrownBy(() -> parser.parse(false, bytes("customer,product,month,quantity,unitPrice,discountPercent,colour\n")))
                .hasMessageContaining("unknown or repeated columns [colour]");
        assertThatThrownBy(() -> parser.parse(true, bytes("[{\"customer\": \"C\\u202e1\", \"product\": \"P\", \"month\": \"2027-13\", \"quantity\": -1,"
                + " \"unitPrice\": 1, \"discountPercent\": 101, \"lineId\": \"a b\", \"extra\": 1}]")))
                .isInstanceOfSatisfying(MalformedBillingException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "line 1: unknown fields [extra]",
                        "line 1: customer holds a control character or < >, which a name never has",
                        "line 1: '2027-13' is not a date like 2027-01-31 (or a month like 2027-01)",
                        "line 1: quantity '-1' must be a number from 0 to 1000000000 with at most 4 decimal places",
                        "line 1: discountPercent 101 is above 100",
                        "line 1: lineId 'a b' must be 1 to 100 letters, digits or . _ : / -"));
        assertThatThrownBy(() -> parser.parse(true, bytes("{\"customer\": \"C\", \"product\": \"P\", \"periodStart\": \"2027-02-01\","
                + " \"periodEnd\": \"2027-01-01\", \"quantity\": 1, \"unitPrice\": 1, \"discountPercent\": 0}")))
                .hasMessageContaining("periodEnd 2027-01-01 is before periodStart 2027-02-01");
        assertThatThrownBy(() -> new BillingParser(10).parse(true, bytes("[1, 2, 3, 4, 5, 6]"))).hasMessageContaining("larger than 10 bytes");
    }

    @Test
    void comparesDiscountSeatsAndEndAsTheReviewDefinesThem() {
        BillingCheck.Granted discount = new BillingCheck.Granted(new BigDecimal("18"), null, LocalDate.parse("2027-01-01"), LocalDate.parse("2027-03-31"));
        assertThat(BillingCheck.compare(discount, line("2027-02", "100", "18.00"))).isEmpty();
        assertThat(BillingCheck.compare(discount, line("2027-02", "100", "20"))).containsExactly(
                new BillingCheck.Mismatch(BillingCheck.Kind.DISCOUNT_MISMATCH, "18 %", "20 %"));
        // entirely after the end: only that, the terms no longer apply
        assertThat(BillingCheck.compare(discount, line("2027-04", "100", "20"))).containsExactly(
                new BillingCheck.Mismatch(BillingCheck.Kind.BILLED_AFTER_END, "until 2027-03-31", "2027-04-01 to 2027-04-30"));
        BillingCheck.Granted seats = new BillingCheck.Granted(null, 120, LocalDate.parse("2027-01-01"), LocalDate.parse("2027-03-15"));
        assertThat(BillingCheck.compare(seats, line("2027-01", "120", "5"))).isEmpty();
        assertThat(BillingCheck.compare(seats, line("2027-02", "120.5", "0")).get(0).kind()).isEqualTo(BillingCheck.Kind.SEATS_ABOVE_WAIVER);
        // reaching past the end: both the seats and the end
        assertThat(BillingCheck.compare(seats, line("2027-03", "100", "0"))).extracting(BillingCheck.Mismatch::kind)
                .containsExactly(BillingCheck.Kind.SEATS_BELOW_WAIVER, BillingCheck.Kind.BILLED_AFTER_END);
    }

    private static BillingLine line(String month, String quantity, String discount) {
        java.time.YearMonth m = java.time.YearMonth.parse(month);
        return new BillingLine("C", "P", m.atDay(1), m.atEndOfMonth(), new BigDecimal(quantity), BigDecimal.TEN, new BigDecimal(discount), null, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
