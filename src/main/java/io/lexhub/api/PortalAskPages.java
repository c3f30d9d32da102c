package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.intake.MalformedRequestException;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import io.lexhub.model.Submitter;
import io.lexhub.model.ValidationResult;
import io.lexhub.notify.Messages;
import io.lexhub.pipeline.intake.RequestCheck;
import io.lexhub.portal.AskForm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The portal's ask form (docs/portal.md): GET /portal/requests/new (?type= re-renders it for a type,
 * without script), POST /portal/requests/check (the dry run: the validator's messages beside the
 * fields, nothing stored), POST /portal/requests (multipart, with the evidence files: checked here,
 * then the request through direct:intake with source portal, the files filed in its transaction).
 * The customer is the session's organisation and the requester's address the session's, never a
 * field of the form; the gate has checked the session and the CSRF token.
 */
public final class PortalAskPages {

    /** Set when a submission is ready for direct:intake (the route goes on only then). */
    public static final String READY = "lexhub.portal.ask.ready";
    private static final String VALUES = "lexhub.portal.ask.values";

    private final PortalPages pages;
    private final AskForm forms;
    private final RequestCheck check;
    private final EvidenceUploads uploads;
    private final ApproverDirectory directory;
    private final Clock clock;

    public PortalAskPages(PortalPages pages, AskForm forms, RequestCheck check, EvidenceUploads uploads, ApproverDirectory directory,
            Clock clock) {
        this.pages = pages;
        this.forms = forms;
        this.check = check;
        this.uploads = uploads;
        this.directory = directory;
        this.clock = clock;
    }

    /** GET /portal/requests/new?type=: the chooser, and the form of the chosen type; ?renews=: pre-filled to renew that waiver. */
    public void form(Exchange exchange) {
        Messages.Text m = text(exchange);
        PortalViewer viewer = pages.viewer(exchange, "ask");
        if (!viewer.confirmed()) {
            unconfirmed(exchange, viewer, m);
            return;
        }
        String renews = exchange.getMessage().getHeader("renews", String.class);
        if (renews != null) {
            // a renewal: the form pre-filled from the organisation's own waiver in force; any other reference is not found
            Optional<Map<String, String>> values = pages.renewals().values(PortalPages.customer(exchange), renews.strip());
            if (values.isEmpty()) {
                PortalSignInPages.message(exchange, 404, m, m.t("portal.renew.notFound.title"), m.t("portal.renew.notFound.text"), viewer, false);
                return;
            }
            show(exchange, 200, viewer, m, forms.form(m, forms.type(values.get().get("type")), values.get(), Map.of(), null));
            return;
        }
        String type = forms.type(exchange.getMessage().getHeader("type", String.class));
        show(exchange, 200, viewer, m, forms.form(m, type, Map.of(), Map.of(), null));
    }

    /** POST /portal/requests/check: the dry run of what was typed, the form again with the verdict beside the fields. */
    public void check(Exchange exchange) {
        Messages.Text m = text(exchange);
        PortalViewer viewer = pages.viewer(exchange, "ask");
        if (!viewer.confirmed()) {
            unconfirmed(exchange, viewer, m);
            return;
        }
        Map<String, String> values = Pages.fields(exchange, AskForm.NAMES);
        Assessed a = assess(exchange, m, values);
        if (a.errors().isEmpty()) {
            String track = a.verdict().track() == null ? "" : " " + m.t("ask.check.track", m.t("track." + a.verdict().track().name()));
            show(exchange, 200, viewer, m, forms.form(m, a.type(), values, Map.of(), m.t("ask.check.ok") + track));
        } else {
            show(exchange, 400, viewer, m, forms.form(m, a.type(), values, a.errors(), null));
        }
    }

    /**
     * POST /portal/requests: the form and its files. Problems (of the form, the validator or a file)
     * give the form back (400) and store nothing; otherwise the body becomes the submission for
     * direct:intake and {@link #READY} is set.
     */
    public void submit(Exchange exchange) {
        Messages.Text m = text(exchange);
        PortalViewer viewer = pages.viewer(exchange, "ask");
        EvidenceUploads.Received files = uploads.read(exchange, m);
        if (!viewer.confirmed()) {
            unconfirmed(exchange, viewer, m);
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : AskForm.NAMES) {
            String v = exchange.getMessage().getHeader(name, String.class);
            if (v != null) values.put(name, v);
        }
        Assessed a = assess(exchange, m, values);
        Map<String, String> errors = new LinkedHashMap<>(a.errors());
        if (files.problem() != null) errors.put("file-1", files.problem() + " " + m.t("ask.files.again"));
        if (!errors.isEmpty()) {
            if (!files.files().isEmpty()) errors.putIfAbsent("file-1", m.t("ask.files.again"));
            show(exchange, 400, viewer, m, forms.form(m, a.type(), values, errors, null));
            return;
        }
        exchange.setProperty(VALUES, values);
        exchange.setProperty(READY, true);
        exchange.getMessage().setBody(new RawSubmission(RawSubmission.PORTAL, null, "portal-form.json", "application/json", a.document(),
                clock.instant(), a.submitter(), null, files.files()));
    }

