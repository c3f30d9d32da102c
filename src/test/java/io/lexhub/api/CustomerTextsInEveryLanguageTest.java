package io.lexhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.approval.ApprovalRouter;
import io.lexhub.approval.Approver;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.ParsedRequest;
import io.lexhub.intake.RawSubmission;
import io.lexhub.intake.RequestParser;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.model.RiskResult;
import io.lexhub.notify.Languages;
import io.lexhub.notify.Messages;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.validation.RequestValidator;
import io.lexhub.workspace.HowItWorks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every customer notice and the public page, rendered in every language from the shipped files
 * (config/messages, config/templates) with realistic models (the examples, assessed by the real
 * domain classes): no missing message, no unresolved {{placeholder}}, no English left in a German
 * text, dates and numbers written the language's way; and the page shows nothing the policy keeps
 * internal.
 */
class CustomerTextsInEveryLanguageTest {

    static final Path CONFIG = Path.of("config");
    static final Locale GERMAN = Locale.GERMAN;
    /** Words and phrases of the English texts that a German text must not contain (matched as whole words). */
    static final List<String> ENGLISH = List.of("Hello", "we", "the", "your", "and", "is", "has", "been", "received", "request", "desk", "days",
            "additional seats", "discount", "fast track", "standard track", "today", "tomorrow", "approved", "pending", "awaiting", "Skip",
            "How", "Exception", "Business", "Track", "Longest", "none", "seats", "licensing", "sales", "finance", "legal");

    final Messages messages = Messages.load(CONFIG.resolve("messages"));
    final Policy policy = PolicyLoader.load(CONFIG.resolve("policy.yaml"));
    final String form = read(CONFIG.resolve("templates/mail-request-form.txt")).strip();
    final Templates templates = new Templates(CONFIG.resolve("templates"));

    @Test
    void everyLanguageHasEveryMessage() {
        assertThat(messages.languages()).contains("en", "de");
        assertThat(messages.missing()).as("keys of en.properties another language lacks").isEmpty();
    }

    @Test
    void everyCustomerNoticeIsWrittenInEveryLanguage() {
        for (String language : messages.languages()) {
            Locale locale = Locale.forLanguageTag(language);
            Map<String, Notice> rendered = customerNotices(language);
            assertThat(rendered).as(language).hasSize(14);
            rendered.forEach((name, n) -> {
                String text = n.subject() + "\n" + n.body().replace(form, "").replace("config/schema/request.schema.json", "");
                assertThat(text).as(language + " " + name).doesNotContain("{{", "}}").doesNotContain("null");
                if (!language.equals("en")) {
                    for (String word : ENGLISH) {
                        assertThat(Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(text).find())
                                .as(language + " " + name + " has English '" + word + "':\n" + text).isFalse();
                    }
                }
            });
            if (language.equals("de")) {
                String approved = rendered.get("decision-approved").body().replaceAll("\\s+", " ");
                assertThat(approved).contains("Vom 1. Januar 2027 bis einschließlich 31. Dezember 2027", "25 % Rabatt");
                assertThat(rendered.get("acknowledgement").body()).contains("Guten Tag,", "1. Lizenzmanagement", "Zeitraum:   1. Januar 2027 bis 31. Dezember 2027 (365 Tage)");
                assertThat(rendered.get("expiry-reminder").body().replaceAll("\\s+", " ")).contains("endet in 7 Tagen, am 31. Dezember 2027");
                assertThat(rendered.get("needs-info").body().replaceAll("\\s+", " ")).contains("fehlt: bitte ergänzen");
                System.out.println("[languages] de acknowledgement:\n" + rendered.get("acknowledgement").subject() + "\n" + rendered.get("acknowledgement").body());
            } else {
                assertThat(rendered.get("decision-approved").body().replaceAll("\\s+", " ")).contains("From 2027-01-01 to 2027-12-31", "25% discount");
            }
            // every mail about a request links its page in the portal, where signing in lands
            for (String name : List.of("acknowledgement", "needs-info", "info-requested", "decision-approved", "decision-denied", "decision-delayed",
                    "expiry-reminder", "waiver-revoked", "waiver-sunset", "waiver-amended")) {
                assertThat(rendered.get(name).body()).as(language + " " + name).contains(PORTAL + "/requests/EXC-2027-00010");
            }
            assertThat(rendered.get("waiver-amended").body()).as(language).contains(language.equals("de")
                    ? "sie endet jetzt am 30. Juni 2027 statt am 31. Dezember 2027" : "it now ends on 2027-06-30 instead of 2027-12-31");
            assertThat(locale.getLanguage()).isEqualTo(language);
        }
    }

