package io.lexhub.notify;

import io.lexhub.approval.Approver;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RiskResult;
import io.lexhub.model.Terms;
import io.lexhub.model.Issue;
import io.lexhub.model.RequestState;
import io.lexhub.intake.IntakeCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which messages a state change produces and renders them. Pure: no I/O, so the store
 * can call it inside the transaction that writes the state (architecture rule 3).
 */
public final class Notices {

    /** The subject prefix of every mail about a practice request (docs/practice-and-patterns.md). */
    public static final String PRACTICE_SUBJECT = "PRACTICE: ";
    /** The banner that opens every mail about a practice request. */
    public static final String PRACTICE_BANNER = "*** PRACTICE REQUEST: for training only. Nothing is granted, the customer is not told"
            + " and it counts in no figure. ***\n\n";

    /** The templates this class renders; {@code lexhub validate} checks they exist. */
    public static final List<String> TEMPLATES = List.of("acknowledgement", "needs-info", "rejected", "approval-request", "info-requested",
            "decision-approved", "decision-denied", "decision-internal", "mail-correspondence", "mail-not-accepted", "mail-unreadable",
            "approval-reminder", "approval-escalation", "decision-delayed", "expiry-reminder", "expiry-reminder-internal", "waiver-sunset",
            "waiver-revoked", "waiver-ended-internal", "waiver-amended", "waiver-amended-internal",
            "jira-assessment", "jira-decision", "jira-refusal", "jira-unreadable", "utilisation-overage", "audit-alert", "outbox-failed",
            "sign-in-link", "request-withdrawn", "request-withdrawn-internal", "organisation-asked", "organisation-confirmed", "organisation-refused",
            "task-assigned", "task-overdue", "waiver-in-effect", "policy-patterns", "billing-finding");

    /** The Jira transitions (or target statuses) a decision moves a ticket with; null: comment only. */
    public record JiraTransitions(String approved, String denied) {
        public static final JiraTransitions NONE = new JiraTransitions(null, null);
    }

    final Templates templates;
    private final Languages languages;
    /** Where a customer follows a request in the portal (public URL + /portal/requests/), null when the portal is off. */
    final String portalRequests;
    private final String requestForm;
    final JiraTransitions transitions;
    /** the catalogue's events each state change also publishes to subscribers (docs/events.md) */
    final EventNotices events;

    public Notices(Templates templates, Languages languages) {
        this(templates, languages, null, JiraTransitions.NONE);
    }

    /**
     * @param languages   which language a customer reads (config/messages, lexhub.portal.customer-languages)
     * @param requestForm the mail request form, quoted in replies to mail (null: none)
     * @param transitions what a decision on a Jira ticket moves it with
     */
    public Notices(Templates templates, Languages languages, String requestForm, JiraTransitions transitions) {
        this(templates, languages, requestForm, transitions, null);
    }

    /** @param portalUrl the portal's public address (https://host/portal); customer mails link each request's page there */
    public Notices(Templates templates, Languages languages, String requestForm, JiraTransitions transitions, String portalUrl) {
        this(templates, languages, requestForm, transitions, portalUrl == null ? null : portalUrl.replaceAll("/+$", "") + "/requests/",
                EventNotices.NONE);
    }

    private Notices(Templates templates, Languages languages, String requestForm, JiraTransitions transitions, String portalRequests,
            EventNotices events) {
        this.templates = templates;
        this.languages = languages;
        this.requestForm = requestForm;
        this.transitions = transitions;
        this.portalRequests = portalRequests;
        this.events = events;
    }

    private final WaiverNotices waivers = new WaiverNotices(this);
    private final TaskNotices tasks = new TaskNotices(this);
    private final SlaNotices sla = new SlaNotices(this);
    private final JiraNotices jira = new JiraNotices(this);

    /** A granted waiver's notices: in effect, expiring, ended, narrowed, used above its bounds, billed otherwise. */
    public WaiverNotices waivers() {
        return waivers;
    }

