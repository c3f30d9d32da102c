package io.lexhub.portal;

import io.lexhub.model.ExceptionType;
import io.lexhub.model.Terms;
import io.lexhub.notify.Messages;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The portal's words in the viewer's language (config/messages, keys portal.*): states and teams in
 * plain language, never the hub's internal names; dates and numbers written the language's way.
 */
public record PortalWords(Messages.Text m) {

    /** A request's state as a customer reads it. */
    public String requestState(String state) {
        return m.messages().has("portal.state." + state) ? m.t("portal.state." + state) : state;
    }

    /** A waiver's state: in force, ended, revoked, renewed. */
    public String waiverState(String state) {
        return m.messages().has("portal.waiver." + state) ? m.t("portal.waiver." + state) : state;
    }

    /** An approval role as the team that decides: "licensing" -> "Licensing team", "Lizenzmanagement". */
    public String team(String role) {
        if (role == null || role.isBlank()) return "";
        String key = "notice.role." + role;
        String words = !m.language().equals("en") && m.messages().has(key) ? m.t(key) : role.replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT);
        return m.t("portal.team", Character.toUpperCase(words.charAt(0)) + words.substring(1));
    }

    /** "Discount for Meridian Data Platform", "Rabatt für Meridian Data Platform". */
    public String what(String type, String product) {
        String t = type == null ? m.t("portal.request") : type(ExceptionType.valueOf(type));
        return product == null ? t : m.t("portal.what", t, product);
    }

    public String type(ExceptionType type) {
        return type == null ? "" : m.t("type." + type.name());
    }

    /** Terms in a few words: "35 % discount, 365 days, from 1 Mar 2027"; "" when they say nothing. */
    public String terms(Terms t) {
        if (t == null) return "";
        List<String> parts = new ArrayList<>();
        if (t.discountPercent() != null) parts.add(m.t("portal.terms.discount", number(t.discountPercent())));
        if (t.seats() != null) parts.add(m.t("portal.terms.seats", number(t.seats())));
        if (!t.features().isEmpty()) parts.add(m.t("portal.terms.features", String.join(", ", t.features())));
        if (!t.regions().isEmpty()) parts.add(m.t("portal.terms.regions", String.join(", ", t.regions())));
        if (t.deployment() != null) parts.add(m.t("portal.terms.deployment", t.deployment()));
        Integer days = t.effectiveDurationDays();
        if (days != null) parts.add(m.t("portal.terms.days", days, number(days)));
        if (t.start() != null) parts.add(m.t("portal.terms.from", date(t.start())));
        return String.join(", ", parts);
    }

    public String date(LocalDate d) {
        return d == null ? "" : DateTimeFormatter.ofPattern(m.t("portal.date"), m.locale()).format(d);
    }

    public String dateTime(OffsetDateTime t, ZoneId zone) {
        return t == null ? "" : DateTimeFormatter.ofPattern(m.t("portal.dateTime"), m.locale()).format(t.atZoneSameInstant(zone));
    }

    public String dateTime(Instant t, ZoneId zone) {
        return t == null ? "" : DateTimeFormatter.ofPattern(m.t("portal.dateTime"), m.locale()).format(t.atZone(zone));
    }

    /** A day relative to today: "today", "tomorrow", "yesterday", "in 12 days", "3 days ago". */
    public String days(LocalDate d, LocalDate today) {
        long n = ChronoUnit.DAYS.between(today, d);
        if (n >= -1 && n <= 1) return m.t("portal.days." + n);
        return n > 0 ? m.t("portal.days.ahead", number(n)) : m.t("portal.days.ago", number(-n));
    }

    /** A number the language's way: "1,250.5", "1.250,5". */
    public String number(Number n) {
        NumberFormat f = NumberFormat.getNumberInstance(m.locale());
        f.setMaximumFractionDigits(2);
        return f.format(n instanceof BigDecimal b ? b.stripTrailingZeros() : n);
    }

    /** A field of the request as the language names it (config/messages, field.*), else its path. */
    public String field(String path) {
        return path != null && m.messages().has("field." + path) ? m.t("field." + path) : String.valueOf(path);
    }
}