    @Test
    void thePublicPageIsWrittenInEveryLanguageAndKeepsThePolicysInternalsToItself() {
        HowItWorks how = new HowItWorks(new PolicyHolder(policy), messages);
        for (String language : messages.languages()) {
            Locale locale = Locale.forLanguageTag(language);
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("m", messages.in(locale));
            model.put("page", how.page(locale));
            model.put("languages", Map.of("en", "English", "de", "Deutsch"));
            String html = Pages.render("portal-how-it-works.jte", model);
            String text = html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
            assertThat(html).as(language).contains("<html lang=\"" + language + "\"").doesNotContain("{{", "{0}", "{1}");
            for (String secret : internals()) {
                assertThat(Pattern.compile("(?<![\\w.,-])" + Pattern.quote(secret) + "(?![\\w%-]|[.,]\\d)").matcher(text).find())
                        .as(language + ": the page shows the internal value '" + secret + "'").isFalse();
            }
            if (language.equals("de")) {
                assertThat(text).contains("So funktionieren Lizenzausnahmen bei uns", "1.095 Tage", "Zusätzliche Nutzerlizenzen", "Beschleunigtes Verfahren",
                        "Montag, Dienstag", "30, 7 und 1 Tage");
                for (String word : ENGLISH) {
                    assertThat(Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(text.replace("lexhub", "")).find())
                            .as("German page has English '" + word + "'").isFalse();
                }
            } else {
                assertThat(text).contains("How license exceptions work here", "1,095 days", "Extra seats", "Fast track", "Monday, Tuesday", "30, 7 and 1 days");
            }
        }
    }

    @Test
    void thePortalsAskFormIsWrittenInEveryLanguage() {
        io.lexhub.portal.AskForm forms = new io.lexhub.portal.AskForm(new PolicyHolder(policy), java.time.Clock.systemUTC(), java.time.ZoneOffset.UTC);
        for (String language : messages.languages()) {
            Messages.Text m = messages.in(Locale.forLanguageTag(language));
            for (String type : List.of("DISCOUNT", "EXTRA_SEATS", "DEPLOYMENT_RIGHTS")) {
                Map<String, String> errors = new LinkedHashMap<>();
                forms.document(m, type, Map.of("term-seats", "many"), new io.lexhub.portal.AskForm.Asker("CUST-1", "Kunde GmbH", "jo@kunde.example", null),
                        errors);
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("viewer", new PortalViewer("jo@kunde.example", "Kunde GmbH", false, true, "t", "ask"));
                model.put("m", m);
                model.put("form", forms.form(m, type, Map.of("renews", "EXC-2027-000101"), errors, null));
                model.put("maxFiles", 5);
                model.put("maxMegabytes", 10L);
                String html = Pages.render("portal-ask.jte", model);
                String text = html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
                assertThat(html).as(language + " " + type).contains("<html lang=\"" + language + "\"").doesNotContain("{0}", "{1}", "null");
                assertThat(errors).as(language + " " + type).containsKeys("why-enables", "why-without", "name", "revenueImpact");
                if (language.equals("de")) {
                    assertThat(text).contains("Ausnahme beantragen", "Was ohne sie geschieht", "Antrag prüfen", "Bitte prüfen Sie Ihre Angaben");
                    for (String word : ENGLISH) {
                        assertThat(Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(text.replace("lexhub", "")).find())
                                .as("German ask form (" + type + ") has English '" + word + "'").isFalse();
                    }
                } else {
                    assertThat(text).contains("Ask for an exception", "What happens without it", "Check my request");
                }
            }
        }
    }

