package io.lexhub.notify;

import io.lexhub.approval.Approver;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RiskResult;
import io.lexhub.model.Terms;
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
    public static final List<String> TEMPLATES = List.of("acknowledgement", "needs-info", "rejected", "approval-request", "info-requested",
            "decision-approved", "decision-denied", "decision-internal", "mail-correspondence", "mail-not-accepted", "mail-unreadable", "utilisation-overage");

    private final Templates templates;
    private final String requestForm;

    public Notices(Templates templates) {
        this(templates, null);
    }

    /** @param requestForm the mail request form, quoted in replies to mail (null: none) */
    public Notices(Templates templates, String requestForm) {
        this.templates = templates;
        this.requestForm = requestForm;
    }

    /** The reply to the requester after intake: acknowledgement, request for information or rejection. */
    public List<Notice> forIntake(String reference, RequestState state, IntakeCase c) {
        return forAssessment("intake:" + reference, reference, state, c);
    }

    /** The same reply after any assessment (intake or a supplement), under the given dedup key. */
    public List<Notice> forAssessment(String dedupKey, String reference, RequestState state, IntakeCase c) {
        ExceptionRequest r = c.request();
        String to = r.replyAddress();
        if (to == null) return List.of(); // nobody to tell; the reasons are stored and shown by the API
        String template = switch (state) {
            case NEEDS_INFO -> "needs-info";
            case REJECTED -> "rejected";
            default -> "acknowledgement";
        };
        Map<String, Object> scope = scope(reference, state, c);
        if (requestForm != null && "mail".equals(c.raw().source())) scope.put("requestForm", requestForm);
        Templates.Rendered mail = templates.render(template, scope);
        return List.of(new Notice(dedupKey, Notice.MAIL, to, mail.subject(), mail.body()));
    }

    /** A mail from a named template; the request form is in scope as {{requestForm}}. */
    public Notice mail(String template, String dedupKey, String to, Map<String, Object> values) {
        Map<String, Object> scope = new HashMap<>(values);
        if (requestForm != null) scope.put("requestForm", requestForm);
        Templates.Rendered mail = templates.render(template, scope);
        return new Notice(dedupKey, Notice.MAIL, to, mail.subject(), mail.body());
    }

    /** The review package to one approver, with their two single-use decision links. */
    public Notice approvalRequest(String reference, int round, ApprovalLevel level, Approver approver, Map<String, Object> review,
            String approveUrl, String denyUrl) {
        ExceptionRequest r = (ExceptionRequest) review.get("request");
        RiskResult risk = (RiskResult) review.get("risk");
        ApprovalRoute route = (ApprovalRoute) review.get("route");
        Map<String, Object> s = requestScope(reference, r);
        s.put("approverName", approver.name());
        s.put("round", round);
        s.put("level", level.level());
        s.put("levelCount", route.levels().size());
        s.put("role", level.role());
        s.put("mode", level.mode() == ApprovalLevel.Mode.QUORUM ? "a quorum of " + level.quorum() : level.mode() == ApprovalLevel.Mode.ALL ? "all" : "one");
        s.put("justification", r.justification());
        s.put("revenue", r.revenueImpact() == null ? "not given" : r.revenueImpact().toPlainString() + " " + (r.currency() == null ? "" : r.currency()));
        s.put("riskScore", risk.score());
        s.put("riskLevel", risk.level());
        s.put("contributions", risk.contributions());
        s.put("routeExplanation", route.explanation());
        s.put("levels", route.levels());
        s.put("precedents", review.get("precedents"));
        s.put("precedentShare", review.get("precedentShare"));
        s.put("approveUrl", approveUrl);
        s.put("denyUrl", denyUrl);
        Templates.Rendered mail = templates.render("approval-request", s);
        return new Notice("approval:" + reference + ":r" + round + ":l" + level.level() + ":" + approver.id(), Notice.MAIL,
                approver.email(), mail.subject(), mail.body());
    }

    /** An approver's question to the requester; the request stays with the approvers. */
    public List<Notice> infoRequested(String reference, ExceptionRequest r, Approver approver, String question, java.time.Instant at) {
        String to = r.replyAddress();
        if (to == null) return List.of();
        Map<String, Object> s = requestScope(reference, r);
        s.put("approverName", approver.name());
        s.put("question", question);
        Templates.Rendered mail = templates.render("info-requested", s);
        return List.of(new Notice("info:" + reference + ":" + at.toEpochMilli() + ":" + approver.id(), Notice.MAIL, to, mail.subject(), mail.body()));
    }

    /** The customer summary of an approval and the internal note with terms, risks and costs. */
    public List<Notice> approved(String reference, int round, ExceptionRequest r, RiskResult risk, String rationale, List<String> conditions,
            List<Map<String, Object>> approvals, List<String> internal) {
        Map<String, Object> s = requestScope(reference, r);
        s.put("rationale", rationale);
        s.put("conditions", conditions);
        s.put("hasConditions", !conditions.isEmpty());
        s.put("byPolicy", approvals.isEmpty());
        s.put("approvals", approvals);
        s.put("riskScore", risk.score());
        s.put("riskLevel", risk.level());
        s.put("contributions", risk.contributions());
        s.put("revenue", r.revenueImpact() == null ? "not given" : r.revenueImpact().toPlainString() + " " + (r.currency() == null ? "" : r.currency()));
        return decisionNotices(reference, round, r, "decision-approved", s, internal);
    }

    /** The denial to the customer (why, and what could change the outcome) and the internal note. */
    public List<Notice> denied(String reference, int round, ExceptionRequest r, String rationale, List<String> internal) {
        Map<String, Object> s = requestScope(reference, r);
        s.put("rationale", rationale);
        s.put("denied", true);
        s.put("revenue", r.revenueImpact() == null ? "not given" : r.revenueImpact().toPlainString() + " " + (r.currency() == null ? "" : r.currency()));
        return decisionNotices(reference, round, r, "decision-denied", s, internal);
    }

    private List<Notice> decisionNotices(String reference, int round, ExceptionRequest r, String template, Map<String, Object> s, List<String> internal) {
        List<Notice> out = new ArrayList<>();
        if (r.replyAddress() != null) {
            Templates.Rendered mail = templates.render(template, s);
            out.add(new Notice("decision:" + reference + ":r" + round + ":customer", Notice.MAIL, r.replyAddress(), mail.subject(), mail.body()));
        }
        Templates.Rendered note = templates.render("decision-internal", s);
        for (String to : internal) {
            out.add(new Notice("decision:" + reference + ":r" + round + ":internal:" + to, Notice.MAIL, to, note.subject(), note.body()));
        }
        return out;
    }

    /** The alert to the waiver's internal owners that usage went above the granted boundary (once per waiver and metric). */
    public List<Notice> overage(String reference, List<String> owners, io.lexhub.insight.UsageReport r, java.math.BigDecimal granted,
            java.math.BigDecimal percent, Map<String, Object> event) {
        Map<String, Object> s = new HashMap<>();
        s.put("reference", reference);
        s.put("customerId", r.customer());
        s.put("product", r.product());
        s.put("metric", r.metric());
        s.put("period", r.period());
        s.put("used", r.value().stripTrailingZeros().toPlainString());
        s.put("granted", granted.stripTrailingZeros().toPlainString());
        s.put("percent", percent.toPlainString());
        s.put("tolerance", String.valueOf(event.get("tolerancePercent")));
        Templates.Rendered mail = templates.render("utilisation-overage", s);
        List<Notice> out = new ArrayList<>();
        for (String to : owners) {
            out.add(new Notice("overage:" + reference + ":" + r.metric() + ":" + to, Notice.MAIL, to, mail.subject(), mail.body()));
        }
        return out;
    }

    /** What every mail about a request can show: reference, customer, product, type, period and terms. */
    private static Map<String, Object> requestScope(String reference, ExceptionRequest r) {
        Map<String, Object> s = new HashMap<>();
        s.put("reference", reference);
        s.put("customerName", r.customer() == null || r.customer().name() == null ? "customer" : r.customer().name());
        s.put("customerId", r.customer() == null ? "" : r.customer().id());
        s.put("product", r.product() == null ? "(product not given)" : r.product());
        s.put("edition", r.edition());
        s.put("type", r.type() == null ? "(type not given)" : r.type().name().replace('_', ' ').toLowerCase());
        if (r.terms() != null) {
            Terms t = r.terms();
            if (t.start() != null && t.effectiveEnd() != null) {
                s.put("start", t.start().toString());
                s.put("end", t.effectiveEnd().toString());
                s.put("period", t.start() + " to " + t.effectiveEnd() + " (" + t.effectiveDurationDays() + " days)");
            }
            List<String> lines = new ArrayList<>();
            if (t.seats() != null) lines.add(t.seats() + " additional seats");
            if (t.discountPercent() != null) lines.add(t.discountPercent().stripTrailingZeros().toPlainString() + "% discount");
            if (!t.features().isEmpty()) lines.add("features unlocked: " + String.join(", ", t.features()));
            if (!t.regions().isEmpty()) lines.add("regions: " + String.join(", ", t.regions()));
            if (t.deployment() != null) lines.add("deployment: " + t.deployment());
            s.put("termLines", lines);
        }
        // greet by name only when the mail goes to the requester; the customer contact may be someone else
        boolean toRequester = r.requester() != null && r.replyAddress() != null && r.replyAddress().equals(r.requester().email());
        if (toRequester && r.requester().name() != null) s.put("recipientName", r.requester().name());
        return s;
    }

    private static Map<String, Object> scope(String reference, RequestState state, IntakeCase c) {
        Map<String, Object> s = requestScope(reference, c.request());
        s.put("state", state.name());
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
