package io.lexhub.risk;

import io.lexhub.support.TestPolicies;
import static io.lexhub.risk.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.DataSensitivity;
import io.lexhub.model.DeploymentScale;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.RiskContribution;
import io.lexhub.model.RiskResult;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.Level;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RiskScorerTest {

    private static final Policy TEST = TestPolicies.scoring();
    private static final Policy REAL = TestPolicies.real();
    private final RiskScorer scorer = new RiskScorer();

    @Test
    void harmlessRequestScoresZero() {
        RiskResult r = scorer.score(request().build(), TEST);

        assertThat(r.score()).isEqualByComparingTo("0");
        assertThat(r.score().scale()).isEqualTo(1);
        assertThat(r.level()).isEqualTo("LOW");
        assertThat(r.dimensions()).containsOnlyKeys(RiskScorer.DIMENSIONS).allSatisfy((d, s) -> assertThat(s).isZero());
        assertThat(r.contributions()).isEmpty();
    }

    @Test
    void firedRuleIsExplained() {
        RiskResult r = scorer.score(request().data(DataSensitivity.REGULATED).build(), TEST);

        assertThat(r.score()).isEqualByComparingTo("10.0");
        assertThat(r.dimensions()).containsEntry("security", 50);
        RiskContribution c = r.contributions().get(0);
        assertThat(c).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new RiskContribution("SEC-01", "security", "dataSensitivity", "REGULATED", 50,
                        new BigDecimal("10"), "Regulated data (dataSensitivity = REGULATED)"));
    }

    @Test
    void compositeConditionNamesEveryField() {
        RiskResult r = scorer.score(request().scale(DeploymentScale.ENTERPRISE).features("a", "b").build(), TEST);

        assertThat(r.contributions()).singleElement().satisfies(c -> {
            assertThat(c.ruleId()).isEqualTo("TEC-01");
            assertThat(c.field()).isEqualTo("deploymentScale, featureCount");
            assertThat(c.input()).isEqualTo("deploymentScale=ENTERPRISE, featureCount=2");
            assertThat(c.explanation()).isEqualTo("Many features at enterprise scale (deploymentScale = ENTERPRISE and featureCount > 1)");
            assertThat(c.weighted()).isEqualByComparingTo("2.5");
        });
        assertThat(r.score()).isEqualByComparingTo("2.5");
    }

    @Test
    void dimensionIsCappedAndTheCapIsAContribution() {
        // commercial: 40 + 70 = 110 points, capped at 100; weight 0.3
        RiskResult r = scorer.score(request().type(ExceptionType.DISCOUNT).discount(25).revenue(60000).build(), TEST);

        assertThat(r.dimensions()).containsEntry("commercial", 100);
        assertThat(r.contributions()).extracting(RiskContribution::ruleId).containsExactly("COM-01", "COM-02", "CAP-commercial");
        RiskContribution cap = r.contributions().get(2);
        assertThat(cap.dimension()).isEqualTo("commercial");
        assertThat(cap.points()).isEqualTo(-10);
        assertThat(cap.weighted()).isEqualByComparingTo("-3");
        assertThat(cap.input()).isEqualTo("110");
        assertThat(cap.explanation()).isEqualTo("commercial capped at 100 (rules gave 110)");
        assertThat(r.score()).isEqualByComparingTo("30.0");
        assertThat(r.level()).isEqualTo("MEDIUM");
        assertThat(sum(r)).isEqualByComparingTo(r.score());
    }

    @Test
    void roundingIsAContributionToo() {
        // 33 points x 0.15 = 4.95, rounded half up to 5.0
        RiskResult r = scorer.score(request().evidence(0).build(), TEST);

        assertThat(r.score()).isEqualByComparingTo("5.0");
        assertThat(r.contributions()).extracting(RiskContribution::ruleId).containsExactly("REP-01", "ROUND");
        assertThat(r.contributions().get(0).weighted()).isEqualByComparingTo("4.95");
        assertThat(r.contributions().get(1).weighted()).isEqualByComparingTo("0.05");
        assertThat(r.contributions().get(1).explanation()).isEqualTo("total 4.95 rounded to 5.0");
        assertThat(sum(r)).isEqualByComparingTo(r.score());
    }

    @Test
    void everythingAtOnceHitsCritical() {
        RiskResult r = scorer.score(request().type(ExceptionType.DISCOUNT).discount(30).revenue(80000)
                .data(DataSensitivity.REGULATED).evidence(0).scale(DeploymentScale.ENTERPRISE).features("a", "b")
                .regions("DE", "IR").build(), TEST);

        // 0.3*100 + 0.25*100 + 0.1*25 + 0.2*50 + 0.15*33 = 30 + 25 + 2.5 + 10 + 4.95 = 72.45 -> 72.5
        assertThat(r.score()).isEqualByComparingTo("72.5");
        assertThat(r.level()).isEqualTo("HIGH");
        assertThat(sum(r)).isEqualByComparingTo(r.score());
    }

    @Test
    void levelBoundariesUseTheHighestMinReached() {
        List<Level> levels = TEST.risk().levels();
        assertThat(RiskScorer.level(levels, new BigDecimal("29.9"))).isEqualTo("LOW");
        assertThat(RiskScorer.level(levels, new BigDecimal("30.0"))).isEqualTo("MEDIUM");
        assertThat(RiskScorer.level(levels, new BigDecimal("59.9"))).isEqualTo("MEDIUM");
        assertThat(RiskScorer.level(levels, new BigDecimal("60"))).isEqualTo("HIGH");
        assertThat(RiskScorer.level(levels, new BigDecimal("80.0"))).isEqualTo("CRITICAL");
        assertThat(RiskScorer.level(levels, new BigDecimal("100.0"))).isEqualTo("CRITICAL");
        // order in the policy does not matter
        List<Level> shuffled = List.of(levels.get(3), levels.get(0), levels.get(2), levels.get(1));
        assertThat(RiskScorer.level(shuffled, new BigDecimal("65"))).isEqualTo("HIGH");
    }

    @Test
    void missingFactsFireNothing() {
        ExceptionRequest r = request().noTerms().revenue(null).data(null).scale(null).build();
        assertThat(scorer.score(r, TEST).contributions()).isEmpty();
    }

    @Test
    void weightedContributionsAlwaysAddUpToTheTotal() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            ExceptionRequest req = randomRequest(random);
            for (Policy p : List.of(TEST, REAL)) {
                RiskResult r = scorer.score(req, p);
                assertThat(sum(r)).as("request %s under %s", req, p.version()).isEqualByComparingTo(r.score());
                assertThat(r.score()).isBetween(BigDecimal.ZERO, new BigDecimal("100"));
                assertThat(r.dimensions().values()).allSatisfy(d -> assertThat(d).isBetween(0, 100));
                assertThat(r.level()).isEqualTo(RiskScorer.level(p.risk().levels(), r.score()));
            }
        }
    }

    // --- the real policy: calibration against typical requests

    @Test
    void realPolicyLeavesRoutineRequestsLow() {
        RiskResult r = scorer.score(request().build(), REAL);
        assertThat(r.score()).isEqualByComparingTo("0");
        assertThat(r.level()).isEqualTo("LOW");
    }

    @Test
    void realPolicyRatesDeepEnterpriseDiscountHigh() {
        RiskResult r = scorer.score(request().type(ExceptionType.DISCOUNT).seats(null).discount(30).days(365).revenue(150000)
                .data(DataSensitivity.REGULATED).scale(DeploymentScale.ENTERPRISE).evidence(0).justification("pls approve").build(), REAL);

        assertThat(r.contributions()).extracting(RiskContribution::ruleId).containsExactly(
                "COM-01", "COM-02", "COM-03", "COM-04", "SEC-01", "TEC-01", "REP-01", "REP-02", "REP-03", "CAP-commercial");
        // commercial 110 -> 100 x 0.3 + security 60 x 0.2 + technical 40 x 0.1 + reputational 100 x 0.15
        assertThat(r.dimensions()).containsEntry("commercial", 100).containsEntry("reputational", 100).containsEntry("legal", 0);
        assertThat(r.score()).isEqualByComparingTo("61.0");
        assertThat(r.level()).isEqualTo("HIGH");
    }

    @Test
    void realPolicyRatesEmbargoedTerritoryCritical() {
        RiskResult r = scorer.score(request().type(ExceptionType.TERRITORY_RIGHTS).seats(null).regions("DE", "ru").days(365)
                .revenue(600000).data(DataSensitivity.REGULATED).scale(DeploymentScale.ENTERPRISE).evidence(0)
                .justification("short").build(), REAL);

        assertThat(r.contributions()).filteredOn(c -> c.ruleId().equals("LEG-02")).singleElement().satisfies(c -> {
            assertThat(c.input()).isEqualTo("[DE, ru]");
            assertThat(c.explanation()).isEqualTo(
                    "Embargoed or sanctions-sensitive region (export control) (regions contains any of [CU, IR, KP, SY, RU, BY])");
        });
        assertThat(r.level()).isEqualTo("CRITICAL");
        assertThat(sum(r)).isEqualByComparingTo(r.score());
    }

    private static BigDecimal sum(RiskResult r) {
        return r.contributions().stream().map(RiskContribution::weighted).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static ExceptionRequest randomRequest(Random rnd) {
        ExceptionType[] types = ExceptionType.values();
        String[] regions = {"DE", "FR", "US", "RU", "IR", "JP", "BR", "IN", "CU"};
        String[] features = {"admin-api", "byok", "sso", "reports", "bulk-export", "ai-assist"};
        RequestBuilder b = request()
                .type(types[rnd.nextInt(types.length)])
                .seats(rnd.nextBoolean() ? null : rnd.nextInt(1000))
                .discount(rnd.nextBoolean() ? null : BigDecimal.valueOf(rnd.nextInt(4000), 2))
                .days(rnd.nextInt(10) == 0 ? null : 1 + rnd.nextInt(1200))
                .revenue(rnd.nextInt(10) == 0 ? null : BigDecimal.valueOf(rnd.nextInt(80_000_000), 2))
                .data(rnd.nextInt(5) == 0 ? null : DataSensitivity.values()[rnd.nextInt(4)])
                .scale(DeploymentScale.values()[rnd.nextInt(4)])
                .deployment(rnd.nextBoolean() ? "saas" : "air-gapped")
                .evidence(rnd.nextInt(3))
                .beneficiaries(rnd.nextInt(6))
                .justification("x".repeat(rnd.nextInt(150)));
        b.regions(pick(rnd, regions)).features(pick(rnd, features));
        return b.build();
    }

    private static String[] pick(Random rnd, String[] from) {
        return Arrays.stream(from).filter(x -> rnd.nextInt(3) == 0).toArray(String[]::new);
    }
}
