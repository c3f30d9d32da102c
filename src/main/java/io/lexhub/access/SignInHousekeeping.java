package io.lexhub.access;

import io.lexhub.store.SessionStore;
import io.lexhub.store.SignInLinkStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Keeps the sessions and sign-in links tables to what can still matter: a row whose absolute
 * limit (session) or expiry (link) passed more than {@code keep} ago is deleted. Nothing is lost
 * to the record: every sign-in, sign-out and link is in the audit trail. Run daily by Quartz
 * (routes/sign-in.camel.yaml), on one node of a cluster; running it twice deletes nothing more.
 */
public final class SignInHousekeeping {

    /** What one run removed, for its log line. */
    public record Purged(int sessions, int links) {
        public String summaryLine() {
            return "sign-in housekeeping: " + sessions + " session(s) and " + links + " sign-in link(s) deleted";
        }
    }

    private final Tx tx;
    private final SessionStore sessions;
    private final SignInLinkStore links;
    private final Clock clock;
    private final Duration keep;

    public SignInHousekeeping(Tx tx, SessionStore sessions, SignInLinkStore links, Clock clock, Duration keep) {
        this.tx = tx;
        this.sessions = sessions;
        this.links = links;
        this.clock = clock;
        this.keep = keep;
    }

    public Purged purge() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(keep);
        return tx.inTransaction(c -> new Purged(sessions.purge(c, before), links.purge(c, before)));
    }
}
