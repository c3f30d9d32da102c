package io.lexhub.app;

import io.lexhub.intake.ContentHash;
import io.lexhub.intake.RawSubmission;
import io.lexhub.pipeline.intake.UnreadableInputException;
import io.lexhub.store.QuarantineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import io.lexhub.store.DatabaseUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a dropped file to a submission and decides where it is archived: the file consumer
 * moves it to ../${exchangeProperty.lexhubArchive} when the exchange completes.
 */
public final class FileDrop {

    static final String ARCHIVE = "lexhubArchive";
    static final String REASON_FILE = "lexhubReasonFile";
    static final String SUBMISSION = "lexhubSubmission";
    private static final Logger LOG = LoggerFactory.getLogger(FileDrop.class);
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
        // kept before the read: a file that cannot even be read is still quarantined under its name
        exchange.setProperty(SUBMISSION, new RawSubmission(RawSubmission.FILE, null, name, name, new byte[0], now));
        byte[] content = exchange.getMessage().getBody(byte[].class);
        RawSubmission raw = new RawSubmission(RawSubmission.FILE, null, name, name, content == null ? new byte[0] : content, now);
        exchange.setProperty(SUBMISSION, raw);
        return raw;
    }

    /**
     * A file dropped into practice/: a submission like {@link #submission}, marked as a practice
     * request whatever its document says (docs/practice-and-patterns.md).
     */
    public RawSubmission practiceSubmission(Exchange exchange) {
        RawSubmission raw = submission(exchange).asPractice();
        exchange.setProperty(SUBMISSION, raw);
        return raw;
    }

    /**
     * Sends the file to failed/ and returns the text of the reason file written beside it. Any
     * failure but an unavailable database is the file's own: left in the inbox it would be read
     * again on every poll, forever. An unavailable database is rethrown, so the file stays and is
     * tried again once the database is back.
     */
    public String failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (retryLater(caught)) {
            throw caught instanceof RuntimeException r ? r : new RuntimeCamelException(caught);
        }
        UnreadableInputException e = caught instanceof UnreadableInputException u ? u : quarantineUnexpected(exchange, caught);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        String archive = exchange.getProperty(ARCHIVE, String.class).replaceFirst("^done/", "failed/");
        exchange.setProperty(ARCHIVE, archive);
        exchange.setProperty(REASON_FILE, archive.substring("failed/".length()) + ".reason.txt");
        return e.reasonText();
    }

    static boolean retryLater(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException) return true;
        }
        return false;
    }

    private UnreadableInputException quarantineUnexpected(Exchange exchange, Exception caught) {
        RawSubmission raw = exchange.getProperty(SUBMISSION, RawSubmission.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (raw == null) raw = new RawSubmission(RawSubmission.FILE, null, name, name, new byte[0], clock.instant());
        // the details may quote internals: they go to the log, the sender gets the kind of failure
        List<String> problems = List.of("The file could not be processed (" + caught.getClass().getSimpleName()
                + "). It has been kept for the licensing desk, who will look into it; please do not drop it again unchanged.");
        String externalId = raw.content().length > 0 ? "sha256:" + ContentHash.sha256(raw.content()) : "unread:" + exchange.getProperty(ARCHIVE, String.class);
        long id = quarantine == null ? 0 : quarantine.add(raw, externalId, problems.get(0));
        LOG.error("file {} could not be processed; quarantined as #{}", name, id, caught);
        return new UnreadableInputException(problems, id);
    }
}