    /**
     * Every other portal page (our requests, a request with its timeline, form and decision,
     * withdraw, our waivers, the unconfirmed organisation, the messages, sign-in), rendered in every
     * language with the words, dates and numbers the read models make (portal/PortalWords): no
     * missing key, no English left in German.
     */
    @Test
    void everyPortalPageIsWrittenInEveryLanguage() {
        io.lexhub.portal.SupplementForm supplement = new io.lexhub.portal.SupplementForm(CONFIG.resolve("schema/request.schema.json"));
        for (String language : messages.languages()) {
            Messages.Text m = messages.in(Locale.forLanguageTag(language));
            io.lexhub.portal.PortalWords words = new io.lexhub.portal.PortalWords(m);
            PortalViewer viewer = new PortalViewer("jo@kunde.example", "Kunde GmbH", false, true, "t", "requests");
            Map<String, String> pages = new LinkedHashMap<>();
            LocalDate today = LocalDate.of(2027, 3, 1);
            String what = words.what("EXTRA_SEATS", "Meridian Data Platform");
            var rows = List.of(new io.lexhub.portal.PortalRequests.Row("EXC-2027-000101", what, words.requestState("PENDING_APPROVAL"), "pending_approval",
                    words.date(today)), new io.lexhub.portal.PortalRequests.Row("EXC-2027-000102", words.what("DISCOUNT", null),
                    words.requestState("NEEDS_INFO"), "needs_info", words.date(today)));
            pages.put("requests", render("portal-requests.jte", Map.of("viewer", viewer, "m", m, "page",
                    new io.lexhub.portal.PortalRequests.Page(rows, 45, 2, 3))));
            pages.put("requests-empty", render("portal-requests.jte", Map.of("viewer", viewer, "m", m, "page",
                    new io.lexhub.portal.PortalRequests.Page(List.of(), 0, 1, 1))));
            io.lexhub.model.Terms terms = new io.lexhub.model.Terms(1250, null, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31), null, List.of(),
                    List.of(), null);
            List<io.lexhub.portal.RequestTimeline.Step> steps = List.of(
                    new io.lexhub.portal.RequestTimeline.Step(m.t("portal.step.received"), m.t("portal.status.done"),
                            words.dateTime(Instant.parse("2027-01-05T09:30:00Z"), java.time.ZoneOffset.UTC)),
                    new io.lexhub.portal.RequestTimeline.Step(m.t("portal.step.assessed"), m.t("portal.status.waitingForYou"), null),
                    new io.lexhub.portal.RequestTimeline.Step(m.t("portal.step.level", words.team("licensing"), 1, 2), m.t("portal.status.decidingNow"), null),
                    new io.lexhub.portal.RequestTimeline.Step(m.t("portal.step.level", words.team("finance"), 2, 2), m.t("portal.status.toCome"), null),
                    new io.lexhub.portal.RequestTimeline.Step(m.t("portal.step.decision"), m.t("portal.status.toCome"), null));
            List<io.lexhub.model.Issue> missing = List.of(io.lexhub.model.Issue.missing("terms.end", "terms.end is required"),
                    io.lexhub.model.Issue.missing("dataSensitivity", "dataSensitivity is required"));
            var needsInfo = new io.lexhub.portal.RequestTimeline.View("EXC-2027-000102", what, words.terms(terms), words.requestState("NEEDS_INFO"),
                    "needs_info", steps, m.t("portal.request.expectedBy", words.date(today) + " (" + words.days(today.plusDays(12), today) + ")"),
                    missing.stream().map(i -> m.t("portal.missing", words.field(i.field()))).toList(), null, List.of(), null, missing,
                    words.type(io.lexhub.model.ExceptionType.EXTRA_SEATS), "Meridian Data Platform");
            Map<String, String> typed = Map.of("terms.end", "31.02.", "dataSensitivity", "X");
            Map<String, String> errors = new LinkedHashMap<>();
            var form = supplement.form(words, missing, typed, Map.of());
            supplement.supplied(words, form, errors);
            assertThat(errors).as(language).containsKeys("terms.end", "dataSensitivity");
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("viewer", viewer);
            model.put("m", m);
            model.put("request", needsInfo);
            model.put("form", supplement.form(words, missing, typed, errors));
            model.put("note", m.t("portal.request.notNeeded", words.requestState("APPROVED")));
            pages.put("request-needs-info", render("portal-request.jte", model));
            var decided = new io.lexhub.portal.RequestTimeline.View("EXC-2027-000101", what, words.terms(terms), words.requestState("APPROVED"),
                    "approved", steps, null, List.of(), words.requestState("APPROVED"), List.of(language.equals("de") ? "Bericht zum Quartalsende"
                    : "Report usage at each quarter end"), words.date(today), List.of(), words.type(io.lexhub.model.ExceptionType.EXTRA_SEATS), null);
            model.put("request", decided);
            model.put("form", null);
            model.put("note", m.t("portal.request.complete.state", words.requestState("APPROVED")));
            model.put("renewable", true);
            pages.put("request-decided", render("portal-request.jte", model));
            pages.put("withdraw", render("portal-withdraw.jte", Map.of("viewer", viewer, "m", m, "request", decided)));
            // changing the terms: the form with its terms, a problem beside a field and the missing reason
            List<io.lexhub.model.Issue> termFields = List.of(io.lexhub.model.Issue.missing("terms.seats", null),
                    io.lexhub.model.Issue.missing("terms.start", null));
            pages.put("amend", render("portal-amend.jte", Map.of("viewer", viewer, "m", m, "request", needsInfo, "form",
                    supplement.form(words, termFields, Map.of("terms.seats", "many", "terms.start", "2027-01-01"), Map.of("terms.seats",
                            m.t("portal.enter.whole", words.field("terms.seats")))), "rationale", "", "errors",
                    Map.of("rationale", m.t("portal.amend.reason.missing", 1000)))));
            var active = new io.lexhub.portal.OurWaivers.Active("EXC-2027-000101", what, words.terms(terms), List.of(language.equals("de")
                    ? "Bericht zum Quartalsende" : "Report usage at each quarter end"), words.date(terms.start()), words.date(terms.end()),
                    words.days(terms.end(), today), m.t("portal.waiver.settingUp"));
            var past = new io.lexhub.portal.OurWaivers.Past("EXC-2026-000007", words.what("DISCOUNT", "Meridian Data Platform"), words.waiverState("RENEWED"),
                    words.date(today.minusDays(3)));
            pages.put("waivers", render("portal-waivers.jte", Map.of("viewer", viewer, "m", m, "waivers",
                    new io.lexhub.portal.OurWaivers.View(List.of(active), List.of(past)))));
            pages.put("waivers-empty", render("portal-waivers.jte", Map.of("viewer", viewer, "m", m, "waivers",
                    new io.lexhub.portal.OurWaivers.View(List.of(), List.of()))));
            PortalViewer unconfirmed = new PortalViewer("jo@kunde.example", null, false, false, "t", "requests");
            var refused = new io.lexhub.store.OrganisationClaimStore.Claim(1, "jo@kunde.example", "kunde.example", "Kunde GmbH", null, null,
                    io.lexhub.lifecycle.OrganisationClaim.REFUSED, null, null, null, null, "—");
            pages.put("unconfirmed", render("portal-unconfirmed.jte", Map.of("viewer", unconfirmed, "m", m, "claim", refused, "values", Map.of(),
                    "errors", Map.of("company", m.t("portal.unconfirmed.enterCompany")))));
            pages.put("unconfirmed-asked", render("portal-unconfirmed.jte", Map.of("viewer", unconfirmed, "m", m, "claim", new io.lexhub.store
                    .OrganisationClaimStore.Claim(1, "jo@kunde.example", "kunde.example", "Kunde GmbH", null, null, io.lexhub.lifecycle.OrganisationClaim.ASKED,
                    null, null, null, null, null))));
            PortalViewer onBehalf = new PortalViewer("Sam Seller", "Kunde GmbH", true, true, "t", "waivers");
            pages.put("not-found", render("portal-message.jte", Map.of("m", m, "title", m.t("portal.notFound.title"), "paragraphs",
                    List.of(m.t("portal.notFound.text")), "viewer", onBehalf, "signIn", false)));
            for (String key : List.of("portal.signIn.tooMany", "portal.signedOut", "portal.signIn.off", "portal.link.used", "portal.link.otherBrowser",
                    "portal.link.invalid", "portal.confirmed", "portal.link.expired", "portal.signIn.check")) {
                pages.put(key, render("portal-message.jte", Map.of("m", m, "title", m.t(key + ".title"), "paragraphs", List.of(m.t(key + ".text", 15)),
                        "signIn", true)));
            }
            pages.put("sign-in", render("portal-sign-in.jte", Map.of("m", m, "email", "jo@", "error", m.t("portal.signIn.badEmail"))));
            pages.put("sign-in-link", render("portal-sign-in-link.jte", Map.of("m", m, "email", m.t("portal.signIn.link.you"), "minutes", 15L)));
            pages.forEach((name, html) -> {
                String text = html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").replace("&#39;", "'");
                assertThat(html).as(language + " " + name).contains("<html lang=\"" + language + "\"").doesNotContain("{0}", "{1}", "null");
                if (language.equals("de")) {
                    String own = text.replace("lexhub", "").replace("Meridian Data Platform", "").replace("Kunde GmbH", "");
                    for (String word : ENGLISH) {
                        assertThat(Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(own).find())
                                .as("German portal page " + name + " has English '" + word + "':\n" + own).isFalse();
                    }
                }
            });
            String request = pages.get("request-needs-info").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
            String waivers = pages.get("waivers").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
            if (language.equals("de")) {
                assertThat(request).contains("Anfrage EXC-2027-000102", "Wir benötigen weitere Angaben", "Ende: fehlt, bitte ergänzen",
                        "1.250 Nutzerlizenzen, 365 Tage, ab 1. Januar 2027", "Lizenzmanagement (Schritt 1 von 2)", "bis 1. März 2027 (in 12 Tagen)",
                        "5. Januar 2027, 09:30 Uhr");
                assertThat(waivers).contains("Unsere Ausnahmen", "31. Dezember 2027", "Genehmigt, wird eingerichtet", "Durch eine Verlängerung ersetzt");
                System.out.println("[languages] de portal request page:\n" + request);
            } else {
                assertThat(request).contains("Request EXC-2027-000102", "We need more information", "1,250 seats, 365 days, from 1 Jan 2027",
                        "Licensing team (step 1 of 2)", "by 1 Mar 2027 (in 12 days)", "5 Jan 2027 09:30");
                assertThat(waivers).contains("Our waivers", "31 Dec 2027", "Approved, being set up", "Replaced by a renewal");
            }
        }
    }

    private static String render(String template, Map<String, Object> model) {
        return Pages.render(template, new LinkedHashMap<>(model));
    }

    /**
     * What the policy keeps internal: risk weights, level bounds and rule points, rule and tier ids,
     * the fast-track, auto-approval and tier bounds, the maximum discount and seats, and the
     * approvers' names. A number the page publishes on purpose (a type's longest period, the
     * period rules, the service levels, the reminders) is not a secret even where an internal bound
     * has the same value.
     */
    private List<String> internals() {
        List<String> published = new ArrayList<>();
        policy.exceptionTypes().values().forEach(t -> published.add(String.valueOf(t.maxDurationDays())));
        published.add(String.valueOf(policy.periodOrDefault().maxStartAheadDays()));
        published.add(String.valueOf(policy.periodOrDefault().maxBackdateDays()));
        policy.lifecycle().sla().values().forEach(s -> published.add(number(s.slaHours())));
        policy.lifecycle().expiryReminderDays().forEach(d -> published.add(String.valueOf(d)));
        published.addAll(List.of("0", "1", "5", "8", "9", "17"));

        List<String> secret = new ArrayList<>();
        policy.risk().weights().values().forEach(w -> { secret.add(String.valueOf(w)); secret.add(String.valueOf(w).replace('.', ',')); });
        policy.risk().levels().forEach(l -> secret.add(number(l.min())));
        policy.risk().rules().forEach(r -> { secret.add(r.id()); secret.add(String.valueOf(r.points())); secret.add(r.explanation()); });
        policy.approval().tiers().forEach(t -> {
            secret.add(t.id());
            if (t.maxRiskScore() != null) secret.add(number(t.maxRiskScore()));
            if (t.maxRevenueImpact() != null) secret.add(number(t.maxRevenueImpact()));
            if (t.maxDurationDays() != null) secret.add(String.valueOf(t.maxDurationDays()));
        });
        policy.approval().extraLevels().forEach(x -> secret.add(x.id()));
        secret.add(number(policy.fastTrack().maxRevenueImpact()));
        secret.add(String.valueOf(policy.fastTrack().maxDurationDays()));
        if (policy.fastTrack().maxSeats() != null) secret.add(String.valueOf(policy.fastTrack().maxSeats()));
        if (policy.fastTrack().autoApprove() != null) {
            secret.add(number(policy.fastTrack().autoApprove().maxRevenueImpact()));
            secret.add(number(policy.fastTrack().autoApprove().maxRiskScore()));
        }
        policy.exceptionTypes().values().forEach(t -> {
            if (t.maxDiscountPercent() != null) secret.add(number(t.maxDiscountPercent()));
            if (t.maxSeats() != null) secret.add(String.valueOf(t.maxSeats()));
        });
        secret.add(String.valueOf(policy.lifecycle().reviewSampleShare()));
        for (String line : read(CONFIG.resolve("approvers.yaml")).lines().toList()) {
            var m = Pattern.compile("name: ([^,]+),").matcher(line);
            if (m.find()) secret.add(m.group(1).strip());
        }
        // numbers the page publishes, and their formatted forms, are not secrets
        List<String> out = new ArrayList<>();
        for (String s : secret) if (!published.contains(s)) out.add(s);
        for (String s : List.copyOf(out)) {
            if (s.matches("\\d{4,}")) {
                out.add(String.format(Locale.ENGLISH, "%,d", Long.parseLong(s)));
                out.add(String.format(Locale.GERMAN, "%,d", Long.parseLong(s)));
            }
        }
        assertThat(out).as("the secrets looked for").contains("0.3", "COM-01", "T1", "Alice Moreau", "10000", "10,000", "10.000", "35");
        return out;
    }

    private static String number(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static final String PORTAL = "https://lexhub.example.com/portal";

    /** The 14 customer notices of a request by a customer writing in this language, rendered by the real Notices. */
    private Map<String, Notice> customerNotices(String language) {
        // the waiver mails know the customer, not the request's language: the customer's setting says it
        Notices notices = new Notices(templates, Languages.of(messages, "CUST-10421: " + language), form, Notices.JiraTransitions.NONE, PORTAL);
        Map<String, Notice> out = new LinkedHashMap<>();
        Locale locale = Locale.forLanguageTag(language);
        IntakeCase accepted = assessed("volume-discount.json", language);
        out.put("acknowledgement", notices.forIntake("EXC-2027-000101", RequestState.PENDING_APPROVAL, accepted).get(0));
        out.put("needs-info", notices.forIntake("EXC-2027-000102", RequestState.NEEDS_INFO, assessed("missing-data.json", language)).get(0));
        out.put("rejected", notices.forIntake("EXC-2027-000103", RequestState.REJECTED, assessed("conflicting-terms.json", language)).get(0));
        ExceptionRequest r = accepted.request();
        Approver alice = new Approver("alice.moreau", "Alice Moreau", "alice.moreau@meridian-software.example", List.of("licensing"), 250000.0, null, null,
                null, null, null);
        boolean de = language.equals("de");
        out.put("info-requested", notices.infoRequested("EXC-2027-000101", r, alice, de ? "Gibt es eine unterschriebene Absichtserklärung?"
                : "Is there a signed letter of intent?", Instant.parse("2026-12-01T10:00:00Z")).get(0));
        RiskResult risk = new RiskScorer().score(r, policy);
        String why = de ? "Dreijährige Bindung, im Rahmen der Rabattrichtlinie." : "Three-year commitment, within the discount guidelines.";
        out.put("decision-approved", notices.approved("EXC-2027-000101", 1, r, risk, why, List.of(de ? "Bericht über die Nutzung zum Quartalsende"
                : "Report usage at each quarter end"), List.of(Map.of("level", 1, "rationale", why)), List.of("desk@meridian-software.example")).get(0));
        out.put("decision-denied", notices.denied("EXC-2027-000101", 1, r, why, List.of()).get(0));
        out.put("decision-delayed", notices.sla().delayed("EXC-2027-000101", 1, 1, r).get(0));
        String customer = r.customer().id();
        LocalDate end = LocalDate.of(2027, 12, 31);
        out.put("expiry-reminder", notices.waivers().expiryReminder("EXC-2027-000101", customer, "Brightwater Logistics GmbH", r.replyAddress(), r.product(),
                "DISCOUNT", end, 7, List.of()).get(0));
        out.put("waiver-revoked", notices.waivers().waiverEnded("EXC-2027-000101", "Brightwater Logistics GmbH", customer, r.replyAddress(), r.product(), "DISCOUNT",
                end, "{}", "revoked", why, List.of(), Instant.EPOCH).get(0));
        out.put("waiver-sunset", notices.waivers().waiverEnded("EXC-2027-000101", "Brightwater Logistics GmbH", customer, r.replyAddress(), r.product(), "DISCOUNT",
                end, "{}", "sunset", why, List.of(), Instant.EPOCH).get(0));
        out.put("waiver-amended", notices.waivers().waiverAmended("EXC-2027-000101", customer, "Brightwater Logistics GmbH", r.replyAddress(), r.product(),
                "DISCOUNT", Map.of("end", "2027-12-31", "seats", 30), Map.of("end", "2027-06-30", "seats", 20), why, List.of()).get(0));
        out.put("mail-correspondence", notices.mail("mail-correspondence", "k1", r.replyAddress(),
                Map.of("reference", "EXC-2027-000101", "state", notices.stateText(RequestState.PENDING_APPROVAL, locale)), locale));
        out.put("mail-not-accepted", notices.mail("mail-not-accepted", "k2", r.replyAddress(), Map.of(), locale));
        out.put("mail-unreadable", notices.mail("mail-unreadable", "k3", r.replyAddress(),
                Map.of("problems", List.of(de ? "Der Anhang ist leer." : "The attachment is empty.")), locale));
        return out;
    }

    /** An example request, in this language (its "language" field), assessed as intake assesses it (no overlaps on file). */
    private IntakeCase assessed(String example, String language) {
        String json = read(Path.of("examples/requests", example)).replaceFirst("\\{", "{\"language\": \"" + language + "\", ");
        RawSubmission raw = new RawSubmission(RawSubmission.MAIL, "x", example, "application/json", json.getBytes(), Instant.now());
        ParsedRequest parsed = new RequestParser(CONFIG.resolve("schema/request.schema.json")).parse(raw.content(), raw.formatHint());
        IntakeCase c = new IntakeCase(raw, "x", "sha", parsed.request(), parsed.issues(), policy, null, null, null, null, null);
        c = c.withValidation(new RequestValidator().validate(parsed, policy, LocalDate.of(2026, 12, 1), (cust, product, start, end) -> List.of()));
        if (!c.accepted()) return c;
        c = c.withTriage(new Triage().triage(c.request(), policy)).withRisk(new RiskScorer().score(c.request(), policy));
        return c.withRoute(new ApprovalRouter().route(c.request(), c.risk(), policy));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
