package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.approval.DecisionCommand;
import io.lexhub.pipeline.approval.DecisionOutcome;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.workspace.Inbox;
import io.lexhub.workspace.InboxFilter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;

/**
 * POST /decisions/bulk: several requests of "My decisions" decided with one decision and one
 * rationale, where the policy allows it ({@code bulkDecision}). Two steps, like a single decision:
 * the selection checked and restated, then (confirm=yes) one {@link DecisionCommand} per request,
 * each through direct:decide as if decided on its own page, so each gets its own vote, audit
 * events and notices. Every request is checked again on each step (it waits on the viewer, at the
 * level they saw, and the policy allows it in bulk); what fails is refused for that request alone
 * and the result lists what was recorded and what was refused, and why.
 */
public final class BulkDecisionPages {

    /** At most this many requests per submit. */
    public static final int CAP = 50;
    static final List<String> FIELDS = List.of("action", "rationale", "confirm");
    /** A row's pick: reference, round and level as the list showed them. */
    private static final Pattern PICK = Pattern.compile("([A-Za-z0-9-]{1,40}):([0-9]{1,6}):([0-9]{1,3})");

    private final WorkspacePages pages;
    private final Inbox inbox;
    private final Function<DecisionCommand, DecisionOutcome> decide;

    /** @param decide sends a command through direct:decide, the one entry for a decision */
    public BulkDecisionPages(WorkspacePages pages, Inbox inbox, Function<DecisionCommand, DecisionOutcome> decide) {
        this.pages = pages;
        this.inbox = inbox;
        this.decide = decide;
    }

    /** One selected request: its item when it may be decided in bulk now, else why not. */
    public record Pick(String pick, String reference, Inbox.Item item, String refusal) {}

    /** What became of one request on the final step. */
    public record Result(String reference, String text, boolean recorded) {}

    public void decide(Exchange exchange) {
        Viewer viewer = pages.viewer(exchange, "inbox");
        Map<String, String> fields = Pages.fields(exchange, FIELDS);
        Set<String> picks = new LinkedHashSet<>(values(exchange, "item"));
        String action = fields.getOrDefault("action", "");
        String rationale = fields.getOrDefault("rationale", "");
        String confirm = fields.getOrDefault("confirm", "");
        WorkspacePages.Bulk bulk = new WorkspacePages.Bulk(picks, action, rationale);
        Map<String, String> problems = new LinkedHashMap<>();
        if (picks.isEmpty()) problems.put("bulk-first", "Select at least one request to decide");
        else if (picks.size() > CAP) problems.put("bulk-first", "Select at most " + CAP + " requests at a time");
        if (!action.equals("approve") && !action.equals("deny")) problems.put("bulk-approve", "Choose whether to approve or deny the selected requests");
        if (rationale.isBlank()) problems.put("bulk-rationale", "Enter a rationale for your decision");
        else if (rationale.length() > 5000) problems.put("bulk-rationale", "The rationale must be 5000 characters or fewer");
        if (!problems.isEmpty() || "edit".equals(confirm)) {
            pages.inboxPage(exchange, viewer, new InboxFilter.Checked(InboxFilter.NONE, Map.of()), bulk, problems);
            return;
        }
        List<Pick> checked = picks.stream().map(p -> check(p, viewer.id())).toList();
        Map<String, Object> model = pages.model(viewer);
        model.put("bulk", bulk);
        model.put("picks", checked);
        if (!"yes".equals(confirm)) {
            Pages.page(exchange, 200, Pages.render("bulk-confirm.jte", model));
            return;
        }
        Principal p = Callers.principal(exchange);
        DecisionCommand.Action act = action.equals("approve") ? DecisionCommand.Action.APPROVE : DecisionCommand.Action.DENY;
        List<Result> results = new ArrayList<>();
        for (Pick pick : checked) {
            if (pick.item() == null) {
                results.add(new Result(pick.reference(), pick.refusal(), false));
                continue;
            }
            Inbox.Item seat = pick.item();
            results.add(record(new DecisionCommand(seat.reference(), p.id(), seat.onBehalfOf() == null ? null : seat.onBehalfOf().id(), act,
                    rationale, List.of(), "workspace", null, p.actor())));
        }
        model.put("results", results);
        Pages.page(exchange, 200, Pages.render("bulk-result.jte", model));
    }

    /** Whether this pick may be decided in bulk by the person now, at the level they saw. */
    Pick check(String pick, String personId) {
        Matcher m = PICK.matcher(pick);
        if (!m.matches()) return new Pick(pick, pick.length() > 40 ? pick.substring(0, 40) + "..." : pick, null, "This is not a request of your list.");
        String ref = m.group(1);
        Optional<Inbox.Item> item = inbox.waitingOn(ref, personId);
        if (item.isEmpty()) {
            return new Pick(pick, ref, null, "It does not wait on you: it may have been decided meanwhile, or it is not routed to you.");
        }
        Inbox.Item i = item.get();
        if (i.round() != Integer.parseInt(m.group(2)) || i.level() != Integer.parseInt(m.group(3))) {
            return new Pick(pick, ref, null, "It changed since you selected it (it is now at level " + i.level() + " of " + i.levels()
                    + (i.round() != Integer.parseInt(m.group(2)) ? ", its terms amended" : "") + "): open it and decide it on its own page.");
        }
        if (!i.bulk()) return new Pick(pick, ref, null, "The policy does not let it be decided in bulk: decide it on its own page.");
        return new Pick(pick, ref, i, null);
    }

    /** One command through direct:decide; a refusal is that request's alone. */
    private Result record(DecisionCommand cmd) {
        try {
            DecisionOutcome o = decide.apply(cmd);
            return new Result(cmd.reference(), o.result(), true);
        } catch (CamelExecutionException wrapped) {
            return refused(cmd.reference(), wrapped.getCause() == null ? wrapped : wrapped.getCause());
        } catch (RuntimeException e) {
            return refused(cmd.reference(), e);
        }
    }

    private static Result refused(String ref, Throwable e) {
        if (DatabaseUnavailableException.in(e)) return new Result(ref, "The hub could not reach its database: not recorded, try it again later.", false);
        String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
        return new Result(ref, text, false);
    }

    /**
     * Every value of a repeated form field: platform-http gives repeated fields as a list header
     * (one value: a string); the body is read when the header is not there.
     */
    static List<String> values(Exchange exchange, String name) {
        Object h = exchange.getMessage().getHeader(name);
        List<String> out = new ArrayList<>();
        if (h instanceof Iterable<?> many) many.forEach(v -> out.add(String.valueOf(v)));
        else if (h != null) out.add(h.toString());
        else {
            String body = exchange.getMessage().getBody(String.class);
            if (body != null) {
                for (String pair : body.split("&")) {
                    int eq = pair.indexOf('=');
                    try {
                        if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                            out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                        }
                    } catch (IllegalArgumentException brokenEscape) {
                        out.add(pair);  // kept as it came: refused as not a request of the list
                    }
                }
            }
        }
        return out.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
