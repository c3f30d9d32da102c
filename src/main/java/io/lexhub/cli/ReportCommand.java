package io.lexhub.cli;

import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.insight.Period;
import io.lexhub.insight.ReportPage;
import io.lexhub.insight.Summary;
import io.lexhub.pipeline.insight.Insight;
import io.lexhub.store.Database;
import io.lexhub.store.InsightStore;
import io.lexhub.model.Json;
import io.lexhub.store.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the governance report of a period as one self-contained HTML file (charts and the figures behind them; "
                + "the same numbers as GET /api/reports/summary). Reads the hub's database (same lexhub.* settings as the hub). "
                + "Exit 0 written, 2 cannot read the database.")
final class ReportCommand implements Callable<Integer> {

    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "WHEN", description = "first day (YYYY-MM-DD, UTC) or instant; default: the beginning")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "last day, included (YYYY-MM-DD, UTC), or instant, excluded; default: now")
    String to;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the HTML file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        Period period;
        try {
            period = Period.parse(from, to, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Settings settings = SettingsSource.load();
        Summary summary;
        try (Database db = settings.openHubDatabase(1)) {
            summary = new Insight(new InsightStore(new Tx(db.dataSource())), Clock.systemUTC()).summary(period);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("cannot read the hub's database " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
        Files.writeString(out, ReportPage.render(summary, Json.write(summary), echarts(), Instant.now().toString()), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("report " + out + ": " + summary.requests().total() + " requests, " + summary.approvals().decided()
                + " decisions from " + summary.from() + " to " + summary.to());
        return 0;
    }

    static String echarts() throws IOException {
        try (InputStream in = ReportCommand.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            if (in == null) throw new IOException("the charting library " + ECHARTS + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
