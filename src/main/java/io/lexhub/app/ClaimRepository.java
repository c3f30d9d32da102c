package io.lexhub.app;

import io.lexhub.store.IntakeClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One intake channel's {@link IntakeClaims} as the repository Camel coordinates consumers with:
 * the drop folder's read lock ({@code readLock=idempotent-changed}) and the mail consumer's
 * {@code idempotentRepository}. Camel adds a key before it reads an input and removes it when the
 * input is done; this node renews what it holds every third of the claim period.
 *
 * <p>Without {@code IntakeClaims} (H2: a database only one node opens) the claims are kept in
 * this node's memory: there is nobody to coordinate with, and two commits per input are saved.
 */
public final class ClaimRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.intake");
    /** Nothing the hub does with one input takes this long: a key Camel never removed (a message it skipped) is let go. */
    static final Duration MAX_HOLD = Duration.ofMinutes(10);

    /** null: claims in memory only */
    private final IntakeClaims claims;
    private final String scope;
    private final CamelContext context;
    private final Clock clock;
    private final Map<String, Instant> held = new ConcurrentHashMap<>();
    private ScheduledExecutorService renewal;

    public ClaimRepository(IntakeClaims claims, String scope, CamelContext context, Clock clock) {
        this.claims = claims;
        this.scope = scope;
        this.context = context;
        this.clock = clock;
    }

    private Duration period() {
        return claims == null ? MAX_HOLD : claims.period();
    }

    @Override
    public boolean add(String key) {
        try {
            if (claims == null) return held.putIfAbsent(key, clock.instant()) == null;
            if (!claims.claim(scope, key)) return false;
            held.put(key, clock.instant());
            return true;
        } catch (RuntimeException e) {
            // database unreachable: the input is left for a later poll (GET /api/health shows the outage)
            LOG.debug("{} claim on {} not taken: {}", scope, key, e.toString());
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        return claims == null ? held.containsKey(key) : claims.held(scope, key);
    }

    /** Only this node's claim is released: Camel 4.18.0 also calls this for a file another node has locked. */
    @Override
    public boolean remove(String key) {
        boolean wasHeld = held.remove(key) != null;
        if (claims == null) return wasHeld;
        try {
            return claims.release(scope, key);
        } catch (RuntimeException e) {
            LOG.warn("{} claim on {} not released, it expires in {}: {}", scope, key, claims.period(), e.toString());
            return false;
        }
    }

    /** Claims end with remove (readLockRemoveOnCommit, camel-mail's idempotentRepositoryRemoveOnCommit): nothing to confirm. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        held.clear();
        if (claims != null) claims.releaseAll(scope);
    }

    @Override
    protected void doStart() {
        long every = Math.max(1, period().toMillis() / 3);
        renewal = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "lexhub-claims-" + scope);
        renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (renewal != null) context.getExecutorServiceManager().shutdownNow(renewal);
        renewal = null;
    }

    void renew() {
        Instant oldest = clock.instant().minus(MAX_HOLD);
        held.values().removeIf(since -> since.isBefore(oldest));
        if (claims == null) return;
        try {
            claims.renew(scope, held.keySet());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log and try at the next turn
            LOG.warn("{} claims not renewed: {}", scope, e.toString());
        }
    }
}
