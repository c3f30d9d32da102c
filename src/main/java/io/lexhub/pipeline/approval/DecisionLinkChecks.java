package io.lexhub.pipeline.approval;

import io.lexhub.audit.AuditTrail;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A decision link ({@link DecisionLinks}) checked before its page is shown or its form acted on.
 * A forged, foreign, used or expired link is refused, and the refusal is audited (with a prefix
 * of the token's hash, never the token). The link is used up only by the decision itself ({@link DecisionChecks}).
 */
public final class DecisionLinkChecks {

    /** A mail link as found: usable, or refused with the reason (already audited). */
    public record LinkCheck(ApprovalStore.TokenRow token, String refusal) {
        public boolean usable() {
            return refusal == null;
        }
    }

    private final Tx tx;
    private final ApprovalStore approvals;
    private final RequestStore requests;
    private final AuditTrail audit;
    private final Clock clock;

    public DecisionLinkChecks(Tx tx, ApprovalStore approvals, RequestStore requests, AuditTrail audit, Clock clock) {
        this.tx = tx;
        this.approvals = approvals;
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
    }

    public LinkCheck checkLink(String reference, String token) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String hash = DecisionLinks.hash(token == null ? "" : token);
        return tx.inTransaction(c -> {
            // a token is looked up with the request of the link's URL: another request's token is not valid here
            Optional<ApprovalStore.TokenRow> row = token == null || token.length() > 100 || reference == null ? Optional.empty()
                    : approvals.token(c, reference, hash);
            String refusal = null;
            if (row.isEmpty()) refusal = "This decision link is not valid.";
            else if (row.get().usedAt() != null) refusal = "This decision link has already been used.";
            else if (row.get().expiresAt().isBefore(now)) refusal = "This decision link has expired.";
            if (refusal != null) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("reason", refusal);
                event.put("tokenHashPrefix", hash.substring(0, 12));
                row.ifPresent(t -> event.put("approver", t.approverId()));
                boolean known = requests.lock(c, reference).isPresent();
                audit.append(c, now, known ? reference : null, "approval.link-refused", "system:mail-link", Json.write(event));
                return new LinkCheck(row.orElse(null), refusal);
            }
            return new LinkCheck(row.get(), null);
        });
    }
}
