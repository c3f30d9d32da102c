package io.lexhub.approval;

import io.lexhub.support.TestPolicies;
import static io.lexhub.risk.RequestBuilder.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ApprovalLevel.Mode;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.DataSensitivity;
import io.lexhub.model.DeploymentScale;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.RiskResult;
import io.lexhub.policy.Policy;
import io.lexhub.risk.RequestBuilder;
import io.lexhub.risk.RiskScorer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ApprovalRouterTest {

    private static final Policy TEST = TestPolicies.scoring();
    private static final Policy REAL = TestPolicies.real();
    private final ApprovalRouter router = new ApprovalRouter();

    /** A hand-made risk result, so tier bounds can be hit exactly. */
    private static RiskResult risk(String score, Map<String, Integer> dimensions) {
        return new RiskResult(new BigDecimal(score), "ANY", dimensions, List.of());
    }

    private static RiskResult risk(String score) {
        return risk(score, Map.of());
    }

    private ApprovalRoute route(RequestBuilder r, RiskResult risk) {
        return router.route(r.build(), risk, TEST);
    }

    @Test
    void smallRequestNeedsLicensingOnly() {
        ApprovalRoute route = route(request(), risk("0.0"));

        assertThat(route.tier()).isEqualTo("T1");
        assertThat(route.ruleId()).isEqualTo("T1");
        assertThat(route.explanation()).isEqualTo("T1: risk 0.0 <= 20, 14 days <= 30, revenue 2000 <= 10000");
        assertThat(route.levels()).containsExactly(new ApprovalLevel(1, "licensing", Mode.ONE, null, "tier T1"));
    }

    @Test
    void secondTierExplainsWhyTheFirstDidNotApply() {
        ApprovalRoute route = route(request().days(90).revenue(40000), risk("42.0"));

        assertThat(route.tier()).isEqualTo("T2");
        assertThat(route.explanation()).isEqualTo(
                "T2: risk 42.0 <= 60, 90 days <= 180, revenue 40000 <= 100000; T1 not met: risk 42.0 > 20, 90 days > 30, revenue 40000 > 10000");
        assertThat(route.levels()).extracting(ApprovalLevel::level, ApprovalLevel::role, ApprovalLevel::mode)
                .containsExactly(tuple(1, "licensing", Mode.ONE),
                        tuple(2, "sales", Mode.ONE));
    }

    @Test
    void catchAllTierTakesTheRest() {
        ApprovalRoute route = route(request(), risk("61.0"));

        assertThat(route.tier()).isEqualTo("T3");
        assertThat(route.explanation()).isEqualTo("T3: catch-all, no bounds; T1 not met: risk 61.0 > 20; T2 not met: risk 61.0 > 60");
        assertThat(route.levels()).containsExactly(
                new ApprovalLevel(1, "licensing", Mode.ONE, null, "tier T3"),
                new ApprovalLevel(2, "legal", Mode.ALL, null, "tier T3"),
                new ApprovalLevel(3, "executive", Mode.QUORUM, 2, "tier T3"));
    }

    @Test
    void boundsAreInclusive() {
        assertThat(route(request().days(30).revenue(10000), risk("20.0")).tier()).isEqualTo("T1");
        assertThat(route(request(), risk("20.1")).tier()).isEqualTo("T2");
        assertThat(route(request().days(31), risk("0.0")).tier()).isEqualTo("T2");
        assertThat(route(request().revenue("10000.01"), risk("0.0")).tier()).isEqualTo("T2");
        assertThat(route(request().days(181), risk("0.0")).tier()).isEqualTo("T3");
        assertThat(route(request().revenue(100001), risk("0.0")).tier()).isEqualTo("T3");
    }

    @Test
    void unknownValuesFailBoundedTiers() {
        ApprovalRoute route = route(request().days(null).revenue(null), risk("5.0"));

        assertThat(route.tier()).isEqualTo("T3");
        assertThat(route.explanation()).contains("T1 not met: duration unknown (max 30), revenue unknown (max 10000)");
    }

    @Test
    void extraLevelIsAppendedWithItsReason() {
        ApprovalRoute route = route(request().data(DataSensitivity.REGULATED), risk("10.0", Map.of("security", 50)));

        assertThat(route.tier()).isEqualTo("T1");
        assertThat(route.ruleId()).isEqualTo("T1+XL-SEC");
        assertThat(route.levels()).containsExactly(
                new ApprovalLevel(1, "licensing", Mode.ONE, null, "tier T1"),
                new ApprovalLevel(2, "security", Mode.ONE, null,
                        "XL-SEC: dataSensitivity = REGULATED or risk.security >= 50 [dataSensitivity=REGULATED, risk.security=50]"));
        assertThat(route.explanation()).endsWith("; XL-SEC: security added");
    }

    @Test
    void extraLevelCanTestRiskDimensions() {
        ApprovalRoute route = route(request(), risk("14.0", Map.of("security", 70)));

        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing", "security");
        assertThat(route.levels().get(1).reason()).endsWith("[dataSensitivity=INTERNAL, risk.security=70]");
    }

    @Test
    void extraLevelIsNotAddedTwice() {
        ApprovalRoute route = route(request().type(ExceptionType.TERRITORY_RIGHTS).regions("BR"), risk("70.0"));

        assertThat(route.tier()).isEqualTo("T3");
        assertThat(route.ruleId()).isEqualTo("T3");
        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing", "legal", "executive");
        assertThat(route.levels().get(1).mode()).as("the tier's level wins").isEqualTo(Mode.ALL);
        assertThat(route.explanation()).endsWith("; XL-LEGAL: legal already in chain");
    }

    @Test
    void severalExtraLevelsAreNumberedInPolicyOrder() {
        ApprovalRoute route = route(request().type(ExceptionType.TERRITORY_RIGHTS).regions("BR").days(90)
                .data(DataSensitivity.REGULATED), risk("30.0", Map.of("security", 50)));

        assertThat(route.tier()).isEqualTo("T2");
        assertThat(route.ruleId()).isEqualTo("T2+XL-SEC+XL-LEGAL");
        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing", "sales", "security", "legal");
        assertNumbered(route);
    }

    // --- the real policy: every tier is reachable with realistic requests

    private ApprovalRoute routeReal(ExceptionRequest r) {
        return router.route(r, new RiskScorer().score(r, REAL), REAL);
    }

    @Test
    void realPolicyTierOne() {
        ApprovalRoute route = routeReal(request().build());
        assertThat(route.tier()).isEqualTo("T1");
        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing");
    }

    @Test
    void realPolicyTierTwo() {
        ApprovalRoute route = routeReal(request().seats(80).days(90).revenue(40000).build());
        assertThat(route.tier()).isEqualTo("T2");
        assertThat(route.explanation()).startsWith("T2: risk 6.0 <= 45, 90 days <= 180, revenue 40000 <= 100000");
        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing", "sales");
    }

    @Test
    void realPolicyTierThreeWithSecurityReview() {
        ApprovalRoute route = routeReal(request().type(ExceptionType.DISCOUNT).seats(null).discount(30).days(365).revenue(150000)
                .data(DataSensitivity.REGULATED).scale(DeploymentScale.ENTERPRISE).evidence(0).justification("pls approve").build());

        assertThat(route.tier()).isEqualTo("T3");
        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing", "legal", "finance", "security");
        assertThat(route.explanation()).contains("XL-FINANCE: finance already in chain");
        assertNumbered(route);
    }

    @Test
    void realPolicyTierFourNeedsAnExecutiveQuorum() {
        ApprovalRoute route = routeReal(request().type(ExceptionType.TERRITORY_RIGHTS).seats(null).regions("DE", "RU").days(365)
                .revenue(600000).data(DataSensitivity.REGULATED).scale(DeploymentScale.ENTERPRISE).evidence(0)
                .justification("short").build());

        assertThat(route.tier()).isEqualTo("T4");
        assertThat(route.levels()).extracting(ApprovalLevel::role)
                .containsExactly("licensing", "legal", "finance", "executive", "security");
        assertThat(route.levels().get(3)).extracting(ApprovalLevel::mode, ApprovalLevel::quorum).containsExactly(Mode.QUORUM, 2);
        assertNumbered(route);
    }

    @Test
    void realPolicyFeatureUnlockNeedsProduct() {
        ApprovalRoute route = routeReal(request().type(ExceptionType.FEATURE_UNLOCK).seats(null).features("reports").build());
        assertThat(route.levels()).extracting(ApprovalLevel::role).containsExactly("licensing", "product");
        assertThat(route.levels().get(1).reason()).isEqualTo("XL-PRODUCT: type = FEATURE_UNLOCK [type=FEATURE_UNLOCK]");
    }

    private static void assertNumbered(ApprovalRoute route) {
        assertThat(route.levels()).extracting(ApprovalLevel::level)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, route.levels().size()).boxed().toList());
    }
}
