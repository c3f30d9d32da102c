package io.lexhub.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down an address that keeps presenting bad credentials (keys, decision links): after
 * {@code limit} failures within {@code window} it is refused without a look at what it sends,
 * until the window has passed. Said once per window in the log, never silently. Kept in memory
 * per node and bounded: guessing a 256-bit secret is hopeless anyway; this keeps a flood of
 * guesses from costing database reads and log lines.
 */
public final class Throttle {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");
    private static final int MAX_ADDRESSES = 10_000;

    private record Window(Instant start, int failures, boolean said) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final Duration window;
    private final Clock clock;

    private final String what;

    public Throttle(int limit, Duration window, Clock clock) {
        this(limit, window, clock, "failed credentials");
    }

    /** @param what what is counted, as the log says it ("sign-in link requests") */
    public Throttle(int limit, Duration window, Clock clock, String what) {
        this.what = what;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds this address must wait, or 0 when it may try. */
    public long waitSeconds(String address) {
        Window w = windows.get(address);
        if (w == null || w.failures() < limit) return 0;
        Duration left = Duration.between(clock.instant(), w.start().plus(window));
        if (left.isNegative() || left.isZero()) {
            windows.remove(address, w);
            return 0;
        }
        return Math.max(1, left.toSeconds());
    }

    /** Counts a failed attempt (or, for a throttle of requests, a request) from an address. */
    public void failed(String address) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_ADDRESSES) evictExpired(now);
        Window w = windows.compute(address, (a, old) -> old == null || !old.start().plus(window).isAfter(now)
                ? new Window(now, 1, false) : new Window(old.start(), old.failures() + 1, old.said()));
        if (w.failures() >= limit && !w.said()) {
            windows.put(address, new Window(w.start(), w.failures(), true));
            LOG.warn("{} {} from {} within {} s: refusing its requests until the window ends", w.failures(), what, address, window.toSeconds());
        }
    }

    private void evictExpired(Instant now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            if (!it.next().start().plus(window).isAfter(now)) it.remove();
        }
        // still full of live windows: forget the lot rather than grow without bound
        if (windows.size() >= MAX_ADDRESSES) windows.clear();
    }
}
