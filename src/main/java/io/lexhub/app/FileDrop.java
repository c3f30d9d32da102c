package io.lexhub.app;

import io.lexhub.intake.RawSubmission;
import io.lexhub.pipeline.UnreadableInputException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;

/**
 * Adapts a dropped file to a submission and decides where it is archived: the file consumer
 * moves it to ../${exchangeProperty.lexhubArchive} when the exchange completes.
 */
public final class FileDrop {

    static final String ARCHIVE = "lexhubArchive";
    static final String REASON_FILE = "lexhubReasonFile";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public FileDrop(Clock clock) {
        this.clock = clock;
    }

    public RawSubmission submission(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] content = exchange.getMessage().getBody(byte[].class);
        var now = clock.instant();
        // a time stamp keeps two drops of the same name apart in done/ and failed/
        exchange.setProperty(ARCHIVE, "done/" + STAMP.format(now) + "-" + name);
        return new RawSubmission(RawSubmission.FILE, null, name, name, content == null ? new byte[0] : content, now);
    }

    /** Sends the file to failed/ and returns the text of the reason file written beside it. */
    public String failed(Exchange exchange) {
        String archive = exchange.getProperty(ARCHIVE, String.class).replaceFirst("^done/", "failed/");
        exchange.setProperty(ARCHIVE, archive);
        exchange.setProperty(REASON_FILE, archive.substring("failed/".length()) + ".reason.txt");
        UnreadableInputException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, UnreadableInputException.class);
        return e.reasonText();
    }
}
