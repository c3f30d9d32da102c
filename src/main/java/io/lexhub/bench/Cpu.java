package io.lexhub.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by this JVM and its child processes (the embedded PostgreSQL server and its
 * backends), in nanoseconds. On a shared machine the wall time of a run depends on what else is
 * running; the CPU time it costs much less, so the hub/baseline comparison is also made per CPU.
 */
final class Cpu {

    /** Linux reports child CPU in clock ticks of 1/100 s (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private Cpu() {}

    static long nanos() {
        long total = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) total += ticks(child.pid()) * NANOS_PER_TICK;
        return total;
    }

    /** utime + stime of a process from /proc/PID/stat (fields 14 and 15); 0 where there is no /proc. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");   // fields from 3 on: the name may hold spaces
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }
}
