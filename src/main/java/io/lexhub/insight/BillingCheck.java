package io.lexhub.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares one billed line with the terms its waiver granted (docs/billing-review.md). A line
 * whose period starts after the waiver's end is only "billed after end": the terms no longer
 * apply to it. Otherwise the discount is compared when the waiver granted one, the quantity when
 * it granted seats, and a period reaching past the end is "billed after end" too.
 */
public final class BillingCheck {

    public enum Kind { DISCOUNT_MISMATCH, SEATS_ABOVE_WAIVER, SEATS_BELOW_WAIVER, BILLED_AFTER_END }

    /** What a waiver granted, as far as billing can show it; discountPercent and seats null when not granted. */
    public record Granted(BigDecimal discountPercent, Integer seats, LocalDate start, LocalDate end) {}

    /** expected and billed are short texts for people ("18 %", "120 seats", "until 2027-03-31"). */
    public record Mismatch(Kind kind, String expected, String billed) {}

    private BillingCheck() {}

    public static List<Mismatch> compare(Granted g, BillingLine line) {
        List<Mismatch> out = new ArrayList<>();
        String billedPeriod = line.periodStart() + " to " + line.periodEnd();
        if (line.periodStart().isAfter(g.end())) {
            out.add(new Mismatch(Kind.BILLED_AFTER_END, "until " + g.end(), billedPeriod));
            return out;
        }
        if (g.discountPercent() != null && line.discountPercent().compareTo(g.discountPercent()) != 0) {
            out.add(new Mismatch(Kind.DISCOUNT_MISMATCH, plain(g.discountPercent()) + " %", plain(line.discountPercent()) + " %"));
        }
        if (g.seats() != null) {
            int c = line.quantity().compareTo(BigDecimal.valueOf(g.seats()));
            if (c != 0) {
                out.add(new Mismatch(c > 0 ? Kind.SEATS_ABOVE_WAIVER : Kind.SEATS_BELOW_WAIVER, g.seats() + " seats",
                        plain(line.quantity()) + " seats"));
            }
        }
        if (line.periodEnd().isAfter(g.end())) out.add(new Mismatch(Kind.BILLED_AFTER_END, "until " + g.end(), billedPeriod));
        return out;
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
