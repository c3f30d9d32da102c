package io.lexhub.workspace;

import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.model.RiskResult;
import io.lexhub.model.TriageResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the review page shows it: the review package the API serves
 * (GET /api/requests/{ref}/review, the same code), typed for the template, and whether the open
 * level waits on the viewer.
 */
public record CaseView(String reference, RequestState state, String policyVersion, ExceptionRequest request, TriageResult triage,
        RiskResult risk, ApprovalRoute route, int round, List<Level> chain, List<CastVote> votes, List<Precedent> precedents,
        long similarCases, long similarApproved, Optional<Inbox.Item> seat) {

    public record Level(int level, String role, String mode, int required, String status) {}

    public record CastVote(int level, String approver, String onBehalfOf, String vote, String rationale, List<String> conditions, String channel,
            String at) {}

    public record Precedent(String reference, String outcome, String rationale, String decidedAt, String similarity, String terms) {}

    /** The open level, if any. */
    public Optional<Level> openLevel() {
        return chain.stream().filter(l -> "OPEN".equals(l.status())).findFirst();
    }

    @SuppressWarnings("unchecked")
    static CaseView of(Map<String, Object> review, Optional<Inbox.Item> seat) {
        List<Level> chain = ((List<Map<String, Object>>) review.get("chain")).stream()
                .map(m -> new Level((Integer) m.get("level"), str(m.get("role")), str(m.get("mode")), (Integer) m.get("required"), str(m.get("status"))))
                .toList();
        List<CastVote> votes = ((List<Map<String, Object>>) review.get("votes")).stream()
                .map(m -> new CastVote((Integer) m.get("level"), str(m.get("approver")), str(m.get("onBehalfOf")), str(m.get("vote")),
                        str(m.get("rationale")), ((List<Object>) m.get("conditions")).stream().map(String::valueOf).toList(), str(m.get("channel")),
                        str(m.get("at"))))
                .toList();
        List<Precedent> precedents = ((List<Map<String, Object>>) review.get("precedents")).stream()
                .map(m -> new Precedent(str(m.get("reference")), str(m.get("outcome")), str(m.get("rationale")), str(m.get("decidedAt")),
                        str(m.get("similarity")), str(m.get("terms"))))
                .toList();
        Map<String, Object> share = (Map<String, Object>) review.get("precedentShare");
        return new CaseView(str(review.get("reference")), (RequestState) review.get("state"), str(review.get("policyVersion")),
                (ExceptionRequest) review.get("request"), (TriageResult) review.get("triage"), (RiskResult) review.get("risk"),
                (ApprovalRoute) review.get("route"), (Integer) review.get("round"), chain, votes, precedents,
                ((Number) share.get("similarCases")).longValue(), ((Number) share.get("approved")).longValue(), seat);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
