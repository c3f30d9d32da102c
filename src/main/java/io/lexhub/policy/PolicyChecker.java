package io.lexhub.policy;

import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.DataSensitivity;
import io.lexhub.model.ExceptionType;
import io.lexhub.policy.Facts.Kind;
import io.lexhub.policy.Policy.Approval;
import io.lexhub.policy.Policy.AutoApprove;
import io.lexhub.policy.Policy.Condition;
import io.lexhub.policy.Policy.ExtraLevel;
import io.lexhub.model.Track;
import io.lexhub.policy.Policy.FastTrack;
import io.lexhub.policy.Policy.Level;
import io.lexhub.policy.Policy.LevelSpec;
import io.lexhub.policy.Policy.Risk;
import io.lexhub.policy.Policy.Rule;
import io.lexhub.policy.Policy.Tier;
import io.lexhub.policy.Policy.TypeRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Semantic checks of a bound policy; collects every problem as "source: path: what". */
final class PolicyChecker {

    private static final Set<String> MODES = names(ApprovalLevel.Mode.values());

    private final String source;
    private final List<String> problems = new ArrayList<>();

    PolicyChecker(String source) {
        this.source = source;
    }

    List<String> check(Policy p) {
        if (blank(p.version())) add("version", "missing");
        checkTypes(p.exceptionTypes());
        checkFastTrack(p.fastTrack());
        checkRisk(p.risk());
        checkApproval(p.approval());
        checkLifecycle(p.lifecycle(), p.approval());
        checkUtilisation(p.utilisation());
        checkPeriod(p.period());
        checkPolicyReview(p.policyReview());
        if (p.billingReview() != null && p.billingReview().afterDays() != null
                && (p.billingReview().afterDays() < 0 || p.billingReview().afterDays() > 3650)) {
            add("billingReview.afterDays", "must be in 0..3650");
        }
        checkBulkDecision(p.bulkDecision(), p.fastTrack());
        checkTasks(p.implementationTasks());
        return problems;
    }

    private void checkTypes(Map<ExceptionType, TypeRule> types) {
        if (types == null) {
            add("exceptionTypes", "missing");
            return;
        }
        for (ExceptionType type : ExceptionType.values()) {
            String where = "exceptionTypes." + type;
            TypeRule t = types.get(type);
            if (t == null) {
                add("exceptionTypes", "no rule for " + type);
                continue;
            }
            checkTerms(where, "requiredTerms", t.requiredTerms());
            checkTerms(where, "forbiddenTerms", t.forbiddenTerms());
            if (t.requiredTerms() != null && t.forbiddenTerms() != null) {
                t.requiredTerms().stream().filter(t.forbiddenTerms()::contains).distinct()
                        .forEach(term -> add(where, "term '" + term + "' is both required and forbidden"));
            }
            if (t.maxDurationDays() <= 0) add(where, "maxDurationDays must be > 0");
            if (t.maxDiscountPercent() != null && (t.maxDiscountPercent() <= 0 || t.maxDiscountPercent() > 100)) {
                add(where, "maxDiscountPercent " + num(t.maxDiscountPercent()) + " is not in 0..100");
            }
            if (t.maxSeats() != null && t.maxSeats() <= 0) add(where, "maxSeats must be > 0");
        }
    }

    private void checkTerms(String where, String list, List<String> terms) {
        if (terms == null) return;
        for (String term : terms) {
            if (term == null) {
                add(where, "empty entry in " + list);
            } else if (!PolicyLoader.TERM_NAMES.contains(term)) {
                add(where, "unknown term '" + term + "' in " + list + "; known terms: " + sorted(PolicyLoader.TERM_NAMES));
            }
        }
    }

    /** Optional section: absent means the defaults of {@link Policy#DEFAULT_UTILISATION}. */
    private void checkUtilisation(Policy.Utilisation u) {
        if (u == null) return;
        Double tol = u.overageTolerancePercent();
        if (tol != null && (tol < 0 || tol > 1000)) add("utilisation.overageTolerancePercent", "must be in 0..1000");
        Double under = u.underuseThresholdPercent();
        if (under != null && (under < 0 || under >= 100)) add("utilisation.underuseThresholdPercent", "must be in 0..100 (below 100)");
    }