    /** The implementation tasks' notices. */
    public TaskNotices tasks() {
        return tasks;
    }

    /** What the hub writes on Jira tickets: decisions, refused commands, unreadable tickets. */
    public JiraNotices jira() {
        return jira;
    }

    /** The SLA sweep's notices: reminders, escalations, the requester's note of a late decision. */
    public SlaNotices sla() {
        return sla;
    }

    /** These notices, and with them the events of the catalogue for the subscribers of config/webhooks.yaml. */
    public Notices withEvents(EventNotices events) {
        return new Notices(templates, languages, requestForm, transitions, portalRequests, events);
    }

    /** The events part, for the use cases that publish an event of their own (tasks). */
    public EventNotices events() {
        return events;
    }

    /** The reply to the requester after intake: acknowledgement, request for information or rejection. */
    public List<Notice> forIntake(String reference, RequestState state, IntakeCase c) {
        List<Notice> out = new ArrayList<>(forAssessment("intake:" + reference, reference, state, c));
        out.addAll(events.requestReceived(reference, state, c.raw().source(), c.request()));
        return out;
    }

    /** The same reply after any assessment (intake or a supplement), under the given dedup key. */
    public List<Notice> forAssessment(String dedupKey, String reference, RequestState state, IntakeCase c) {
        List<Notice> out = new ArrayList<>();
        // a practice request's reply would go to the customer or their ticket: there is none
        if (c.request().practiceRun()) return out;
        String to = c.request().replyAddress();
        // without an address nobody is mailed; the reasons are stored and shown by the API
        if (to != null) {
            String template = switch (state) {
                case NEEDS_INFO -> "needs-info";
                case REJECTED -> "rejected";
                default -> "acknowledgement";
            };
            Map<String, Object> mailScope = scope(reference, state, c, localeOf(c.request()));
            if (requestForm != null && RawSubmission.MAIL.equals(c.raw().source())) mailScope.put("requestForm", requestForm);
            Templates.Rendered mail = templates.render(template, localeOf(c.request()), mailScope);
            out.add(new Notice(dedupKey, Notice.MAIL, to, mail.subject(), mail.body()));
        }
        // a ticket is answered on the ticket, in English (the service desk's language): reference and triage, or what is missing
        if (RawSubmission.JIRA.equals(c.raw().source())) {
            Map<String, Object> scope = scope(reference, state, c, Messages.ENGLISH);
            scope.put("needsInfo", state == RequestState.NEEDS_INFO);
            scope.put("rejected", state == RequestState.REJECTED);
            if (c.accepted()) {
                scope.put("accepted", true);
                scope.put("riskScore", c.risk().score());
                scope.put("riskLevel", c.risk().level());
                scope.put("tier", c.route().tier());
                // the service desk's staff see why each level is there; a customer's mail never does
                scope.put("levels", c.route().levels());
            }
            Templates.Rendered comment = templates.render("jira-assessment", scope);
            out.add(new Notice(dedupKey + ":jira", Notice.JIRA_COMMENT, c.externalId(), comment.subject(), comment.body()));
        }
        return out;
    }

    /** A mail from a named template; the request form is in scope as {{requestForm}}. */
    public Notice mail(String template, String dedupKey, String to, Map<String, Object> values) {
        return mail(template, dedupKey, to, values, Messages.ENGLISH);
    }

    /** A mail to a customer from a named template, in their language ({@link #language}). */
    public Notice mail(String template, String dedupKey, String to, Map<String, Object> values, Locale locale) {
        Map<String, Object> scope = new HashMap<>(values);
        if (requestForm != null) scope.put("requestForm", requestForm);
        // the portal's list of requests, where a customer signs in (null when the portal is off)
        if (portalRequests != null) scope.putIfAbsent("portalRequests", portalRequests.substring(0, portalRequests.length() - 1));
        Templates.Rendered mail = templates.render(template, locale, scope);
        return new Notice(dedupKey, Notice.MAIL, to, mail.subject(), mail.body());
    }

