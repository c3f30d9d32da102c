package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.pipeline.waiver.NarrowingRefusedException;
import io.lexhub.pipeline.waiver.NarrowingRules;
import io.lexhub.pipeline.waiver.WaiverAmendments;
import io.lexhub.pipeline.waiver.WaiverBounds;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.workspace.TermsText;
import io.lexhub.workspace.Times;
import io.lexhub.workspace.WaiverList;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The amendment of an active waiver from the Waivers page (docs/workspace.md, "Amend a waiver"):
 * the form (a new end, a lower quantity where the terms have one, a rationale), a confirmation
 * that restates the change in words, then the list. Only the confirmed POST amends, through
 * {@link WaiverAmendments}, the workflow the REST API calls; the form carries the end and
 * quantities it showed, so a waiver changed meanwhile is refused (409), never overwritten.
 */
public final class WaiverAmendmentPages {

    static final List<String> FIELDS = List.of("end", "seats", "discountPercent", "rationale", "expectedEnd", "expectedSeats",
            "expectedDiscountPercent", "confirm");

    /** What the form shows and sends back: the typed values as text, so nothing typed is lost on an error. */
    public record Form(String end, String seats, String discountPercent, String rationale) {}

    private final WaiverList waivers;
    private final WaiverAmendments amendments;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public WaiverAmendmentPages(WaiverList waivers, WaiverAmendments amendments, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.waivers = waivers;
        this.amendments = amendments;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /waivers/{reference}/amendment: the form, filled with what the waiver grants now. */
    public void form(Exchange exchange) {
        Optional<WaiverList.Item> w = amendable(exchange);
        if (w.isEmpty()) return;
        Optional<WaiverBounds> now = amendments.current(w.get().reference());
        if (now.isEmpty()) return;
        WaiverBounds b = now.get();
        Form f = new Form(b.end().toString(), b.seats() == null ? "" : b.seats().toString(),
                b.discountPercent() == null ? "" : TermsText.plain(b.discountPercent()), "");
        Pages.page(exchange, 200, render(exchange, w.get(), b, f, Map.of(), null));
    }

    /**
     * POST /waivers/{reference}/amendment: the form checked against the narrowing rules (errors: the
     * form again, 400), then the confirmation; confirm=yes amends, confirm=edit shows the form again.
     */
    public void amend(Exchange exchange) {
        Optional<WaiverList.Item> found = amendable(exchange);
        if (found.isEmpty()) return;
        WaiverList.Item w = found.get();
        Map<String, String> fields = Pages.fields(exchange, FIELDS);
        Form f = new Form(fields.getOrDefault("end", "").strip(), fields.getOrDefault("seats", "").strip(),
                fields.getOrDefault("discountPercent", "").strip(), fields.getOrDefault("rationale", ""));
        Map<String, String> problems = new LinkedHashMap<>();
        WaiverBounds expected = new WaiverBounds(null, date(fields.get("expectedEnd"), "expectedEnd", problems),
                whole(fields.get("expectedSeats"), "expectedSeats", problems), decimal(fields.get("expectedDiscountPercent"), "expectedDiscountPercent", problems));
        WaiverBounds current = amendments.current(w.reference()).orElseThrow(() -> new UnknownRequestException(w.reference()));
        if (!problems.isEmpty() || !current.sameAs(expected)) {
            changed(exchange, w.reference(), current);
            return;
        }
        WaiverBounds asked = new WaiverBounds(null, date(f.end(), "end", problems), whole(f.seats(), "seats", problems),
                decimal(f.discountPercent(), "discountPercent", problems));
        if (problems.isEmpty()) problems.putAll(amendments.problems(current, asked));
        // in the order of the form's fields, for the error summary
        if (f.rationale().isBlank()) problems.put("rationale", "Enter why the waiver is narrowed");
        else if (f.rationale().length() > WaiverPages.RATIONALE_MAX) problems.put("rationale", "The rationale must be " + WaiverPages.RATIONALE_MAX + " characters or fewer");
        String confirm = fields.getOrDefault("confirm", "");
        if (!problems.isEmpty() || "edit".equals(confirm)) {
            Pages.page(exchange, problems.isEmpty() ? 200 : 400, render(exchange, w, current, f, problems, null));
            return;
        }
        WaiverBounds after = NarrowingRules.narrowed(current, asked);
        if (!"yes".equals(confirm)) {
            Pages.page(exchange, 200, render(exchange, w, current, f, Map.of(), restate(w.reference(), current, after, f.rationale().strip())));
            return;
        }
        Principal p = Callers.principal(exchange);
        try {
            amendments.amend(w.reference(), p.id(), p.actor(), new WaiverAmendments.Amendment(asked, expected, f.rationale()));
        } catch (NarrowingRefusedException e) {
            Pages.page(exchange, 400, render(exchange, w, current, f, e.problems(), null));
            return;
        } catch (RuntimeException e) {
            refused(exchange, w.reference(), e);
            return;
        }
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/waivers?amended=" + w.reference());
        exchange.getMessage().setBody("");
    }

    /** "Bring the end of EXC-... forward from 31 Mar 2027 to 31 Jan 2027 and lower the seats from 30 to 20, because ..." */
    static String restate(String ref, WaiverBounds before, WaiverBounds after, String rationale) {
        List<String> parts = new ArrayList<>();
        if (!before.end().equals(after.end())) {
            parts.add("bring the end of " + ref + " forward from " + Times.date(before.end()) + " to " + Times.date(after.end()));
        }
        String of = parts.isEmpty() ? " of " + ref : "";
        if (after.seats() != null && !after.seats().equals(before.seats())) {
            parts.add("lower the seats" + of + " from " + before.seats() + " to " + after.seats());
            of = "";
        }
        if (after.discountPercent() != null && after.discountPercent().compareTo(before.discountPercent()) != 0) {
            parts.add("lower the discount" + of + " from " + TermsText.plain(before.discountPercent()) + " % to " + TermsText.plain(after.discountPercent()) + " %");
        }
        String text = String.join(" and ", parts);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ", because " + rationale;
    }

    /** The waiver of the path, when it exists, is active and the viewer may amend it; otherwise the page that says why, and empty. */
    private Optional<WaiverList.Item> amendable(Exchange exchange) {
        return WaiverPages.activeWaiver(exchange, waivers, directory, "amend", "amended");
    }

    private static void changed(Exchange exchange, String ref, WaiverBounds now) {
        Pages.message(exchange, 409, "Changed meanwhile", List.of("The waiver of " + ref + " was changed since the form was shown: it now "
                + now.words() + ". Nothing was changed; open the form again to amend what it is now."), false);
    }

    private void refused(Exchange exchange, String ref, RuntimeException e) {
        if (DatabaseUnavailableException.in(e)) {
            Pages.message(exchange, 503, "Not recorded yet", List.of("The hub cannot reach its database just now. Nothing was amended; "
                    + "please try again in a few minutes."), false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
            return;
        }
        int status = e instanceof DecisionRefusedException ? 403 : e instanceof UnknownRequestException ? 404 : e instanceof NotDecidableException ? 409
                : e instanceof IllegalArgumentException ? 400 : 500;
        if (status == 500) throw e;
        String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
        Pages.message(exchange, status, "Not amended", List.of(text, "Nothing was changed on " + ref + "."), false);
    }

    private String render(Exchange exchange, WaiverList.Item w, WaiverBounds current, Form f, Map<String, String> problems, String restate) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", Viewer.of(exchange, directory, "waivers"));
        model.put("waiver", w);
        model.put("current", current);
        model.put("form", f);
        model.put("errors", problems);
        model.put("restate", restate);
        model.put("today", LocalDate.now(clock.withZone(zone)));
        return Pages.render("waiver-amend.jte", model);
    }

    private static LocalDate date(String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) return null;
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.put(field, "Enter the end as a date, for example " + LocalDate.of(2027, 1, 31));
            return null;
        }
    }

    private static Integer whole(String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) return null;
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            problems.put(field, "Enter the seats as a whole number");
            return null;
        }
    }

    private static BigDecimal decimal(String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) return null;
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            problems.put(field, "Enter the discount as a number of percent, for example 12.5");
            return null;
        }
    }
}