    /** Optional section: absent means the defaults of {@link Policy#DEFAULT_POLICY_REVIEW}. */
    private void checkPolicyReview(Policy.PolicyReview r) {
        if (r == null) return;
        if (r.cadence() != null && !org.quartz.CronExpression.isValidExpression(r.cadence())) {
            add("policyReview.cadence", "must be a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. \"0 0 7 1 * ?\"");
        }
        if (r.periodDays() != null && (r.periodDays() < 1 || r.periodDays() > 3650)) add("policyReview.periodDays", "must be in 1..3650");
        if (r.repeatedGrantThreshold() != null && (r.repeatedGrantThreshold() < 2 || r.repeatedGrantThreshold() > 1000)) {
            add("policyReview.repeatedGrantThreshold", "must be in 2..1000");
        }
        if (r.similarTermsTolerancePercent() != null && (r.similarTermsTolerancePercent() < 0 || r.similarTermsTolerancePercent() > 100)) {
            add("policyReview.similarTermsTolerancePercent", "must be in 0..100");
        }
        if (r.renewalChainLimit() != null && (r.renewalChainLimit() < 0 || r.renewalChainLimit() > 100)) add("policyReview.renewalChainLimit", "must be in 0..100");
        Double high = r.overrideHighScore();
        Double low = r.overrideLowScore();
        if (high != null && (high < 0 || high > 100)) add("policyReview.overrideHighScore", "must be in 0..100");
        if (low != null && (low < 0 || low > 100)) add("policyReview.overrideLowScore", "must be in 0..100");
        if (high != null && low != null && low >= high) add("policyReview.overrideLowScore", "must be below overrideHighScore");
    }

    /** Optional section: absent means the defaults of {@link Policy#DEFAULT_PERIOD}. */
    private void checkPeriod(Policy.Period d) {
        if (d == null) return;
        if (d.maxStartAheadDays() != null && (d.maxStartAheadDays() < 0 || d.maxStartAheadDays() > 3650)) {
            add("period.maxStartAheadDays", "must be in 0..3650");
        }
        if (d.maxBackdateDays() != null && (d.maxBackdateDays() < 0 || d.maxBackdateDays() > 3650)) {
            add("period.maxBackdateDays", "must be in 0..3650 (0: no start in the past)");
        }
    }

    private void checkLifecycle(Policy.Lifecycle l, Approval approval) {
        if (l == null) {
            add("lifecycle", "missing");
            return;
        }
        if (l.sla() == null) add("lifecycle.sla", "missing");
        else {
            for (io.lexhub.model.Track t : io.lexhub.model.Track.values()) {
                if (!l.sla().containsKey(t.name())) add("lifecycle.sla", "no SLA for track " + t);
            }
            l.sla().forEach((k, v) -> checkSla("lifecycle.sla." + k, v));
        }
        if (l.tierSla() != null) {
            Set<String> tiers = new HashSet<>();
            if (approval != null && approval.tiers() != null) approval.tiers().forEach(t -> tiers.add(t.id()));
            l.tierSla().forEach((k, v) -> {
                if (!tiers.contains(k)) add("lifecycle.tierSla." + k, "no tier " + k + " in approval.tiers");
                checkSla("lifecycle.tierSla." + k, v);
            });
        }
        Policy.Calendar c = l.calendar();
        if (c == null) add("lifecycle.calendar", "missing");
        else {
            try {
                java.time.ZoneId.of(c.zone());
            } catch (RuntimeException e) {
                add("lifecycle.calendar.zone", "unknown time zone '" + c.zone() + "'");
            }
            if (c.workdays() == null || c.workdays().isEmpty()) add("lifecycle.calendar.workdays", "missing");
            else for (String d : c.workdays()) {
                try {
                    java.time.DayOfWeek.valueOf(d);
                } catch (RuntimeException e) {
                    add("lifecycle.calendar.workdays", "'" + d + "' is not a day (MONDAY ... SUNDAY)");
                }
            }
            try {
                if (!java.time.LocalTime.parse(c.dayStart()).isBefore(java.time.LocalTime.parse(c.dayEnd()))) {
                    add("lifecycle.calendar", "dayStart must be before dayEnd");
                }
            } catch (RuntimeException e) {
                add("lifecycle.calendar", "dayStart and dayEnd are times like 09:00");
            }
        }
        if (l.expiryReminderDays() == null || l.expiryReminderDays().stream().anyMatch(d -> d == null || d < 1)) {
            add("lifecycle.expiryReminderDays", "a list of days >= 1 before the end");
        }
        if (l.maxRenewals() < 0) add("lifecycle.maxRenewals", "must not be negative");
        if (l.reviewSampleShare() < 0 || l.reviewSampleShare() > 1) add("lifecycle.reviewSampleShare", "must be in 0..1");
        Double remind = l.implementationTaskReminderPercent();
        if (remind != null && (remind <= 0 || remind >= 100)) {
            add("lifecycle.implementationTaskReminderPercent", "must be above 0 and below 100 (the reminder comes before the due time)");
        }
    }

