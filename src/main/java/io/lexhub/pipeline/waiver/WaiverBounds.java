package io.lexhub.pipeline.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.model.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a waiver grants that an amendment may narrow: its period and its quantities. A null
 * quantity: the granted terms have none (or, in an amendment, it stays as it is).
 */
public record WaiverBounds(LocalDate start, LocalDate end, Integer seats, BigDecimal discountPercent) {

    /** From a waiver's row: its dates and the quantities of its granted terms (the {@code granted} document). */
    static WaiverBounds of(LocalDate start, LocalDate end, String granted) {
        JsonNode terms = Json.readTree(granted).path("terms");
        Integer seats = terms.path("seats").isNumber() ? terms.path("seats").asInt() : null;
        BigDecimal discount = terms.path("discountPercent").isNumber() ? terms.path("discountPercent").decimalValue() : null;
        return new WaiverBounds(start, end, seats, discount);
    }

    /** The same end and quantities (discounts compared by value: 18.5 is 18.50). */
    public boolean sameAs(WaiverBounds o) {
        return java.util.Objects.equals(end, o.end) && java.util.Objects.equals(seats, o.seats)
                && (discountPercent == null ? o.discountPercent == null : o.discountPercent != null && discountPercent.compareTo(o.discountPercent) == 0);
    }

    /** In words, for a refusal: "ends 31 Mar 2027, 30 seats". */
    public String words() {
        String w = "ends " + NarrowingRules.date(end);
        if (seats != null) w += ", " + seats + " seats";
        if (discountPercent != null) w += ", " + NarrowingRules.plain(discountPercent) + " % discount";
        return w;
    }

    /** For the audit trail and the API: end, and the quantities the waiver has. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("end", end.toString());
        if (seats != null) m.put("seats", seats);
        if (discountPercent != null) m.put("discountPercent", discountPercent.stripTrailingZeros().toPlainString());
        return m;
    }
}
