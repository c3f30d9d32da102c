package io.lexhub.app;

import io.lexhub.api.HealthApi;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the mail consumer reaches its mailbox, for GET /api/health and the log. camel-mail
 * hands every failure outside the route to its exception handler: a poll that cannot connect or
 * log in (an untrusted certificate, a wrong password, a server down) and a message it cannot
 * flag or move. Camel's default logs a full stack trace on every poll, forever; here a problem is
 * logged once when it starts or changes and once when the mailbox answers again, and health
 * shows it meanwhile.
 */
public final class MailboxWatch implements PollingConsumerPollStrategy, ExceptionHandler, HealthApi.MailboxState {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.intake.mail");

    /** What health shows: the mailbox's problem (null when polls work), since when, the last poll that worked. */
    public record Status(String problem, Instant since, Instant lastPoll) {}

    private final Clock clock;
    private final IntakeErrors errors;
    private volatile Status status = new Status(null, null, null);

    public MailboxWatch(Clock clock, IntakeErrors errors) {
        this.clock = clock;
        this.errors = errors;
    }

    public Status status() {
        return status;
    }

    /** The health entry of the mailbox: connection state, and the problem while there is one. */
    public Map<String, Object> health() {
        Status s = status;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mailbox", s.problem() == null ? "UP" : "FAILING");
        if (s.problem() != null) {
            out.put("problem", s.problem());
            out.put("since", s.since().toString());
        }
        if (s.lastPoll() != null) out.put("lastPoll", s.lastPoll().toString());
        return out;
    }

    public boolean failing() {
        return status.problem() != null;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public synchronized void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (status.problem() != null) LOG.info("mailbox reached again (the problem since {} is over)", status.since());
        status = new Status(null, null, clock.instant());
    }

    /** No immediate retry: the next poll tries again, and {@link #handleException} records why this one failed. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    /** With an exchange: one message could not be flagged or moved; without: the poll failed. */
    @Override
    public synchronized void handleException(String message, Exchange exchange, Throwable exception) {
        String problem = describe(exception);
        if (exchange != null) {
            errors.failure("mail", exception == null ? new IllegalStateException(message) : exception);
            LOG.warn("a message could not be flagged or moved ({}); it is read again at the next poll and only moved: {}", message, problem);
            return;
        }
        if (!problem.equals(status.problem())) {
            LOG.error("mailbox not reached: {}. Tried again at every poll; logged again when this changes.", problem);
            LOG.debug("mailbox not reached", exception);
        }
        Instant since = status.problem() != null ? status.since() : clock.instant();
        status = new Status(problem, since, status.lastPoll());
    }

    /** The chain of causes' messages, which names the real reason (PKIX path building failed, AUTHENTICATE failed...). */
    static String describe(Throwable e) {
        if (e == null) return "unknown failure";
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = Optional.ofNullable(t.getMessage()).orElse(t.getClass().getSimpleName());
            if (out.indexOf(text) >= 0) continue;
            if (out.length() > 0) out.append(": ");
            out.append(text);
            if (out.length() > 500) break;
        }
        return out.toString();
    }
}
