package io.lexhub.store;

import io.lexhub.lifecycle.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The implementation tasks of approved requests (V42, docs/tasks.md) and whether a waiver is in
 * effect. Every move of a task is conditional on OPEN and reports whether it happened (architecture
 * rules 4 and 17), so a sweep or a click twice, or on two nodes, changes it once.
 */
public final class TaskStore {

    /** One task as stored. {@code ownerRole} or {@code ownerPerson} is set, never both. */
    public record Task(long id, String ref, String key, String title, String ownerRole, String ownerPerson, OffsetDateTime dueAt,
            TaskState state, OffsetDateTime createdAt, OffsetDateTime escalatedAt, String doneBy, String confirmedBy, OffsetDateTime doneAt,
            String note, OffsetDateTime remindAt, OffsetDateTime remindedAt) {}

    /** A task to open: which request, which task of the policy, its owner, when it is to be reminded of (V49) and when it is due. */
    public record NewTask(String ref, String key, String title, String ownerRole, String ownerPerson, OffsetDateTime remindAt,
            OffsetDateTime dueAt) {}

    private static final String COLUMNS = "id, request_ref, task_key, title, owner_role, owner_person, due_at, state, created_at, escalated_at,"
            + " done_by, confirmed_by, done_at, note, remind_at, reminded_at";

    /** Opens a task in the caller's transaction; returns its id. */
    public long open(Connection c, NewTask t, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO implementation_tasks (request_ref, task_key, title, owner_role, owner_person,"
                + " due_at, state, created_at, remind_at) VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)", new String[] {"id"})) {
            ps.setString(1, t.ref());
            ps.setString(2, t.key());
            ps.setString(3, t.title());
            ps.setString(4, t.ownerRole());
            ps.setString(5, t.ownerPerson());
            ps.setObject(6, t.dueAt());
            ps.setObject(7, now);
            ps.setObject(8, t.remindAt());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public Optional<Task> find(Connection c, long id) throws SQLException {
        List<Task> found = query(c, "SELECT " + COLUMNS + " FROM implementation_tasks WHERE id = ?", 1, id);
        return found.stream().findFirst();
    }

    /** The tasks of one request, in the policy's order. */
    public List<Task> ofRequest(Connection c, String ref) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM implementation_tasks WHERE request_ref = ? ORDER BY id", 1000, ref);
    }

    /** Open tasks past due that were not escalated yet, the longest overdue first. */
    public List<Task> dueToEscalate(Connection c, OffsetDateTime now, int limit) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM implementation_tasks WHERE state = 'OPEN' AND due_at <= ? AND escalated_at IS NULL"
                + " ORDER BY due_at", limit, now);
    }

    /**
     * Open tasks past their reminder point, not yet reminded and not yet due (a task first seen past
     * due is escalated instead), the soonest reminder first.
     */
    public List<Task> dueToRemind(Connection c, OffsetDateTime now, int limit) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM implementation_tasks WHERE state = 'OPEN' AND remind_at <= ? AND due_at > ?"
                + " AND reminded_at IS NULL AND escalated_at IS NULL ORDER BY remind_at", limit, now, now);
    }

    /**
     * Tasks owned by this person or by one of these roles, in this state (null: any), soonest due
     * first; with {@code everyone} (the desk) all tasks.
     */
    public List<Task> owned(Connection c, String person, Collection<String> roles, TaskState state, boolean everyone, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM implementation_tasks WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (!everyone) {
            sql.append(" AND (owner_person = ?");
            args.add(person);
            for (String role : roles) {
                sql.append(" OR owner_role = ?");
                args.add(role);
            }
            sql.append(')');
        }
        sql.append(" ORDER BY due_at, id");
        return query(c, sql.toString(), limit, args.toArray());
    }

    /** Marks an open task escalated; false when it was escalated (or closed) already. */
    public boolean markEscalated(Connection c, long id, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE implementation_tasks SET escalated_at = ? WHERE id = ? AND state = 'OPEN' AND escalated_at IS NULL")) {
            ps.setObject(1, now);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Marks an open task reminded; false when it was reminded, escalated or closed already, or is due by now. */
    public boolean markReminded(Connection c, long id, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE implementation_tasks SET reminded_at = ? WHERE id = ? AND state = 'OPEN'"
                + " AND reminded_at IS NULL AND escalated_at IS NULL AND due_at > ?")) {
            ps.setObject(1, now);
            ps.setLong(2, id);
            ps.setObject(3, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** OPEN -> DONE; false when the task is not open (done or cancelled meanwhile). */
    public boolean complete(Connection c, long id, String doneBy, String confirmedBy, String note, OffsetDateTime now) throws SQLException {
        TaskState.OPEN.check(TaskState.DONE);
        try (PreparedStatement ps = c.prepareStatement("UPDATE implementation_tasks SET state = 'DONE', done_by = ?, confirmed_by = ?, note = ?,"
                + " done_at = ? WHERE id = ? AND state = 'OPEN'")) {
            ps.setString(1, doneBy);
            ps.setString(2, confirmedBy);
            ps.setString(3, note);
            ps.setObject(4, now);
            ps.setLong(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** OPEN -> CANCELLED for every open task of a request (its waiver ended); returns the tasks cancelled. */
    public List<Task> cancelOpen(Connection c, String ref, String by, OffsetDateTime now) throws SQLException {
        TaskState.OPEN.check(TaskState.CANCELLED);
        List<Task> open = query(c, "SELECT " + COLUMNS + " FROM implementation_tasks WHERE request_ref = ? AND state = 'OPEN' ORDER BY id", 1000, ref);
        List<Task> cancelled = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE implementation_tasks SET state = 'CANCELLED', done_by = ?, done_at = ? WHERE id = ? AND state = 'OPEN'")) {
            for (Task t : open) {
                ps.setString(1, by);
                ps.setObject(2, now);
                ps.setLong(3, t.id());
                if (ps.executeUpdate() == 1) cancelled.add(t);
            }
        }
        return cancelled;
    }

    public int openCount(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM implementation_tasks WHERE request_ref = ? AND state = 'OPEN'")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Records that a waiver is in effect; false when it was already (so its notice goes once). */
    public boolean markInEffect(Connection c, String ref, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE waivers SET in_effect_at = ? WHERE request_ref = ? AND in_effect_at IS NULL AND state = 'ACTIVE'")) {
            ps.setObject(1, now);
            ps.setString(2, ref);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<Task> query(Connection c, String sql, int limit, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Task> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Task(rs.getLong("id"), rs.getString("request_ref"), rs.getString("task_key"), rs.getString("title"),
                            rs.getString("owner_role"), rs.getString("owner_person"), rs.getObject("due_at", OffsetDateTime.class),
                            TaskState.valueOf(rs.getString("state")), rs.getObject("created_at", OffsetDateTime.class),
                            rs.getObject("escalated_at", OffsetDateTime.class), rs.getString("done_by"), rs.getString("confirmed_by"),
                            rs.getObject("done_at", OffsetDateTime.class), rs.getString("note"),
                            rs.getObject("remind_at", OffsetDateTime.class), rs.getObject("reminded_at", OffsetDateTime.class)));
                }
                return out;
            }
        }
    }
}
