package io.lexhub.pipeline.patterns;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.insight.Period;
import io.lexhub.insight.ReviewPatterns;
import io.lexhub.model.Json;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.policy.Policy;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.PatternStore;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * direct:policy-patterns: the policy owner's periodic mail of the review patterns. A Quartz timer
 * checks often (lexhub.policy-review.check-cron); the policy's cadence says when a mail is due.
 * The mail of a cadence day is claimed with a row (policy_pattern_mails), written with its
 * outbox rows and its audit event in one transaction, so a second firing or a second node sends
 * nothing (architecture rule 4). A day missed by more than {@link #GRACE} (the hub was down) is
 * not caught up: the next cadence day sends the next mail.
 */
public final class PatternMail {

    /** The role whose holders get the mail (config/approvers.yaml); the licensing desk gets it too. */
    public static final String ROLE = "policy-owner";
    static final Duration GRACE = Duration.ofDays(1);

    private final Tx tx;
    private final PatternStore store;
    private final PolicyPatterns patterns;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final OutboxStore outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final ZoneId zone;

    public PatternMail(Tx tx, PatternStore store, PolicyPatterns patterns, ApproverDirectory directory, Notices notices, OutboxStore outbox,
            AuditTrail audit, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.patterns = patterns;
        this.directory = directory;
        this.notices = notices;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
    }

    /** What one run did: the cadence day it sent the mail for and to how many, or why it sent none. */
    public record Result(String outcome, String dueOn, int recipients) {
        public String summaryLine() {
            return "policy-patterns: " + outcome + (dueOn == null ? "" : " for " + dueOn) + (recipients == 0 ? "" : ", " + recipients + " recipients");
        }
    }

    /** Sends the mail of the latest cadence day if it is due and not sent yet. */
    public Result sendIfDue() {
        Instant now = clock.instant();
        Policy.PolicyReview s = patterns.settings();
        Optional<Instant> due = latestFire(s.cadence(), now);
        if (due.isEmpty() || Duration.between(due.get(), now).compareTo(GRACE) > 0) return new Result("not due", null, 0);
        LocalDate dueOn = due.get().atZone(zone).toLocalDate();
        LocalDate start = dueOn.minusDays(s.periodDays());
        Period period = new Period(start.atStartOfDay(zone).toInstant(), dueOn.atStartOfDay(zone).toInstant());
        List<String> to = recipients();
        if (to.isEmpty()) return new Result("nobody to mail", dueOn.toString(), 0);
        ReviewPatterns found = patterns.of(period);
        OffsetDateTime at = OffsetDateTime.now(clock);
        try {
            boolean sent = tx.inTransaction(c -> {
                if (!store.claimMail(c, dueOn, start, dueOn.minusDays(1), at)) return false;
                List<Notice> mails = notices.policyPatterns(dueOn.toString(), start.toString(), dueOn.minusDays(1).toString(), found, to);
                outbox.enqueue(c, null, mails, at);
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("dueOn", dueOn.toString());
                event.put("from", start.toString());
                event.put("to", dueOn.minusDays(1).toString());
                event.put("recipients", to);
                event.put("repeatedGrants", found.repeatedGrants().size());
                event.put("longChains", found.longChains().size());
                event.put("overriddenRules", found.overriddenRules().size());
                audit.append(c, at, null, "policy.patterns-sent", "system:policy-review", Json.write(event));
                return true;
            });
            return sent ? new Result("sent", dueOn.toString(), to.size()) : new Result("already sent", dueOn.toString(), 0);
        } catch (StoreException e) {
            // another node claimed the same day at the same moment: its mail is the one
            if (e.getCause() instanceof SQLException q && Tx.isUniqueViolation(q)) return new Result("already sent", dueOn.toString(), 0);
            throw e;
        }
    }

    /** The holders of the policy-owner role and the licensing desk's address, each once. */
    List<String> recipients() {
        Set<String> to = new LinkedHashSet<>();
        for (Approver a : directory.withRole(ROLE)) to.add(a.email());
        String desk = directory.internal().licensing();
        if (desk != null && !desk.isBlank()) to.add(desk);
        return new ArrayList<>(to);
    }

    /** The cadence's latest fire time at or before now, in the hub's zone; empty when it never fired in the last year. */
    Optional<Instant> latestFire(String cadence, Instant now) {
        CronExpression cron;
        try {
            cron = new CronExpression(cadence);
        } catch (ParseException e) {
            throw new IllegalStateException("policyReview.cadence is not a cron expression (lexhub validate checks it): " + cadence, e);
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        // walk forward from a little over the grace back: the cron has no "previous" of its own
        Date at = cron.getNextValidTimeAfter(Date.from(now.minus(GRACE).minusSeconds(1)));
        Instant last = null;
        while (at != null && !at.toInstant().isAfter(now)) {
            last = at.toInstant();
            at = cron.getNextValidTimeAfter(at);
        }
        return Optional.ofNullable(last);
    }
}
