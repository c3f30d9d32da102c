package io.lexhub.notify;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import io.lexhub.model.RequestState;
import io.lexhub.pipeline.IntakeCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which messages a state change produces and renders them. Pure: no I/O, so the store
 * can call it inside the transaction that writes the state (DESIGN rule 3).
 */
public final class Notices {

    /** The templates this class renders; {@code lexhub validate} checks they exist. */
    public static final List<String> TEMPLATES = List.of("acknowledgement", "needs-info", "rejected");

    private final Templates templates;

    public Notices(Templates templates) {
        this.templates = templates;
    }

    /** The reply to the requester after intake: acknowledgement, request for information or rejection. */
    public List<Notice> forIntake(String reference, RequestState state, IntakeCase c) {
        ExceptionRequest r = c.request();
        String to = r.replyAddress();
        if (to == null) return List.of(); // nobody to tell; the reasons are stored and shown by the API
        String template = switch (state) {
            case NEEDS_INFO -> "needs-info";
            case REJECTED -> "rejected";
            default -> "acknowledgement";
        };
        Templates.Rendered mail = templates.render(template, scope(reference, state, c));
        return List.of(new Notice("intake:" + reference, Notice.MAIL, to, mail.subject(), mail.body()));
    }

    private static Map<String, Object> scope(String reference, RequestState state, IntakeCase c) {
        ExceptionRequest r = c.request();
        Map<String, Object> s = new HashMap<>();
        s.put("reference", reference);
        s.put("state", state.name());
        s.put("customerName", r.customer() == null || r.customer().name() == null ? "customer" : r.customer().name());
        s.put("requesterName", r.requester() == null || r.requester().name() == null ? "" : r.requester().name());
        s.put("product", r.product() == null ? "(product not given)" : r.product());
        s.put("type", r.type() == null ? "(type not given)" : r.type().name().replace('_', ' ').toLowerCase());
        if (r.terms() != null && r.terms().start() != null && r.terms().effectiveEnd() != null) {
            s.put("period", r.terms().start() + " to " + r.terms().effectiveEnd() + " (" + r.terms().effectiveDurationDays() + " days)");
        }
        List<Map<String, String>> issues = new ArrayList<>();
        for (Issue i : c.validation().issues()) issues.add(Map.of("field", i.field(), "message", i.message()));
        s.put("issues", issues);
        if (c.accepted()) {
            s.put("track", c.triage().track() == io.lexhub.model.Track.FAST ? "fast track" : "standard track");
            s.put("levels", c.route().levels());
        }
        s.put("policyVersion", c.policy().version());
        return s;
    }
}
