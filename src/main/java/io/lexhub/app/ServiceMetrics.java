package io.lexhub.app;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.lexhub.store.Database;
import io.lexhub.store.OutboxFailures;
import io.lexhub.store.QuarantineStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Prometheus registry of the hub (GET /api/metrics, docs/operations.md "Metrics"): the
 * governance gauges ({@link GovernanceMetrics}), the JVM (Micrometer's binders), every Camel route
 * ({@link RouteMetrics}), the HTTP server ({@link HttpMetrics}), the connection pool (HikariCP's own
 * tracker) and the state operators watch: the outbox backlog and its oldest message, the
 * quarantine, the last audit-chain verification. Those are read from the database when scraped, at
 * most once per lexhub.metrics.min-refresh-ms, like the governance figures.
 */
public final class ServiceMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpMetrics http = new HttpMetrics(registry);
    private Operations operations;

    private ServiceMetrics() {}

    /** The registry with the JVM and route meters; the HTTP server's are added by {@link HttpServerHardening}. Call first in configure. */
    public static ServiceMetrics install(CamelContext context) throws Exception {
        ServiceMetrics metrics = new ServiceMetrics();
        // two of the processor binder's meters break Prometheus's naming rules (promtool check metrics): the CPU time in
        // nanoseconds and a gauge ending in _count; process_cpu_usage and system_cpu_usage say what is needed
        metrics.registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        new JvmMemoryMetrics().bindTo(metrics.registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics.registry);
        JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
        pressure.bindTo(metrics.registry);
        new JvmThreadMetrics().bindTo(metrics.registry);
        new ClassLoaderMetrics().bindTo(metrics.registry);
        new ProcessorMetrics().bindTo(metrics.registry);
        new UptimeMetrics().bindTo(metrics.registry);
        context.addRoutePolicyFactory(new RouteMetrics(metrics.registry, metrics.http));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                gc.close();
                pressure.close();
            }
        }, true, true);
        return metrics;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    HttpMetrics http() {
        return http;
    }

    /** hikaricp_connections_* of the pool (tag pool="lexhub"). */
    public void pool(Database db) {
        db.trackPool(new MicrometerMetricsTrackerFactory(registry));
    }

    /** The outbox, quarantine and audit-chain gauges. */
    public void operations(OutboxFailures outbox, QuarantineStore quarantine, AuditWatch audit, Clock clock, Duration minRefresh) {
        Operations o = new Operations(outbox, quarantine, audit, clock, minRefresh);
        Gauge.builder("lexhub.outbox.pending", o, x -> x.pending).description("Outbox messages waiting to be sent").register(registry);
        Gauge.builder("lexhub.outbox.failed", o, x -> x.failed).description("Outbox messages given up (FAILED), waiting for the desk").register(registry);
        Gauge.builder("lexhub.outbox.oldest.pending.age", o, x -> x.oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest message waiting to be sent (0 when none waits)").register(registry);
        Gauge.builder("lexhub.quarantine.waiting", o, x -> x.quarantined).description("Quarantined inputs not replayed").register(registry);
        Gauge.builder("lexhub.audit.chain.intact", o, x -> x.chainIntact)
                .description("1 when the last verification of the audit chain found it intact, 0 when broken, NaN before the first").register(registry);
        Gauge.builder("lexhub.audit.chain.checked.timestamp", o, x -> x.chainCheckedAt).baseUnit("seconds")
                .description("When the audit chain was last verified (Unix time), NaN before the first").register(registry);
        this.operations = o;
    }

    /** The Prometheus text exposition, the database figures refreshed first when due. */
    synchronized String scrape() {
        if (operations != null) operations.refreshIfDue();
        return registry.scrape();
    }

    /** The database figures behind the operations gauges, as of the last refresh. */
    private static final class Operations {
        private final OutboxFailures outbox;
        private final QuarantineStore quarantine;
        private final AuditWatch audit;
        private final Clock clock;
        private final Duration minRefresh;
        private Instant refreshed = Instant.EPOCH;
        volatile double pending = Double.NaN;
        volatile double failed = Double.NaN;
        volatile double oldestAgeSeconds = Double.NaN;
        volatile double quarantined = Double.NaN;
        volatile double chainIntact = Double.NaN;
        volatile double chainCheckedAt = Double.NaN;

        Operations(OutboxFailures outbox, QuarantineStore quarantine, AuditWatch audit, Clock clock, Duration minRefresh) {
            this.outbox = outbox;
            this.quarantine = quarantine;
            this.audit = audit;
            this.clock = clock;
            this.minRefresh = minRefresh;
        }

        void refreshIfDue() {
            Instant now = clock.instant();
            if (!refreshed.equals(Instant.EPOCH) && now.isBefore(refreshed.plus(minRefresh))) return;
            Map<String, Object> chain = audit.status();
            chainIntact = switch (String.valueOf(chain.get("chain"))) {
                case "INTACT" -> 1;
                case "BROKEN" -> 0;
                default -> Double.NaN;
            };
            Object checked = chain.get("chainCheckedAt");
            chainCheckedAt = checked == null ? Double.NaN : Instant.parse(checked.toString()).toEpochMilli() / 1000.0;
            try {
                OutboxFailures.Backlog backlog = outbox.backlog();
                pending = backlog.pending();
                failed = backlog.failed();
                OffsetDateTime oldest = backlog.oldestPending();
                oldestAgeSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
                quarantined = quarantine.waiting();
                refreshed = now;
            } catch (RuntimeException e) {
                // the database is away: the gauges say NaN rather than a figure that is no longer true
                LOG.debug("metrics: cannot read the outbox and quarantine figures: {}", e.getMessage());
                pending = failed = oldestAgeSeconds = quarantined = Double.NaN;
            }
        }
    }
}
