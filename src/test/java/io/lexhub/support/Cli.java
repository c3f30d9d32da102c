package io.lexhub.support;

import io.lexhub.cli.Lexhub;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the lexhub command in this JVM, as `java -jar target/lexhub.jar ARGS` would, capturing what it prints. */
public final class Cli {

    /** The exit code and everything printed to standard output and error, in order. */
    public record Run(int exit, String out) {}

    private Cli() {}

    /** A new API key, issued as an operator would with {@code lexhub key issue}. */
    public static String issueKey(String owner, String... scopes) {
        Run run = run("key", "issue", "--owner", owner, "--scope", String.join(",", scopes), "--label", "test");
        if (run.exit() != 0) throw new IllegalStateException("key issue failed: " + run.out());
        return run.out().lines().filter(l -> l.startsWith("lxk_")).findFirst().orElseThrow();
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Lexhub());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        return new Run(cmd.execute(args), out.toString());
    }
}
