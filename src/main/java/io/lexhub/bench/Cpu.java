package io.lexhub.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time used by this JVM and by the database server it benchmarks (the embedded PostgreSQL
 * server and its backends), in nanoseconds. On a shared machine the wall time of a run depends on
 * what else is running; the CPU time it costs much less, so the hub/baseline comparison is also
 * made per CPU.
 *
 * <p>The embedded PostgreSQL is started by pg_ctl, which detaches the server: it is not a child
 * of this JVM, so it is named by {@link #watchServer} and counted with its backends, and with the
 * CPU of the backends that have exited (the server's cutime and cstime).
 */
final class Cpu {

    /** Linux reports CPU in clock ticks of 1/100 s (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final Set<Long> SERVERS = ConcurrentHashMap.newKeySet();

    private Cpu() {}

    /**
     * CPU time of this JVM, of its JIT compiler threads (part of {@code jvm}: code the warm-up did
     * not get compiled) and of the database server (0 on H2, which runs in the JVM), in nanoseconds.
     */
    record Sample(long jvm, long jit, long server) {
        long total() {
            return jvm + server;
        }

        /** The JIT compiler threads' share of the JVM's CPU. */
        double jitShare() {
            return (double) jit / Math.max(1, jvm);
        }

        /**
         * Whether the JIT compiler was still busy (over 5 % of the JVM's CPU): a warm-up goes on
         * until it is not, or C2 compiling is charged to the timed run.
         */
        boolean compiling() {
            return jitShare() > 0.05;
        }

        Sample since(Sample start) {
            return new Sample(jvm - start.jvm, jit - start.jit, server - start.server);
        }
    }

    /** Counts the server process {@code pid} (a PostgreSQL postmaster) and its processes from now on. */
    static void watchServer(long pid) {
        SERVERS.add(pid);
    }

    static void unwatchServer(long pid) {
        SERVERS.remove(pid);
    }

    /** The parent of a process (the postmaster of a PostgreSQL backend), -1 where there is no /proc. */
    static long parentOf(long pid) {
        String[] f = stat(Path.of("/proc", Long.toString(pid), "stat"));
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    static long nanos() {
        return now().total();
    }

    static Sample now() {
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        long ticks = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) ticks += ticks(child.pid(), false);
        for (long server : SERVERS) {
            ticks += ticks(server, true);
            for (ProcessHandle p : ProcessHandle.of(server).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
                ticks += ticks(p.pid(), false);
            }
        }
        return new Sample(jvm, jitTicks() * NANOS_PER_TICK, ticks * NANOS_PER_TICK);
    }

    /** The CPU of this JVM's compiler threads ("C1 CompilerThre", "C2 CompilerThre" in /proc/self/task). */
    private static long jitTicks() {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) ticks += ticks(stat(task.resolve("stat")), false);
                } catch (java.io.IOException e) {
                    // a compiler thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return ticks;
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat), with its exited children's (16, 17); 0 where there is none. */
    private static long ticks(long pid, boolean withExitedChildren) {
        return ticks(stat(Path.of("/proc", Long.toString(pid), "stat")), withExitedChildren);
    }

    private static long ticks(String[] f, boolean withExitedChildren) {
        if (f == null) return 0;
        long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withExitedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
    }

    /** The fields of a /proc stat file (a process's or a thread's) from the third on (the name may hold spaces), null where there is none. */
    private static String[] stat(Path file) {
        try {
            String stat = Files.readString(file);
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (Exception e) {
            return null;
        }
    }
}