    /** The language a customer reads: the request's own, else the customer's setting, else English (notify/Languages). */
    public Locale language(String requested, String customerId) {
        return languages.forNotice(requested, customerId);
    }

    /** A request's state in the customer's words. */
    public String stateText(RequestState state, Locale locale) {
        return languages.messages().text(locale, "notice.state." + state.name());
    }

    Locale localeOf(ExceptionRequest r) {
        return language(r.language(), r.customer() == null ? null : r.customer().id());
    }

    /**
     * Where an approval mail's decision links go: they are minted when the mail is sent
     * (pipeline/approval/DecisionLinks#mailBody), so what is stored and shown never holds a live link.
     */
    public static final String APPROVE_LINK = "[approve link: issued when this mail is sent]";
    public static final String DENY_LINK = "[deny link: issued when this mail is sent]";
    /** The request's page in the workspace; the hub's address is written in when the mail is sent. */
    public static final String REVIEW_LINK = "[review link: written when this mail is sent]";
    /** Outbox keys of approval mails: approval:REF:rROUND:lLEVEL:APPROVER, the binding of their links. */
    public static final String APPROVAL_KEY_PREFIX = "approval:";

    /** The review package to one approver; its two single-use decision links are written in when it is sent. */
    public Notice approvalRequest(String reference, int round, ApprovalLevel level, Approver approver, Map<String, Object> review) {
        ExceptionRequest r = (ExceptionRequest) review.get("request");
        RiskResult risk = (RiskResult) review.get("risk");
        ApprovalRoute route = (ApprovalRoute) review.get("route");
        Map<String, Object> s = requestScope(reference, r, Messages.ENGLISH);
        s.put("approverName", approver.name());
        s.put("round", round);
        s.put("level", level.level());
        s.put("levelCount", route.levels().size());
        s.put("role", level.role());
        s.put("mode", level.mode() == ApprovalLevel.Mode.QUORUM ? "a quorum of " + level.quorum() : level.mode() == ApprovalLevel.Mode.ALL ? "all" : "one");
        s.put("justificationLines", quoted(r.justification()));
        s.put("revenue", r.revenueImpact() == null ? "not given" : r.revenueImpact().toPlainString() + " " + (r.currency() == null ? "" : r.currency()));
        s.put("riskScore", risk.score());
        s.put("riskLevel", risk.level());
        s.put("contributions", risk.contributions());
        s.put("routeExplanation", route.explanation());
        s.put("levels", route.levels());
        s.put("precedents", review.get("precedents"));
        s.put("precedentShare", review.get("precedentShare"));
        s.put("approveUrl", APPROVE_LINK);
        s.put("denyUrl", DENY_LINK);
        s.put("reviewUrl", REVIEW_LINK);
        Templates.Rendered mail = templates.render("approval-request", s);
        return marked(r, new Notice(APPROVAL_KEY_PREFIX + reference + ":r" + round + ":l" + level.level() + ":" + approver.id(), Notice.MAIL,
                approver.email(), mail.subject(), mail.body()));
    }

    /**
     * Where a sign-in link goes: minted when the mail is sent (access/SignInLinks#mailBody), so the
     * stored mail never holds a live link.
     */
    public static final String SIGN_IN_LINK = "[sign-in link: issued when this mail is sent]";
    /** Outbox keys of sign-in mails: sign-in-link:LINK_ID, the row whose token is minted at sending. */
    public static final String SIGN_IN_KEY_PREFIX = "sign-in-link:";

    /** A person's sign-in link (docs/identity.md); the link itself is written in when the mail is sent. */
    public Notice signInLink(String linkId, Approver person, long minutes) {
        Templates.Rendered mail = templates.render("sign-in-link", Map.of("name", person.name(), "link", SIGN_IN_LINK, "minutes", minutes));
        return new Notice(SIGN_IN_KEY_PREFIX + linkId, Notice.MAIL, person.email(), mail.subject(), mail.body());
    }

