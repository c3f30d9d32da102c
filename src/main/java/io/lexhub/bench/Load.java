package io.lexhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs n tasks on a few submitter threads and times each one. */
final class Load {

    @FunctionalInterface
    interface Task {
        void run(int i) throws Exception;
    }

    /** Wall time, CPU time of this JVM and its child processes, and per-task latencies (ns) of one run. */
    record Result(int count, long wallNanos, Cpu.Sample cpu, long[] latencies) {
        double perSecond() {
            return count / (wallNanos / 1e9);
        }

        double cpuMsPerTask() {
            return cpu.total() / 1e6 / count;
        }

        /** The part of {@link #cpuMsPerTask} the database server's processes used (0 on H2, which runs in the JVM). */
        double serverCpuMsPerTask() {
            return cpu.server() / 1e6 / count;
        }

        /** The part of {@link #cpuMsPerTask} the JVM's JIT compiler threads used. */
        double jitCpuMsPerTask() {
            return cpu.jit() / 1e6 / count;
        }

        double p50() {
            return Stats.percentileMs(latencies, 50);
        }

        double p99() {
            return Stats.percentileMs(latencies, 99);
        }
    }

    private Load() {}

    /** Runs tasks {@code first .. first+n-1} on {@code threads} threads; the first failure is rethrown. */
    static Result run(int first, int n, int threads, Task task) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        Cpu.Sample cpu = Cpu.now();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < n && !failed.get(); k = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        try {
                            task.run(first + k);
                        } catch (Exception | Error e) {
                            failed.set(true);
                            throw e;
                        }
                        latencies[k] = System.nanoTime() - s;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        return new Result(n, System.nanoTime() - start, Cpu.now().since(cpu), latencies);
    }
}
