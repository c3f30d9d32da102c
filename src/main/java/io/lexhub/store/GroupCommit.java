package io.lexhub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the work of callers that arrive while a transaction is being written is run in
 * the next transaction together, up to {@code maxGroup} units, and committed once. On H2 a commit
 * rewrites every page the transaction touched, so one commit for several requests is most of
 * what a bulk intake (a drop folder full of files) can save.
 *
 * <p>Each unit is still all-or-nothing: if anything in a shared transaction fails (a duplicate,
 * a constraint, the database going away), it is rolled back and every unit of the group is run
 * again alone, by its own caller, in its own transaction - exactly as without grouping. A unit
 * that was alone in its group gets its failure back as it would have without grouping.
 */
public final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private enum State { WAITING, COMMITTED, FAILED, ALONE }

    private static final class Unit<T> {
        final Tx.Work<T> work;
        T result;
        RuntimeException failure;
        State state = State.WAITING;

        Unit(Tx.Work<T> work) {
            this.work = work;
        }

        void runIn(Connection c) throws SQLException {
            result = work.run(c);
        }
    }

    private final Tx tx;
    private final int maxGroup;
    /** Held by the caller that writes the current group; the others queue behind it. */
    private final ReentrantLock writer = new ReentrantLock();
    private final Queue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();

    public GroupCommit(Tx tx, int maxGroup) {
        if (maxGroup < 1) throw new IllegalArgumentException("maxGroup must be at least 1");
        this.tx = tx;
        this.maxGroup = maxGroup;
    }

    /**
     * Runs {@code work} in a transaction shared with the callers waiting at the same time and
     * returns its result once committed. If the shared transaction failed, runs {@code alone}
     * instead, or, if the unit was alone in it, throws what it failed with.
     */
    public <T> T run(Tx.Work<T> work, Supplier<T> alone) {
        Unit<T> unit = new Unit<>(work);
        waiting.add(unit);
        writer.lock();
        try {
            // whoever holds the lock writes the oldest waiting units: ours, or a group before it
            while (unit.state == State.WAITING) writeGroup();
        } finally {
            writer.unlock();
        }
        return switch (unit.state) {
            case COMMITTED -> unit.result;
            case FAILED -> throw unit.failure;
            default -> alone.get();
        };
    }

    /** Units waiting for a transaction (not yet taken into a group). */
    int waiting() {
        return waiting.size();
    }

    private void writeGroup() {
        List<Unit<?>> group = new ArrayList<>(maxGroup);
        for (Unit<?> u; group.size() < maxGroup && (u = waiting.poll()) != null; ) group.add(u);
        try {
            tx.inTransaction(c -> {
                for (Unit<?> u : group) u.runIn(c);
                return null;
            });
            for (Unit<?> u : group) u.state = State.COMMITTED;
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).failure = e;
                group.get(0).state = State.FAILED;
            } else {
                LOG.debug("a group of {} was rolled back, each is written alone: {}", group.size(), e.toString());
            }
        } finally {
            // also after an Error: no caller may wait for a unit that has left the queue
            for (Unit<?> u : group) {
                if (u.state == State.WAITING) {
                    u.result = null;
                    u.state = State.ALONE;
                }
            }
        }
    }
}
