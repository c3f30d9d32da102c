package io.lexhub.pipeline.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.insight.MalformedUsageException;
import io.lexhub.insight.UsageReport;
import io.lexhub.insight.UtilisationCheck;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import io.lexhub.store.UsageStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records usage reports against the customer's ACTIVE waiver for the product. One document is
 * one transaction: the reports, any overage (event, audit, review, owner's mail in the outbox)
 * and underuse flag. A report already stored changes nothing; one with another value for the
 * same customer, product, metric and period refuses the whole document.
 */
public final class UsageIntake {

    /** What became of one report. verdict: OVERAGE, UNDERUSE, WITHIN, NOT_BOUNDED or UNMATCHED (no active waiver). */
    public record Result(String customer, String product, String metric, String period, BigDecimal value, String reference,
            String verdict, boolean duplicate, boolean newEvent) {}

    public record Outcome(String source, List<Result> results) {
        public String summaryLine() {
            long dup = results.stream().filter(Result::duplicate).count();
            Map<String, Long> verdicts = new java.util.TreeMap<>();
            results.stream().filter(r -> !r.duplicate()).forEach(r -> verdicts.merge(r.verdict(), 1L, Long::sum));
            return source + ": " + results.size() + " usage report(s), " + dup + " already known, new " + verdicts;
        }
    }

    private final Tx tx;
    private final UsageStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final Notices notices;
    private final ApproverDirectory directory;
    private final PolicyHolder policy;
    private final Clock clock;

    public UsageIntake(Tx tx, UsageStore store, AuditTrail audit, OutboxStore outbox, Notices notices, ApproverDirectory directory,
            PolicyHolder policy, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.notices = notices;
        this.directory = directory;
        this.policy = policy;
        this.clock = clock;
    }

    public Outcome record(List<UsageReport> reports, String source) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Result> results = tx.inTransaction(c -> {
            List<Result> out = new ArrayList<>();
            for (UsageReport r : reports) out.add(one(c, r, source, now));
            return out;
        });
        return new Outcome(source, results);
    }

    private Result one(Connection c, UsageReport r, String source, OffsetDateTime now) throws SQLException {
        Optional<UsageStore.Stored> known = store.existing(c, r);
        if (known.isPresent()) {
            if (known.get().value().compareTo(r.value()) != 0) {
                throw new UsageConflictException(List.of(r.customer() + " / " + r.product() + " / " + r.metric() + " / " + r.period()
                        + ": already reported with value " + known.get().value().stripTrailingZeros().toPlainString()
                        + ", now " + r.value().toPlainString() + "; a reported period is not overwritten"));
            }
            return new Result(r.customer(), r.product(), r.metric(), r.period(), r.value(), known.get().ref(), known.get().verdict(), true, false);
        }
        List<UsageStore.ActiveWaiver> waivers = store.activeWaivers(c, r.customer(), r.product());
        if (waivers.isEmpty()) {
            store.insertReport(c, r, null, null, "UNMATCHED", source, now);
            return new Result(r.customer(), r.product(), r.metric(), r.period(), r.value(), null, "UNMATCHED", false, false);
        }
        // the latest waiver that bounds this metric, else the latest one
        UsageStore.ActiveWaiver w = waivers.get(0);
        UtilisationCheck.Result check = null;
        for (UsageStore.ActiveWaiver candidate : waivers) {
            UtilisationCheck.Result x = UtilisationCheck.check(granted(candidate), r.metric(), r.value(), policy.current().utilisationOrDefault());
            if (check == null || (check.verdict() == UtilisationCheck.Verdict.NOT_BOUNDED && x.verdict() != UtilisationCheck.Verdict.NOT_BOUNDED)) {
                check = x;
                w = candidate;
            }
        }
        String verdict = check.verdict().name();
        store.insertReport(c, r, w.ref(), check.boundary(), verdict, source, now);
        boolean newEvent = false;
        if (check.verdict() == UtilisationCheck.Verdict.OVERAGE || check.verdict() == UtilisationCheck.Verdict.UNDERUSE) {
            newEvent = store.insertEvent(c, w.ref(), verdict, r, check.boundary(), check.percent(), now);
        }
        if (newEvent) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("metric", r.metric());
            event.put("period", r.period());
            event.put("used", r.value());
            event.put("granted", check.boundary());
            event.put("percent", check.percent());
            event.put("policyVersion", policy.current().version());
            event.put("source", source);
            if (check.verdict() == UtilisationCheck.Verdict.OVERAGE) {
                event.put("tolerancePercent", policy.current().utilisationOrDefault().overageTolerancePercent());
                audit.append(c, now, w.ref(), "waiver.overage", "system:utilisation", Json.write(event));
                if (store.openOverageReview(c, w.ref(), now)) {
                    audit.append(c, now, w.ref(), "waiver.review-opened", "system:utilisation", Json.write(Map.of("period", "overage", "status", "OPEN")));
                }
                for (Notice n : notices.waivers().overage(w.ref(), owners(w), r, check.boundary(), check.percent(), event)) outbox.enqueue(c, w.ref(), n, now);
            } else {
                event.put("thresholdPercent", policy.current().utilisationOrDefault().underuseThresholdPercent());
                audit.append(c, now, w.ref(), "waiver.underuse-flagged", "system:utilisation", Json.write(event));
            }
        }
        return new Result(r.customer(), r.product(), r.metric(), r.period(), r.value(), w.ref(), verdict, false, newEvent);
    }

    private static Map<String, Object> granted(UsageStore.ActiveWaiver w) {
        return Json.MAPPER.convertValue(readTree(w.grantedJson()), new TypeReference<Map<String, Object>>() {});
    }

    /** The internal owner: the request's account owner, and the licensing desk. */
    private List<String> owners(UsageStore.ActiveWaiver w) {
        LinkedHashSet<String> to = new LinkedHashSet<>();
        String owner = readTree(w.requestJson()).path("accountOwner").path("email").asText("");
        if (!owner.isBlank()) to.add(owner);
        String desk = directory.internal().licensing();
        if (desk != null && !desk.isBlank()) to.add(desk);
        return List.copyOf(to);
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** A report that contradicts one already stored: the document is refused whole. */
    public static final class UsageConflictException extends MalformedUsageException {
        public UsageConflictException(List<String> problems) {
            super(problems);
        }
    }
}
