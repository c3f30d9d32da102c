package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.policy.PolicyProposals;
import io.lexhub.pipeline.policy.ProposalException;
import io.lexhub.workspace.PolicyChanges;
import io.lexhub.workspace.PolicyView;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The policy page of the workspace (GET /policy: desk, audit, policy owners): the policy in force,
 * its history, its reloads and, under four eyes, the proposals with their diff and simulation, which
 * a policy owner approves or rejects here (POST, CSRF; the same use case as the API).
 */
public final class PolicyPages {

    private final PolicyView view;
    private final PolicyChanges changes;
    private final PolicyProposals proposals;
    private final ApproverDirectory directory;
    private final boolean fourEyes;
    private final ZoneId zone;

    public PolicyPages(PolicyView view, PolicyChanges changes, PolicyProposals proposals, ApproverDirectory directory, boolean fourEyes, ZoneId zone) {
        this.view = view;
        this.changes = changes;
        this.proposals = proposals;
        this.directory = directory;
        this.fourEyes = fourEyes;
        this.zone = zone;
    }

    public void page(Exchange exchange) {
        render(exchange, 200, null, Map.of(), Map.of());
    }

    /** GET /policy/versions/{id}: one recorded text and its diff to the version before. */
    public void version(Exchange exchange) {
        Optional<PolicyChanges.VersionPage> v = id(exchange).flatMap(changes::version);
        if (v.isEmpty()) {
            Pages.message(exchange, 404, "No such version", List.of("The policy history has no version " + exchange.getMessage().getHeader("id", String.class)
                    + ". The policy page lists every version."), false);
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        Viewer viewer = Viewer.of(exchange, directory, "policy");
        model.put("viewer", viewer);
        model.put("v", v.get());
        model.put("zone", viewer.zone(zone));
        Pages.page(exchange, 200, Pages.render("policy-version.jte", model));
    }

    /** POST /policy/proposals/{id}/approve (policy owners): approved and put in force, unless the viewer proposed it. */
    public void approve(Exchange exchange) {
        decide(exchange, true);
    }

    /** POST /policy/proposals/{id}/reject (policy owners): a reason is required. */
    public void reject(Exchange exchange) {
        decide(exchange, false);
    }

    private void decide(Exchange exchange, boolean approve) {
        Optional<Long> id = id(exchange);
        if (id.isEmpty()) {
            Pages.message(exchange, 404, "No such proposal", List.of("There is no such policy proposal. Nothing was decided."), false);
            return;
        }
        String field = "reason-" + id.get();
        String reason = Pages.fields(exchange, List.of("reason")).get("reason");
        Principal p = Callers.principal(exchange);
        try {
            var done = approve ? proposals.approve(id.get(), p.id(), p.actor(), reason) : proposals.reject(id.get(), p.id(), p.actor(), reason);
            render(exchange, 200, approve ? "You approved proposal " + done.id() + ": policy " + done.version() + " is in force."
                    : "You rejected proposal " + done.id() + " (policy " + done.version() + "); the policy in force stays.", Map.of(), Map.of());
        } catch (ProposalException e) {
            switch (e.kind()) {
                case INVALID -> render(exchange, 400, null, Map.of(field, "Give the reason for rejecting proposal " + id.get()),
                        Map.of("reason", reason == null ? "" : reason));
                case NOT_FOUND -> Pages.message(exchange, 404, "No such proposal", List.of(e.getMessage() + ". Nothing was decided."), false);
                case NOT_OPEN -> Pages.message(exchange, 409, "Not decided", List.of(e.getMessage() + ". Nothing was decided."), false);
                case SELF_APPROVAL -> Pages.message(exchange, 403, "Not approved", List.of("You proposed this change, so you may not approve it: "
                        + "another policy owner must. Nothing was approved; the refusal is in the audit trail."), false);
            }
        }
    }

    private void render(Exchange exchange, int status, String notice, Map<String, String> errors, Map<String, String> typed) {
        Map<String, Object> model = new LinkedHashMap<>();
        Viewer viewer = Viewer.of(exchange, directory, "policy");
        model.put("viewer", viewer);
        model.put("page", view.page());
        model.put("history", changes.history());
        model.put("proposals", changes.proposals());
        model.put("fourEyes", fourEyes);
        model.put("owner", directory.policyOwner(viewer.id()));
        model.put("notice", notice);
        model.put("errors", errors);
        model.put("typed", typed.getOrDefault("reason", ""));
        model.put("zone", viewer.zone(zone));
        Pages.page(exchange, status, Pages.render("policy.jte", model));
    }

    private static Optional<Long> id(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return id != null && id.matches("\\d{1,18}") ? Optional.of(Long.parseLong(id)) : Optional.empty();
    }
}
