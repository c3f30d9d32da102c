package io.lexhub.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lexhub.policy.Policy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageParserAndCheckTest {

    final UsageParser parser = new UsageParser(100_000);
    final Policy.Utilisation rules = new Policy.Utilisation(10.0, 30.0);

    @Test
    void csvAndJsonGiveTheSameReports() {
        List<UsageReport> csv = parser.parse("u.csv", """
                customer,product,metric,period,value
                CUST-1,"Meridian, Data Platform",seats,2026-11,120
                """.getBytes(StandardCharsets.UTF_8));
        List<UsageReport> json = parser.parse("application/json", """
                {"reports": [{"customer": "CUST-1", "product": "Meridian, Data Platform", "metric": "seats", "period": "2026-11", "value": 120}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(csv).isEqualTo(json).containsExactly(new UsageReport("CUST-1", "Meridian, Data Platform", "seats", "2026-11", new BigDecimal("120")));
    }

    @Test
    void everyBadRowIsListedAndNothingIsRead() {
        assertThatThrownBy(() -> parser.parse("u.csv", """
                customer,product,metric,period,value
                CUST-1,P,seats,2026-11,abc
                ,P,seats,2026-11,1
                CUST-1,P,seats,2026-11,-5
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedUsageException.class, e -> assertThat(e.problems()).containsExactly(
                        "line 2: value 'abc' is not a number",
                        "line 3: customer missing or longer than 200 characters",
                        "line 4: value -5 must be a number from 0 to 10^15 with at most 4 decimal places"));
        assertThatThrownBy(() -> parser.parse("u.csv", "name,value\nx,1".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 1: the header must be customer,product,metric,period,value");
        assertThatThrownBy(() -> parser.parse("u.json", "{\"customer\": ".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not well-formed JSON");
    }

    @Test
    void exponentsAndLongDigitStringsAreBoundedBeforeAnyArithmetic() {
        String digits = "9".repeat(50_000);
        assertThatThrownBy(() -> parser.parse("u.csv", ("""
                customer,product,metric,period,value
                CUST-1,P,seats,2026-11,1e-400000
                CUST-1,P,seats,2026-12,1E+400000
                CUST-1,P,seats,2027-01,0.00001
                CUST-1,P,seats,2027-02,""" + digits + "\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedUsageException.class, e -> assertThat(e.problems()).containsExactly(
                        "line 2: value 1e-400000 must be a number from 0 to 10^15 with at most 4 decimal places",
                        "line 3: value 1E+400000 must be a number from 0 to 10^15 with at most 4 decimal places",
                        "line 4: value 0.00001 must be a number from 0 to 10^15 with at most 4 decimal places",
                        "line 5: value '" + "9".repeat(40) + "...' is not a number"));
        assertThatThrownBy(() -> parser.parse("u.json", """
                {"customer": "CUST-1", "product": "P", "metric": "seats", "period": "2026-11", "value": 1e-400000}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedUsageException.class, e -> assertThat(e.problems()).containsExactly(
                        "report 1: value 1E-400000 must be a number from 0 to 10^15 with at most 4 decimal places"));
        List<UsageReport> plain = parser.parse("u.json", """
                {"customer": "CUST-1", "product": "P", "metric": "gb", "period": "2026-11", "value": 1.5e3}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(plain.get(0).value().toPlainString()).isEqualTo("1500");
    }

    @Test
    void usageIsJudgedAgainstTheGrantedBoundaryWithThePolicyTolerance() {
        Map<String, Object> granted = Map.of("terms", Map.of("seats", 100), "apiCalls", 1000);
        assertThat(UtilisationCheck.check(granted, "seats", new BigDecimal("110"), rules).verdict()).isEqualTo(UtilisationCheck.Verdict.WITHIN);
        UtilisationCheck.Result over = UtilisationCheck.check(granted, "seats", new BigDecimal("110.1"), rules);
        assertThat(over.verdict()).isEqualTo(UtilisationCheck.Verdict.OVERAGE);
        assertThat(over.percent()).isEqualByComparingTo("110.1");
        assertThat(UtilisationCheck.check(granted, "seats", new BigDecimal("30"), rules).verdict()).isEqualTo(UtilisationCheck.Verdict.WITHIN);
        assertThat(UtilisationCheck.check(granted, "seats", new BigDecimal("29"), rules).verdict()).isEqualTo(UtilisationCheck.Verdict.UNDERUSE);
        assertThat(UtilisationCheck.check(granted, "apiCalls", new BigDecimal("2000"), rules).verdict()).isEqualTo(UtilisationCheck.Verdict.OVERAGE);
        assertThat(UtilisationCheck.check(granted, "storageGb", new BigDecimal("5"), rules).verdict()).isEqualTo(UtilisationCheck.Verdict.NOT_BOUNDED);
    }

    @Test
    void aggregatesBecomeFiguresInHoursWeeksAndRates() {
        // the database hands over seconds; the figures are hours with two decimals
        assertThat(Figures.times(5, 141_120, 172_800, 259_200)).isEqualTo(new Summary.Times(5, 39.2, 48.0, 72.0));
        assertThat(Figures.times(0, 0, 0, 0)).isEqualTo(new Summary.Times(0, 0, 0, 0));
        // week 0 starts on the first Monday after the epoch; 2025-10-06 is a Monday
        assertThat(Figures.monday(0)).isEqualTo("1970-01-05");
        assertThat(Figures.monday((java.time.LocalDate.parse("2025-10-06").toEpochDay() - 4) / 7)).isEqualTo("2025-10-06");
        assertThat(Figures.meanShare(2.0, 3)).isEqualTo(0.6667);
        assertThat(Figures.meanShare(0, 0)).isZero();
        assertThat(Stats.ratio(2, 3)).isEqualTo(0.6667);
    }
}
