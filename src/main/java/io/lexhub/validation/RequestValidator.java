package io.lexhub.validation;

import io.lexhub.intake.ParsedRequest;
import io.lexhub.model.Customer;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Issue;
import io.lexhub.model.Terms;
import io.lexhub.model.ValidationResult;
import io.lexhub.policy.Policy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Business validation of a parsed request: the period, the per-type rules of the policy, the
 * customer's contact domain and overlaps with exceptions already on file. Everything found is
 * reported at once, so the requester can fix it in one go. Plain Java: no Camel, no clock (the
 * caller passes today from its injected Clock).
 */
public class RequestValidator {

    /** Term names the policy may list in requiredTerms / forbiddenTerms. */
    public static final Set<String> TERM_NAMES =
            Set.of("seats", "discountPercent", "start", "end", "durationDays", "regions", "features", "deployment");

    private static final Map<String, String> TERM_HINTS = Map.of(
            "seats", "the number of seats needed",
            "discountPercent", "the discount in percent",
            "start", "the first day, as YYYY-MM-DD",
            "end", "the last day, as YYYY-MM-DD",
            "durationDays", "the number of days",
            "regions", "the countries or regions, as ISO codes such as DE or BR",
            "features", "the features to unlock, as named in the product documentation",
            "deployment", "where and how the software will run, e.g. on-premises or private-cloud");

    public ValidationResult validate(ParsedRequest parsed, Policy policy, LocalDate today, ConflictLookup conflicts) {
        Collector out = new Collector(parsed.issues());
        ExceptionRequest r = parsed.request();
        Terms t = r.terms();
        boolean periodKnown = t != null && checkPeriod(t, today, policy.periodOrDefault(), out);
        if (t != null && t.start() != null) checkBackdating(t.start(), r.backdateReason(), today, policy.periodOrDefault(), out);
        if (t != null && r.type() != null) {
            checkTypeRules(r.type(), t, policy, out);
        }
        checkContactDomain(r.customer(), out);
        if (periodKnown && conflicts != null && r.customer() != null && r.customer().id() != null && r.product() != null) {
            for (ExistingException e : conflicts.overlapping(r.customer().id(), r.product(), t.start(), t.effectiveEnd())) {
                out.add(e.overlapIssue());
            }
        }
        return ValidationResult.of(out.issues);
    }

    /**
     * Checks start/end/durationDays; true when the period is complete and coherent. Every check
     * runs whatever the others found, so the requester sees every problem of the period at once.
     */
    private static boolean checkPeriod(Terms t, LocalDate today, Policy.Period rules, Collector out) {
        LocalDate start = t.start();
        LocalDate end = t.end();
        Integer days = t.durationDays();
        if (end == null && days == null) {
            // if the parser already refused one of them, that issue says enough
            if (!out.reported("terms.end") && !out.reported("terms.durationDays")) {
                out.add(Issue.missing("terms.end", "The period needs an end: please give either terms.end (the last day,"
                        + " as YYYY-MM-DD) or terms.durationDays (the number of days, counting the start day)."));
            }
        }
        int ahead = rules.maxStartAheadDays();
        if (start != null && start.isAfter(today.plusDays(ahead))) {
            out.add(Issue.invalid("terms.start", "too-far-ahead", "terms.start (" + start + ") is more than "
                    + ahead + " days ahead; exceptions can be requested at most " + ahead + " days before they start"
                    + " (start on or before " + today.plusDays(ahead) + "). Please submit the request closer"
                    + " to the start date."));
        }
        if (start == null || (end == null && days == null)) return false;
        boolean coherent = true;
        if (end != null && end.isBefore(start)) {
            out.add(Issue.invalid("terms.end", "end-before-start", "terms.end (" + end + ") is before terms.start ("
                    + start + "); please check the dates. The end is the last day the exception applies."));
            coherent = false;
        }
        if (end != null && days != null && t.effectiveDurationDays().intValue() != days) {
            out.add(Issue.invalid("terms.durationDays", "conflict", "terms.durationDays (" + days + ") does not match"
                    + " the period from terms.start (" + start + ") to terms.end (" + end + ")"
                    + (coherent ? ", which is " + t.effectiveDurationDays() + " days counting both ends" : "")
                    + ". Please give only one of terms.end and terms.durationDays, or make them agree."));
            coherent = false;
        }
        LocalDate last = t.effectiveEnd();
        if (last.isBefore(today)) {
            out.add(Issue.invalid("terms.end", "in-past", (end != null ? "terms.end (" + end + ")"
                    : "The period (terms.start " + start + " plus " + days + " days) ends on " + last + ", which")
                    + " is in the past; an exception must end on or after today (" + today + "). Please check the dates."));
        }
        return coherent;
    }

    /** A start in the past: allowed up to the policy's maxBackdateDays, and only with a reason. */
    private static void checkBackdating(LocalDate start, String reason, LocalDate today, Policy.Period rules, Collector out) {
        if (!start.isBefore(today)) return;
        long back = ChronoUnit.DAYS.between(start, today);
        int max = rules.maxBackdateDays();
        if (back > max) {
            out.add(Issue.invalid("terms.start", "too-far-back", "terms.start (" + start + ") is " + back + " days in the past; "
                    + (max == 0 ? "a period cannot start before the day it is requested (" + today + ")"
                            : "a period can start at most " + max + " days before the day it is requested (on or after "
                                    + today.minusDays(max) + ")")
                    + ". Please check the start date."));
        } else if (reason == null || reason.isBlank()) {
            out.add(Issue.missing("backdateReason", "terms.start (" + start + ") is " + back + " day" + (back == 1 ? "" : "s")
                    + " in the past: please say in backdateReason why the exception must cover days already past."));
        }
    }

