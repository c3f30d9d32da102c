package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.pipeline.approval.DecisionCommand;
import io.lexhub.pipeline.approval.DecisionOutcome;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.approval.Delegations;
import io.lexhub.pipeline.approval.ReviewPackages;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * REST handlers of the approval workflow. Who acts is the caller {@link AccessGate} authenticated
 * (an approver's API key), never the body.
 */
public final class DecisionsApi {

    private final ReviewPackages reviews;
    private final Delegations delegations;

    public DecisionsApi(ReviewPackages reviews, Delegations delegations) {
        this.reviews = reviews;
        this.delegations = delegations;
    }

    /** POST /api/requests/{reference}/decisions: {"decision": "approve|deny|request-info", "rationale", "conditions", "onBehalfOf"}. */
    public DecisionCommand command(Exchange exchange) {
        String approver = Callers.principal(exchange).id();
        JsonNode body = body(exchange);
        String decision = body.path("decision").asText("").toLowerCase(Locale.ROOT);
        DecisionCommand.Action action = switch (decision) {
            case "approve" -> DecisionCommand.Action.APPROVE;
            case "deny" -> DecisionCommand.Action.DENY;
            case "request-info" -> DecisionCommand.Action.REQUEST_INFO;
            default -> throw new IllegalArgumentException("decision must be approve, deny or request-info");
        };
        List<String> conditions = new ArrayList<>();
        body.path("conditions").forEach(c -> conditions.add(c.asText()));
        String onBehalfOf = body.hasNonNull("onBehalfOf") ? body.get("onBehalfOf").asText() : null;
        return new DecisionCommand(exchange.getMessage().getHeader("reference", String.class), approver, onBehalfOf, action,
                body.path("rationale").asText(null), conditions, "api", null, Callers.principal(exchange).actor());
    }

    public void decided(Exchange exchange) {
        DecisionOutcome o = exchange.getMessage().getBody(DecisionOutcome.class);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("reference", o.reference());
        reply.put("state", o.state());
        reply.put("result", o.result());
        if (o.openLevel() != null) reply.put("openLevel", o.openLevel());
        reply.put("href", "/api/requests/" + o.reference());
        Responses.json(exchange, 200, reply);
    }

    /** GET /api/requests/{reference}/review: the review package. */
    public void review(Exchange exchange) {
        Responses.json(exchange, 200, reviews.reviewPackage(exchange.getMessage().getHeader("reference", String.class)));
    }

    /** POST /api/delegations: the caller delegates one of their roles: {"delegate", "role", "from", "until", "reason"}. */
    public void delegate(Exchange exchange) {
        Principal caller = Callers.principal(exchange);
        String delegator = caller.id();
        JsonNode b = body(exchange);
        long id = delegations.create(delegator, caller.actor(), b.path("delegate").asText(null), b.path("role").asText(null),
                b.path("from").asText(null), b.path("until").asText(null), b.path("reason").asText(null));
        Responses.json(exchange, 201, Map.of("id", id, "delegator", delegator, "delegate", b.path("delegate").asText(), "href", "/api/delegations/" + id));
    }

    /** POST /api/delegations/{id}/revocation: {"reason"}; the delegator, or the desk. */
    public void revokeDelegation(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a delegation id is a number");
        }
        delegations.revoke(id, p.id(), p.actor(), p.has(Scope.DESK), Callers.jsonBody(exchange).path("reason").asText(null));
        Responses.json(exchange, 200, Map.of("id", id, "state", "REVOKED"));
    }

    /** Maps the workflow's refusals onto HTTP statuses, each with a clear message. */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (Unavailable.answered(exchange, e)) return;
        if (e instanceof DecisionRefusedException r) {
            Responses.problem(exchange, 403, Responses.DECISION_REFUSED, "you may not make this decision", Map.of("reasons", r.reasons()));
        } else if (e instanceof IllegalArgumentException) Responses.problem(exchange, 400, e.getMessage());
        else if (e instanceof UnknownRequestException) Responses.problem(exchange, 404, e.getMessage());
        else if (e instanceof NotDecidableException) Responses.problem(exchange, 409, e.getMessage());
        else Responses.internalError(exchange, e);
    }

    private static JsonNode body(Exchange exchange) {
        return Callers.jsonBody(exchange);
    }
}
