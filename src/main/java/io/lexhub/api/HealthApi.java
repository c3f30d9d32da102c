package io.lexhub.api;

import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.Database;
import io.lexhub.store.OutboxFailures;
import io.lexhub.store.QuarantineStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/**
 * GET /api/health: 200 when the database answers and every route meant to run has started
 * (DEGRADED, still 200, when the hub's check of its audit trail found a break, the mail intake
 * cannot reach its mailbox, or a message could not be delivered and waits for the desk: the hub
 * still serves everything else). Also
 * shows, without changing the status, the last error of each intake channel on this node, how
 * many quarantined inputs wait for an operator, the policy version in force, the last hot
 * reload of policy and routes (a refused change shows its reason here), and configuration drift:
 * the digests of the routes, config and policy each live node runs on, and which differ from this
 * node's. Drift leaves the status UP (with {@code drift: true}): each node still works on what it
 * runs, and a load balancer taking nodes out would turn a config mistake into an outage
 * (docs/operations.md, "Configuration drift").
 */
public final class HealthApi {

    // What the answer reads from the hub's watchers. app/ implements them (AuditWatch, IntakeErrors,
    // MailboxWatch, ConfigReloader) and wires them in, so api needs nothing of app (issue 19.5).

    /** The hub's own check of its audit trail (app/AuditWatch). */
    public interface AuditState {
        boolean intact();

        Map<String, Object> status();
    }

    /** The mail intake's mailbox as this node sees it (app/MailboxWatch). */
    public interface MailboxState {
        boolean failing();

        Map<String, Object> health();
    }

    /** The last error of each intake channel on this node (app/IntakeErrors). */
    public interface ChannelErrors {
        Map<String, ?> snapshot();
    }

    /** The last hot reload of policy and routes (app/ConfigReloader). */
    public interface ReloadState {
        Map<String, Object> status();
    }

    /** What this node and the other live nodes run on (app/NodeDigests). */
    public interface ConfigDrift {
        /** {@code drifted}: some live node runs other routes, config or policy than this one; {@code detail} says which. */
        record Fleet(boolean drifted, Map<String, Object> detail) {}

        Fleet fleet();
    }

    private final Database db;
    private final ChannelErrors intakeErrors;
    private final MailboxState mailbox;
    private final OutboxFailures outbox;
    private final QuarantineStore quarantine;
    private final PolicyHolder policy;
    private final ReloadState reloader;
    private final Supplier<Optional<String>> jiraAccess;
    private final AuditState audit;
    private final ConfigDrift drift;

    /**
     * @param jiraAccess Jira's refusal of the hub's credentials while it lasts (empty when Jira is off or fine)
     * @param audit the hub's own check of its audit trail: a break makes the status DEGRADED
     * @param drift what the live nodes run on: shown, never a change of status
     */
    public HealthApi(Database db, ChannelErrors intakeErrors, MailboxState mailbox, OutboxFailures outbox, QuarantineStore quarantine,
            PolicyHolder policy, ReloadState reloader, Supplier<Optional<String>> jiraAccess, AuditState audit, ConfigDrift drift) {
        this.audit = audit;
        this.drift = drift;
        this.db = db;
        this.intakeErrors = intakeErrors;
        this.mailbox = mailbox;
        this.outbox = outbox;
        this.quarantine = quarantine;
        this.policy = policy;
        this.reloader = reloader;
        this.jiraAccess = jiraAccess;
    }

    /** GET /api/health/live, open to all: the process answers. Nothing else is said. */
    public void live(Exchange exchange) {
        Responses.json(exchange, 200, Map.of("status", "UP"));
    }

    /** GET /api/health/ready, open to all: UP (200) or DOWN (503), for load balancers; the reasons are in /api/health. */
    public void ready(Exchange exchange) {
        boolean up = db.reachable() && routesUp(exchange) && jiraAccess.get().isEmpty();
        Responses.json(exchange, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
    }

    /** Empty when the database went away since it was asked: the status already says so. */
    private Map<String, Long> outboxCounts() {
        try {
            return outbox.counts();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** Empty when the database went away since it was asked, as {@link #outboxCounts()}. */
    private ConfigDrift.Fleet fleet() {
        try {
            return drift.fleet();
        } catch (RuntimeException e) {
            return new ConfigDrift.Fleet(false, Map.of());
        }
    }

    private static boolean routesUp(Exchange exchange) {
        return exchange.getContext().getRoutes().stream().filter(Route::isAutoStartup)
                .allMatch(r -> exchange.getContext().getRouteController().getRouteStatus(r.getRouteId()) == ServiceStatus.Started);
    }

    /** GET /api/health: the status with its reasons (admin and metrics keys). */
    public void check(Exchange exchange) {
        boolean dbUp = db.reachable();
        Map<String, String> routes = new TreeMap<>();
        boolean routesUp = true;
        for (Route route : exchange.getContext().getRoutes()) {
            ServiceStatus status = exchange.getContext().getRouteController().getRouteStatus(route.getRouteId());
            boolean expected = route.isAutoStartup();
            routes.put(route.getRouteId(), expected ? String.valueOf(status) : "Disabled");
            if (expected && status != ServiceStatus.Started) routesUp = false;
        }
        Optional<String> jiraRefused = jiraAccess.get();
        boolean up = dbUp && routesUp && jiraRefused.isEmpty();
        Map<String, Object> reply = new LinkedHashMap<>();
        // DEGRADED answers 200: the hub still works and a load balancer should keep it; the trail needs a person
        boolean mailOn = routes.getOrDefault("intake-mail", "Disabled").equals("Started");
        Map<String, Long> messages = dbUp ? outboxCounts() : Map.of();
        boolean degraded = !audit.intact() || (mailOn && mailbox.failing()) || messages.getOrDefault("failed", 0L) > 0;
        reply.put("status", !up ? "DOWN" : degraded ? "DEGRADED" : "UP");
        reply.put("database", dbUp ? "UP" : "DOWN");
        jiraRefused.ifPresent(problem -> reply.put("jira", "ACCESS REFUSED: " + problem));
        reply.put("audit", audit.status());
        reply.put("routes", routes);
        Map<String, Object> intake = new TreeMap<>();
        if (mailOn) intake.put("mail", new LinkedHashMap<>(mailbox.health()));
        intakeErrors.snapshot().forEach((channel, e) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) intake.computeIfAbsent(channel, c -> new LinkedHashMap<String, Object>());
            entry.put("lastError", e);
        });
        reply.put("intake", intake);
        if (dbUp) reply.put("quarantine", Map.of("waiting", quarantine.waiting()));
        if (dbUp) reply.put("outbox", messages);
        reply.put("policy", Map.of("version", policy.current().version()));
        reply.put("reload", reloader.status());
        if (dbUp) {
            ConfigDrift.Fleet fleet = fleet();
            reply.put("drift", fleet.drifted());
            reply.put("configuration", fleet.detail());
        }
        Responses.json(exchange, up ? 200 : 503, reply);
    }
}
