package io.lexhub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.RiskContribution;
import io.lexhub.model.RiskResult;
import io.lexhub.model.Terms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermsHashTest {

    private static RiskResult risk(String weighted, Map<String, Integer> dims) {
        return new RiskResult(new BigDecimal("7.5"), "LOW", dims,
                List.of(new RiskContribution("LEG-01", "legal", "type", "X", 30, new BigDecimal(weighted), "e")));
    }

    private static final Terms TERMS = new Terms(10, null, LocalDate.of(2027, 1, 1), null, 30, List.of("BR"), List.of(), null);

    @Test
    void theSameContentGivesTheSameHashWhateverTheScaleOrMapOrder() {
        String a = TermsHash.of(TERMS, risk("7.50", Map.of("legal", 30, "security", 0)), "v1");
        String b = TermsHash.of(TERMS, risk("7.5", new java.util.TreeMap<>(Map.of("security", 0, "legal", 30))), "v1");
        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void otherTermsRiskOrPolicyGiveAnotherHash() {
        String base = TermsHash.of(TERMS, risk("7.5", Map.of("legal", 30)), "v1");
        assertThat(TermsHash.of(new Terms(11, null, LocalDate.of(2027, 1, 1), null, 30, List.of("BR"), List.of(), null),
                risk("7.5", Map.of("legal", 30)), "v1")).isNotEqualTo(base);
        assertThat(TermsHash.of(TERMS, risk("7.6", Map.of("legal", 30)), "v1")).isNotEqualTo(base);
        assertThat(TermsHash.of(TERMS, risk("7.5", Map.of("legal", 30)), "v2")).isNotEqualTo(base);
    }
}
