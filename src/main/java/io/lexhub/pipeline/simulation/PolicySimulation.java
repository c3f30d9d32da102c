package io.lexhub.pipeline.simulation;

import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyText;
import io.lexhub.store.AssessmentHistory;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The what-if replay (docs/policy.md): every request received in a period, read page by page,
 * replayed through a candidate policy by a few worker threads (the domain classes keep no state),
 * and compared with its stored assessment. Reads only: nothing is written, no event is appended.
 */
public final class PolicySimulation {

    /** Told how far the replay is, about every {@link #PROGRESS_EVERY}. */
    @FunctionalInterface
    public interface Progress {
        void update(long replayed, long total, Duration elapsed);
    }

    static final Duration PROGRESS_EVERY = Duration.ofMillis(250);
    private static final int BATCH = 250;

    private final Tx tx;
    private final AssessmentHistory history;
    private final PolicyVersionStore versions;
    private final ZoneId zone;
    private final int workers;
    private final Clock clock;

    public PolicySimulation(Tx tx, AssessmentHistory history, PolicyVersionStore versions, ZoneId zone, int workers, Clock clock) {
        this.tx = tx;
        this.history = history;
        this.versions = versions;
        this.zone = zone;
        this.workers = Math.max(1, workers);
        this.clock = clock;
    }

    /** @param inForce the policy in force now: the old rules of requests assessed before their texts were recorded */
    public SimulationReport run(PolicyText candidate, PolicyText inForce, Instant from, Instant to, Progress progress) {
        Instant started = clock.instant();
        Fixed fixed = tx.read(c -> new Fixed(history.count(c, from, to), history.reassessedAt(c), history.renewalCounts(c),
                versions.textsBySha256(c)));
        Map<String, Policy> parsed = new ConcurrentHashMap<>();
        Replay replay = new Replay(candidate.policy(), sha -> sha == null || !fixed.texts().containsKey(sha) ? inForce.policy()
                : parsed.computeIfAbsent(sha, s -> assessedUnder(fixed.texts().get(s), inForce.policy())), zone, fixed.reassessedAt(), fixed.renewals());

        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<Totals> totals = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Difference> differences = new ConcurrentLinkedQueue<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // a full queue makes the reading thread replay the batch itself: memory stays bounded
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(workers * 4),
                new ThreadPoolExecutor.CallerRunsPolicy());
        Ticker ticker = new Ticker(progress, fixed.total(), started);
        try {
            List<AssessmentHistory.Row> batch = new ArrayList<>(BATCH);
            tx.read(c -> {
                history.each(c, from, to, row -> {
                    batch.add(row);
                    if (batch.size() == BATCH) {
                        List<AssessmentHistory.Row> full = List.copyOf(batch);
                        batch.clear();
                        pool.execute(() -> replayAll(replay, full, totals, differences, done, failure));
                        ticker.maybe(done.get());
                    }
                });
                return null;
            });
            if (!batch.isEmpty()) pool.execute(() -> replayAll(replay, List.copyOf(batch), totals, differences, done, failure));
            pool.shutdown();
            while (!pool.awaitTermination(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) ticker.maybe(done.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the simulation was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) throw failure.get();
        progress.update(done.get(), fixed.total(), Duration.between(started, clock.instant()));

        Totals all = new Totals();
        totals.forEach(all::merge);
        List<Difference> sorted = new ArrayList<>(differences);
        sorted.sort(Comparator.comparing(Difference::receivedAt).thenComparing(Difference::reference));
        return new SimulationReport(candidate.policy().version(), candidate.sha256(), inForce.policy().version(), inForce.sha256(), from, to,
                clock.instant(), all.figures(), sorted);
    }

    private static void replayAll(Replay replay, List<AssessmentHistory.Row> rows, ConcurrentLinkedQueue<Totals> totals,
            ConcurrentLinkedQueue<Difference> differences, AtomicLong done, AtomicReference<RuntimeException> failure) {
        Totals mine = new Totals();
        for (AssessmentHistory.Row row : rows) {
            try {
                Replay.Result r = replay.replay(row);
                mine.add(r);
                r.difference().ifPresent(differences::add);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, new IllegalStateException("replaying " + row.reference() + " failed: " + e.getMessage(), e));
            }
            done.incrementAndGet();
        }
        totals.add(mine);
    }

    /** A recorded text that today's loader refuses (an older rule language) is read as the policy in force. */
    private static Policy assessedUnder(String text, Policy inForce) {
        try {
            return PolicyText.parse(text, "recorded policy").policy();
        } catch (PolicyException e) {
            return inForce;
        }
    }

    /** What the replay holds fixed, read once before it starts. */
    private record Fixed(long total, Map<String, Instant> reassessedAt, Map<String, Integer> renewals, Map<String, String> texts) {}

    /** Passes progress on at most every {@link #PROGRESS_EVERY}; called by the reading thread only. */
    private final class Ticker {
        private final Progress progress;
        private final long total;
        private final Instant started;
        private Instant last = Instant.MIN;

        Ticker(Progress progress, long total, Instant started) {
            this.progress = progress;
            this.total = total;
            this.started = started;
        }

        void maybe(long replayed) {
            Instant now = clock.instant();
            if (Duration.between(last, now).compareTo(PROGRESS_EVERY) < 0) return;
            last = now;
            progress.update(replayed, total, Duration.between(started, now));
        }
    }
}