    /** Outbox keys of the portal's sign-in mails (docs/portal.md): portal-sign-in-link:LINK_ID, minted at sending like a person's. */
    public static final String PORTAL_SIGN_IN_KEY_PREFIX = "portal-sign-in-link:";

    /** A customer's portal sign-in link, to the address they typed; the link itself is written in when the mail is sent. */
    public Notice portalSignInLink(String linkId, String email, long minutes) {
        Templates.Rendered mail = templates.render("portal-sign-in-link", Map.of("link", SIGN_IN_LINK, "minutes", minutes));
        return new Notice(PORTAL_SIGN_IN_KEY_PREFIX + linkId, Notice.MAIL, email, mail.subject(), mail.body());
    }

    /**
     * The policy owner's mail of the review patterns of a period (pipeline/patterns), one per
     * recipient; {@code dueOn} (the cadence's day) makes it once per period.
     */
    public List<Notice> policyPatterns(String dueOn, String from, String to, io.lexhub.insight.ReviewPatterns p, List<String> recipients) {
        Map<String, Object> s = new HashMap<>();
        s.put("from", from);
        s.put("to", to);
        s.put("empty", p.empty());
        s.put("threshold", p.settings().repeatedGrantThreshold());
        s.put("tolerance", io.lexhub.insight.ReviewPatterns.plain(p.settings().similarTermsTolerancePercent()));
        s.put("chainLimit", p.settings().renewalChainLimit());
        s.put("high", io.lexhub.insight.ReviewPatterns.plain(p.settings().overrideHighScore()));
        s.put("low", io.lexhub.insight.ReviewPatterns.plain(p.settings().overrideLowScore()));
        s.put("repeatedGrants", p.repeatedGrants().stream().map(g -> {
            Map<String, Object> m = new HashMap<>();
            m.put("type", g.type());
            m.put("product", g.product());
            m.put("similar", g.similar());
            m.put("granted", g.granted());
            if (g.medianSeats() != null) m.put("medianSeats", g.medianSeats().toPlainString());
            if (g.medianDiscountPercent() != null) m.put("medianDiscountPercent", g.medianDiscountPercent().toPlainString());
            if (g.medianDurationDays() != null) m.put("medianDurationDays", g.medianDurationDays().toPlainString());
            m.put("references", String.join(", ", g.references()));
            return m;
        }).toList());
        s.put("longChains", p.longChains().stream().map(c -> Map.<String, Object>of("chain", c.chain(), "type", c.type(), "product", c.product(),
                "customerId", c.customerId() == null ? "" : c.customerId(), "renewals", c.renewals(), "latest", c.latest(), "latestState", c.latestState()))
                .toList());
        s.put("overriddenRules", p.overriddenRules().stream().map(r -> Map.<String, Object>of("ruleId", r.ruleId(), "total", r.total(),
                "approvedAtHighScore", r.approvedAtHighScore(), "deniedAtLowScore", r.deniedAtLowScore(), "references", String.join(", ", r.references())))
                .toList());
        Templates.Rendered mail = templates.render("policy-patterns", s);
        List<Notice> out = new ArrayList<>();
        for (String recipient : recipients) {
            out.add(new Notice("policy-patterns:" + dueOn + ":" + recipient, Notice.MAIL, recipient, mail.subject(), mail.body()));
        }
        return out;
    }

    /** An internal mail about a request, marked PRACTICE in its subject and by a banner when the request is practice. */
    static Notice marked(ExceptionRequest r, Notice n) {
        if (!r.practiceRun()) return n;
        return new Notice(n.dedupKey(), n.channel(), n.recipient(), PRACTICE_SUBJECT + n.subject(), PRACTICE_BANNER + n.body());
    }

    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("(?i)\\b(https?|ftp)://");

    /**
     * The requester's text as quoted lines, its links made unclickable (hxxps://...): a
     * justification must not pass for the hub's own "Approve:" link, which only the DECIDE block has.
     */
    static List<String> quoted(String text) {
        if (text == null || text.isBlank()) return List.of("(none given)");
        return text.strip().lines().map(l -> URL.matcher(l).replaceAll(m -> m.group(1).toLowerCase(java.util.Locale.ROOT).replace("t", "x") + "://")).toList();
    }

