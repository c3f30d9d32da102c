package io.lexhub.policy;

import io.lexhub.support.TestPolicies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.lexhub.model.ExceptionType;
import io.lexhub.model.Track;
import io.lexhub.policy.Policy.Condition;
import io.lexhub.risk.RiskScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoaderTest {

    private static final String Y = TestPolicies.YAML;

    @Test
    void loadsTheRealPolicy() {
        Policy p = PolicyLoader.load(Path.of("config/policy.yaml"));

        assertThat(p.version()).matches("\\d{4}\\.\\d{2}-\\d+");
        assertThat(p.exceptionTypes()).containsOnlyKeys(ExceptionType.values());
        assertThat(p.typeRule(ExceptionType.DISCOUNT).requiredTerms()).containsExactly("discountPercent");
        assertThat(p.typeRule(ExceptionType.DISCOUNT).maxDiscountPercent()).isEqualTo(35.0);
        assertThat(p.typeRule(ExceptionType.EXTRA_SEATS).forbiddenTerms()).contains("discountPercent");
        assertThat(p.typeRule(ExceptionType.TEMPORARY_ACCESS).maxDurationDays()).isLessThanOrEqualTo(60);
        assertThat(p.risk().weights()).containsOnlyKeys(RiskScorer.DIMENSIONS);
        assertThat(p.risk().weights().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(0.001));
        assertThat(p.risk().rules()).hasSizeBetween(15, 25);
        assertThat(p.risk().rules()).extracting(Policy.Rule::dimension).containsAll(RiskScorer.DIMENSIONS);
        Policy.Tier last = p.approval().tiers().get(p.approval().tiers().size() - 1);
        assertThat(last.maxRiskScore()).isNull();
        assertThat(last.levels()).extracting(Policy.LevelSpec::role).contains("executive");
        assertThat(p.approval().extraLevels()).extracting(Policy.ExtraLevel::id).contains("XL-SECURITY", "XL-LEGAL");
    }

    @Test
    void policyIsImmutable() {
        Policy p = TestPolicies.scoring();
        Condition contains = p.risk().rules().get(5).when();

        assertThatThrownBy(() -> p.risk().rules().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.risk().weights().put("legal", 0.9)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.exceptionTypes().remove(ExceptionType.DISCOUNT)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.approval().tiers().get(0).levels().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.fastTrack().types().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) contains.value()).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.risk().rules().get(4).when().all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theBulkDecisionRulesAreOptionalReadAndChecked() {
        assertThat(PolicyLoader.parse(Y, "t.yaml").bulkDecidable(Track.FAST, ExceptionType.EXTRA_SEATS, true)).as("without the section: nothing").isFalse();

        Policy shipped = PolicyLoader.load(Path.of("config/policy.yaml"));
        assertThat(shipped.bulkDecision()).extracting(Policy.BulkRule::words).containsExactly("fast-track renewals of any type");
        assertThat(shipped.bulkDecidable(Track.FAST, ExceptionType.TEMPORARY_ACCESS, true)).isTrue();
        assertThat(shipped.bulkDecidable(Track.FAST, ExceptionType.TEMPORARY_ACCESS, false)).as("not a renewal").isFalse();
        assertThat(shipped.bulkDecidable(Track.STANDARD, ExceptionType.DISCOUNT, true)).as("standard track").isFalse();

        Policy typed = PolicyLoader.parse(Y + "\nbulkDecision:\n  - {track: STANDARD, types: [DISCOUNT]}\n  - {track: FAST}\n", "t.yaml");
        assertThat(typed.bulkDecision()).extracting(Policy.BulkRule::words)
                .containsExactly("standard-track requests of DISCOUNT", "fast-track requests of any type");
        assertThat(typed.bulkDecidable(Track.STANDARD, ExceptionType.DISCOUNT, false)).isTrue();
        assertThat(typed.bulkDecidable(Track.STANDARD, ExceptionType.EXTRA_SEATS, false)).isFalse();
        assertThat(typed.bulkDecidable(Track.FAST, ExceptionType.EXTRA_SEATS, false)).isTrue();
        assertThatThrownBy(() -> typed.bulkDecision().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> typed.bulkDecision().get(0).types().clear()).isInstanceOf(UnsupportedOperationException.class);

        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nbulkDecision:\n  - {track: SLOW}\n", "t.yaml"))
                .hasMessageContaining("bulkDecision[0].track: 'SLOW' is not one of [FAST, STANDARD]");
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nbulkDecision:\n  - {types: [DISCOUNT]}\n", "t.yaml"))
                .hasMessageContaining("bulkDecision[0].track: missing (FAST or STANDARD)");
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nbulkDecision:\n  - {track: FAST, types: [DISCOUNT]}\n", "t.yaml"))
                .hasMessageContaining("bulkDecision[0].types: DISCOUNT is not a fast-track type, so this rule never applies to it");
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nbulkDecision:\n  - {track: FAST, renewals: true}\n", "t.yaml"))
                .hasMessageContaining("unknown field 'renewals'");
    }

    @Test
    void theUtilisationSectionIsOptionalAndChecked() {
        Policy without = PolicyLoader.parse(Y, "t.yaml");
        assertThat(without.utilisation()).isNull();
        assertThat(without.utilisationOrDefault()).isEqualTo(Policy.DEFAULT_UTILISATION);
        Policy with = PolicyLoader.parse(Y + "\nutilisation: {overageTolerancePercent: 5}\n", "t.yaml");
        assertThat(with.utilisationOrDefault()).isEqualTo(new Policy.Utilisation(5.0, 30.0));
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nutilisation: {overageTolerancePercent: -1, underuseThresholdPercent: 100}\n", "t.yaml"))
                .hasMessageContaining("utilisation.overageTolerancePercent: must be in 0..1000")
                .hasMessageContaining("utilisation.underuseThresholdPercent: must be in 0..100");
        assertThat(PolicyLoader.load(Path.of("config/policy.yaml")).utilisation()).isEqualTo(new Policy.Utilisation(10.0, 30.0));
    }

    @Test
    void theBillingReviewSectionIsOptionalAndChecked() {
        assertThat(PolicyLoader.parse(Y, "t.yaml").billingReviewOrDefault()).isEqualTo(Policy.DEFAULT_BILLING_REVIEW);
        assertThat(PolicyLoader.parse(Y + "\nbillingReview: {afterDays: 45}\n", "t.yaml").billingReviewOrDefault())
                .isEqualTo(new Policy.BillingReview(45));
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nbillingReview: {afterDays: -1}\n", "t.yaml"))
                .hasMessageContaining("billingReview.afterDays: must be in 0..3650");
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nbillingReview: {afterDay: 3}\n", "t.yaml")).hasMessageContaining("unknown field 'afterDay'");
        assertThat(PolicyLoader.load(Path.of("config/policy.yaml")).billingReview()).isEqualTo(new Policy.BillingReview(30));
    }

    @Test
    void theTaskReminderShareIsOptionalAndChecked() {
        assertThat(PolicyLoader.parse(Y, "t.yaml").lifecycle().taskReminderPercentOrDefault()).isEqualTo(75.0);
        assertThat(PolicyLoader.parse(withTaskReminder("50"), "t.yaml").lifecycle().taskReminderPercentOrDefault()).isEqualTo(50.0);
        for (String bad : new String[] {"0", "100", "-5"}) {
            assertThatThrownBy(() -> PolicyLoader.parse(withTaskReminder(bad), "t.yaml")).as(bad)
                    .hasMessageContaining("lifecycle.implementationTaskReminderPercent: must be above 0 and below 100");
        }
        assertThat(PolicyLoader.load(Path.of("config/policy.yaml")).lifecycle().implementationTaskReminderPercent()).isEqualTo(75.0);
    }

    private static String withTaskReminder(String percent) {
        return Y.replace("  reviewSampleShare: 0.1\n", "  reviewSampleShare: 0.1\n  implementationTaskReminderPercent: " + percent + "\n");
    }

    @Test
    void thePeriodSectionIsOptionalAndChecked() {
        assertThat(PolicyLoader.parse(Y, "t.yaml").periodOrDefault()).isEqualTo(Policy.DEFAULT_PERIOD);
        assertThat(PolicyLoader.parse(Y + "\nperiod: {maxBackdateDays: 14}\n", "t.yaml").periodOrDefault())
                .isEqualTo(new Policy.Period(365, 14));
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nperiod: {maxStartAheadDays: -1, maxBackdateDays: 4000}\n", "t.yaml"))
                .hasMessageContaining("period.maxStartAheadDays: must be in 0..3650")
                .hasMessageContaining("period.maxBackdateDays: must be in 0..3650");
        assertThatThrownBy(() -> PolicyLoader.parse(Y + "\nperiod: {maxBackdays: 3}\n", "t.yaml")).hasMessageContaining("unknown field 'maxBackdays'");
        // the shipped policy states both rules
        assertThat(PolicyLoader.load(Path.of("config/policy.yaml")).period()).isEqualTo(new Policy.Period(365, 30));
    }

    @Test
    void normalisesModeCase() {
        Policy p = PolicyLoader.parse(Y.replace("{role: sales, mode: ONE}", "{role: sales, mode: one}"), "t.yaml");
        assertThat(p.approval().tiers().get(1).levels().get(1).mode()).isEqualTo("ONE");
    }

    static Stream<Arguments> brokenPolicies() {
        return Stream.of(
                broken(Y.replace("version: \"test-1\"\n", ""), "test.yaml: version: missing"),
                broken(Y.replace("  TEMPORARY_ACCESS: {maxDurationDays: 60}\n", ""),
                        "test.yaml: exceptionTypes: no rule for TEMPORARY_ACCESS"),
                broken(Y.replace("{requiredTerms: [seats], forbidden", "{requiredTerms: [seatz], forbidden"),
                        "test.yaml: exceptionTypes.EXTRA_SEATS: unknown term 'seatz' in requiredTerms"),
                broken(Y.replace("forbiddenTerms: [features], maxDurationDays: 365, maxDisc",
                                "forbiddenTerms: [discountPercent], maxDurationDays: 365, maxDisc"),
                        "test.yaml: exceptionTypes.DISCOUNT: term 'discountPercent' is both required and forbidden"),
                broken(Y.replace("TEMPORARY_ACCESS: {maxDurationDays: 60}", "TEMPORARY_ACCESS: {maxDurationDays: 0}"),
                        "test.yaml: exceptionTypes.TEMPORARY_ACCESS: maxDurationDays must be > 0"),
                broken(Y.replace("commercial: 0.3,", "commercial: 0.4,"),
                        "test.yaml: risk.weights: weights add up to 1.1, must be 1.0"),
                broken(Y.replace("reputational: 0.15}", "brand: 0.15}"),
                        "test.yaml: risk.weights: missing dimension 'reputational'"),
                broken(Y.replace("reputational: 0.15}", "brand: 0.15}"),
                        "test.yaml: risk.weights: unknown dimension 'brand'"),
                broken(Y.replace("legal: 0.25,", "legal: 1.25,"), "test.yaml: risk.weights.legal: 1.25 is not in 0..1"),
                broken(Y.replace("{id: SEC-01,", "{id: COM-01,"), "test.yaml: risk.rules[2] (COM-01): duplicate id"),
                broken(Y.replace("dimension: security", "dimension: secuirty"),
                        "test.yaml: risk.rules[2] (SEC-01): unknown dimension 'secuirty'"),
                broken(Y.replace("points: 40,", "points: 150,"), "test.yaml: risk.rules[0] (COM-01): points 150 is not in 0..100"),
                broken(Y.replace("field: discountPercent", "field: terms.seatz"),
                        "test.yaml: risk.rules[0] (COM-01): unknown field 'terms.seatz'"),
                broken(Y.replace("op: gt, value: 20", "op: greater, value: 20"),
                        "test.yaml: risk.rules[0] (COM-01): unknown op 'greater'"),
                broken(Y.replace("op: eq, value: REGULATED}, points", "op: in, value: REGULATED}, points"),
                        "test.yaml: risk.rules[2] (SEC-01): op 'in' needs a non-empty list of values"),
                broken(Y.replace("op: gt, value: 20", "op: gt, value: twenty"),
                        "test.yaml: risk.rules[0] (COM-01): op 'gt' needs a number, got 'twenty'"),
                broken(Y.replace("field: regions, op: contains", "field: regions, op: gt"),
                        "test.yaml: risk.rules[5] (LEG-01): op 'gt' does not apply to list field 'regions'"),
                broken(Y.replace("{field: featureCount, op: gt", "{field: featureCnt, op: gt"),
                        "test.yaml: risk.rules[4] (TEC-01) all[1]: unknown field 'featureCnt'"),
                broken(Y.replace("when: {all: [{field: deploymentScale", "when: {all: [], any: [{field: deploymentScale"),
                        "test.yaml: risk.rules[4] (TEC-01): a condition has either field/op/value, 'all' or 'any'"),
                broken(Y.replace("explanation: Deep discount}", "explanation: \" \"}"),
                        "test.yaml: risk.rules[0] (COM-01): explanation missing"),
                broken(Y.replace("field: revenueImpact", "field: risk.score"),
                        "test.yaml: risk.rules[1] (COM-02): unknown field 'risk.score'"),
                broken(Y.replace("{name: LOW, min: 0}", "{name: LOW, min: 10}"),
                        "test.yaml: risk.levels: no level has min 0, so low scores would have no level"),
                broken(Y.replace("{name: HIGH, min: 60}", "{name: MEDIUM, min: 60}"),
                        "test.yaml: risk.levels[2] (MEDIUM): duplicate name"),
                broken(Y.replace("dataSensitivity: [NONE, INTERNAL]", "dataSensitivity: [NONE, SECRET]"),
                        "test.yaml: fastTrack.dataSensitivity: unknown value 'SECRET'"),
                broken(Y.replace("- id: T3\n", "- id: T3\n      maxRiskScore: 90\n"),
                        "test.yaml: approval.tiers[2] (T3): the last tier must have no bounds (a catch-all) so every request gets a route"),
                broken(Y.replace("- id: T2\n      maxRiskScore: 60\n      maxDurationDays: 180\n      maxRevenueImpact: 100000\n", "- id: T2\n"),
                        "test.yaml: approval.tiers[2] (T3): unreachable: tier T2 before it has no bounds"),
                broken(Y.replace("- id: T2", "- id: T1"), "test.yaml: approval.tiers[1] (T1): duplicate id"),
                broken(Y.replace(", quorum: 2}", "}"), "test.yaml: approval.tiers[2] (T3) levels[2]: mode QUORUM needs quorum >= 2"),
                broken(Y.replace("quorum: 2}", "quorum: 1}"), "test.yaml: approval.tiers[2] (T3) levels[2]: mode QUORUM needs quorum >= 2"),
                broken(Y.replace("{role: legal, mode: ALL}", "{role: legal, mode: ALL, quorum: 3}"),
                        "test.yaml: approval.tiers[2] (T3) levels[1]: quorum only applies to mode QUORUM"),
                broken(Y.replace("{role: legal, mode: ALL}", "{role: legal, mode: EVERY}"),
                        "test.yaml: approval.tiers[2] (T3) levels[1]: unknown mode 'EVERY'"),
                broken(Y.replace("{role: sales, mode: ONE}", "{mode: ONE}"), "test.yaml: approval.tiers[1] (T2) levels[1]: role missing"),
                broken(Y.replace("{role: sales, mode: ONE}", "{role: sails, mode: ONE}"),
                        "test.yaml: approval.tiers[1] (T2) levels[1]: unknown role 'sails'"),
                broken(Y.replace("{role: sales, mode: ONE}", "{role: licensing, mode: ONE}"),
                        "test.yaml: approval.tiers[1] (T2): role 'licensing' appears more than once"),
                broken(Y.replace("field: risk.security", "field: risk.secuirty"),
                        "test.yaml: approval.extraLevels[0] (XL-SEC) any[1]: unknown field 'risk.secuirty'"),
                broken(Y.replace("{role: security, mode: ONE}", "{role: security, mode: QUORUM}"),
                        "test.yaml: approval.extraLevels[0] (XL-SEC) level: mode QUORUM needs quorum >= 2"),
                broken(Y.substring(0, Y.indexOf("approval:")) + "approval:\n  tiers: []\n", "test.yaml: approval.tiers: missing"),
                // empty entries are reported, not thrown as NullPointerException
                broken(Y.replace("[{role: licensing, mode: ONE}]}", "[~]}"), "test.yaml: approval.tiers[0] (T1) levels[0]: empty entry"),
                broken(Y.replace("legal: 0.25,", "legal: ~,"), "test.yaml: risk.weights.legal: missing"),
                broken(Y.replace("    - {id: SEC-01,", "    - ~\n    - {id: SEC-01,"), "test.yaml: risk.rules[2]: empty entry"),
                broken(Y.replace("[seats], forbiddenTerms", "[seats, ~], forbiddenTerms"),
                        "test.yaml: exceptionTypes.EXTRA_SEATS: empty entry in requiredTerms"),
                broken(Y.replace("{field: featureCount, op: gt, value: 1}", "~"), "test.yaml: risk.rules[4] (TEC-01) all[1]: empty condition"),
                broken(Y.replace("op: contains, value: [CU, IR]", "op: contains, value: [CU, ~]"),
                        "test.yaml: risk.rules[5] (LEG-01): op 'contains' needs a value or a non-empty list of values"),
                // binding errors (Jackson): unknown keys, wrong types, unknown enum names
                broken(Y.replace("dimension: commercial, when: {field: discountPercent", "dimenson: commercial, when: {field: discountPercent"),
                        "test.yaml: risk.rules[0]: unknown field 'dimenson'"),
                broken(Y.replace("version: \"test-1\"", "version: \"test-1\"\nsla: {hours: 4}"), "test.yaml: unknown field 'sla'"),
                broken(Y.replace("  EXTRA_SEATS: {", "  EXTRA_SEAT: {"),
                        "test.yaml: exceptionTypes: 'EXTRA_SEAT' is not one of [EXTRA_SEATS, TERM_EXTENSION, DISCOUNT,"),
                broken(Y.replace("types: [EXTRA_SEATS]", "types: [EXTRA_SEATS, REFUND]"),
                        "test.yaml: fastTrack.types[1]: 'REFUND' is not one of [EXTRA_SEATS,"),
                broken(Y.replace("points: 40,", "points: 12.5,"), "test.yaml: risk.rules[0].points: "),
                broken(Y.replace("points: 40,", "points: lots,"), "test.yaml: risk.rules[0].points: 'lots' is not a valid int"),
                broken(Y.replace("points: 40,", ""), "test.yaml: risk.rules[0]: points missing"),
                broken(Y.replace("maxRevenueImpact: 10000\n  maxSeats", "maxSeats"), "test.yaml: fastTrack: maxRevenueImpact missing"));
    }

    private static Arguments broken(String yaml, String expectedProblemStart) {
        assertThat(yaml).as("test edit must change the policy").isNotEqualTo(Y);
        return Arguments.of(expectedProblemStart, yaml);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPolicies")
    void reportsProblem(String expected, String yaml) {
        assertThat(problems(yaml)).anySatisfy(p -> assertThat(p).startsWith(expected));
    }

    @Test
    void collectsAllProblemsAtOnce() {
        String yaml = Y.replace("version: \"test-1\"\n", "")
                .replace("{id: SEC-01,", "{id: COM-01,")
                .replace("op: gt, value: 20", "op: greater, value: 20")
                .replace("- id: T2", "- id: T1");
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "test.yaml: version: missing",
                "test.yaml: risk.rules[0] (COM-01): unknown op 'greater'; known ops: [contains, eq, gt, gte, in, lt, lte, ne, notIn]",
                "test.yaml: risk.rules[2] (COM-01): duplicate id",
                "test.yaml: approval.tiers[1] (T1): duplicate id");
    }

    @Test
    void exceptionMessageListsEveryProblem() {
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> PolicyLoader.parse(Y.replace("version: \"test-1\"\n", "").replace("- id: T2", "- id: T1"), "x.yaml"));
        assertThat(e.getMessage()).contains("2 problems", "x.yaml: version: missing", "x.yaml: approval.tiers[1] (T1): duplicate id");
    }

    @Test
    void unknownFieldNamesTheKnownOnes() {
        assertThat(problems(Y.replace("explanation: Deep discount}", "explanaton: Deep discount}")))
                .singleElement().asString()
                .contains("risk.rules[0]: unknown field 'explanaton'", "known fields: dimension, explanation, id, points, when", "(line ");
    }

    @Test
    void rejectsAliasBomb() {
        String bomb = """
                version: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                """;
        assertThat(problems(bomb)).containsExactly("test.yaml: line 2: YAML aliases are not supported (*a); write the value out");
    }

    @Test
    void rejectsEvenASingleAlias() {
        // Jackson would bind the alias as the anchor's name, so it is refused rather than misread.
        String yaml = Y.replace("types: [EXTRA_SEATS]", "types: &fast [EXTRA_SEATS]") + "extra: *fast\n";
        assertThat(problems(yaml)).singleElement().asString().contains("YAML aliases are not supported (*fast)");
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "version: " + "[".repeat(100) + "]".repeat(100) + "\n";
        assertThat(problems(deep)).singleElement().asString()
                .startsWith("test.yaml: ").contains("nested deeper than 40 levels").doesNotContain("41");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThat(problems(Y.replace("version: \"test-1\"", "version: \"test-1\"\nversion: \"test-2\"")))
                .singleElement().asString().contains("Duplicate field 'version'");
    }

    @Test
    void rejectsHugeDocument() {
        String huge = "version: \"" + "x".repeat(PolicyLoader.MAX_CODE_POINTS + 10) + "\"\n";
        assertThat(problems(huge)).singleElement().asString().contains("exceeds the limit: " + PolicyLoader.MAX_CODE_POINTS + " code points");
    }

    @Test
    void rejectsSyntaxErrorsWithLine() {
        assertThat(problems("version: \"1\"\nrisk: [unclosed\n")).singleElement().asString()
                .startsWith("test.yaml: ").contains("expected ',' or ']'").contains("line");
    }

    @Test
    void rejectsEmptyAndMultiDocumentPolicies() {
        assertThat(problems("# nothing here\n")).containsExactly("test.yaml: policy is empty");
        assertThat(problems(Y + "---\nversion: \"other\"\n")).singleElement().asString()
                .startsWith("test.yaml: more than one YAML document");
    }

    @Test
    void rejectsNonMapDocument() {
        assertThat(problems("- just\n- a list\n")).singleElement().asString()
                .startsWith("test.yaml: the policy must be a mapping of fields");
    }

    @Test
    void loadNamesTheFileInProblems(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("strict.yaml");
        Files.writeString(file, Y.replace("version: \"test-1\"\n", ""));
        assertThatThrownBy(() -> PolicyLoader.load(file)).isInstanceOf(PolicyException.class)
                .extracting(e -> ((PolicyException) e).problems()).asList().containsExactly("strict.yaml: version: missing");

        Files.writeString(file, Y);
        assertThat(PolicyLoader.load(file).version()).isEqualTo("test-1");
    }

    @Test
    void missingFileIsAPolicyProblem(@TempDir Path dir) {
        assertThat(catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(dir.resolve("none.yaml"))).problems())
                .singleElement().asString().startsWith("none.yaml: cannot read");
    }

    private static List<String> problems(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, TestPolicies.SOURCE));
        assertThat(e).as("policy should be rejected").isNotNull();
        return e.problems();
    }
}
