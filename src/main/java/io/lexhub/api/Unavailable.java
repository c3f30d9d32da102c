package io.lexhub.api;

import io.lexhub.store.DatabaseUnavailableException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer while the database is away, whichever route's handler caught the failure: 503
 * with Retry-After and a reason, never a 500 or a refusal that would make the caller give up.
 */
final class Unavailable {

    private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);
    static final int RETRY_AFTER_SECONDS = 5;

    private Unavailable() {}

    /** Answers 503 and returns true when {@code e} comes from the database being unavailable; else leaves the exchange alone. */
    static boolean answered(Exchange exchange, Throwable e) {
        if (!DatabaseUnavailableException.in(e)) return false;
        LOG.warn("{} answered 503: the database is unavailable ({})", exchange.getFromRouteId(), e.getMessage());
        Responses.problem(exchange, 503, Responses.DATABASE_UNAVAILABLE, "the hub's database is unavailable; retry in a few seconds",
                Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
        exchange.getMessage().setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        return true;
    }
}
