package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.approval.Delegations;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.workspace.DelegationList;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The delegations page (docs/workspace.md, "Delegations"; routes/workspace-waivers.camel.yaml): a
 * person's delegations, the form that sets one, and ending one in two steps (what ends, a reason,
 * then the button). Both changes go through {@link Delegations}, the workflow the REST API calls;
 * the delegator is the session's person, never a field; the desk may end anyone's.
 */
public final class DelegationPages {

    static final List<String> FIELDS = List.of("delegate", "role", "from", "until", "reason");
    static final List<String> END_FIELDS = List.of("reason", "confirm");
    /** The column's size (V2: delegations.reason). */
    static final int REASON_MAX = 1000;
    /** Days the form's "until" is after "from" when the page opens. */
    static final int DEFAULT_DAYS = 7;

    private final DelegationList list;
    private final Delegations delegations;
    private final ApproverDirectory directory;

    public DelegationPages(DelegationList list, Delegations delegations, ApproverDirectory directory) {
        this.list = list;
        this.delegations = delegations;
        this.directory = directory;
    }

    /** GET /delegations: mine, the form with its defaults (from today, for a week), and for the desk every live one. */
    public void page(Exchange exchange) {
        LocalDate today = list.today();
        Map<String, String> form = new LinkedHashMap<>();
        Principal p = Callers.principal(exchange);
        List<String> roles = directory.find(p.id()).map(Approver::roles).orElse(List.of());
        form.put("role", roles.size() == 1 ? roles.get(0) : "");
        form.put("from", today.toString());
        form.put("until", today.plusDays(DEFAULT_DAYS).toString());
        Pages.page(exchange, 200, render(exchange, form, Map.of()));
    }

    /** POST /delegations: the form checked as the workflow checks it (errors: the page again, 400, as typed); set; back to the page. */
    public void create(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        Map<String, String> form = new LinkedHashMap<>(Pages.fields(exchange, FIELDS));
        Map<String, String> problems = problems(p.id(), form, list.today());
        if (problems.isEmpty()) {
            try {
                long id = delegations.create(p.id(), p.actor(), form.get("delegate"), form.get("role"), form.get("from"), form.get("until"), form.get("reason"));
                Pages.headersOnly(exchange, 303);
                exchange.getMessage().setHeader("Location", "/delegations#given-" + id);
                exchange.getMessage().setBody("");
                return;
            } catch (IllegalArgumentException e) {
                // the workflow's own refusal (a rule the form does not know): beside the delegate
                problems.put("delegate", e.getMessage());
            } catch (RuntimeException e) {
                if (unavailable(exchange, e)) return;
                throw e;
            }
        }
        Pages.page(exchange, 400, render(exchange, form, problems));
    }

