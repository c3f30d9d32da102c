package io.lexhub.pipeline.sweep;

import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** direct:expiry-sweep: expiry reminders at the policy's offsets, then sunset of waivers past their last day. */
public final class ExpirySweep {

    private final Tx tx;
    private final LifecycleStore store;
    private final SweepBatches batches;
    private final ExpiringWaivers waivers;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public ExpirySweep(Tx tx, LifecycleStore store, SweepBatches batches, ExpiringWaivers waivers, PolicyHolder policy, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.batches = batches;
        this.waivers = waivers;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    public SweepResult run() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        List<Integer> offsets = new ArrayList<>(policy.current().lifecycle().expiryReminderDays());
        Collections.sort(offsets);
        int furthest = offsets.get(offsets.size() - 1);
        int reminded = SweepBatches.count(batches.eachDueItem(
                tx.read(c -> store.activeEndingBetween(c, today, today.plusDays(furthest), SweepBatches.BATCH * 10)),
                (c, w) -> {
                    int daysLeft = (int) ChronoUnit.DAYS.between(today, w.end());
                    List<Integer> due = offsets.stream().filter(k -> k >= daysLeft).toList();
                    return !due.isEmpty() && waivers.remindExpiry(c, w, daysLeft, due, now);
                }), true);
        List<ExpiringWaivers.Sunset> outcomes = batches.eachDueItem(tx.read(c -> store.activeEndedBefore(c, today, SweepBatches.BATCH * 10)),
                (c, w) -> waivers.sunset(c, w, now));
        int expired = SweepBatches.count(outcomes, ExpiringWaivers.Sunset.EXPIRED);
        int renewed = SweepBatches.count(outcomes, ExpiringWaivers.Sunset.RENEWED);
        return new SweepResult("expiry-sweep", Map.of("reminded", reminded, "expired", expired, "handedToRenewal", renewed));
    }
}
