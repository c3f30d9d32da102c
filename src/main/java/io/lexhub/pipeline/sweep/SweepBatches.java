package io.lexhub.pipeline.sweep;

import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batch executor of every sweep: handles due items {@code workers} batches at a time,
 * {@link #SWEEP_BATCH} items per transaction: a sweep's time was its commits, one per item (1,000
 * due took 1.4-2.4 s). Each item's conditional update, audit event and notices are still written
 * together (rule 3: no state change without its record); a batch only shares the commit. A batch
 * that fails is rolled back and its items are tried again one transaction each, so one bad item
 * fails alone. Batches are contiguous runs of the due list, which every node reads in the same
 * order, so two nodes sweeping at once lock rows in the same order. The first failure is rethrown
 * once every item has been tried; failed items are due again on the next run.
 */
public final class SweepBatches {

    /** Due items read per sweep run (the expiry sweep reads ten times as many). */
    static final int BATCH = 1000;
    /** Due items written per transaction by a sweep. */
    private static final int SWEEP_BATCH = 25;

    /** The work of one due item, in the transaction of its batch. */
    @FunctionalInterface
    public interface ItemWork<T, R> {
        R apply(Connection c, T item) throws SQLException;
    }

    private record BatchResult<R>(List<R> results, RuntimeException failure) {}

    private final Tx tx;
    private final int workers;

    /** @param workers batches written at once (lexhub.lifecycle.sweep-workers) */
    public SweepBatches(Tx tx, int workers) {
        this.tx = tx;
        this.workers = workers;
    }

    /** The due items' results in their order; a failed item's result is null. */
    public <T, R> List<R> eachDueItem(List<T> items, ItemWork<T, R> work) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += SWEEP_BATCH) batches.add(items.subList(i, Math.min(items.size(), i + SWEEP_BATCH)));
        List<R> results = new ArrayList<>(items.size());
        RuntimeException first = null;
        AtomicBoolean databaseGone = new AtomicBoolean();
        if (workers <= 1 || batches.size() <= 1) {
            for (List<T> batch : batches) {
                BatchResult<R> r = batch(batch, work, databaseGone);
                results.addAll(r.results());
                first = merge(first, r.failure());
            }
        } else {
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, batches.size()), runnable -> {
                Thread t = new Thread(runnable, "lexhub-sweep-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<BatchResult<R>>> futures = new ArrayList<>();
                for (List<T> batch : batches) futures.add(pool.submit(() -> batch(batch, work, databaseGone)));
                for (Future<BatchResult<R>> f : futures) {
                    BatchResult<R> r = f.get();
                    results.addAll(r.results());
                    first = merge(first, r.failure());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("sweep worker failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        if (first != null) throw first;
        return results;
    }

    /** How many results are {@code wanted}. */
    static <R> int count(List<R> results, R wanted) {
        return (int) results.stream().filter(wanted::equals).count();
    }

    /**
     * One transaction for the batch; on a failure, one transaction per item (a failed item's
     * result is null). While the database is unreachable the rest of the sweep is skipped: each
     * try would wait for a connection in vain.
     */
    private <T, R> BatchResult<R> batch(List<T> batch, ItemWork<T, R> work, AtomicBoolean databaseGone) {
        if (databaseGone.get()) return new BatchResult<>(Collections.nCopies(batch.size(), null), null);
        try {
            return new BatchResult<>(tx.inTransaction(c -> {
                List<R> out = new ArrayList<>(batch.size());
                for (T item : batch) out.add(work.apply(c, item));
                return out;
            }), null);
        } catch (RuntimeException batchFailure) {
            if (batchFailure instanceof DatabaseUnavailableException) databaseGone.set(true);
            if (batch.size() == 1 || databaseGone.get()) return new BatchResult<>(Collections.nCopies(batch.size(), null), batchFailure);
            List<R> out = new ArrayList<>(batch.size());
            RuntimeException first = null;
            for (T item : batch) {
                try {
                    out.add(tx.inTransaction(c -> work.apply(c, item)));
                } catch (RuntimeException e) {
                    out.add(null);
                    first = merge(first, e);
                }
            }
            return new BatchResult<>(out, first);
        }
    }

    private static RuntimeException merge(RuntimeException first, RuntimeException next) {
        if (next == null) return first;
        if (first == null) return next;
        first.addSuppressed(next);
        return first;
    }
}
