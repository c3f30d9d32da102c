package io.lexhub.pipeline.waiver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.model.Json;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.LifecycleStore.Waiver;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An active waiver amended by the licensing desk or audit, with a rationale and without a new
 * approval, which is why an amendment may only narrow what was granted ({@link NarrowingRules}):
 * bring the end forward, lower the seats or the discount. Anything wider needs a new request
 * through approval (a renewal or a new request). The waiver stays ACTIVE; its row is changed in
 * place by a conditional UPDATE that holds only while the row is still what the amender saw
 * ({@code expected}), so of two people amending at once the second is refused (409), not
 * overwritten. The expiry sweep, the reminders and the utilisation checks read the row's end and
 * granted terms, so the narrowed ones take effect from the commit.
 */
public final class WaiverAmendments {

    /** What is asked (null values: unchanged), what the asker saw, and why. */
    public record Amendment(WaiverBounds asked, WaiverBounds expected, String rationale) {}

    /** The waiver before and after. */
    public record Amended(String reference, WaiverBounds before, WaiverBounds after) {}

    private final Tx tx;
    private final LifecycleStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final Clock clock;
    private final ZoneId zone;

    public WaiverAmendments(Tx tx, LifecycleStore store, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices,
            Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Narrows an active waiver; licensing and audit approvers may do it, with a rationale (as
     * {@link Revocations}). actorLabel is how they proved who they are (architecture rule 14).
     *
     * @throws NarrowingRefusedException a widening or an invalid change (400)
     * @throws NotDecidableException not active, or changed since the asker saw it (409)
     */
    public Amended amend(String ref, String actorId, String actorLabel, Amendment a) {
        WaiverAuthority.require(directory, actorId, a.rationale(), "licensing", "audit");
        if (a.expected() == null || a.expected().end() == null) throw new IllegalArgumentException("expected.end is required: the end date you saw");
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        String rationale = a.rationale().strip();
        return tx.inTransaction(c -> {
            Waiver w = store.waiver(c, ref).orElseThrow(() -> new UnknownRequestException(ref));
            if (!"ACTIVE".equals(w.state())) throw new NotDecidableException(ref + " is " + w.state() + ", not an active waiver: nothing was changed");
            WaiverBounds before = WaiverBounds.of(w.start(), w.end(), w.granted());
            if (!before.sameAs(a.expected())) throw changed(ref, before);
            Map<String, String> problems = NarrowingRules.problems(before, a.asked(), today);
            if (!problems.isEmpty()) throw new NarrowingRefusedException(problems);
            WaiverBounds after = NarrowingRules.narrowed(before, a.asked());
            if (!store.narrowWaiver(c, ref, w.end(), w.granted(), after.end(), granted(w.granted(), after), now)) throw changed(ref, before);
            audit.recordRow(c, RecordedTables.WAIVERS, ref);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("before", before.asMap());
            event.put("after", after.asMap());
            event.put("rationale", rationale);
            audit.append(c, now, ref, "waiver.amended", actorLabel, Json.write(event));
            for (Notice n : notices.waivers().waiverAmended(ref, w.customerId(), w.customerName(), w.replyTo(), w.product(), w.type(), before.asMap(), after.asMap(), rationale,
                    directory.internal().waiverOwners())) {
                outbox.enqueue(c, ref, n, now);
            }
            return new Amended(ref, before, after);
        });
    }

    /** The waiver's end and quantities as they are now, for a form to show and carry back as expected; empty when there is no waiver. */
    public java.util.Optional<WaiverBounds> current(String ref) {
        return tx.read(c -> store.waiver(c, ref).map(w -> WaiverBounds.of(w.start(), w.end(), w.granted())));
    }

    /** What {@link #amend} would refuse of this narrowing today, by field; a form checks it before its confirmation. */
    public Map<String, String> problems(WaiverBounds current, WaiverBounds asked) {
        return NarrowingRules.problems(current, asked, OffsetDateTime.now(clock).atZoneSameInstant(zone).toLocalDate());
    }

    private static NotDecidableException changed(String ref, WaiverBounds now) {
        return new NotDecidableException(ref + " was changed since you saw it: it now " + now.words() + ". Nothing was changed; look at it again");
    }

    /** The granted document with the narrowed end (and duration) and quantities; everything else as approved. */
    static String granted(String granted, WaiverBounds after) {
        ObjectNode g = (ObjectNode) Json.readTree(granted);
        g.put("end", after.end().toString());
        ObjectNode terms = g.with("terms");
        terms.put("end", after.end().toString());
        if (terms.path("durationDays").isNumber() && terms.path("start").isTextual()) {
            terms.put("durationDays", ChronoUnit.DAYS.between(LocalDate.parse(terms.path("start").asText()), after.end()) + 1);
        }
        if (after.seats() != null) terms.put("seats", after.seats());
        if (after.discountPercent() != null) terms.put("discountPercent", after.discountPercent());
        return Json.write(g);
    }
}