    /** An approver's question to the requester; the request stays with the approvers. */
    public List<Notice> infoRequested(String reference, ExceptionRequest r, Approver approver, String question, java.time.Instant at) {
        String to = r.replyAddress();
        // a practice request's question stays in the workspace: the customer is never asked
        if (to == null || r.practiceRun()) return List.of();
        Locale locale = localeOf(r);
        Map<String, Object> s = requestScope(reference, r, locale);
        s.put("approverName", approver.name());
        s.put("question", question);
        Templates.Rendered mail = templates.render("info-requested", locale, s);
        return List.of(new Notice("info:" + reference + ":" + at.toEpochMilli() + ":" + approver.id(), Notice.MAIL, to, mail.subject(), mail.body()));
    }

    /** The customer summary of an approval and the internal note with terms, risks and costs. */
    public List<Notice> approved(String reference, int round, ExceptionRequest r, RiskResult risk, String rationale, List<String> conditions,
            List<Map<String, Object>> approvals, List<String> internal) {
        List<Notice> out = decisionNotices(reference, round, r, "decision-approved", locale -> {
            Map<String, Object> s = requestScope(reference, r, locale);
            s.put("rationale", rationale);
            s.put("conditions", conditions);
            s.put("hasConditions", !conditions.isEmpty());
            s.put("byPolicy", approvals.isEmpty());
            s.put("approvals", approvals);
            s.put("riskScore", risk.score());
            s.put("riskLevel", risk.level());
            s.put("contributions", risk.contributions());
            s.put("revenue", r.revenueImpact() == null ? "not given" : r.revenueImpact().toPlainString() + " " + (r.currency() == null ? "" : r.currency()));
            return s;
        }, internal);
        out.addAll(events.decided(reference, round, r, true));
        return out;
    }

    /** The denial to the customer (why, and what could change the outcome) and the internal note. */
    public List<Notice> denied(String reference, int round, ExceptionRequest r, String rationale, List<String> internal) {
        List<Notice> out = decisionNotices(reference, round, r, "decision-denied", locale -> {
            Map<String, Object> s = requestScope(reference, r, locale);
            s.put("rationale", rationale);
            s.put("denied", true);
            s.put("revenue", r.revenueImpact() == null ? "not given" : r.revenueImpact().toPlainString() + " " + (r.currency() == null ? "" : r.currency()));
            return s;
        }, internal);
        out.addAll(events.decided(reference, round, r, false));
        return out;
    }

    /** The customer's mail in their language, the internal note in English, from one scope per language. */
    private List<Notice> decisionNotices(String reference, int round, ExceptionRequest r, String template,
            java.util.function.Function<Locale, Map<String, Object>> scope, List<String> internal) {
        List<Notice> out = new ArrayList<>();
        if (r.replyAddress() != null && !r.practiceRun()) {
            Locale locale = localeOf(r);
            Templates.Rendered mail = templates.render(template, locale, scope.apply(locale));
            out.add(new Notice("decision:" + reference + ":r" + round + ":customer", Notice.MAIL, r.replyAddress(), mail.subject(), mail.body()));
        }
        Templates.Rendered note = templates.render("decision-internal", scope.apply(Messages.ENGLISH));
        for (String to : internal) {
            out.add(marked(r, new Notice("decision:" + reference + ":r" + round + ":internal:" + to, Notice.MAIL, to, note.subject(), note.body())));
        }
        return out;
    }

