package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.Principal;
import io.lexhub.model.Json;
import io.lexhub.pipeline.policy.PolicyProposals;
import io.lexhub.pipeline.policy.ProposalException;
import io.lexhub.store.PolicyProposalStore.Proposal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * REST handlers for /api/policy/proposals (four eyes, docs/policy.md), for policy owners only (the
 * gate checks the role): propose a text (the caller is the proposer), list, read one with its diff
 * and simulation summary, approve or reject with a reason. Self-approval is a 403.
 */
public final class PolicyProposalsApi {

    /** A policy is at most 1,000,000 code points (PolicyLoader): a longer body is no policy. */
    private static final int MAX_CHARS = 1_000_000;

    private final PolicyProposals proposals;
    private final boolean fourEyes;

    public PolicyProposalsApi(PolicyProposals proposals, boolean fourEyes) {
        this.proposals = proposals;
        this.fourEyes = fourEyes;
    }

    /** POST /api/policy/proposals: the body is the candidate policy.yaml. */
    public void propose(Exchange exchange) {
        if (!fourEyes) {
            Responses.problem(exchange, 409, "four eyes is off (lexhub.policy.four-eyes): the hub applies config/policy.yaml as it changes");
            return;
        }
        String text = exchange.getMessage().getBody(String.class);
        if (text != null && text.length() > MAX_CHARS) {
            Responses.problem(exchange, 413, "a policy is at most " + MAX_CHARS + " characters");
            return;
        }
        Principal p = Callers.principal(exchange);
        answer(exchange, 201, () -> proposals.propose(text, p.id(), p.actor()));
    }

    /** GET /api/policy/proposals: the newest 100, without texts and diffs. */
    public void list(Exchange exchange) {
        Responses.json(exchange, 200, proposals.list(100).stream().map(PolicyProposalsApi::view).toList());
    }

    /** GET /api/policy/proposals/{id} */
    public void get(Exchange exchange) {
        answer(exchange, 200, () -> proposals.find(id(exchange)));
    }

    /** POST /api/policy/proposals/{id}/approve, {"reason": "..."} optional. */
    public void approve(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        answer(exchange, 200, () -> proposals.approve(id(exchange), p.id(), p.actor(), reason(exchange)));
    }

    /** POST /api/policy/proposals/{id}/reject, {"reason": "..."} required. */
    public void reject(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        answer(exchange, 200, () -> proposals.reject(id(exchange), p.id(), p.actor(), reason(exchange)));
    }

    private static void answer(Exchange exchange, int status, java.util.function.Supplier<Proposal> work) {
        try {
            Responses.json(exchange, status, view(work.get()));
        } catch (ProposalException e) {
            int code = switch (e.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case NOT_OPEN -> 409;
                case SELF_APPROVAL -> 403;
            };
            Responses.problem(exchange, code, Responses.BLANK, e.getMessage(), Map.of("problems", e.problems()));
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, e.getMessage());
        }
    }

    private static long id(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || !id.matches("\\d{1,18}")) throw new IllegalArgumentException("the id is a number");
        return Long.parseLong(id);
    }

    private static String reason(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) return null;
        exchange.getMessage().setBody(body);
        JsonNode reason = Callers.jsonBody(exchange).path("reason");
        return reason.isTextual() ? reason.asText() : null;
    }

    static Map<String, Object> view(Proposal p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("version", p.version());
        v.put("sha256", p.sha256());
        v.put("state", p.state().name());
        v.put("proposer", p.proposer());
        v.put("proposedAt", p.proposedAt().toInstant().toString());
        if (p.decidedBy() != null) v.put("decidedBy", p.decidedBy());
        if (p.decidedAt() != null) v.put("decidedAt", p.decidedAt().toInstant().toString());
        if (p.reason() != null) v.put("reason", p.reason());
        if (p.appliedAt() != null) v.put("appliedAt", p.appliedAt().toInstant().toString());
        if (p.diff() != null) v.put("diff", p.diff());
        if (p.simulation() != null && p.text() != null) v.put("simulation", Json.readTree(p.simulation()));
        return v;
    }
}
