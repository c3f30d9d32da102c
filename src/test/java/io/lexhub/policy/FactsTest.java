package io.lexhub.policy;

import static io.lexhub.risk.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.lexhub.model.DataSensitivity;
import io.lexhub.model.DeploymentScale;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.RiskResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactsTest {

    @Test
    void extractsEveryNamedFact() {
        Map<String, Object> f = Facts.of(request().type(ExceptionType.DISCOUNT).seats(null).discount("22.5").days(90)
                .regions("DE", "FR").features("sso", "byok", "api").deployment("on-premises").revenue(40000)
                .data(DataSensitivity.REGULATED).scale(DeploymentScale.ENTERPRISE).evidence(2).beneficiaries(3)
                .justification("  twelve chars  ").build());

        assertThat(f.keySet()).isEqualTo(Facts.NAMES);
        assertThat(f).contains(
                entry("type", "DISCOUNT"), entry("product", "Lexicon Server"), entry("edition", "Standard"),
                entry("durationDays", 90), entry("discountPercent", new BigDecimal("22.5")),
                entry("revenueImpact", new BigDecimal("40000")), entry("dataSensitivity", "REGULATED"),
                entry("deploymentScale", "ENTERPRISE"), entry("deployment", "on-premises"),
                entry("regions", List.of("DE", "FR")), entry("regionCount", 2),
                entry("features", List.of("sso", "byok", "api")), entry("featureCount", 3),
                entry("evidenceCount", 2), entry("justificationLength", 12), entry("beneficiaryCount", 3));
        assertThat(f.get("seats")).isNull();
    }

    @Test
    void durationComesFromStartAndEndWhenGiven() {
        var r = request().period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)).build();
        assertThat(Facts.of(r)).containsEntry("durationDays", 31);
    }

    @Test
    void missingDataGivesNullsAndZeroCounts() {
        var r = request().noTerms().type(null).data(null).scale(null).revenue(null).justification(null).evidence(0)
                .beneficiaries(0).build();
        Map<String, Object> f = Facts.of(r);

        assertThat(f.keySet()).isEqualTo(Facts.NAMES);
        for (String n : List.of("type", "durationDays", "seats", "discountPercent", "revenueImpact", "dataSensitivity",
                "deploymentScale", "deployment")) {
            assertThat(f.get(n)).as(n).isNull();
        }
        assertThat(f).contains(entry("regions", List.of()), entry("regionCount", 0), entry("featureCount", 0),
                entry("evidenceCount", 0), entry("justificationLength", 0), entry("beneficiaryCount", 0));
    }

    @Test
    void riskFactsAreAddedForTheRouter() {
        RiskResult risk = new RiskResult(new BigDecimal("42.5"), "MEDIUM", Map.of("security", 70, "legal", 10), List.of());
        Map<String, Object> f = Facts.withRisk(Facts.of(request().build()), risk);

        assertThat(f).contains(entry("risk.score", new BigDecimal("42.5")), entry("risk.security", 70), entry("risk.legal", 10),
                entry("type", "EXTRA_SEATS"));
    }

    @Test
    void kindsCoverEveryName() {
        assertThat(Facts.KINDS).containsEntry("regions", Facts.Kind.LIST).containsEntry("seats", Facts.Kind.NUMBER)
                .containsEntry("type", Facts.Kind.TEXT);
        assertThat(Facts.NAMES).hasSize(17);
    }
}
