package io.lexhub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.approval.ApprovalRouter;
import io.lexhub.intake.ParsedRequest;
import io.lexhub.intake.RequestParser;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ValidationResult;
import io.lexhub.risk.RiskScorer;
import io.lexhub.validation.ConflictLookup;
import io.lexhub.validation.RequestValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The pricing guidelines' own example under the shipped policy: accepted, and signed off by an executive. */
class ShippedPolicyDiscountTest {

    final Policy policy = PolicyLoader.load(Path.of("config/policy.yaml"));

    @Test
    void anEighteenPercentDiscountForThreeYearsIsAcceptedAndGoesToAnExecutive() throws Exception {
        Path file = Path.of("examples/requests/multi-year-volume-discount.json");
        ParsedRequest parsed = new RequestParser(Path.of("config/schema/request.schema.json")).parse(Files.readAllBytes(file), file.toString());

        ValidationResult v = new RequestValidator().validate(parsed, policy, LocalDate.of(2026, 12, 6), ConflictLookup.NONE);
        assertThat(v.issues()).isEmpty();

        ApprovalRoute route = new ApprovalRouter().route(parsed.request(), new RiskScorer().score(parsed.request(), policy), policy);
        assertThat(route.levels()).extracting(ApprovalLevel::role).contains("executive");
        assertThat(route.explanation()).contains("XL-EXECUTIVE");
    }
}
