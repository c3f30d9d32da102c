package io.lexhub.workspace;

import io.lexhub.model.ExceptionType;
import io.lexhub.notify.Messages;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import java.text.NumberFormat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the public page "How exceptions work here" (GET /portal/how-it-works) shows, read from the
 * policy in force on every call, so a hot reload shows at once. Only what a customer is told anyway
 * when they ask: the exception types, the terms each needs and may not carry, its longest period,
 * the start-date rules, the service level per track and the expiry reminders. Never the risk
 * weights and rules, the fast-track and tier bounds, the maximum discount or seats (a customer
 * who asks for more is told the limit), the approval chains or anyone's name: docs/languages.md.
 */
public final class HowItWorks {

    /** One exception type as a customer reads it. */
    public record Type(String code, String name, String description, List<String> required, List<String> notAllowed, String maxDuration) {}

    /** A track's published service level: per approval step, in business hours and (about) business days. */
    public record ServiceLevel(String track, String name, String hours, String days, double daysValue) {}

    /** A field every request needs. */
    public record Field(String name, String label) {}

    public record Page(String policyVersion, List<Type> types, List<Field> fields, List<ServiceLevel> serviceLevels, String startAhead,
            String backdate, boolean backdating, String workdays, String dayStart, String dayEnd, String zone, String reminders) {}

    /** The fields of config/schema/request.schema.json that every request must have (its top-level "required"). */
    public static final List<String> REQUIRED_FIELDS = List.of("customer", "requester", "product", "type", "terms", "justification", "revenueImpact");

    private final PolicyHolder policy;
    private final Messages messages;

    public HowItWorks(PolicyHolder policy, Messages messages) {
        this.policy = policy;
        this.messages = messages;
    }

    public Page page(Locale locale) {
        Policy p = policy.current();
        NumberFormat n = NumberFormat.getNumberInstance(locale);
        n.setMaximumFractionDigits(1);
        List<Type> types = new ArrayList<>();
        for (Map.Entry<ExceptionType, Policy.TypeRule> e : p.exceptionTypes().entrySet()) {
            String code = e.getKey().name();
            Policy.TypeRule r = e.getValue();
            String description = messages.has("type." + code + ".description") ? messages.text(locale, "type." + code + ".description") : r.description();
            types.add(new Type(code, typeName(locale, code), description, terms(locale, r.requiredTerms()), terms(locale, r.forbiddenTerms()),
                    messages.text(locale, "how.days", n.format(r.maxDurationDays()))));
        }
        types.sort(java.util.Comparator.comparing(Type::name));
        List<Field> fields = REQUIRED_FIELDS.stream().map(f -> new Field(f, messages.text(locale, "field." + f))).toList();
        Policy.Lifecycle life = p.lifecycle();
        Policy.Calendar cal = life.calendar();
        double dayHours = Duration.between(LocalTime.parse(cal.dayStart()), LocalTime.parse(cal.dayEnd())).toMinutes() / 60.0;
        List<ServiceLevel> levels = new ArrayList<>();
        for (String track : List.of("FAST", "STANDARD")) {
            Policy.Sla sla = life.sla().get(track);
            if (sla == null) continue;
            levels.add(new ServiceLevel(track, messages.text(locale, "track." + track), n.format(sla.slaHours()), n.format(sla.slaHours() / dayHours),
                    sla.slaHours() / dayHours));
        }
        List<String> days = cal.workdays().stream().map(d -> DayOfWeek.valueOf(d).getDisplayName(TextStyle.FULL, locale)).toList();
        Policy.Period period = p.periodOrDefault();
        int back = period.maxBackdateDays() == null ? 0 : period.maxBackdateDays();
        String reminders = life.expiryReminderDays() == null ? "" : list(locale, life.expiryReminderDays().stream().map(n::format).toList());
        return new Page(p.version(), types, fields, levels, n.format(period.maxStartAheadDays()), n.format(back), back > 0,
                list(locale, days), cal.dayStart(), cal.dayEnd(), cal.zone(), reminders);
    }

    /** "30, 7 and 1", "30, 7 und 1". */
    private String list(Locale locale, List<String> items) {
        if (items.size() < 2) return String.join("", items);
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + messages.text(locale, "how.and") + " " + items.get(items.size() - 1);
    }

    private String typeName(Locale locale, String code) {
        return messages.has("type." + code) ? messages.text(locale, "type." + code) : code.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    private List<String> terms(Locale locale, List<String> names) {
        return names == null ? List.of() : names.stream().map(t -> messages.has("term." + t) ? messages.text(locale, "term." + t) : t).toList();
    }
}
