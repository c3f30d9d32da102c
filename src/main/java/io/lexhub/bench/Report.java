package io.lexhub.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints figures as they come and keeps the summary lines for the end. */
final class Report {

    private final PrintStream out;
    private final List<String> summary = new ArrayList<>();

    Report(PrintStream out) {
        this.out = out;
    }

    void line(String s) {
        out.println(s);
        out.flush();
    }

    void figure(String s) {
        summary.add(s);
        line("  => " + s);
    }

    void printSummary(String header) {
        out.println();
        out.println(header);
        summary.forEach(s -> out.println("  " + s));
        out.flush();
    }
}
