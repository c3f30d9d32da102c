package io.lexhub.pipeline.waiver;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The governance rule of an amendment of an active waiver: it may only narrow what was granted.
 * The end may come forward (not before today: an end of today covers today, and the expiry sweep
 * ends the waiver the next day, as for any waiver; not before the start), and a quantity of the
 * granted terms (seats, discount percent) may go down, never to zero (that would be a revocation).
 * Anything wider (a later end, more seats, a deeper discount, another feature or region) grants
 * something nobody approved: it needs a new request through approval, a renewal or a new request.
 */
public final class NarrowingRules {

    /** Where a widening is sent instead: the API, and the page links to it (docs/workspace.md). */
    public static final String ASK_FOR_APPROVAL = "needs a new request through approval (a renewal, or a new request)";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private NarrowingRules() {}

    /**
     * What is wrong with narrowing {@code granted} to {@code asked} (null values: unchanged), by
     * field (end, seats, discountPercent); empty when the amendment may be made.
     */
    public static Map<String, String> problems(WaiverBounds granted, WaiverBounds asked, LocalDate today) {
        Map<String, String> p = new LinkedHashMap<>();
        LocalDate end = asked.end();
        if (end != null && end.isAfter(granted.end())) {
            p.put("end", "A later end than " + date(granted.end()) + " widens the waiver: it " + ASK_FOR_APPROVAL);
        } else if (end != null && end.isBefore(today)) {
            p.put("end", "The end cannot be before today, " + date(today) + ": to end the waiver now, revoke it");
        } else if (end != null && end.isBefore(granted.start())) {
            p.put("end", "The end cannot be before the start, " + date(granted.start()) + ": to end the waiver before it starts, revoke it");
        }
        if (asked.seats() != null) {
            if (granted.seats() == null) p.put("seats", "This waiver grants no seats");
            else if (asked.seats() <= 0) p.put("seats", "Seats of 0 or fewer would end the waiver: revoke it instead");
            else if (asked.seats() > granted.seats()) p.put("seats", "More seats than " + granted.seats() + " widens the waiver: it " + ASK_FOR_APPROVAL);
        }
        BigDecimal d = asked.discountPercent();
        if (d != null) {
            if (granted.discountPercent() == null) p.put("discountPercent", "This waiver grants no discount");
            else if (d.signum() <= 0) p.put("discountPercent", "A discount of 0 % or less would end the waiver: revoke it instead");
            else if (d.stripTrailingZeros().scale() > 2) p.put("discountPercent", "The discount has at most 2 decimal places");
            else if (d.compareTo(granted.discountPercent()) > 0) {
                p.put("discountPercent", "A deeper discount than " + plain(granted.discountPercent()) + " % widens the waiver: it " + ASK_FOR_APPROVAL);
            }
        }
        if (p.isEmpty() && granted.sameAs(narrowed(granted, asked))) {
            p.put("end", "Nothing would change: bring the end forward or lower a quantity");
        }
        return p;
    }

    /** The waiver's bounds after the amendment: what was asked, the rest as granted. */
    public static WaiverBounds narrowed(WaiverBounds granted, WaiverBounds asked) {
        return new WaiverBounds(granted.start(), asked.end() == null ? granted.end() : asked.end(),
                asked.seats() == null ? granted.seats() : asked.seats(),
                asked.discountPercent() == null ? granted.discountPercent() : asked.discountPercent());
    }

    static String date(LocalDate d) {
        return DATE.format(d);
    }

    static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }
}
