package io.lexhub.insight;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The governance figures of a period, as GET /api/reports/summary returns them and as the HTML
 * report and the Prometheus gauges show them. Times are hours, rates are ratios 0..1.
 * Definitions: docs/insight.md.
 */
public record Summary(
        String from,
        String to,
        Requests requests,
        DecisionTime decisionTime,
        List<TrendPoint> cycleTimeTrend,
        Sla sla,
        Approvals approvals,
        Renewals renewals,
        Disputes disputes,
        long revocations,
        ActiveWaivers activeWaivers,
        List<CustomerCount> topCustomers,
        PrecedentConsistency precedentConsistency,
        Utilisation utilisation,
        BillingReview billing) {

    public record Requests(long total, Map<String, Long> byChannel, Map<String, Long> byType, Map<String, Long> byOutcome,
            List<RequestCount> breakdown) {}

    public record RequestCount(String channel, String type, String outcome, long count) {}

    public record Times(long count, double meanHours, double p50Hours, double p90Hours) {}

    public record DecisionTime(Times overall, List<TrackTier> byTrackTier) {}

    public record TrackTier(String track, String tier, Times times) {}

    /** week: the Monday (UTC) of the ISO week the decisions fell in. */
    public record TrendPoint(String week, long decisions, double meanHours, double p50Hours) {}

    public record Sla(long judged, long met, long missed, double adherence, long escalations) {}

    public record Approvals(long decided, long approved, long denied, double approvalRate) {}

    public record Renewals(long ended, long renewed, long expired, double renewalRate, long renewalsGranted, long repeatRenewals) {}

    public record Disputes(long decisions, long amendedAfterApproval, long resubmittedAfterDenial, long disputed, double disputeRate,
            List<String> references) {}

    /** Waivers ACTIVE now (not limited to the period), and the revenue impact they were granted for, per currency. */
    public record ActiveWaivers(long count, Map<String, BigDecimal> grantedValue) {}

    public record CustomerCount(String customerId, String customerName, long requests, long approved) {}

    public record PrecedentConsistency(long decisionsWithPrecedents, double consistency, Map<String, Double> byType) {}

    public record Utilisation(long overages, long underuse, List<UsageFlag> flags) {}

    /** Billing findings raised in the period (docs/billing-review.md), counted by kind. */
    public record BillingReview(long findings, Map<String, Long> byKind, List<BillingFinding> list) {}
}