    private static void checkTypeRules(ExceptionType type, Terms t, Policy policy, Collector out) {
        Policy.TypeRule rule = policy.exceptionTypes() == null ? null : policy.typeRule(type);
        if (rule == null) {
            out.add(Issue.invalid("type", "not-offered", type + " exceptions are not offered under the current policy"
                    + " (version " + policy.version() + "); please contact your account owner about alternatives."));
            return;
        }
        for (String name : nullSafe(rule.requiredTerms())) {
            if (!present(t, name, type)) {
                out.add(Issue.missing("terms." + name, "terms." + name + " is required for " + type
                        + " requests; please add " + TERM_HINTS.get(name) + "."));
            }
        }
        for (String name : nullSafe(rule.forbiddenTerms())) {
            if (present(t, name, type)) {
                out.add(Issue.invalid("terms." + name, "not-allowed", "terms." + name + " is not allowed for " + type
                        + " requests; please remove it, or ask for it in a separate request of the matching type."));
            }
        }
        for (Map.Entry<String, Integer> length : lengths(t).entrySet()) {
            int days = length.getValue();
            if (rule.maxDurationDays() > 0 && days > rule.maxDurationDays()) {
                out.add(Issue.invalid(length.getKey(), "above-limit", "The requested period is " + days + " days; " + type
                        + " exceptions can last at most " + rule.maxDurationDays() + " days. Please shorten the period;"
                        + " a renewal can be requested before it ends."));
            }
        }
        if (rule.maxDiscountPercent() != null && t.discountPercent() != null
                && t.discountPercent().compareTo(BigDecimal.valueOf(rule.maxDiscountPercent())) > 0) {
            out.add(Issue.invalid("terms.discountPercent", "above-limit", "terms.discountPercent ("
                    + plain(t.discountPercent()) + "%) is above the " + plain(BigDecimal.valueOf(rule.maxDiscountPercent()))
                    + "% that a " + type + " exception can grant; please lower it."));
        }
        if (rule.maxSeats() != null && t.seats() != null && t.seats() > rule.maxSeats()) {
            out.add(Issue.invalid("terms.seats", "above-limit", "terms.seats (" + t.seats() + ") is above the "
                    + rule.maxSeats() + " seats a " + type + " exception can grant; please lower it, or ask your"
                    + " account owner about amending the license instead."));
        }
    }

    /**
     * Each length the request states, by the field that states it: the span from start to end
     * (when the end is not before the start) and durationDays. Agreeing lengths count once, as
     * terms.end; disagreeing ones are each checked against the limit.
     */
    private static Map<String, Integer> lengths(Terms t) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (t.start() != null && t.end() != null && !t.end().isBefore(t.start())) out.put("terms.end", t.effectiveDurationDays());
        if (t.durationDays() != null && !t.durationDays().equals(out.get("terms.end"))) out.put("terms.durationDays", t.durationDays());
        return out;
    }

    private static void checkContactDomain(Customer c, Collector out) {
        if (c == null || c.contactEmail() == null || c.domain() == null) return;
        String email = c.contactEmail().toLowerCase(Locale.ROOT);
        String domain = c.domain().toLowerCase(Locale.ROOT);
        String emailDomain = email.substring(email.lastIndexOf('@') + 1);
        if (!emailDomain.equals(domain) && !emailDomain.endsWith("." + domain)) {
            out.add(Issue.invalid("customer.contactEmail", "conflict", "customer.contactEmail (" + email
                    + ") is not in the customer's domain " + domain + " (customer.domain); please give a contact"
                    + " address at " + domain + ", or correct customer.domain."));
        }
    }

    private static boolean present(Terms t, String name, ExceptionType type) {
        return switch (name) {
            case "seats" -> t.seats() != null;
            case "discountPercent" -> t.discountPercent() != null;
            case "start" -> t.start() != null;
            case "end" -> t.end() != null;
            case "durationDays" -> t.durationDays() != null;
            case "regions" -> !t.regions().isEmpty();
            case "features" -> !t.features().isEmpty();
            case "deployment" -> t.deployment() != null;
            // a policy error, not the requester's: fail loudly so it is fixed in policy.yaml
            default -> throw new IllegalArgumentException("policy names unknown term '" + name + "' for " + type
                    + "; known terms: " + TERM_NAMES);
        };
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static List<String> nullSafe(List<String> list) {
        return list == null ? List.of() : list;
    }

    /**
     * Issues so far. A field the parser already reported is not reported again, nor is a field
     * already asked for (the period check and requiredTerms can both ask for terms.end).
     */
    private static final class Collector {
        final List<Issue> issues;
        final Set<String> parseFields = new HashSet<>();

        Collector(List<Issue> parseIssues) {
            issues = new ArrayList<>(parseIssues);
            parseIssues.forEach(i -> parseFields.add(i.field()));
        }

        boolean reported(String field) {
            return parseFields.contains(field);
        }

        void add(Issue issue) {
            boolean asked = issue.kind() == Issue.Kind.MISSING && issues.stream()
                    .anyMatch(i -> i.kind() == Issue.Kind.MISSING && i.field().equals(issue.field()));
            if (!reported(issue.field()) && !asked) issues.add(issue);
        }
    }
}