    private void checkSla(String where, Policy.Sla s) {
        if (s == null || s.slaHours() <= 0) add(where, "slaHours must be > 0");
        else if (s.reminderHours() <= 0 || s.reminderHours() >= s.slaHours()) add(where, "reminderHours must be > 0 and below slaHours");
    }

    private void checkFastTrack(FastTrack f) {
        if (f == null) {
            add("fastTrack", "missing");
            return;
        }
        if (f.types() == null) add("fastTrack.types", "missing");
        else if (f.types().contains(null)) add("fastTrack.types", "empty entry");
        if (f.maxDurationDays() <= 0) add("fastTrack.maxDurationDays", "must be > 0");
        if (f.maxRevenueImpact() < 0) add("fastTrack.maxRevenueImpact", "must not be negative");
        if (f.maxSeats() != null && f.maxSeats() <= 0) add("fastTrack.maxSeats", "must be > 0");
        if (f.autoApprove() != null) {
            AutoApprove a = f.autoApprove();
            if (a.types() == null || a.types().isEmpty()) add("fastTrack.autoApprove.types", "missing");
            else if (f.types() != null) {
                a.types().stream().filter(t -> !f.types().contains(t))
                        .forEach(t -> add("fastTrack.autoApprove.types", t + " is not a fast-track type, so it can never be auto-approved"));
            }
            if (a.maxRiskScore() < 0 || a.maxRiskScore() > 100) add("fastTrack.autoApprove.maxRiskScore", "must be in 0..100");
            if (a.maxDurationDays() <= 0) add("fastTrack.autoApprove.maxDurationDays", "must be > 0");
            if (a.maxRevenueImpact() < 0) add("fastTrack.autoApprove.maxRevenueImpact", "must not be negative");
        }
        if (f.dataSensitivity() == null) {
            add("fastTrack.dataSensitivity", "missing");
            return;
        }
        Set<String> known = names(DataSensitivity.values());
        for (String s : f.dataSensitivity()) {
            if (!known.contains(s)) add("fastTrack.dataSensitivity", "unknown value '" + s + "'; known values: " + sorted(known));
        }
    }

    private void checkBulkDecision(List<Policy.BulkRule> rules, FastTrack f) {
        if (rules == null) return;
        for (int i = 0; i < rules.size(); i++) {
            String where = "bulkDecision[" + i + "]";
            Policy.BulkRule r = rules.get(i);
            if (r == null) {
                add(where, "empty entry");
                continue;
            }
            if (r.track() == null) add(where + ".track", "missing (FAST or STANDARD)");
            if (r.types() != null && r.types().contains(null)) add(where + ".types", "empty entry");
            else if (r.track() == Track.FAST && r.types() != null && f != null && f.types() != null) {
                r.types().stream().filter(t -> !f.types().contains(t))
                        .forEach(t -> add(where + ".types", t + " is not a fast-track type, so this rule never applies to it"));
            }
        }
    }

