package io.lexhub.notify;

import io.lexhub.model.ExceptionRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a granted waiver's life tells people: in effect, expiring, ended (sunset or revoked), narrowed,
 * used above its bounds, billed otherwise. Built on {@link Notices} (its scope, language and
 * formats); pure, like it.
 */
public final class WaiverNotices {

    private final Notices base;

    WaiverNotices(Notices base) {
        this.base = base;
    }

    /** The customer's word that their approved waiver is now in place, in their language; once per waiver (its key). */
    public List<Notice> waiverInEffect(String ref, ExceptionRequest r) {
        if (r.replyAddress() == null) return List.of();
        Locale locale = base.localeOf(r);
        Templates.Rendered m = base.templates.render("waiver-in-effect", locale, base.requestScope(ref, r, locale));
        return List.of(new Notice("in-effect:" + ref, Notice.MAIL, r.replyAddress(), m.subject(), m.body()));
    }

    /** Expiry reminder to the customer and the internal owner. */
    public List<Notice> expiryReminder(String ref, String customerId, String customerName, String replyTo, String product, String type,
            java.time.LocalDate end, int daysBefore, List<String> internal) {
        Locale locale = base.language(null, customerId);
        Map<String, Object> s = waiverScope(ref, customerName, product, type, end, locale);
        s.put("daysBefore", daysBefore);
        s.put("endsIn", base.endsIn(daysBefore, locale));
        Templates.Rendered m = base.templates.render("expiry-reminder", locale, s);
        // the owners get their own copy, in English: they are not the customer, and their part is different
        Map<String, Object> own = waiverScope(ref, customerName, product, type, end, Messages.ENGLISH);
        own.put("daysBefore", daysBefore);
        own.put("endsIn", Notices.endsIn(daysBefore));
        Templates.Rendered note = base.templates.render("expiry-reminder-internal", own);
        List<Notice> out = new ArrayList<>();
        if (replyTo != null) out.add(new Notice("expiry:" + ref + ":" + daysBefore, Notice.MAIL, replyTo, m.subject(), m.body()));
        for (String to : internal) out.add(new Notice("expiry:" + ref + ":" + daysBefore + ":" + to, Notice.MAIL, to, note.subject(), note.body()));
        out.addAll(base.events.expiring(ref, customerId, product, type, end, daysBefore));
        return out;
    }

    /**
     * The end of a waiver (sunset or revocation): the customer notice, the internal note and the
     * entitlement-revert event for the entitlement system.
     */
    public List<Notice> waiverEnded(String ref, String customerName, String customerId, String replyTo, String product, String type,
            java.time.LocalDate end, String granted, String how, String rationale, List<String> internal, java.time.Instant at) {
        Locale locale = base.language(null, customerId);
        Map<String, Object> s = waiverScope(ref, customerName, product, type, end, locale);
        s.put("rationale", rationale);
        s.put("revoked", "revoked".equals(how));
        Templates.Rendered m = base.templates.render("revoked".equals(how) ? "waiver-revoked" : "waiver-sunset", locale, s);
        Map<String, Object> own = waiverScope(ref, customerName, product, type, end, Messages.ENGLISH);
        own.put("rationale", rationale);
        own.put("revoked", "revoked".equals(how));
        Templates.Rendered note = base.templates.render("waiver-ended-internal", own);
        List<Notice> out = new ArrayList<>();
        if (replyTo != null) out.add(new Notice(how + ":" + ref, Notice.MAIL, replyTo, m.subject(), m.body()));
        for (String to : internal) out.add(new Notice(how + ":" + ref + ":" + to, Notice.MAIL, to, note.subject(), note.body()));
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("event", "entitlement.revert");
        event.put("reason", how);
        event.put("reference", ref);
        event.put("customerId", customerId);
        event.put("product", product);
        event.put("exceptionType", type);
        event.put("endedOn", end.toString());
        event.put("granted", io.lexhub.model.Json.readTree(granted));
        event.put("at", at.toString());
        out.add(new Notice("revert:" + ref, "entitlement", "entitlement-system", "revert-" + ref, io.lexhub.model.Json.write(event)));
        out.addAll(base.events.ended(ref, customerId, product, type, end, granted, "revoked".equals(how)));
        return out;
    }