    /**
     * POST /delegations/{id}/end: without confirm=yes the page that says what ends and asks the
     * reason; with it (and a reason) the delegation ends now; back to the page.
     */
    public void end(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        boolean desk = p.has(Scope.DESK);
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            Pages.message(exchange, 404, "No such delegation", List.of("A delegation's number is a number. Find it in your list."), false);
            return;
        }
        Optional<DelegationList.Item> d = list.find(id, p.id(), desk);
        if (d.isEmpty()) {
            Pages.message(exchange, 404, "No such delegation", List.of("There is no delegation " + id + ". Find it in your list."), false);
            return;
        }
        if (!d.get().delegatorId().equals(p.id()) && !desk) {
            Pages.message(exchange, 403, "Not yours to end", List.of("Only the person who gave a delegation, or the licensing desk, may end it."), false);
            return;
        }
        if (!d.get().live()) {
            Pages.message(exchange, 409, "Not live", List.of("Delegation " + id + " is " + d.get().state() + ": there is nothing to end."), false);
            return;
        }
        Map<String, String> fields = Pages.fields(exchange, END_FIELDS);
        String reason = fields.getOrDefault("reason", "");
        Map<String, String> problems = new LinkedHashMap<>();
        if (!"yes".equals(fields.get("confirm"))) {
            Pages.page(exchange, 200, endPage(exchange, d.get(), reason, problems));
            return;
        }
        if (reason.isBlank()) problems.put("reason", "Enter why the delegation ends");
        else if (reason.length() > REASON_MAX) problems.put("reason", "The reason must be " + REASON_MAX + " characters or fewer");
        if (!problems.isEmpty()) {
            Pages.page(exchange, 400, endPage(exchange, d.get(), reason, problems));
            return;
        }
        try {
            delegations.revoke(id, p.id(), p.actor(), desk, reason);
        } catch (RuntimeException e) {
            if (unavailable(exchange, e)) return;
            int status = e instanceof DecisionRefusedException ? 403 : e instanceof NotDecidableException ? 409 : e instanceof IllegalArgumentException ? 400 : 500;
            if (status == 500) throw e;
            String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
            Pages.message(exchange, status, "Not ended", List.of(text, "Nothing was changed."), false);
            return;
        }
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/delegations");
        exchange.getMessage().setBody("");
    }

    /** What the workflow (Delegations#create) would refuse, by field, so the form says it beside the field. */
    Map<String, String> problems(String me, Map<String, String> form, LocalDate today) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Approver> self = directory.find(me);
        Optional<Approver> delegate = directory.find(form.getOrDefault("delegate", ""));
        String role = form.getOrDefault("role", "");
        if (delegate.isEmpty()) out.put("delegate", "Choose who stands in for you");
        else if (delegate.get().id().equals(me)) out.put("delegate", "Choose someone other than yourself");
        if (self.isEmpty() || !self.get().hasRole(role)) out.put("role", "Choose one of your roles");
        else if (delegate.isPresent() && !delegate.get().hasRole(role) && !delegate.get().id().equals(self.get().manager())) {
            out.put("delegate", delegate.get().name() + " can stand in for " + role + " only if they hold that role or are your manager");
        }
        LocalDate from = date(form.get("from"));
        LocalDate until = date(form.get("until"));
        if (from == null) out.put("from", "Enter the first day as a date, like " + today);
        else if (from.isBefore(today)) out.put("from", "The first day must be today or later: a delegation cannot reach back");
        if (until == null) out.put("until", "Enter the last day as a date, like " + today.plusDays(DEFAULT_DAYS));
        else if (from != null && until.isBefore(from)) out.put("until", "The last day must be on or after the first day");
        else if (from != null && until.isAfter(from.plusDays(DelegationList.MAX_DAYS))) out.put("until", "A delegation lasts at most a year");
        String reason = form.getOrDefault("reason", "");
        if (reason.isBlank()) out.put("reason", "Enter the reason, for example your absence");
        else if (reason.length() > REASON_MAX) out.put("reason", "The reason must be " + REASON_MAX + " characters or fewer");
        return out;
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean unavailable(Exchange exchange, RuntimeException e) {
        if (!DatabaseUnavailableException.in(e)) return false;
        Pages.message(exchange, 503, "Not recorded yet", List.of("The hub cannot reach its database just now. Nothing was changed; please try again in a few minutes."),
                false);
        exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
        return true;
    }

    private String render(Exchange exchange, Map<String, String> form, Map<String, String> problems) {
        Principal p = Callers.principal(exchange);
        Viewer viewer = viewer(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("page", list.page(p.id(), p.has(Scope.DESK)));
        model.put("form", form);
        model.put("errors", problems);
        model.put("maxDays", DelegationList.MAX_DAYS);
        return Pages.render("delegations.jte", model);
    }

    private String endPage(Exchange exchange, DelegationList.Item d, String reason, Map<String, String> problems) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer(exchange));
        model.put("d", d);
        model.put("reason", reason);
        model.put("errors", problems);
        return Pages.render("delegation-end.jte", model);
    }

    private Viewer viewer(Exchange exchange) {
        return Viewer.of(exchange, directory, "delegations");
    }
}
