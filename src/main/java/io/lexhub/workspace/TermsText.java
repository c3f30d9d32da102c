package io.lexhub.workspace;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Terms;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A request's terms in a few words, as the pages show them: "35 % discount, 365 days, from 1 Mar 2027". */
public final class TermsText {

    private TermsText() {}

    /** DISCOUNT -> "Discount", EXTRA_SEATS -> "Extra seats". */
    public static String type(ExceptionType type) {
        if (type == null) return "";
        String words = type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    public static String summary(ExceptionRequest r) {
        return r.terms() == null ? type(r.type()) : summary(r.terms(), type(r.type()));
    }

    /** Terms in a few words; {@code otherwise} when they say nothing (the type, as words). */
    public static String summary(Terms t, String otherwise) {
        List<String> parts = new ArrayList<>();
        if (t.discountPercent() != null) parts.add(plain(t.discountPercent()) + " % discount");
        if (t.seats() != null) parts.add(t.seats() + " seats");
        if (!t.features().isEmpty()) parts.add("features " + String.join(", ", t.features()));
        if (!t.regions().isEmpty()) parts.add("regions " + String.join(", ", t.regions()));
        if (t.deployment() != null) parts.add("deployment " + t.deployment());
        Integer days = t.effectiveDurationDays();
        if (days != null) parts.add(days + (days == 1 ? " day" : " days"));
        if (t.start() != null) parts.add("from " + Times.date(t.start()));
        return parts.isEmpty() ? otherwise : String.join(", ", parts);
    }

    /** 18.50 -> "18.5", 35 -> "35". */
    public static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    /** An amount with its currency: "180,000 EUR"; "" without an amount. */
    public static String money(BigDecimal amount, String currency) {
        if (amount == null) return "";
        return String.format(Locale.ENGLISH, "%,.0f", amount) + (currency == null ? "" : " " + currency);
    }
}
