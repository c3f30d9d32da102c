package io.lexhub.app;

import io.lexhub.api.InsightApi;
import io.lexhub.insight.Period;
import io.lexhub.insight.Summary;
import io.lexhub.pipeline.insight.Insight;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The governance figures as Prometheus gauges (GET /api/metrics, beside the service's own: {@link ServiceMetrics}). They are recomputed from the
 * database when scraped, at most once per {@code minRefresh}: every node answers from the same
 * data, a restart loses nothing, and no timer works while nobody scrapes. Values are totals since
 * the first request (Prometheus takes rates and deltas itself); active waivers are as of now.
 */
public final class GovernanceMetrics implements InsightApi.Metrics {

    private static final Instant FOREVER = Instant.parse("9999-12-31T00:00:00Z");

    private final Insight insight;
    private final Duration minRefresh;
    private final ServiceMetrics service;
    private final PrometheusMeterRegistry registry;
    private final Map<String, MultiGauge> gauges = new HashMap<>();
    private Instant refreshed = Instant.EPOCH;

    public GovernanceMetrics(Insight insight, Duration minRefresh, ServiceMetrics service) {
        this.insight = insight;
        this.minRefresh = minRefresh;
        this.service = service;
        this.registry = service.registry();
    }

    /** The hub's whole Prometheus text exposition, these figures refreshed first when older than minRefresh. */
    public synchronized String scrape() {
        Instant now = insight.clock().instant();
        if (refreshed.equals(Instant.EPOCH) || !now.isBefore(refreshed.plus(minRefresh))) {
            publish(insight.summary(new Period(Instant.EPOCH, FOREVER)));
            refreshed = now;
        }
        return service.scrape();
    }

    private void publish(Summary s) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        s.requests().breakdown().forEach(r -> rows.add(row(r.count(), "channel", r.channel(), "type", r.type(), "outcome", r.outcome())));
        set("lexhub.requests", "Requests received, by channel, exception type and outcome (current state)", rows);

        rows.clear();
        for (Summary.TrackTier t : s.decisionTime().byTrackTier()) {
            // in seconds, Prometheus's base unit (promtool check metrics), though the figures are hours
            rows.add(row(t.times().meanHours() * 3600, "track", t.track(), "tier", t.tier(), "stat", "mean"));
            rows.add(row(t.times().p50Hours() * 3600, "track", t.track(), "tier", t.tier(), "stat", "p50"));
            rows.add(row(t.times().p90Hours() * 3600, "track", t.track(), "tier", t.tier(), "stat", "p90"));
        }
        set("lexhub.decision.time.seconds", "Seconds from receipt to decision per track and tier (mean, p50, p90 nearest rank)", rows);
        rows.clear();
        s.decisionTime().byTrackTier().forEach(t -> rows.add(row(t.times().count(), "track", t.track(), "tier", t.tier())));
        set("lexhub.decisions.timed", "Decisions behind lexhub_decision_time_seconds, per track and tier", rows);

        single("lexhub.sla.levels.judged", "Approval levels whose SLA deadline has passed or that closed in time", s.sla().judged());
        single("lexhub.sla.levels.met", "Approval levels decided by their SLA deadline without escalation", s.sla().met());
        single("lexhub.sla.adherence.ratio", "Share of judged approval levels that met their SLA", s.sla().adherence());
        single("lexhub.escalations", "Approval levels escalated by the SLA sweep", s.sla().escalations());

        rows.clear();
        rows.add(row(s.approvals().approved(), "outcome", "APPROVED"));
        rows.add(row(s.approvals().denied(), "outcome", "DENIED"));
        set("lexhub.decisions", "Final decisions of approval rounds, by outcome", rows);
        single("lexhub.approval.rate.ratio", "Approved / (approved + denied) decisions", s.approvals().approvalRate());

        single("lexhub.renewal.rate.ratio", "Of waivers that ended (expired or renewed), the share renewed", s.renewals().renewalRate());
        single("lexhub.waivers.renewed", "Waivers ended by a renewal", s.renewals().renewed());
        single("lexhub.waivers.expired", "Waivers that expired without renewal", s.renewals().expired());
        single("lexhub.renewals.repeat", "Renewal waivers that are the second or later renewal of their chain", s.renewals().repeatRenewals());
        single("lexhub.dispute.rate.ratio", "Share of decisions disputed (see docs/insight.md)", s.disputes().disputeRate());
        single("lexhub.decisions.disputed", "Decisions disputed: approvals amended afterwards, denials resubmitted", s.disputes().disputed());
        single("lexhub.waivers.revoked", "Waivers revoked", s.revocations());
        single("lexhub.waivers.active", "Waivers ACTIVE now", s.activeWaivers().count());
        rows.clear();
        s.activeWaivers().grantedValue().forEach((cur, v) -> rows.add(row(v.doubleValue(), "currency", cur)));
        set("lexhub.waivers.active.granted.value", "Revenue impact of the ACTIVE waivers, per currency", rows);
        single("lexhub.precedent.consistency.ratio", "Mean share of earlier similar decisions (type, product) with the same outcome",
                s.precedentConsistency().consistency());
        single("lexhub.utilisation.overages", "Overages found in usage reports (once per waiver and metric)", s.utilisation().overages());
        single("lexhub.utilisation.underuse", "Underuse flags from usage reports (once per waiver and metric)", s.utilisation().underuse());
    }

    private void single(String name, String help, double value) {
        set(name, help, List.of(MultiGauge.Row.of(Tags.empty(), value)));
    }

    private void set(String name, String help, List<MultiGauge.Row<?>> rows) {
        gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(help).register(registry)).register(List.copyOf(rows), true);
    }

    private static MultiGauge.Row<?> row(double value, String... tags) {
        return MultiGauge.Row.of(Tags.of(tags), value);
    }
}
