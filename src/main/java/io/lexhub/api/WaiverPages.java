package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.pipeline.waiver.Revocations;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.workspace.WaiverList;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The waivers pages (docs/workspace.md, "Waivers"; routes/workspace-waivers.camel.yaml): the list
 * for the desk and audit, and the revocation of a waiver in two steps, the form with its rationale
 * and a page that restates what will happen; only the second POST (confirm=yes) revokes, through
 * {@link Revocations}, the workflow the REST API calls. Who acts comes from the session.
 */
public final class WaiverPages {

    static final List<String> FIELDS = List.of("rationale", "confirm");
    static final int RATIONALE_MAX = 5000;

    private final WaiverList waivers;
    private final Revocations revocations;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public WaiverPages(WaiverList waivers, Revocations revocations, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.waivers = waivers;
        this.revocations = revocations;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /waivers?view=&month=&after=&done=&amended=: one page of a view, its tabs and the calendar of end dates. */
    public void list(Exchange exchange) {
        Viewer viewer = viewer(exchange);
        WaiverList.Query q = WaiverList.Query.of(header(exchange, "view"), header(exchange, "month"), header(exchange, "after"));
        Map<String, Object> model = model(viewer);
        model.put("page", waivers.page(q, mayActOnWaivers(exchange, directory)));
        Optional<WaiverList.Item> done = waivers.waiver(header(exchange, "done"), false).filter(w -> "REVOKED".equals(w.state()));
        model.put("done", done.orElse(null));
        // after an amendment (WaiverAmendmentPages): the waiver as it is now
        model.put("amended", waivers.waiver(header(exchange, "amended"), false).filter(w -> "ACTIVE".equals(w.state())).orElse(null));
        Pages.page(exchange, 200, Pages.render("waivers.jte", model));
    }

    /** GET /waivers/{reference}/revocation: the form (a rationale) for an active waiver. */
    public void revokeForm(Exchange exchange) {
        Optional<WaiverList.Item> w = revocable(exchange);
        if (w.isEmpty()) return;
        Pages.page(exchange, 200, form(viewer(exchange), w.get(), "", Map.of(), false));
    }

    /**
     * POST /waivers/{reference}/revocation: the form checked (errors: the form again, 400), then the
     * confirmation page; confirm=yes revokes, confirm=edit shows the form again with what was typed.
     */
    public void revoke(Exchange exchange) {
        Optional<WaiverList.Item> found = revocable(exchange);
        if (found.isEmpty()) return;
        WaiverList.Item w = found.get();
        Viewer viewer = viewer(exchange);
        Map<String, String> fields = Pages.fields(exchange, FIELDS);
        String rationale = fields.getOrDefault("rationale", "");
        String confirm = fields.getOrDefault("confirm", "");
        Map<String, String> problems = new LinkedHashMap<>();
        if (rationale.isBlank()) problems.put("rationale", "Enter why the waiver is revoked");
        else if (rationale.length() > RATIONALE_MAX) problems.put("rationale", "The rationale must be " + RATIONALE_MAX + " characters or fewer");
        if (!problems.isEmpty() || "edit".equals(confirm)) {
            Pages.page(exchange, problems.isEmpty() ? 200 : 400, form(viewer, w, rationale, problems, false));
            return;
        }
        if (!"yes".equals(confirm)) {
            Pages.page(exchange, 200, form(viewer, w, rationale, Map.of(), true));
            return;
        }
        Principal p = Callers.principal(exchange);
        try {
            revocations.revoke(w.reference(), p.id(), p.actor(), rationale);
        } catch (RuntimeException e) {
            refused(exchange, w.reference(), e);
            return;
        }
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/waivers?view=revoked&done=" + w.reference());
        exchange.getMessage().setBody("");
    }

    /** The waiver of the path, when it exists, is active and the viewer may revoke it; otherwise the page that says why, and empty. */
    private Optional<WaiverList.Item> revocable(Exchange exchange) {
        return activeWaiver(exchange, waivers, directory, "revoke", "revoked");
    }

    /**
     * The active waiver a form of {@code verb} is about ("revoke", "amend"), or empty with the page
     * that says why not: no such waiver (404), the caller may not act on waivers (403), not active (409).
     */
    static Optional<WaiverList.Item> activeWaiver(Exchange exchange, WaiverList waivers, ApproverDirectory directory, String verb, String done) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        Optional<WaiverList.Item> w = waivers.waiver(ref, true);
        if (w.isEmpty()) {
            Pages.message(exchange, 404, "No such waiver", List.of("There is no waiver " + ref + ". Find it in the list of waivers."), false);
            return Optional.empty();
        }
        if (!mayActOnWaivers(exchange, directory)) {
            Pages.message(exchange, 403, "Not yours to " + verb, List.of("Only people with the licensing or audit role may " + verb + " a waiver."), false);
            return Optional.empty();
        }
        if (!w.get().revocable()) {
            Pages.message(exchange, 409, "Not an active waiver", List.of("The waiver of " + ref + " is " + w.get().stateWords()
                    + ": only an active waiver can be " + done + ". Nothing was changed."), false);
            return Optional.empty();
        }
        return w;
    }

    private void refused(Exchange exchange, String ref, RuntimeException e) {
        if (DatabaseUnavailableException.in(e)) {
            Pages.message(exchange, 503, "Not recorded yet", List.of("The hub cannot reach its database just now. Nothing was revoked; "
                    + "please try again in a few minutes."), false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
            return;
        }
        int status = e instanceof DecisionRefusedException ? 403 : e instanceof UnknownRequestException ? 404 : e instanceof NotDecidableException ? 409
                : e instanceof IllegalArgumentException ? 400 : 500;
        if (status == 500) throw e;
        String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
        Pages.message(exchange, status, "Not revoked", List.of(text, "Nothing was changed on " + ref + "."), false);
    }

    private String form(Viewer viewer, WaiverList.Item w, String rationale, Map<String, String> problems, boolean confirming) {
        Map<String, Object> model = model(viewer);
        model.put("waiver", w);
        model.put("rationale", rationale);
        model.put("errors", problems);
        model.put("confirming", confirming);
        return Pages.render("waiver-revoke.jte", model);
    }

    /** The workflows' rule (Revocations, WaiverAmendments: WaiverAuthority): an approver with the licensing or audit role. */
    static boolean mayActOnWaivers(Exchange exchange, ApproverDirectory directory) {
        Optional<Approver> a = directory.find(Callers.principal(exchange).id());
        return a.isPresent() && (a.get().hasRole("licensing") || a.get().hasRole("audit"));
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    private Map<String, Object> model(Viewer viewer) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("now", clock.instant());
        model.put("zone", viewer.zone(zone));
        return model;
    }

    private Viewer viewer(Exchange exchange) {
        return Viewer.of(exchange, directory, "waivers");
    }
}