    /** After direct:intake: to the new request's page (303). */
    public void submitted(Exchange exchange) {
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeOutcome.class);
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/portal/requests/" + outcome.reference());
        exchange.getMessage().setBody("");
    }

    /** direct:intake refused the submission (unreadable, a conflict): the form again with the reason, nothing stored. */
    public void refused(Exchange exchange) {
        Messages.Text m = text(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        @SuppressWarnings("unchecked")
        Map<String, String> values = exchange.getProperty(VALUES, Map.class);
        String type = forms.type(values == null ? null : values.get("type"));
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("type", m.t("ask.refused", e == null ? "" : e.getMessage()));
        errors.put("file-1", m.t("ask.files.again"));
        show(exchange, 400, pages.viewer(exchange, "ask"), m, forms.form(m, type, values == null ? Map.of() : values, errors, null));
    }

    /** What was typed, composed and checked as intake would: the problems by field (empty when it may be sent). */
    private record Assessed(String type, byte[] document, Submitter submitter, RequestCheck.Verdict verdict, Map<String, String> errors) {}

    private Assessed assess(Exchange exchange, Messages.Text m, Map<String, String> values) {
        String type = forms.type(values.get("type"));
        Principal p = Callers.principal(exchange);
        Approver staff = p.onBehalf() ? directory.find(p.id()).orElse(null) : null;
        String email = staff != null ? staff.email() : p.id();
        String customer = PortalPages.customer(exchange);
        AskForm.Asker asker = new AskForm.Asker(customer, pages.organisationName(customer), email, staff == null ? null : staff.name());
        Map<String, String> errors = new LinkedHashMap<>();
        byte[] document = Json.write(forms.document(m, type, values, asker, errors)).getBytes(StandardCharsets.UTF_8);
        Submitter submitter = new Submitter(p.actor(), email, staff == null ? values.getOrDefault("name", "").strip() : staff.name(),
                p.onBehalf() ? "portal, on behalf of the customer" : "portal sign-in link");
        RawSubmission raw = new RawSubmission(RawSubmission.PORTAL, null, "portal-form.json", "application/json", document, clock.instant(), submitter);
        RequestCheck.Verdict verdict;
        try {
            verdict = check.check(raw);
        } catch (MalformedRequestException e) {
            errors.putIfAbsent("type", String.join(" ", e.problems()));
            return new Assessed(type, document, submitter, null, errors);
        }
        if (type != null) {
            AskForm.Form shown = forms.form(m, type, values, Map.of(), null);
            for (Issue i : verdict.issues()) {
                // a value the form could not read is already named beside its field; the validator's "missing" would repeat it
                String field = AskForm.fieldOf(i, shown);
                if (errors.containsKey(field) && i.kind() == Issue.Kind.MISSING) continue;
                errors.merge(field, AskForm.text(i, m), (x, y) -> x + " " + y);
            }
        }
        if (errors.isEmpty() && verdict.verdict() != ValidationResult.Verdict.ACCEPTED) errors.put("type", m.t("ask.error.notAccepted"));
        return new Assessed(type, document, submitter, verdict, errors);
    }

    private void show(Exchange exchange, int status, PortalViewer viewer, Messages.Text m, AskForm.Form form) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("m", m);
        model.put("form", form);
        model.put("maxFiles", uploads.maxFiles());
        model.put("maxMegabytes", uploads.maxBytes() / (1024 * 1024));
        PortalPages.page(exchange, status, m, "portal-ask.jte", model);
    }

    private static void unconfirmed(Exchange exchange, PortalViewer viewer, Messages.Text m) {
        PortalSignInPages.message(exchange, 200, m, m.t("ask.unconfirmed.title"), m.t("ask.unconfirmed.text"), viewer, false);
    }

    private Messages.Text text(Exchange exchange) {
        return pages.text(exchange);
    }
}
