package io.lexhub.policy;

import io.lexhub.model.ExceptionType;
import io.lexhub.model.Track;
import java.util.List;
import java.util.Map;

/**
 * The governance rules, read from config/policy.yaml (architecture rule 6: policy is data). The
 * version is stored with every request so a decision can be explained later.
 */
public record Policy(
        String version,
        Map<ExceptionType, TypeRule> exceptionTypes,
        FastTrack fastTrack,
        Risk risk,
        Approval approval,
        Lifecycle lifecycle,
        Utilisation utilisation,
        Period period,
        List<BulkRule> bulkDecision,
        Map<ExceptionType, List<TaskSpec>> implementationTasks,
        PolicyReview policyReview,
        BillingReview billingReview) {

    /** The tasks that follow an approval of this type (docs/tasks.md); none: the waiver is in effect at approval. */
    public List<TaskSpec> tasksFor(ExceptionType type) {
        if (implementationTasks == null) return List.of();
        List<TaskSpec> tasks = implementationTasks.get(type);
        return tasks == null ? List.of() : tasks;
    }

    /**
     * One task that follows an approval: a stable id (unique per type), what to do, its owner (a
     * role of approvers.yaml, or one person there by id, exactly one of the two) and when it is due,
     * in business hours after the approval.
     */
    public record TaskSpec(String id, String title, String role, String person, double dueHours) {}


    /** A policy without policyReview and billingReview sections: their defaults apply. */
    public Policy(String version, Map<ExceptionType, TypeRule> exceptionTypes, FastTrack fastTrack, Risk risk, Approval approval, Lifecycle lifecycle,
            Utilisation utilisation, Period period, List<BulkRule> bulkDecision, Map<ExceptionType, List<TaskSpec>> implementationTasks) {
        this(version, exceptionTypes, fastTrack, risk, approval, lifecycle, utilisation, period, bulkDecision, implementationTasks, null, null);
    }

    /** Policies without a policyReview section (it is optional) load with these values. */
    public static final PolicyReview DEFAULT_POLICY_REVIEW = new PolicyReview("0 0 7 1 * ?", 90, 3, 10.0, 2, 60.0, 20.0);

    /** The policy review's settings in force: the policy's own, else {@link #DEFAULT_POLICY_REVIEW}. */
    public PolicyReview policyReviewOrDefault() {
        return policyReview == null ? DEFAULT_POLICY_REVIEW : policyReview;
    }

    /**
     * The patterns mailed to the policy owner for the periodic policy review
     * (docs/practice-and-patterns.md): when ({@code cadence}, a Quartz cron), over how many days
     * back ({@code periodDays}); a type and product granted at least {@code repeatedGrantThreshold}
     * times with terms within {@code similarTermsTolerancePercent} of the group's median; renewal
     * chains of more than {@code renewalChainLimit} renewals; approvals at a risk score of at least
     * {@code overrideHighScore} and denials at or below {@code overrideLowScore}.
     */
    public record PolicyReview(String cadence, Integer periodDays, Integer repeatedGrantThreshold, Double similarTermsTolerancePercent,
            Integer renewalChainLimit, Double overrideHighScore, Double overrideLowScore) {}

    /** Policies without a billingReview section (it is optional) load with this: billing is compared 30 days after a waiver starts. */
    public static final BillingReview DEFAULT_BILLING_REVIEW = new BillingReview(30);

    /** The billing review rules in force: the policy's own, else {@link #DEFAULT_BILLING_REVIEW}. */
    public BillingReview billingReviewOrDefault() {
        return billingReview == null || billingReview.afterDays() == null ? DEFAULT_BILLING_REVIEW : billingReview;
    }

    /** Policies without a utilisation section (it is optional) load with these values. */
    public static final Utilisation DEFAULT_UTILISATION = new Utilisation(10.0, 30.0);

    /** The utilisation rules in force: the policy's own, else {@link #DEFAULT_UTILISATION}. */
    public Utilisation utilisationOrDefault() {
        return utilisation == null ? DEFAULT_UTILISATION : utilisation;
    }

    /** Policies without a period section (it is optional) load with these values: a year ahead, no backdating. */
    public static final Period DEFAULT_PERIOD = new Period(365, 0);

    /** The start-date rules in force: the policy's own, else {@link #DEFAULT_PERIOD}. */
    public Period periodOrDefault() {
        return period == null ? DEFAULT_PERIOD : period;
    }

    /**
     * Whether an approver may decide a request of this track and type in bulk from "My decisions"
     * (one rationale, one vote per request): some rule of {@code bulkDecision} allows it. Without
     * the section nothing is decided in bulk.
     */
    public boolean bulkDecidable(Track track, ExceptionType type, boolean renewal) {
        return bulkDecision != null && bulkDecision.stream().anyMatch(r -> r.allows(track, type, renewal));
    }

    public TypeRule typeRule(ExceptionType type) {
        return exceptionTypes.get(type);
    }

    /** Per exception type: which terms it needs, which it must not carry, and its limits. */
    public record TypeRule(
            String description,
            List<String> requiredTerms,
            List<String> forbiddenTerms,
            int maxDurationDays,
            Double maxDiscountPercent,
            Integer maxSeats) {}

    /**
     * A request goes to the fast track only when it meets every one of these. A fast-track request
     * inside {@code autoApprove} is approved by the policy itself; null means nothing is.
     */
    public record FastTrack(
            List<ExceptionType> types,
            int maxDurationDays,
            double maxRevenueImpact,
            Integer maxSeats,
            List<String> dataSensitivity,
            AutoApprove autoApprove) {}

    /** Bounds inside which a fast-track request needs no human approver. */
    public record AutoApprove(List<ExceptionType> types, double maxRiskScore, int maxDurationDays, double maxRevenueImpact) {}

    /** Dimension weights (sum 1.0), level thresholds and the scoring rules. */
    public record Risk(Map<String, Double> weights, List<Level> levels, List<Rule> rules) {}

    /** Scores at or above {@code min} (0..100) have this level; the highest matching min wins. */
    public record Level(String name, double min) {}

    /** When the condition holds, {@code points} (0..100) go to {@code dimension}. */
    public record Rule(String id, String dimension, Condition when, int points, String explanation) {}

    /**
     * A test on one request fact ({@code field op value}), or all/any of nested conditions.
     * Ops: eq, ne, gt, gte, lt, lte, in, notIn, contains.
     */
    public record Condition(String field, String op, Object value, List<Condition> all, List<Condition> any) {}

    /** Tiers are tried in order; the first whose bounds all hold selects the chain. */
    public record Approval(List<Tier> tiers, List<ExtraLevel> extraLevels) {}

    public record Tier(
            String id,
            Double maxRiskScore,
            Integer maxDurationDays,
            Double maxRevenueImpact,
            List<LevelSpec> levels) {}

    /** A level added to any chain when its condition holds (e.g. security review for regulated data). */
    public record ExtraLevel(String id, Condition when, LevelSpec level) {}

    /** mode: ONE, ALL or QUORUM (with quorum = how many). */
    public record LevelSpec(String role, String mode, Integer quorum) {}

    /**
     * Time rules: approval SLAs in business hours per track (with optional per-tier overrides),
     * the business calendar, expiry reminder offsets, how often a waiver may be renewed before a
     * policy review, the share of active waivers sampled for periodic review, and how far into an
     * implementation task's business hours its owners are reminded (optional, percent).
     */
    public record Lifecycle(
            Map<String, Sla> sla,
            Map<String, Sla> tierSla,
            Calendar calendar,
            List<Integer> expiryReminderDays,
            int maxRenewals,
            double reviewSampleShare,
            Double implementationTaskReminderPercent) {

        /** Without implementationTaskReminderPercent a task's owners are reminded after 75 % of its business hours. */
        public static final double DEFAULT_TASK_REMINDER_PERCENT = 75;

        /** The share of a task's business hours after which its owners are reminded, in percent. */
        public double taskReminderPercentOrDefault() {
            return implementationTaskReminderPercent == null ? DEFAULT_TASK_REMINDER_PERCENT : implementationTaskReminderPercent;
        }

        /** The SLA of a level: the tier's own if it has one, else the track's. */
        public Sla slaFor(String track, String tier) {
            Sla own = tierSla == null ? null : tierSla.get(tier);
            return own != null ? own : sla.get(track);
        }
    }

    /** Business hours after a level opens until its approvers are reminded, and until it is escalated. */
    public record Sla(double reminderHours, double slaHours) {}

    /** Working days (MONDAY...), working hours (HH:mm) in a zone, and holidays. */
    public record Calendar(String zone, List<String> workdays, String dayStart, String dayEnd, List<java.time.LocalDate> holidays) {}

    /**
     * Usage of an active waiver against its granted boundary: more than boundary x (1 +
     * overageTolerancePercent/100) is an overage (review, owner notified); less than boundary x
     * underuseThresholdPercent/100 is flagged as possibly not needed at renewal.
     */
    public record Utilisation(Double overageTolerancePercent, Double underuseThresholdPercent) {}

    /**
     * Post-implementation review (docs/billing-review.md): billing lines of a waiver are compared
     * with its granted terms once the waiver has run afterDays days.
     */
    public record BillingReview(Integer afterDays) {}

    /**
     * When a requested period may start, counted from the day the request is assessed: at most
     * {@code maxStartAheadDays} ahead, at most {@code maxBackdateDays} in the past. A backdated
     * start needs a backdateReason and is never approved by the policy itself.
     */
    public record Period(Integer maxStartAheadDays, Integer maxBackdateDays) {}

    /**
     * Requests an approver may decide several at a time: of this track, of these types (empty: any
     * type), and when {@code renewalsOnly} only those that renew a waiver.
     */
    public record BulkRule(Track track, List<ExceptionType> types, Boolean renewalsOnly) {

        public boolean allows(Track t, ExceptionType type, boolean renewal) {
            return track == t && (types == null || types.isEmpty() || types.contains(type)) && (!onlyRenewals() || renewal);
        }

        public boolean onlyRenewals() {
            return Boolean.TRUE.equals(renewalsOnly);
        }

        /** "fast-track renewals of any type", "standard-track requests of EXTRA_SEATS, DISCOUNT". */
        public String words() {
            String kind = onlyRenewals() ? "renewals" : "requests";
            String of = types == null || types.isEmpty() ? " of any type" : " of " + String.join(", ", types.stream().map(Enum::name).toList());
            return track.name().toLowerCase(java.util.Locale.ROOT) + "-track " + kind + of;
        }
    }
}
