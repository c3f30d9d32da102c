package io.lexhub.workspace;

import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.model.RiskResult;
import io.lexhub.model.TriageResult;
import io.lexhub.pipeline.evidence.EvidenceType;
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
        long similarCases, long similarApproved, List<Mail> correspondence, List<EvidenceFile> evidence, List<Refusal> refused,
        Optional<Inbox.Item> seat) {

    public record Level(int level, String role, String mode, int required, String status) {}

    public record CastVote(int level, String approver, String onBehalfOf, String vote, String rationale, List<String> conditions, String channel,
            String at) {}

    public record Precedent(String reference, String outcome, String rationale, String decidedAt, String similarity, String terms) {}

    /** A mail or Jira comment filed about the request; subject and text as inert text ({@link SafeText}). */
    public record Mail(String at, String kind, String channel, String from, String subject, String text) {}

    /** An evidence file as listed; {@code href} the review page's download. */
    public record EvidenceFile(long id, String fileName, String type, long size, String sha256, String filedBy, String channel, String filedAt,
            String href) {

        /** The first 12 hex digits: enough to tell files apart on the page; the whole digest is beside it. */
        public String shortSha256() {
            return sha256.substring(0, 12);
        }

        /** "48 KB", "1.2 MB". */
        public String sizeText() {
            if (size < 1024) return size + " bytes";
            if (size < 1024 * 1024) return Math.round(size / 1024.0) + " KB";
            return String.format(java.util.Locale.ROOT, "%.1f MB", size / (1024.0 * 1024));
        }
    }

    /** An attachment that was not kept, and why. */
    public record Refusal(String at, String name, String reason, String from) {}

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
        List<Mail> mails = ((List<Map<String, Object>>) review.get("correspondence")).stream()
                .map(m -> new Mail(str(m.get("at")), str(m.get("kind")), str(m.get("channel")), inert(m.get("from")), inert(m.get("subject")),
                        inert(m.get("text"))))
                .toList();
        List<EvidenceFile> files = ((List<Map<String, Object>>) review.get("evidence")).stream()
                .map(m -> new EvidenceFile(((Number) m.get("id")).longValue(), inert(m.get("fileName")),
                        EvidenceType.ofContentType(str(m.get("contentType"))).map(EvidenceType::label).orElse(str(m.get("contentType"))),
                        ((Number) m.get("size")).longValue(), str(m.get("sha256")), str(m.get("filedBy")), str(m.get("channel")), str(m.get("filedAt")),
                        "/requests/" + review.get("reference") + "/evidence/" + m.get("id")))
                .toList();
        List<Refusal> refused = ((List<Map<String, Object>>) review.get("evidenceRefused")).stream()
                .map(m -> new Refusal(str(m.get("at")), inert(m.get("name")), str(m.get("reason")), str(m.get("from"))))
                .toList();
        return new CaseView(str(review.get("reference")), (RequestState) review.get("state"), str(review.get("policyVersion")),
                (ExceptionRequest) review.get("request"), (TriageResult) review.get("triage"), (RiskResult) review.get("risk"),
                (ApprovalRoute) review.get("route"), (Integer) review.get("round"), chain, votes, precedents,
                ((Number) share.get("similarCases")).longValue(), ((Number) share.get("approved")).longValue(), mails, files, refused, seat);
    }

    /** A sender's text as a person can look at it safely (no control or bidirectional characters, bounded). */
    private static String inert(Object o) {
        return o == null ? "" : SafeText.of(o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).text();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
