package io.lexhub.app;

import io.lexhub.insight.BillingParser;
import io.lexhub.insight.MalformedBillingException;
import io.lexhub.pipeline.billing.BillingIntake;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * Adapts a billing file from {@code <home>/billing} to {@link BillingIntake}: the consumer moves it
 * to ${exchangeProperty.billingArchive} (done/ or failed/, time-stamped) when the exchange completes.
 */
public final class BillingDrop {

    static final String ARCHIVE = "billingArchive";
    static final String REASON_FILE = "billingReasonFile";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final BillingParser parser;
    private final BillingIntake intake;
    private final Clock clock;

    public BillingDrop(BillingParser parser, BillingIntake intake, Clock clock) {
        this.parser = parser;
        this.intake = intake;
        this.clock = clock;
    }

    public BillingIntake.Outcome take(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(ARCHIVE, "done/" + STAMP.format(clock.instant()) + "-" + name);
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".json")) {
            throw new MalformedBillingException(List.of("the file name must end in .csv or .json"));
        }
        return intake.record(parser.parse(lower.endsWith(".json"), exchange.getMessage().getBody(byte[].class)), "file:" + name);
    }

    /** Sends the file to failed/ and returns the text of the reason file written beside it. */
    public String failed(Exchange exchange) {
        String archive = exchange.getProperty(ARCHIVE, String.class).replaceFirst("^done/", "failed/");
        exchange.setProperty(ARCHIVE, archive);
        exchange.setProperty(REASON_FILE, archive.substring("failed/".length()) + ".reason.txt");
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, MalformedBillingException.class).reasonText();
    }
}