    /** Optional section; whether a named person is in approvers.yaml is checked with that file (approval/ApproverDirectory). */
    private void checkTasks(Map<ExceptionType, List<Policy.TaskSpec>> tasks) {
        if (tasks == null) return;
        tasks.forEach((type, list) -> {
            if (list == null) return;
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Policy.TaskSpec t = list.get(i);
                String where = "implementationTasks." + type + "[" + i + "]";
                if (t == null) {
                    add(where, "empty entry");
                    continue;
                }
                where = label(where, t.id());
                if (blank(t.id())) add(where, "id missing");
                else if (!t.id().matches("[a-z0-9][a-z0-9-]{0,39}")) add(where, "id '" + t.id() + "' must be lower-case letters, digits and dashes (at most 40)");
                else if (!ids.add(t.id())) add(where, "duplicate id");
                if (blank(t.title())) add(where, "title missing");
                else if (t.title().length() > 200) add(where, "title longer than 200 characters");
                if (blank(t.role()) == blank(t.person())) add(where, "name exactly one owner: a role or a person (an approver id)");
                else if (!blank(t.role()) && !PolicyLoader.ROLES.contains(t.role())) {
                    add(where, "unknown role '" + t.role() + "'; known roles: " + sorted(PolicyLoader.ROLES));
                }
                if (t.dueHours() <= 0 || t.dueHours() > 2000) add(where, "dueHours must be in 0..2000 business hours (above 0)");
            }
        });
    }

    private void checkRisk(Risk r) {
        if (r == null) {
            add("risk", "missing");
            return;
        }
        checkWeights(r.weights());
        checkLevels(r.levels());
        if (r.rules() == null) {
            add("risk.rules", "missing");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < r.rules().size(); i++) {
            Rule rule = r.rules().get(i);
            String where = "risk.rules[" + i + "]";
            if (rule == null) {
                add(where, "empty entry");
                continue;
            }
            where = label(where, rule.id());
            if (blank(rule.id())) add(where, "id missing");
            else if (!ids.add(rule.id())) add(where, "duplicate id");
            if (blank(rule.dimension())) add(where, "dimension missing");
            else if (!Facts.DIMENSIONS.contains(rule.dimension())) {
                add(where, "unknown dimension '" + rule.dimension() + "'; known dimensions: " + Facts.DIMENSIONS);
            }
            if (rule.points() < 0 || rule.points() > 100) add(where, "points " + rule.points() + " is not in 0..100");
            if (blank(rule.explanation())) add(where, "explanation missing");
            checkCondition(rule.when(), where, "", Facts.KINDS);
        }
    }

    private void checkWeights(Map<String, Double> weights) {
        if (weights == null) {
            add("risk.weights", "missing");
            return;
        }
        for (String dim : Facts.DIMENSIONS) {
            if (!weights.containsKey(dim)) add("risk.weights", "missing dimension '" + dim + "'");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            if (!Facts.DIMENSIONS.contains(e.getKey())) {
                add("risk.weights", "unknown dimension '" + e.getKey() + "'; known dimensions: " + Facts.DIMENSIONS);
            }
            Double w = e.getValue();
            if (w == null) {
                add("risk.weights." + e.getKey(), "missing");
            } else if (w < 0 || w > 1) {
                add("risk.weights." + e.getKey(), num(w) + " is not in 0..1");
            } else {
                sum += w;
            }
        }
        if (Math.abs(sum - 1.0) > 0.001) add("risk.weights", "weights add up to " + num(Math.round(sum * 1000) / 1000.0) + ", must be 1.0");
    }

    private void checkLevels(List<Level> levels) {
        if (levels == null || levels.isEmpty()) {
            add("risk.levels", "missing");
            return;
        }
        Set<String> names = new HashSet<>();
        boolean fromZero = false;
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            String where = "risk.levels[" + i + "]";
            if (l == null) {
                add(where, "empty entry");
                continue;
            }
            where = label(where, l.name());
            if (blank(l.name())) add(where, "name missing");
            else if (!names.add(l.name())) add(where, "duplicate name");
            if (l.min() < 0 || l.min() > 100) add(where, "min " + num(l.min()) + " is not in 0..100");
            fromZero |= l.min() == 0;
        }
        if (!fromZero) add("risk.levels", "no level has min 0, so low scores would have no level");
    }

    private void checkApproval(Approval a) {
        if (a == null) {
            add("approval", "missing");
            return;
        }
        if (a.tiers() == null || a.tiers().isEmpty()) {
            add("approval.tiers", "missing");
        } else {
            checkTiers(a.tiers());
        }
        if (a.extraLevels() != null) checkExtraLevels(a.extraLevels());
    }

    private void checkTiers(List<Tier> tiers) {
        Set<String> ids = new HashSet<>();
        String catchAll = null;
        for (int i = 0; i < tiers.size(); i++) {
            Tier t = tiers.get(i);
            String where = "approval.tiers[" + i + "]";
            if (t == null) {
                add(where, "empty entry");
                continue;
            }
            where = label(where, t.id());
            if (blank(t.id())) add(where, "id missing");
            else if (!ids.add(t.id())) add(where, "duplicate id");
            if (t.maxRiskScore() != null && (t.maxRiskScore() < 0 || t.maxRiskScore() > 100)) {
                add(where, "maxRiskScore " + num(t.maxRiskScore()) + " is not in 0..100");
            }
            if (t.maxDurationDays() != null && t.maxDurationDays() <= 0) add(where, "maxDurationDays must be > 0");
            if (t.maxRevenueImpact() != null && t.maxRevenueImpact() < 0) add(where, "maxRevenueImpact must not be negative");
            if (catchAll != null) add(where, "unreachable: tier " + catchAll + " before it has no bounds");
            boolean bounded = t.maxRiskScore() != null || t.maxDurationDays() != null || t.maxRevenueImpact() != null;
            if (!bounded && catchAll == null) catchAll = String.valueOf(t.id());
            if (i == tiers.size() - 1 && bounded) {
                add(where, "the last tier must have no bounds (a catch-all) so every request gets a route");
            }
            if (t.levels() == null || t.levels().isEmpty()) {
                add(where, "levels missing");
                continue;
            }
            Set<String> roles = new HashSet<>();
            for (int j = 0; j < t.levels().size(); j++) {
                LevelSpec l = t.levels().get(j);
                checkLevelSpec(l, where + " levels[" + j + "]");
                if (l != null && l.role() != null && !roles.add(l.role())) {
                    add(where, "role '" + l.role() + "' appears more than once");
                }
            }
        }
    }

    private void checkExtraLevels(List<ExtraLevel> extras) {
        Map<String, Kind> fields = new LinkedHashMap<>(Facts.KINDS);
        fields.put(Facts.RISK_SCORE, Kind.NUMBER);
        Facts.DIMENSIONS.forEach(d -> fields.put(Facts.riskDimension(d), Kind.NUMBER));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < extras.size(); i++) {
            ExtraLevel x = extras.get(i);
            String where = "approval.extraLevels[" + i + "]";
            if (x == null) {
                add(where, "empty entry");
                continue;
            }
            where = label(where, x.id());
            if (blank(x.id())) add(where, "id missing");
            else if (!ids.add(x.id())) add(where, "duplicate id");
            checkCondition(x.when(), where, "", fields);
            if (x.level() == null) add(where, "level missing");
            else checkLevelSpec(x.level(), where + " level");
        }
    }

    private void checkLevelSpec(LevelSpec l, String where) {
        if (l == null) {
            add(where, "empty entry");
            return;
        }
        if (blank(l.role())) add(where, "role missing");
        else if (!PolicyLoader.ROLES.contains(l.role())) {
            add(where, "unknown role '" + l.role() + "'; known roles: " + sorted(PolicyLoader.ROLES));
        }
        String mode = l.mode() == null ? null : l.mode().toUpperCase(Locale.ROOT);
        if (mode == null) add(where, "mode missing");
        else if (!MODES.contains(mode)) add(where, "unknown mode '" + l.mode() + "'; use ONE, ALL or QUORUM");
        else if (mode.equals("QUORUM") && (l.quorum() == null || l.quorum() < 2)) add(where, "mode QUORUM needs quorum >= 2");
        else if (!mode.equals("QUORUM") && l.quorum() != null) add(where, "quorum only applies to mode QUORUM");
    }

    /** A condition is exactly one of: field/op/value, all: [...], any: [...]. */
    private void checkCondition(Condition c, String label, String sub, Map<String, Kind> fields) {
        String where = sub.isEmpty() ? label : label + " " + sub;
        if (c == null) {
            add(where, sub.isEmpty() ? "condition 'when' missing" : "empty condition");
            return;
        }
        boolean leaf = c.field() != null || c.op() != null || c.value() != null;
        int forms = (leaf ? 1 : 0) + (c.all() != null ? 1 : 0) + (c.any() != null ? 1 : 0);
        if (forms != 1) {
            add(where, "a condition has either field/op/value, 'all' or 'any'");
            return;
        }
        if (!leaf) {
            String kind = c.all() != null ? "all" : "any";
            List<Condition> parts = c.all() != null ? c.all() : c.any();
            if (parts.isEmpty()) add(where, "'" + kind + "' must not be empty");
            String prefix = sub.isEmpty() ? "" : sub + ".";
            for (int i = 0; i < parts.size(); i++) checkCondition(parts.get(i), label, prefix + kind + "[" + i + "]", fields);
            return;
        }
        Kind kind = blank(c.field()) ? null : fields.get(c.field());
        if (blank(c.field())) add(where, "field missing");
        else if (kind == null) add(where, "unknown field '" + c.field() + "'");
        if (blank(c.op())) {
            add(where, "op missing");
            return;
        }
        if (!Conditions.OPS.contains(c.op())) {
            add(where, "unknown op '" + c.op() + "'; known ops: " + sorted(Conditions.OPS));
            return;
        }
        checkOperand(c, where, kind);
    }

    private void checkOperand(Condition c, String where, Kind kind) {
        String op = c.op();
        Object v = c.value();
        if (v == null) {
            add(where, "value missing");
            return;
        }
        switch (op) {
            case "gt", "gte", "lt", "lte" -> {
                if (!(v instanceof Number)) add(where, "op '" + op + "' needs a number, got '" + Conditions.text(v) + "'");
                if (kind != null && kind != Kind.NUMBER) add(where, "op '" + op + "' does not apply to " + kind(kind) + " field '" + c.field() + "'");
            }
            case "eq", "ne" -> {
                if (!scalar(v)) add(where, "op '" + op + "' needs a single value");
                if (kind == Kind.LIST) add(where, "op '" + op + "' does not apply to list field '" + c.field() + "'; use contains");
            }
            case "in", "notIn" -> {
                if (!(v instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(PolicyChecker::scalar)) {
                    add(where, "op '" + op + "' needs a non-empty list of values");
                }
                if (kind == Kind.LIST) add(where, "op '" + op + "' does not apply to list field '" + c.field() + "'; use contains");
            }
            default -> { // contains
                boolean ok = v instanceof List<?> l ? !l.isEmpty() && l.stream().allMatch(PolicyChecker::scalar) : scalar(v);
                if (!ok) add(where, "op 'contains' needs a value or a non-empty list of values");
                if (kind == Kind.NUMBER) add(where, "op 'contains' does not apply to number field '" + c.field() + "'");
            }
        }
    }

    private static boolean scalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    private static String kind(Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private void add(String where, String what) {
        problems.add(source + ": " + where + ": " + what);
    }

    private static String label(String path, String id) {
        return blank(id) ? path : path + " (" + id + ")";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String num(double d) {
        return Conditions.text(d);
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> out = new HashSet<>();
        for (Enum<?> e : values) out.add(e.name());
        return out;
    }

    private static List<String> sorted(Collection<String> c) {
        return c.stream().sorted().toList();
    }
}
