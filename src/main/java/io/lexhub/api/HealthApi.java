package io.lexhub.api;

import io.lexhub.store.Database;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/** GET /api/health: 200 when the database answers and every route meant to run has started. */
public final class HealthApi {

    private final Database db;
    private final Supplier<Optional<String>> jiraAccess;

    /** @param jiraAccess Jira's refusal of the hub's credentials while it lasts (empty when Jira is off or fine) */
    public HealthApi(Database db, Supplier<Optional<String>> jiraAccess) {
        this.db = db;
        this.jiraAccess = jiraAccess;
    }

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
        reply.put("status", up ? "UP" : "DOWN");
        reply.put("database", dbUp ? "UP" : "DOWN");
        jiraRefused.ifPresent(problem -> reply.put("jira", "ACCESS REFUSED: " + problem));
        reply.put("routes", routes);
        Responses.json(exchange, up ? 200 : 503, reply);
    }
}
