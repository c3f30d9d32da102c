package io.lexhub.pipeline.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.insight.BillingCheck;
import io.lexhub.insight.BillingLine;
import io.lexhub.model.Json;
import io.lexhub.notify.Notices;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.BillingStore;
import io.lexhub.store.OutboxStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Compares one stored billing line with its waiver's granted terms, inside the caller's
 * transaction (docs/billing-review.md). The line is matched to the customer's latest waiver for
 * the product that started by the line's last day; it waits until that waiver is
 * {@code billingReview.afterDays} old. Each mismatch becomes a finding once, with its audit event
 * and a mail to licensing and billing in the same transaction.
 */
public final class BillingReview {

    static final String ACTOR = "system:billing-review";

    /** What the review of one line did: WAITING (its waiver is not due yet), NO_WAIVER, or REVIEWED with the kinds newly raised. */
    public record Reviewed(String status, String reference, List<String> raised) {}

    private final BillingStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final Notices notices;
    private final ApproverDirectory directory;
    private final PolicyHolder policy;
    private final ZoneId zone;

    public BillingReview(BillingStore store, AuditTrail audit, OutboxStore outbox, Notices notices, ApproverDirectory directory, PolicyHolder policy,
            ZoneId zone) {
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.notices = notices;
        this.directory = directory;
        this.policy = policy;
        this.zone = zone;
    }

    public Reviewed review(Connection c, BillingStore.Pending p, OffsetDateTime now) throws SQLException {
        BillingLine line = p.line();
        Optional<BillingStore.Waiver> found = store.waiverFor(c, line.customer(), line.product(), line.periodEnd());
        if (found.isEmpty()) {
            store.markReviewed(c, p.id(), null, now);
            return new Reviewed("NO_WAIVER", null, List.of());
        }
        BillingStore.Waiver w = found.get();
        int afterDays = policy.current().billingReviewOrDefault().afterDays();
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        if (w.start().plusDays(afterDays).isAfter(today)) return new Reviewed("WAITING", w.ref(), List.of());
        // the conditional update is the claim: a second run (or node) finds it done and raises nothing
        if (!store.markReviewed(c, p.id(), w.ref(), now)) return new Reviewed("REVIEWED", w.ref(), List.of());
        List<String> raised = new ArrayList<>();
        for (BillingCheck.Mismatch m : BillingCheck.compare(granted(w), line)) {
            OptionalLong id = store.insertFinding(c, w.ref(), m.kind().name(), p.key(), m.expected(), m.billed(), now);
            if (id.isEmpty()) continue;
            raised.add(m.kind().name());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("finding", id.getAsLong());
            event.put("kind", m.kind().name());
            event.put("expected", m.expected());
            event.put("billed", m.billed());
            event.put("line", p.key());
            if (line.invoice() != null) event.put("invoice", line.invoice());
            event.put("customer", line.customer());
            event.put("product", line.product());
            event.put("period", line.periodStart() + "/" + line.periodEnd());
            event.put("afterDays", afterDays);
            event.put("policyVersion", policy.current().version());
            audit.append(c, now, w.ref(), "billing.finding", ACTOR, Json.write(event));
            outbox.enqueue(c, w.ref(), notices.waivers().billingFinding(w.ref(), recipients(), id.getAsLong(), m.kind().name(), m.expected(), m.billed(),
                    line, p.key()), now);
        }
        return new Reviewed("REVIEWED", w.ref(), raised);
    }

    /** The granted discount and seats, and the last day the waiver covered (a revocation's day if it came first). */
    private BillingCheck.Granted granted(BillingStore.Waiver w) {
        JsonNode terms = Json.readTree(w.grantedJson()).path("terms");
        BigDecimal discount = terms.path("discountPercent").isNumber() ? terms.path("discountPercent").decimalValue() : null;
        Integer seats = terms.path("seats").canConvertToInt() && terms.path("seats").isNumber() ? terms.path("seats").intValue() : null;
        LocalDate end = w.end();
        if ("REVOKED".equals(w.state()) && w.endedAt() != null) {
            LocalDate revoked = w.endedAt().atZoneSameInstant(zone).toLocalDate();
            if (revoked.isBefore(end)) end = revoked;
        }
        return new BillingCheck.Granted(discount, seats, w.start(), end);
    }

    /** Licensing and billing, from approvers.yaml's notify section. */
    private List<String> recipients() {
        LinkedHashSet<String> to = new LinkedHashSet<>();
        for (String a : new String[] {directory.internal().licensing(), directory.internal().billing()}) {
            if (a != null && !a.isBlank()) to.add(a);
        }
        return List.copyOf(to);
    }
}
