package io.lexhub.bench;

import java.util.List;

/** What the database server ran for one timed run ({@link BenchDb#executed}), summed and printed per task. */
final class ServerStatements {

    private ServerStatements() {}

    static double calls(List<BenchDb.Executed> executed) {
        return executed.stream().mapToLong(BenchDb.Executed::calls).sum();
    }

    static double serverMs(List<BenchDb.Executed> executed) {
        return executed.stream().mapToDouble(BenchDb.Executed::totalMs).sum();
    }

    /** The statements run at least once in ten tasks, most server time first: calls and ms per task, ms per call. */
    static void print(Report report, String what, int tasks, List<BenchDb.Executed> executed) {
        report.line("  " + what + ", statements run at least once in ten, most server time first (calls and ms each, ms per call):");
        for (BenchDb.Executed e : executed) {
            if (e.calls() * 10 < tasks) continue;
            String q = e.query().replaceAll("\\s+", " ");
            report.line(String.format("    %5.2f calls %6.3f ms %6.3f ms/call  %s", (double) e.calls() / tasks, e.totalMs() / tasks,
                    e.totalMs() / Math.max(1, e.calls()), q.length() > 110 ? q.substring(0, 110) + "..." : q));
        }
    }
}