    /**
     * The customer withdrew their request: the confirmation to the requester, in their language, and
     * a note to each approver whose level was open (they need not decide it any more), in English.
     */
    public List<Notice> withdrawn(String reference, ExceptionRequest r, String reason, List<String> approvers) {
        List<Notice> out = new ArrayList<>();
        boolean hasReason = reason != null && !reason.isBlank();
        if (r.replyAddress() != null && !r.practiceRun()) {
            Locale locale = localeOf(r);
            Map<String, Object> s = requestScope(reference, r, locale);
            if (hasReason) s.put("reason", reason.strip());
            Templates.Rendered mail = templates.render("request-withdrawn", locale, s);
            out.add(new Notice("withdrawn:" + reference + ":customer", Notice.MAIL, r.replyAddress(), mail.subject(), mail.body()));
        }
        Map<String, Object> s = requestScope(reference, r, Messages.ENGLISH);
        if (hasReason) s.put("reason", reason.strip());
        Templates.Rendered note = templates.render("request-withdrawn-internal", s);
        for (String to : approvers) {
            out.add(marked(r, new Notice("withdrawn:" + reference + ":approver:" + to, Notice.MAIL, to, note.subject(), note.body())));
        }
        return out;
    }

    String text(Locale locale, String key, Object... args) {
        return languages.messages().text(locale, key, args);
    }

