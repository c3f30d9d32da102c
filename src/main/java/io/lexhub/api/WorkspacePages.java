package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.approval.DecisionCommand;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.workspace.CaseFiles;
import io.lexhub.workspace.CaseView;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.workspace.Inbox;
import io.lexhub.workspace.InboxFilter;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The workspace's pages (docs/workspace.md, routes/workspace.camel.yaml): "My decisions", a
 * request's review page and its decision form. A decision is two steps, the case and then a page
 * that restates what will happen; only the second POST (confirm=yes) becomes a
 * {@link DecisionCommand} for direct:decide, the workflow every channel uses. Who decides, and for
 * whom, comes from the session and the open level's audience, never from the form.
 */
public final class WorkspacePages {

    static final List<String> FIELDS = List.of("action", "rationale", "conditions", "confirm");

    private final Inbox inbox;
    private final CaseFiles cases;
    private final ApproverDirectory directory;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public WorkspacePages(Inbox inbox, CaseFiles cases, ApproverDirectory directory, PolicyHolder policy, Clock clock, ZoneId zone) {
        this.inbox = inbox;
        this.policy = policy;
        this.cases = cases;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /?type=&customer=&tier=&track=&due=&whose=: what waits on the signed-in person, filtered. */
    public void inbox(Exchange exchange) {
        Viewer viewer = viewer(exchange, "inbox");
        InboxFilter.Checked checked;
        try {
            checked = InboxFilter.check(RequestPages.parameters(exchange), standInIds(viewer));
        } catch (IllegalArgumentException malformed) {
            checked = new InboxFilter.Checked(InboxFilter.NONE, Map.of("customer", "The address of this list is malformed (a broken % escape): filter again from the form"));
        }
        inboxPage(exchange, viewer, checked, Bulk.EMPTY, Map.of());
    }

    /**
     * My decisions with these filters and this bulk form (its selection kept); 400 when either has
     * errors, and with filter errors nothing is listed.
     */
    void inboxPage(Exchange exchange, Viewer viewer, InboxFilter.Checked checked, Bulk bulk, Map<String, String> bulkErrors) {
        Map<String, Object> model = model(viewer);
        boolean filterOk = checked.errors().isEmpty();
        model.put("items", filterOk ? inbox.waitingFor(viewer.id(), checked.filter()) : List.of());
        model.put("limit", Inbox.LIMIT);
        model.put("filter", checked.filter());
        Map<String, String> errors = new LinkedHashMap<>(checked.errors());
        errors.putAll(bulkErrors);
        model.put("errors", errors);
        model.put("filtered", filterOk);
        model.put("standIns", inbox.standingInFor(viewer.id()));
        model.put("tiers", tiers());
        var rules = policy.current().bulkDecision();
        model.put("bulkRules", rules == null ? List.<String>of() : rules.stream().map(io.lexhub.policy.Policy.BulkRule::words).toList());
        model.put("bulk", bulk);
        model.put("bulkCap", BulkDecisionPages.CAP);
        Pages.page(exchange, errors.isEmpty() ? 200 : 400, Pages.render("inbox.jte", model));
    }

    private java.util.Set<String> standInIds(Viewer viewer) {
        return inbox.standingInFor(viewer.id()).stream().map(io.lexhub.approval.Approver::id).collect(java.util.stream.Collectors.toSet());
    }

    /** The policy's tiers, for the filter's list. */
    private List<String> tiers() {
        var p = policy.current();
        return p.approval() == null ? List.of() : p.approval().tiers().stream().map(io.lexhub.policy.Policy.Tier::id).toList();
    }

    /** What the bulk form of My decisions holds, as typed: the rows ticked (their picks), the decision and the rationale. */
    public record Bulk(java.util.Set<String> picks, String action, String rationale) {
        static final Bulk EMPTY = new Bulk(java.util.Set.of(), "", "");
    }

    /** GET /requests/{reference}: the review page (the gate let only its approvers, the desk and audit through). */
    public void caseFile(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        Viewer viewer = viewer(exchange, "case");
        CaseView view;
        try {
            view = cases.open(ref, viewer.id());
        } catch (UnknownRequestException e) {
            Pages.message(exchange, 404, "No such request", List.of("There is no request " + ref + ". Check the reference, or find it in your list."), false);
            return;
        }
        Pages.page(exchange, 200, casePage(viewer, view, Form.EMPTY, Map.of()));
    }

    /**
     * POST /requests/{reference}/decision: the form checked (errors: the case again, 400), then the
     * confirmation page; with confirm=yes the command for direct:decide in the body; with confirm=edit
     * the case again with what was typed.
     */
    public void decision(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        Principal p = Callers.principal(exchange);
        Viewer viewer = viewer(exchange, "case");
        Form form = Form.of(Pages.fields(exchange, FIELDS));
        CaseView view;
        try {
            view = cases.open(ref, viewer.id());
        } catch (UnknownRequestException e) {
            Pages.message(exchange, 404, "No such request", List.of("There is no request " + ref + "."), false);
            return;
        }
        if (view.seat().isEmpty()) {
            Pages.message(exchange, 409, "Not yours to decide", List.of("No decision on " + ref + " waits on you now: it may have been decided, "
                    + "or it waits on someone else. Nothing was recorded."), false);
            return;
        }
        Map<String, String> problems = form.problems();
        if (!problems.isEmpty() || "edit".equals(form.confirm())) {
            Pages.page(exchange, problems.isEmpty() ? 200 : 400, casePage(viewer, view, form, problems));
            return;
        }
        if (!"yes".equals(form.confirm())) {
            Map<String, Object> model = model(viewer);
            model.put("view", view);
            model.put("form", form);
            Pages.page(exchange, 200, Pages.render("confirm.jte", model));
            return;
        }
        Inbox.Item seat = view.seat().get();
        exchange.getMessage().setBody(new DecisionCommand(ref, p.id(), seat.onBehalfOf() == null ? null : seat.onBehalfOf().id(), form.action(),
                form.rationale(), form.conditionList(), "workspace", null, p.actor()));
    }

    /** After direct:decide: back to the case, which now shows the decision (a reload asks nothing again). */
    public void decided(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/requests/" + ref + "#decided");
        exchange.getMessage().setBody("");
    }

    /** direct:decide refused: why, and that nothing was decided. */
    public void refused(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String ref = exchange.getMessage().getHeader("reference", String.class);
        if (io.lexhub.store.DatabaseUnavailableException.in(e)) {
            Pages.message(exchange, 503, "Not recorded yet", List.of("The hub cannot reach its database just now. Nothing was decided; "
                    + "please try again in a few minutes."), false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
            return;
        }
        String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
        Pages.message(exchange, e instanceof IllegalArgumentException ? 400 : 409, "Not recorded",
                List.of(text, "Nothing was decided on " + ref + "."), false);
    }

    private String casePage(Viewer viewer, CaseView view, Form form, Map<String, String> problems) {
        Map<String, Object> model = model(viewer);
        model.put("view", view);
        model.put("form", form);
        model.put("errors", problems);
        return Pages.render("case.jte", model);
    }

    Map<String, Object> model(Viewer viewer) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("now", clock.instant());
        model.put("zone", viewer.zone(zone));
        return model;
    }

    Viewer viewer(Exchange exchange, String page) {
        return Viewer.of(exchange, directory, page);
    }

    /** What the decision form holds, as typed. */
    public record Form(String actionField, String rationale, String conditions, String confirm) {

        static final Form EMPTY = new Form("", "", "", "");

        static Form of(Map<String, String> fields) {
            return new Form(fields.getOrDefault("action", ""), fields.getOrDefault("rationale", ""), fields.getOrDefault("conditions", ""),
                    fields.getOrDefault("confirm", ""));
        }

        public DecisionCommand.Action action() {
            return switch (actionField) {
                case "approve" -> DecisionCommand.Action.APPROVE;
                case "deny" -> DecisionCommand.Action.DENY;
                case "request-info" -> DecisionCommand.Action.REQUEST_INFO;
                default -> null;
            };
        }

        public boolean is(String value) {
            return value.equals(actionField);
        }

        public List<String> conditionList() {
            return Arrays.stream(conditions.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        /** "approve", "deny", "ask for information". */
        public String verb() {
            return action() == DecisionCommand.Action.REQUEST_INFO ? "ask for information on" : actionField;
        }

        /** What the workflow would refuse (Decisions#decide), by field, so the form says it beside the field. */
        Map<String, String> problems() {
            Map<String, String> out = new LinkedHashMap<>();
            if (action() == null) out.put("action-approve", "Choose whether to approve, deny or ask for information");
            if (rationale.isBlank()) out.put("rationale", "Enter a rationale for your decision");
            else if (rationale.length() > 5000) out.put("rationale", "The rationale must be 5000 characters or fewer");
            List<String> list = conditionList();
            if (list.size() > 20 || list.stream().anyMatch(c -> c.length() > 1000)) out.put("conditions", "Give at most 20 conditions, each of 1000 characters or fewer");
            return out;
        }
    }
}
