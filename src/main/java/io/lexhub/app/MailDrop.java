package io.lexhub.app;

import io.lexhub.pipeline.channel.MailIntake;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.mail.MailConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts camel-mail to {@link MailIntake}: reads the raw message (never more than the limit) and,
 * at the end, tells camel-mail where the message goes once the exchange completes, i.e. after
 * everything is committed. camel-mail reads the "moveTo" header at that point, which is also why
 * the route removes every inbound header first: a mail must not choose its own folder.
 *
 * <p>A message the server fails to hand over (the connection drops, the server answers NO to the
 * fetch) is left unseen and read again at the next poll, up to {@code maxFetchTries} times on
 * this node; then it is quarantined with what could be read of it, like any message the hub
 * cannot read. Nothing is read again on every poll forever.
 */
public final class MailDrop {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.intake.mail");
    static final String RAW = "lexhubRawMail";

    /** The server did not hand the message over; it may next time. */
    static final class NotFetched extends RuntimeException {
        NotFetched(Exception cause) {
            super("the mail server did not hand the message over: " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()), cause);
        }
    }

    private final MailIntake intake;
    private final int maxMessageBytes;
    private final String processedFolder;
    private final String quarantineFolder;
    private final int maxFetchTries;
    /** message key (camel-mail's, the Message-ID) -> failed fetches on this node */
    private final Map<String, Integer> fetchFailures = new ConcurrentHashMap<>();

    /** @param processedFolder, quarantineFolder null: only mark the message seen */
    public MailDrop(MailIntake intake, int maxMessageBytes, String processedFolder, String quarantineFolder, int maxFetchTries) {
        this.intake = intake;
        this.maxMessageBytes = maxMessageBytes;
        this.processedFolder = processedFolder;
        this.quarantineFolder = quarantineFolder;
        this.maxFetchTries = maxFetchTries;
    }

    /** The message's raw bytes (never more than the limit) as the route's first step left them in the body ({@link MailDetach}). */
    public MailIntake.MailCase read(Exchange exchange) {
        jakarta.mail.Message message = exchange.getIn().getBody(jakarta.mail.Message.class);
        Bounded out = new Bounded(maxMessageBytes + 1);
        // not Message.getSize(): Angus Mail answers it from the IMAP ENVELOPE fetch, which is what fails on raw UTF-8 addresses
        try {
            message.writeTo(out);
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof Bounded.Full)) throw e;
            // over the limit: what was read is kept in quarantine, the rest is never loaded
        } catch (MessagingException | IOException e) {
            exchange.setProperty(RAW, out.toByteArray());
            throw new NotFetched(e);
        }
        byte[] raw = out.toByteArray();
        exchange.setProperty(RAW, raw);
        return intake.read(raw);
    }

    /**
     * The route failed on this message. An unavailable database is rethrown: the message stays
     * unseen and is read again on the next poll. Anything else is the message's own and would
     * recur on every poll, forever: it is quarantined and moved (or marked) like any refused mail.
     */
    public void failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (FileDrop.retryLater(caught)) {
            throw caught instanceof RuntimeException r ? r : new RuntimeCamelException(caught);
        }
        if (caught instanceof NotFetched) {
            String key = String.valueOf(exchange.getProperty(MailConsumer.MAIL_MESSAGE_UID));
            int tries = fetchFailures.merge(key, 1, Integer::sum);
            if (tries < maxFetchTries) {
                LOG.warn("message {} not fetched (try {} of {}), read again at the next poll: {}", key, tries, maxFetchTries, caught.getMessage());
                throw (NotFetched) caught;
            }
            fetchFailures.remove(key);
            byte[] raw = exchange.getProperty(RAW, byte[].class);
            Throwable why = caught.getCause();
            String problem = why.getMessage() != null ? why.getMessage() : why.getClass().getSimpleName();
            exchange.setProperty("mailCase", intake.notFetched(raw == null ? new byte[0] : raw, key, tries, problem));
            return;
        }
        byte[] raw = exchange.getProperty(RAW, byte[].class);
        exchange.setProperty("mailCase", intake.crashed(raw == null ? new byte[0] : raw, caught));
    }

    /**
     * Where the message goes at commit. With a folder, also "delete": camel-mail then moves the
     * message first and flags it deleted after, instead of flagging it \Seen before the move (a
     * hub killed between those two left a seen message in the inbox that an unseen-only poll never
     * read again). Killed between the move and the flag, the message is read again, found in
     * mail_messages and only moved (a second copy in the folder, nothing lost or decided twice).
     */
    public void dispose(Exchange exchange) {
        fetchFailures.remove(String.valueOf(exchange.getProperty(MailConsumer.MAIL_MESSAGE_UID)));
        MailIntake.MailCase c = exchange.getProperty("mailCase", MailIntake.MailCase.class);
        String folder = c != null && c.quarantined() ? quarantineFolder : processedFolder;
        if (folder != null) {
            exchange.getMessage().setHeader("moveTo", folder);
            exchange.getMessage().setHeader("delete", true);
        }
    }

    /** Stops writing at a limit. */
    static final class Bounded extends ByteArrayOutputStream {
        static final class Full extends IOException {
            Full() {
                super("message over the size limit");
            }
        }

        private final int limit;

        Bounded(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = limit - count;
            super.write(b, off, Math.min(len, Math.max(room, 0)));
            if (len > room) throw new java.io.UncheckedIOException(new Full());
        }

        @Override
        public synchronized void write(int b) {
            if (count >= limit) throw new java.io.UncheckedIOException(new Full());
            super.write(b);
        }
    }
}
