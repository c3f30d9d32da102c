package io.lexhub.cli;

import io.lexhub.app.Hub;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.bench.BenchCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lexhub command: runs the hub, or one of the operator tools. Without a command it runs the hub. */
@Command(name = "lexhub", mixinStandardHelpOptions = true, version = "lexhub 0.1.0",
        description = "License exception governance hub.",
        subcommands = {CommandLine.HelpCommand.class, Lexhub.Run.class, ValidateCommand.class, QuarantineCommand.class, AuditCommand.class, KeyCommand.class,
                KeyCommand.ApproverKey.class, SignInLinkCommand.class, PolicyCommand.class,
                BenchCommand.class, ReportCommand.class, SweepCommand.class, EventsCommand.class})
public final class Lexhub implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Lexhub()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the hub (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Settings settings = SettingsSource.load();
            return Hub.run(settings.configDir());
        }
    }
}
