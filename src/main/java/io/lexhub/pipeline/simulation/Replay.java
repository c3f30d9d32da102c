package io.lexhub.pipeline.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.approval.ApprovalRouter;
import io.lexhub.approval.AutoApproval;
import io.lexhub.intake.ParsedRequest;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import io.lexhub.model.RiskContribution;
import io.lexhub.model.RiskResult;
import io.lexhub.model.TriageResult;
import io.lexhub.model.ValidationResult;
import io.lexhub.policy.Policy;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.store.AssessmentHistory;
import io.lexhub.validation.ConflictLookup;
import io.lexhub.validation.RequestValidator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Replays one stored request through a candidate policy with the domain classes direct:intake uses
 * (RequestValidator, Triage, RiskScorer, ApprovalRouter, AutoApproval) and compares the result with
 * the assessment as stored. What changes over time is held as it was (docs/policy.md, "What the
 * replay holds fixed"): "today" is the day the request was last assessed, the overlap with other
 * requests and the renewal rule's findings are the stored ones, a renewal's place in its chain is
 * that of the waiver it renews. Stateless apart from what it is given: one instance serves every
 * worker thread.
 */
public final class Replay {

    private final RequestValidator validator = new RequestValidator();
    private final Triage triage = new Triage();
    private final RiskScorer scorer = new RiskScorer();
    private final ApprovalRouter router = new ApprovalRouter();
    private final Policy candidate;
    private final Function<String, Policy> assessedUnder;
    private final ZoneId zone;
    private final Map<String, Instant> reassessedAt;
    private final Map<String, Integer> renewalCounts;

    /**
     * @param assessedUnder the policy a stored request was assessed under, by its digest (null
     *        digest or a text not on file: the policy in force); it tells the issues its rules found
     *        from those found before them (parse) or beside them (overlaps, renewals)
     */
    public Replay(Policy candidate, Function<String, Policy> assessedUnder, ZoneId zone, Map<String, Instant> reassessedAt,
            Map<String, Integer> renewalCounts) {
        this.candidate = candidate;
        this.assessedUnder = assessedUnder;
        this.zone = zone;
        this.reassessedAt = reassessedAt;
        this.renewalCounts = renewalCounts;
    }

    /** The difference the candidate makes to this request, or empty when it makes none. */
    public Result replay(AssessmentHistory.Row row) {
        ExceptionRequest r = Json.read(row.requestJson(), ExceptionRequest.class);
        JsonNode stored = Json.readTree(row.assessmentJson());
        Policy before = assessedUnder.apply(row.policySha256());
        LocalDate today = LocalDate.ofInstant(reassessedAt.getOrDefault(row.reference(), row.receivedAt()), zone);
        List<Issue> storedIssues = issues(stored.path("validation").path("issues"));

        // what the old rules found themselves is found again by the candidate's; the rest is kept as stored
        // (most requests had no issue at all: nothing to sort out, no second validation)
        List<Issue> kept = storedIssues;
        if (!storedIssues.isEmpty()) {
            Set<String> ownFindings = new HashSet<>();
            for (Issue i : validator.validate(new ParsedRequest(r, List.of()), before, today, ConflictLookup.NONE).issues()) ownFindings.add(key(i));
            kept = storedIssues.stream().filter(i -> !ownFindings.contains(key(i))).toList();
        }
        ValidationResult v = validator.validate(new ParsedRequest(r, kept), candidate, today, ConflictLookup.NONE);

        Outcome was = storedOutcome(stored, row.autoApproved(), before);
        Outcome now = v.accepted() ? accepted(r, today) : new Outcome(v.verdict().name(), null, null, null, null, List.of(), false, 0,
                Map.of(), Map.of(), Set.of());
        List<String> changed = was.changesTo(now);
        Optional<Difference> diff = changed.isEmpty() ? Optional.empty()
                : Optional.of(new Difference(row.reference(), row.receivedAt(), changed, was, now, rules(was, now, storedIssues, v.issues())));
        return new Result(was, now, diff);
    }

    /** The stored and the replayed outcome, and the difference when there is one. */
    public record Result(Outcome before, Outcome after, Optional<Difference> difference) {}

    private Outcome accepted(ExceptionRequest r, LocalDate today) {
        int renewal = r.renews() == null || !renewalCounts.containsKey(r.renews()) ? 0 : renewalCounts.get(r.renews()) + 1;
        TriageResult t = triage.triage(r, candidate, today, renewal);
        RiskResult risk = scorer.score(r, candidate);
        ApprovalRoute route = router.route(r, risk, candidate);
        boolean auto = AutoApproval.rationale(r, t, risk, candidate).isPresent();
        Map<String, Integer> points = new LinkedHashMap<>();
        for (RiskContribution c : risk.contributions()) if (isRule(c.ruleId())) points.merge(c.ruleId(), c.points(), Integer::sum);
        List<String> chain = route.levels().stream().map(Replay::seat).toList();
        return new Outcome("ACCEPTED", t.track().name(), risk.score(), risk.level(), route.tier(), chain, auto,
                auto ? 0 : slaHours(candidate, t.track().name(), route.tier(), chain.size()), points, criteria(t.reasons()), extraLevels(route.ruleId()));
    }

    private static Outcome storedOutcome(JsonNode a, boolean autoApproved, Policy under) {
        String verdict = a.path("validation").path("verdict").asText(null);
        if (!"ACCEPTED".equals(verdict)) return new Outcome(verdict, null, null, null, null, List.of(), false, 0, Map.of(), Map.of(), Set.of());
        Map<String, Integer> points = new LinkedHashMap<>();
        for (JsonNode c : a.path("risk").path("contributions")) {
            if (isRule(c.path("ruleId").asText())) points.merge(c.path("ruleId").asText(), c.path("points").asInt(), Integer::sum);
        }
        List<String> chain = new ArrayList<>();
        for (JsonNode l : a.path("route").path("levels")) {
            chain.add(seat(l.path("role").asText(), l.path("mode").asText(), l.path("quorum").isNumber() ? l.path("quorum").asInt() : null));
        }
        List<String> reasons = new ArrayList<>();
        a.path("triage").path("reasons").forEach(n -> reasons.add(n.asText()));
        String track = a.path("triage").path("track").asText(null);
        String tier = a.path("route").path("tier").asText(null);
        JsonNode score = a.path("risk").path("score");
        return new Outcome(verdict, track, score.isNumber() ? score.decimalValue() : null, a.path("risk").path("level").asText(null), tier,
                chain, autoApproved, autoApproved ? 0 : slaHours(under, track, tier, chain.size()), points, criteria(reasons),
                extraLevels(a.path("route").path("ruleId").asText("")));
    }

    /** Every level of the chain gets the SLA of its track (or its tier's own): the business hours the chain may take in all. */
    private static double slaHours(Policy p, String track, String tier, int levels) {
        if (p.lifecycle() == null || track == null) return 0;
        Policy.Sla sla = p.lifecycle().slaFor(track, tier);
        return sla == null ? 0 : sla.slaHours() * levels;
    }

    private static List<String> rules(Outcome was, Outcome now, List<Issue> storedIssues, List<Issue> newIssues) {
        List<String> out = new ArrayList<>();
        Set<String> ids = new TreeSet<>(was.points().keySet());
        ids.addAll(now.points().keySet());
        for (String id : ids) {
            int a = was.points().getOrDefault(id, 0);
            int b = now.points().getOrDefault(id, 0);
            if (a != b) out.add(id + " " + a + "->" + b);
        }
        // a criterion that flips without moving the track changed no outcome
        Set<String> criteria = new TreeSet<>(was.criteria().keySet());
        criteria.addAll(now.criteria().keySet());
        if (Objects.equals(was.track(), now.track())) criteria.clear();
        for (String c : criteria) {
            Boolean a = was.criteria().get(c);
            Boolean b = now.criteria().get(c);
            if (a != null && b != null && !a.equals(b)) out.add("fastTrack." + c + (b ? " now met" : " now not met"));
        }
        for (String x : was.extraLevels()) if (!now.extraLevels().contains(x)) out.add(x + " dropped");
        for (String x : now.extraLevels()) if (!was.extraLevels().contains(x)) out.add(x + " added");
        if (was.tier() != null && now.tier() != null && !was.tier().equals(now.tier())) out.add("tier " + was.tier() + "->" + now.tier());
        Set<String> oldKeys = new HashSet<>();
        storedIssues.forEach(i -> oldKeys.add(key(i)));
        Set<String> newKeys = new LinkedHashSet<>();
        newIssues.forEach(i -> newKeys.add(key(i)));
        for (String k : newKeys) if (!oldKeys.contains(k)) out.add("validation " + k + " found");
        for (String k : oldKeys) if (!newKeys.contains(k)) out.add("validation " + k + " gone");
        return out;
    }

    /** "durationDays 12 <= 30: met" -> durationDays: true; "renewal number 2 ...: not met" -> renewal: false. */
    private static Map<String, Boolean> criteria(List<String> reasons) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String reason : reasons) {
            int space = reason.indexOf(' ');
            out.put(space < 0 ? reason : reason.substring(0, space), !reason.endsWith(": not met"));
        }
        return out;
    }

    /** "T2+XL-SECURITY+XL-LEGAL" -> XL-SECURITY, XL-LEGAL. */
    private static Set<String> extraLevels(String ruleId) {
        String[] parts = ruleId.split("\\+");
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) out.add(parts[i]);
        return out;
    }

    /** A rule's own line; the cap and rounding lines only explain the arithmetic. */
    private static boolean isRule(String id) {
        return !id.startsWith("CAP-") && !id.equals("ROUND");
    }

    private static String seat(ApprovalLevel l) {
        return seat(l.role(), l.mode().name(), l.quorum());
    }

    private static String seat(String role, String mode, Integer quorum) {
        return "QUORUM".equals(mode) && quorum != null ? role + " x" + quorum : role;
    }

    private static String key(Issue i) {
        return i.field() + " " + i.code();
    }

    private static List<Issue> issues(JsonNode list) {
        List<Issue> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(new Issue(Issue.Kind.valueOf(n.path("kind").asText()), n.path("field").asText(null), n.path("code").asText(null),
                    n.path("message").asText(null)));
        }
        return out;
    }
}