    /**
     * An active waiver narrowed (pipeline.waiver.WaiverAmendments): the customer's notice and the
     * owners' note, each listing what changed. {@code before}/{@code after}: end and quantities
     * (WaiverBounds.asMap); each amendment narrows, so the new values name it in the dedup key.
     */
    public List<Notice> waiverAmended(String ref, String customerId, String customerName, String replyTo, String product, String type,
            Map<String, Object> before, Map<String, Object> after, String rationale, List<String> internal) {
        java.time.LocalDate end = java.time.LocalDate.parse((String) after.get("end"));
        Locale locale = base.language(null, customerId);
        Map<String, Object> s = waiverScope(ref, customerName, product, type, end, locale);
        s.put("changes", changes(before, after, locale));
        s.put("rationale", rationale);
        Map<String, Object> own = waiverScope(ref, customerName, product, type, end, Messages.ENGLISH);
        own.put("changes", changes(before, after, Messages.ENGLISH));
        own.put("rationale", rationale);
        Templates.Rendered m = base.templates.render("waiver-amended", locale, s);
        Templates.Rendered note = base.templates.render("waiver-amended-internal", own);
        String key = "amended:" + ref + ":" + String.join(":", after.values().stream().map(String::valueOf).toList());
        List<Notice> out = new ArrayList<>();
        if (replyTo != null) out.add(new Notice(key, Notice.MAIL, replyTo, m.subject(), m.body()));
        for (String to : internal) out.add(new Notice(key + ":" + to, Notice.MAIL, to, note.subject(), note.body()));
        out.addAll(base.events.amended(ref, product, type, before, after));
        return out;
    }

    /** What an amendment changed, a line per bound, in the reader's language. */
    private List<String> changes(Map<String, Object> before, Map<String, Object> after, Locale locale) {
        List<String> changes = new ArrayList<>();
        if (!before.get("end").equals(after.get("end"))) {
            changes.add(base.text(locale, "notice.amended.end", base.date(java.time.LocalDate.parse((String) after.get("end")), locale),
                    base.date(java.time.LocalDate.parse((String) before.get("end")), locale)));
        }
        if (after.containsKey("seats") && !before.get("seats").equals(after.get("seats"))) {
            changes.add(base.text(locale, "notice.amended.seats", String.valueOf(after.get("seats")), String.valueOf(before.get("seats"))));
        }
        if (after.containsKey("discountPercent") && !before.get("discountPercent").equals(after.get("discountPercent"))) {
            changes.add(base.text(locale, "notice.amended.discount", String.valueOf(after.get("discountPercent")),
                    String.valueOf(before.get("discountPercent"))));
        }
        return changes;
    }

    private Map<String, Object> waiverScope(String ref, String customerName, String product, String type, java.time.LocalDate end, Locale locale) {
        Map<String, Object> s = new HashMap<>();
        s.put("reference", ref);
        s.put("customerName", customerName == null ? base.text(locale, "notice.customer") : customerName);
        s.put("product", product);
        s.put("type", base.typeText(type, locale));
        s.put("end", base.date(end, locale));
        if (base.portalRequests != null) s.put("portalLink", base.portalRequests + ref);
        return s;
    }

    /** The alert to the waiver's internal owners that usage went above the granted boundary (once per waiver and metric). */
    public List<Notice> overage(String reference, List<String> owners, io.lexhub.insight.UsageReport r, java.math.BigDecimal granted,
            java.math.BigDecimal percent, Map<String, Object> event) {
        Map<String, Object> s = new HashMap<>();
        s.put("reference", reference);
        s.put("customerId", r.customer());
        s.put("product", r.product());
        s.put("metric", r.metric());
        s.put("period", r.period());
        s.put("used", r.value().stripTrailingZeros().toPlainString());
        s.put("granted", granted.stripTrailingZeros().toPlainString());
        s.put("percent", percent.toPlainString());
        s.put("tolerance", String.valueOf(event.get("tolerancePercent")));
        Templates.Rendered mail = base.templates.render("utilisation-overage", s);
        List<Notice> out = new ArrayList<>();
        for (String to : owners) {
            out.add(new Notice("overage:" + reference + ":" + r.metric() + ":" + to, Notice.MAIL, to, mail.subject(), mail.body()));
        }
        return out;
    }

    /** A billing finding (docs/billing-review.md) for licensing and billing, one mail each, once per finding. */
    public List<Notice> billingFinding(String reference, List<String> recipients, long finding, String kind, String expected, String billed,
            io.lexhub.insight.BillingLine line, String lineKey) {
        Map<String, Object> s = new HashMap<>();
        s.put("reference", reference);
        s.put("kind", kind);
        s.put("what", switch (kind) {
            case "DISCOUNT_MISMATCH" -> "a discount other than the one granted";
            case "SEATS_ABOVE_WAIVER" -> "more seats than the waiver granted";
            case "SEATS_BELOW_WAIVER" -> "fewer seats than the waiver granted";
            default -> "a period after the waiver's end";
        });
        s.put("expected", expected);
        s.put("billed", billed);
        s.put("customerId", line.customer());
        s.put("product", line.product());
        s.put("period", line.periodStart() + " to " + line.periodEnd());
        s.put("quantity", line.quantity().stripTrailingZeros().toPlainString());
        s.put("unitPrice", line.unitPrice().stripTrailingZeros().toPlainString());
        s.put("discount", line.discountPercent().stripTrailingZeros().toPlainString());
        s.put("line", lineKey);
        s.put("invoice", line.invoice() == null ? "(none given)" : line.invoice());
        Templates.Rendered mail = base.templates.render("billing-finding", s);
        List<Notice> out = new ArrayList<>();
        for (String to : recipients) out.add(new Notice("billing-finding:" + finding + ":" + to, Notice.MAIL, to, mail.subject(), mail.body()));
        return out;
    }
}
