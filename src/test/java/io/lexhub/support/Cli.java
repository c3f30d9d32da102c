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

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Lexhub());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        return new Run(cmd.execute(args), out.toString());
    }
}
