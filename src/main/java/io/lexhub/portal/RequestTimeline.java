package io.lexhub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.approval.LevelState;
import io.lexhub.lifecycle.BusinessCalendar;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.PortalStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request as its customer follows it in the portal (docs/portal.md, "Follow a request"): the
 * steps so far (received, assessed, each approval level by the team that decides, never a person
 * nor a risk weight, decided), the expected decision date from the policy's service levels on the
 * business calendar (as the SLA sweep computes a level's deadline: the open level's due time, plus
 * a full service level for each level still to come), what is missing when the request needs
 * information, and the decision with its conditions.
 */
public final class RequestTimeline {

    /** A step of the timeline: what, its status in words ("done", "now", "to come"), and when, if known. */
    public record Step(String title, String status, String when) {}

    /** What the page shows. {@code expected} null when there is nothing to wait for; {@code missing} only when information is needed. */
    public record View(String reference, String what, String terms, String state, String stateCode, List<Step> steps, String expected,
            List<String> missing, String outcome, List<String> conditions, String decided, List<Issue> missingFields, String typeName,
            String product) {
        /** While it waits for information or for approvers, the customer may still withdraw it (the lifecycle's moves to WITHDRAWN). */
        public boolean withdrawable() {
            return "needs_info".equals(stateCode) || "pending_approval".equals(stateCode);
        }
    }

    private final Tx tx;
    private final PortalStore store;
    private final ApprovalStore approvals;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public RequestTimeline(Tx tx, PortalStore store, ApprovalStore approvals, PolicyHolder policy, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.approvals = approvals;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    /** The request, only if it is this customer's (empty for another organisation's and for none alike). */
    public Optional<View> of(PortalWords words, String customerId, String reference) {
        if (customerId == null || reference == null || !reference.matches("[A-Z]{2,5}-\\d{4}-\\d{1,9}")) return Optional.empty();
        return tx.read(c -> {
            Optional<PortalStore.Detail> found = store.requestOf(c, customerId, reference);
            if (found.isEmpty()) return Optional.<View>empty();
            PortalStore.Detail d = found.get();
            int round = approvals.currentRound(c, reference);
            List<LevelState> levels = round == 0 ? List.of() : approvals.levels(c, reference, round);
            List<ApprovalStore.OpenLevel> open = approvals.openLevels(c, reference);
            Optional<PortalStore.DecisionRow> decision = store.decision(c, reference);
            return Optional.of(view(words, d, levels, open.isEmpty() ? null : open.get(0), decision.orElse(null)));
        });
    }

    private View view(PortalWords words, PortalStore.Detail d, List<LevelState> levels, ApprovalStore.OpenLevel open, PortalStore.DecisionRow decision) {
        ExceptionRequest r = Json.read(d.requestJson(), ExceptionRequest.class);
        JsonNode assessment = Json.readTree(d.assessmentJson());
        String state = d.state();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(words.m().t("portal.step.received"), status(words, "done"), words.dateTime(d.receivedAt(), zone)));
        boolean assessed = !"RECEIVED".equals(state) && !"NEEDS_INFO".equals(state) && !"REJECTED".equals(state);
        steps.add(new Step(words.m().t("portal.step.assessed"), status(words, assessed ? "done" : "NEEDS_INFO".equals(state) ? "waitingForYou"
                : "REJECTED".equals(state) ? "notAccepted" : "now"), null));
        int count = levels.size();
        for (LevelState l : levels) {
            String status = switch (l.status()) {
                case "APPROVED" -> "done";
                case "OPEN" -> "decidingNow";
                case "DENIED" -> "declined";
                case "VOID" -> "noLongerNeeded";
                default -> "toCome";
            };
            steps.add(new Step(words.m().t("portal.step.level", words.team(l.role()), l.level(), count), status(words, status), null));
        }
        boolean decided = decision != null && ("APPROVED".equals(state) || "DENIED".equals(state));
        steps.add(new Step(words.m().t("portal.step.decision"), status(words, decided ? "done" : "WITHDRAWN".equals(state) ? "withdrawn" : "toCome"),
                decided ? words.dateTime(decision.decidedAt(), zone) : null));
        List<String> missing = new ArrayList<>();
        List<Issue> missingFields = new ArrayList<>();
        if ("NEEDS_INFO".equals(state)) {
            for (JsonNode issue : assessment.path("validation").path("issues")) {
                if (!"MISSING".equals(issue.path("kind").asText())) continue;
                String field = issue.path("field").asText();
                // English quotes the validator's own, more detailed text; another language names the field in its words
                missing.add(words.m().language().equals("en") ? issue.path("message").asText(field) : words.m().t("portal.missing", words.field(field)));
                missingFields.add(Issue.missing(field, issue.path("message").asText()));
            }
        }
        List<String> conditions = new ArrayList<>();
        if (decided) Json.readTree(decision.conditionsJson()).forEach(n -> conditions.add(n.asText()));
        String terms = words.terms(r.terms());
        return new View(d.reference(), words.what(r.type() == null ? null : r.type().name(), r.product()), terms, words.requestState(state),
                state.toLowerCase(java.util.Locale.ROOT), steps, expected(words, state, assessment, levels, open), missing,
                decided ? words.requestState(state) : null, conditions,
                decided ? words.date(decision.decidedAt().atZoneSameInstant(zone).toLocalDate()) : null, missingFields,
                r.type() == null ? words.m().t("portal.request") : words.type(r.type()), r.product());
    }

    private static String status(PortalWords words, String key) {
        return words.m().t("portal.status." + key);
    }

    /**
     * The expected decision date, while approvers decide: the open level's deadline, plus the service
     * level of each level after it, in business hours; with the day relative to today.
     */
    private String expected(PortalWords words, String state, JsonNode assessment, List<LevelState> levels, ApprovalStore.OpenLevel open) {
        if (!"PENDING_APPROVAL".equals(state) || open == null) return null;
        Policy.Lifecycle rules = policy.current().lifecycle();
        ApprovalRoute route = assessment.has("route") ? Json.MAPPER.convertValue(assessment.get("route"), ApprovalRoute.class) : null;
        String track = assessment.path("triage").path("track").asText("STANDARD");
        Policy.Sla sla = route == null || route.tier() == null ? rules.sla().get(track) : rules.slaFor(track, route.tier());
        if (sla == null) return null;
        BusinessCalendar calendar = new BusinessCalendar(rules.calendar());
        Instant now = clock.instant();
        Instant from = open.dueAt() != null ? open.dueAt().toInstant() : calendar.plusBusinessHours(now, sla.slaHours());
        long after = levels.stream().filter(l -> l.level() > open.level()).count();
        Instant at = after == 0 ? from : calendar.plusBusinessHours(from, after * sla.slaHours());
        LocalDate day = at.atZone(zone).toLocalDate();
        return words.m().t("portal.request.expectedBy", words.date(day) + " (" + words.days(day, LocalDate.now(clock.withZone(zone))) + ")");
    }
}
