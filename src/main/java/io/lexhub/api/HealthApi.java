package io.lexhub.api;

import io.lexhub.store.Database;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/** GET /api/health: 200 when the database answers and every route meant to run has started. */
public final class HealthApi {

    private final Database db;

    public HealthApi(Database db) {
        this.db = db;
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
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", dbUp && routesUp ? "UP" : "DOWN");
        reply.put("database", dbUp ? "UP" : "DOWN");
        reply.put("routes", routes);
        Responses.json(exchange, dbUp && routesUp ? 200 : 503, reply);
    }
}
