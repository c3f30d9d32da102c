package io.lexhub.bench;

import java.util.Arrays;

/** Latencies of one run and what is printed of them. */
final class Stats {

    private Stats() {}

    /** The p-th percentile (0..100) of latencies in nanoseconds, in milliseconds. */
    static double percentileMs(long[] nanos, double p) {
        if (nanos.length == 0) return 0;
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String f1(double v) {
        return String.format("%.1f", v);
    }

    static String f2(double v) {
        return String.format("%.2f", v);
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
