package io.lexhub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.policy.Policy.Condition;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private final Map<String, Object> facts = new HashMap<>(Map.of(
            "discountPercent", new BigDecimal("25.0"),
            "seats", 120,
            "type", "DISCOUNT",
            "product", "Lexicon Server",
            "regions", List.of("DE", "ru"),
            "features", List.of()));

    static Condition c(String field, String op, Object value) {
        return new Condition(field, op, value, null, null);
    }

    static Condition all(Condition... cs) {
        return new Condition(null, null, null, List.of(cs), null);
    }

    static Condition any(Condition... cs) {
        return new Condition(null, null, null, null, List.of(cs));
    }

    private boolean holds(Condition c) {
        return Conditions.holds(c, facts);
    }

    @Test
    void comparesNumbersAsDecimals() {
        assertThat(holds(c("discountPercent", "eq", 25))).isTrue();
        assertThat(holds(c("discountPercent", "gt", 24.99))).isTrue();
        assertThat(holds(c("discountPercent", "gt", 25))).isFalse();
        assertThat(holds(c("discountPercent", "gte", 25))).isTrue();
        assertThat(holds(c("discountPercent", "lt", 25.01))).isTrue();
        assertThat(holds(c("discountPercent", "lte", 25))).isTrue();
        assertThat(holds(c("discountPercent", "ne", 25))).isFalse();
        assertThat(holds(c("seats", "in", List.of(100, 120.0)))).isTrue();
        assertThat(holds(c("seats", "notIn", List.of(100, 121)))).isTrue();
    }

    @Test
    void comparesTextIgnoringCase() {
        assertThat(holds(c("type", "eq", "discount"))).isTrue();
        assertThat(holds(c("type", "ne", "EXTRA_SEATS"))).isTrue();
        assertThat(holds(c("type", "in", List.of("Extra_Seats", "Discount")))).isTrue();
        assertThat(holds(c("type", "notIn", List.of("DISCOUNT")))).isFalse();
        assertThat(holds(c("product", "contains", "lexicon"))).isTrue();
        assertThat(holds(c("type", "gt", 3))).as("text is not ordered").isFalse();
    }

    @Test
    void containsOnLists() {
        assertThat(holds(c("regions", "contains", "RU"))).isTrue();
        assertThat(holds(c("regions", "contains", List.of("CU", "IR", "RU")))).isTrue();
        assertThat(holds(c("regions", "contains", List.of("CU", "IR")))).isFalse();
        assertThat(holds(c("features", "contains", "byok"))).isFalse();
        assertThat(holds(c("regions", "eq", "DE"))).as("a list is not equal to one of its items").isFalse();
    }

    @Test
    void anyTestOnAMissingFactIsFalse() {
        facts.put("revenueImpact", null);
        for (String op : List.of("eq", "ne", "gt", "gte", "lt", "lte")) {
            assertThat(holds(c("revenueImpact", op, 1))).as(op).isFalse();
        }
        assertThat(holds(c("revenueImpact", "in", List.of(1)))).isFalse();
        assertThat(holds(c("revenueImpact", "notIn", List.of(1)))).isFalse();
        assertThat(holds(c("revenueImpact", "contains", 1))).isFalse();
        assertThat(holds(c("notAFact", "ne", 1))).isFalse();
    }

    @Test
    void combinesWithAllAndAny() {
        Condition deep = c("discountPercent", "gt", 20);
        Condition few = c("seats", "lt", 10);
        assertThat(holds(all(deep, few))).isFalse();
        assertThat(holds(any(deep, few))).isTrue();
        assertThat(holds(all(deep, any(few, c("type", "eq", "DISCOUNT"))))).isTrue();
    }

    @Test
    void rendersReadably() {
        assertThat(Conditions.render(c("discountPercent", "gt", 20))).isEqualTo("discountPercent > 20");
        assertThat(Conditions.render(c("discountPercent", "gte", 20.5))).isEqualTo("discountPercent >= 20.5");
        assertThat(Conditions.render(c("evidenceCount", "eq", 0))).isEqualTo("evidenceCount = 0");
        assertThat(Conditions.render(c("type", "ne", "DISCOUNT"))).isEqualTo("type != DISCOUNT");
        assertThat(Conditions.render(c("seats", "lt", 5))).isEqualTo("seats < 5");
        assertThat(Conditions.render(c("seats", "lte", 5))).isEqualTo("seats <= 5");
        assertThat(Conditions.render(c("type", "in", List.of("A", "B")))).isEqualTo("type in [A, B]");
        assertThat(Conditions.render(c("type", "notIn", List.of("A")))).isEqualTo("type not in [A]");
        assertThat(Conditions.render(c("regions", "contains", List.of("CU", "IR")))).isEqualTo("regions contains any of [CU, IR]");
        assertThat(Conditions.render(c("features", "contains", "byok"))).isEqualTo("features contains byok");
        assertThat(Conditions.render(all(c("a", "eq", 1), any(c("b", "gt", 2), c("c", "lt", 3)))))
                .isEqualTo("a = 1 and (b > 2 or c < 3)");
    }

    @Test
    void listsFieldsAndTheirValues() {
        Condition cond = all(c("discountPercent", "gt", 20), any(c("seats", "gt", 1), c("discountPercent", "lt", 50)));
        assertThat(Conditions.fields(cond)).containsExactly("discountPercent", "seats");
        assertThat(Conditions.describeFacts(cond, facts)).isEqualTo("discountPercent=25, seats=120");
        assertThat(Conditions.inputText(cond, facts)).isEqualTo("discountPercent=25, seats=120");
        assertThat(Conditions.inputText(c("regions", "contains", "RU"), facts)).isEqualTo("[DE, ru]");
    }

    @Test
    void formatsValues() {
        assertThat(Conditions.text(new BigDecimal("40000.00"))).isEqualTo("40000");
        assertThat(Conditions.text(10000.0)).isEqualTo("10000");
        assertThat(Conditions.text(0.25)).isEqualTo("0.25");
        assertThat(Conditions.text(null)).isEqualTo("none");
        assertThat(Conditions.text(List.of(1, "x"))).isEqualTo("[1, x]");
    }
}
