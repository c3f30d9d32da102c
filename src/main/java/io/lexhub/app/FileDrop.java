package io.lexhub.app;

import io.lexhub.intake.RawSubmission;
import io.lexhub.pipeline.UnreadableInputException;
import io.lexhub.store.QuarantineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private final QuarantineStore quarantine;

    public FileDrop(Clock clock) {
        this(clock, null);
    }

    /** @param quarantine records refused links (without their target's content); may be null in tests */
    public FileDrop(Clock clock, QuarantineStore quarantine) {
        this.clock = clock;
        this.quarantine = quarantine;
    }

    public RawSubmission submission(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        var now = clock.instant();
        // a time stamp keeps two drops of the same name apart in done/ and failed/
        exchange.setProperty(ARCHIVE, "done/" + STAMP.format(now) + "-" + name);
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        if (path != null && Files.isSymbolicLink(Path.of(path))) {
            // a link could make the hub read (and quarantine, and echo) any file it can see: refuse it
            // unread; the consumer then moves the link itself to failed/, never its target
            List<String> problems = List.of("the dropped file is a symbolic link; links are not followed: drop the file itself");
            RawSubmission refused = new RawSubmission(RawSubmission.FILE, null, name, name, new byte[0], now);
            long id = quarantine == null ? 0 : quarantine.add(refused, "symlink:" + STAMP.format(now) + "-" + name, problems.get(0));
            throw new UnreadableInputException(problems, id);
        }
        byte[] content = exchange.getMessage().getBody(byte[].class);
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
