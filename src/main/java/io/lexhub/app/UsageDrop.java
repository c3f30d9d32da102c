package io.lexhub.app;

import io.lexhub.insight.MalformedUsageException;
import io.lexhub.insight.UsageParser;
import io.lexhub.pipeline.channel.UsageIntake;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;

/**
 * Adapts a usage file from {@code <home>/usage} to {@link UsageIntake}: the consumer moves it to
 * ${exchangeProperty.usageArchive} (done/ or failed/, time-stamped) when the exchange completes.
 */
public final class UsageDrop {

    static final String ARCHIVE = "usageArchive";
    static final String REASON_FILE = "usageReasonFile";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final UsageParser parser;
    private final UsageIntake intake;
    private final Clock clock;

    public UsageDrop(UsageParser parser, UsageIntake intake, Clock clock) {
        this.parser = parser;
        this.intake = intake;
        this.clock = clock;
    }

    public UsageIntake.Outcome take(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(ARCHIVE, "done/" + STAMP.format(clock.instant()) + "-" + name);
        return intake.record(parser.parse(name, exchange.getMessage().getBody(byte[].class)), "file:" + name);
    }

    /** Sends the file to failed/ and returns the text of the reason file written beside it. */
    public String failed(Exchange exchange) {
        String archive = exchange.getProperty(ARCHIVE, String.class).replaceFirst("^done/", "failed/");
        exchange.setProperty(ARCHIVE, archive);
        exchange.setProperty(REASON_FILE, archive.substring("failed/".length()) + ".reason.txt");
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, MalformedUsageException.class).reasonText();
    }
}