    /** A type in the customer's words: "extra seats", "zusätzliche Nutzerlizenzen". */
    String typeText(String type, Locale locale) {
        return languages.messages().has("notice.type." + type) ? text(locale, "notice.type." + type) : type.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** A date as the customer's language writes it (notice.date: ISO in English, "1. März 2027" in German). */
    String date(java.time.LocalDate day, Locale locale) {
        String pattern = text(locale, "notice.date");
        return DATE_FORMATS.computeIfAbsent(pattern + '|' + locale.toLanguageTag(), k -> java.time.format.DateTimeFormatter.ofPattern(pattern, locale))
                .format(day);
    }

    /**
     * Formatters made once per pattern and language: building them for every mail (the pattern
     * parsed, the locale's symbols looked up) was 4 % of the intake's CPU in a JFR profile (issue 24).
     * A DateTimeFormatter is immutable; a NumberFormat is not thread-safe, so each thread keeps its own.
     */
    private static final Map<String, java.time.format.DateTimeFormatter> DATE_FORMATS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ThreadLocal<Map<Locale, java.text.NumberFormat>> NUMBER_FORMATS = ThreadLocal.withInitial(java.util.HashMap::new);

    static String number(Number n, Locale locale) {
        java.text.NumberFormat f = NUMBER_FORMATS.get().computeIfAbsent(locale, l -> {
            java.text.NumberFormat made = java.text.NumberFormat.getNumberInstance(l);
            made.setMaximumFractionDigits(2);
            return made;
        });
        return f.format(n);
    }

    /** What every mail about a request can show: reference, customer, product, type, period and terms. */
    Map<String, Object> requestScope(String reference, ExceptionRequest r, Locale locale) {
        Map<String, Object> s = new HashMap<>();
        s.put("reference", reference);
        s.put("customerName", r.customer() == null || r.customer().name() == null ? text(locale, "notice.customer") : r.customer().name());
        s.put("customerId", r.customer() == null ? "" : r.customer().id());
        s.put("product", r.product() == null ? text(locale, "notice.noProduct") : r.product());
        s.put("edition", r.edition());
        s.put("type", r.type() == null ? text(locale, "notice.noType") : typeText(r.type().name(), locale));
        if (r.terms() != null) {
            Terms t = r.terms();
            if (t.start() != null && t.effectiveEnd() != null) {
                s.put("start", date(t.start(), locale));
                s.put("end", date(t.effectiveEnd(), locale));
                s.put("period", text(locale, "notice.period", date(t.start(), locale), date(t.effectiveEnd(), locale),
                        number(t.effectiveDurationDays(), locale)));
            }
            List<String> lines = new ArrayList<>();
            if (t.seats() != null) lines.add(text(locale, "notice.seats", number(t.seats(), locale)));
            if (t.discountPercent() != null) lines.add(text(locale, "notice.discount", number(t.discountPercent(), locale)));
            if (!t.features().isEmpty()) lines.add(text(locale, "notice.features", String.join(", ", t.features())));
            if (!t.regions().isEmpty()) lines.add(text(locale, "notice.regions", String.join(", ", t.regions())));
            if (t.deployment() != null) lines.add(text(locale, "notice.deployment", t.deployment()));
            s.put("termLines", lines);
        }
        // greet by name only when the mail goes to the requester; the customer contact may be someone else
        boolean toRequester = r.requester() != null && r.replyAddress() != null && r.replyAddress().equals(r.requester().email());
        if (toRequester && r.requester().name() != null) s.put("recipientName", r.requester().name());
        // the request's page in the portal; signing in there lands on it (a reference only, never a credential)
        if (portalRequests != null) s.put("portalLink", portalRequests + reference);
        return s;
    }

    private Map<String, Object> scope(String reference, RequestState state, IntakeCase c, Locale locale) {
        Map<String, Object> s = requestScope(reference, c.request(), locale);
        s.put("state", state.name());
        List<Map<String, String>> issues = new ArrayList<>();
        for (Issue i : c.validation().issues()) {
            Map<String, String> issue = new HashMap<>(Map.of("field", i.field(), "message", i.message(), "line", line(i, locale)));
            String where = where(i.field(), c.raw().fieldNames());
            if (where != null) issue.put("where", where);
            issues.add(issue);
        }
        s.put("issues", issues);
        if (c.accepted()) {
            s.put("track", text(locale, "notice.track." + c.triage().track().name()));
            // the roles in the customer's words; never the router's reasons: rule ids and conditions are internal to the policy
            s.put("levels", c.route().levels().stream()
                    .map(l -> Map.of("level", l.level(), "role", languages.messages().has("notice.role." + l.role()) ? text(locale, "notice.role." + l.role()) : l.role()))
                    .toList());
        }
        s.put("policyVersion", c.policy().version());
        return s;
    }

    /**
     * Where the submitter fills in a request field on their channel's form (a Jira field's name),
     * for a field or the fields under it ("requester" -> the names of requester.name and .email);
     * null when the channel has no form of its own.
     */
    static String where(String field, Map<String, String> fieldNames) {
        if (fieldNames.containsKey(field)) return fieldNames.get(field);
        List<String> under = fieldNames.entrySet().stream().filter(e -> e.getKey().startsWith(field + ".")).map(Map.Entry::getValue).distinct().toList();
        return under.isEmpty() ? null : String.join("\", \"", under);
    }

    /** When a waiver ends, in words: "today", "tomorrow", "in 7 days". */
    static String endsIn(int daysLeft) {
        return switch (daysLeft) {
            case 0 -> "today";
            case 1 -> "tomorrow";
            default -> "in " + daysLeft + " days";
        };
    }

    String endsIn(int daysLeft, Locale locale) {
        return daysLeft == 0 || daysLeft == 1 ? text(locale, "notice.endsIn." + daysLeft) : text(locale, "notice.endsIn.n", number(daysLeft, locale));
    }

    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("EXC-\\d{4}-\\d{6,}");

    /**
     * An issue as one line of a mail in the customer's language: English quotes the validator's own
     * text; another language says what its code means for the field, naming the references the text
     * names (an overlapping exception), and quotes the English text only for a code it has no words for.
     */
    String line(Issue i, Locale locale) {
        Messages m = languages.messages();
        if (locale.getLanguage().equals(Messages.ENGLISH.getLanguage()) || !m.has("issue." + i.code())) return line(i);
        List<String> refs = REFERENCE.matcher(i.message()).results().map(java.util.regex.MatchResult::group).distinct().toList();
        return i.field() + ": " + m.text(locale, "issue." + i.code()) + (refs.isEmpty() ? "" : " " + m.text(locale, "issue.references", String.join(", ", refs)));
    }

    /** An issue as one line of a mail: its message, after its field only when the message does not name the field itself. */
    static String line(Issue i) {
        return i.message().contains(i.field()) ? i.message() : i.field() + ": " + i.message();
    }
}
