package io.lexhub.pipeline.task;

import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.TaskStore;
import io.lexhub.store.TaskStore.Task;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A task is done: by a person (the API, the workspace: its owner, someone holding its role, or the
 * desk) or confirmed by a connected system (its callback, which proves the system first). One
 * transaction: the task OPEN -> DONE, {@code task.done}, and when it was the waiver's last open
 * task, the waiver in effect and the customer told ({@link WaiverInEffect}).
 */
public final class CompleteTask {

    /** The longest note kept with a done task. */
    public static final int MAX_NOTE = 2000;

    public enum Outcome { DONE, NOT_FOUND, FORBIDDEN, NOT_OPEN }

    /** What happened; {@code task} is the task as it is now (absent when not found), {@code inEffect} whether its waiver took effect. */
    public record Result(Outcome outcome, Optional<Task> task, boolean inEffect) {}

    private final Tx tx;
    private final TaskStore tasks;
    private final RequestStore requests;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final WaiverInEffect inEffect;
    private final Clock clock;

    public CompleteTask(Tx tx, TaskStore tasks, RequestStore requests, AuditTrail audit, ApproverDirectory directory, WaiverInEffect inEffect,
            Clock clock) {
        this.tx = tx;
        this.tasks = tasks;
        this.requests = requests;
        this.audit = audit;
        this.directory = directory;
        this.inEffect = inEffect;
        this.clock = clock;
    }

    /** A person marks a task done; {@code note} is optional. */
    public Result byPerson(long id, Principal who, String note) {
        return close(id, who.actor(), "person:" + who.id(), note, t -> TaskOwners.mayClose(directory, who, t));
    }

    /**
     * A connected system confirms a task (for the signed callback, docs/tasks.md): the caller has
     * proved it is {@code system}; {@code actorLabel} is how, for the audit trail.
     */
    public Result bySystem(long id, String system, String actorLabel, String note) {
        if (system == null || system.isBlank()) throw new IllegalArgumentException("the confirming system is named");
        return close(id, actorLabel, "system:" + system.strip(), note, t -> true);
    }

    private interface Permission {
        boolean allows(Task t);
    }

    private Result close(long id, String actorLabel, String confirmedBy, String note, Permission permission) {
        String kept = note == null || note.isBlank() ? null : note.strip();
        if (kept != null && kept.length() > MAX_NOTE) throw new IllegalArgumentException("the note is longer than " + MAX_NOTE + " characters");
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<Task> found = tasks.find(c, id);
            if (found.isEmpty()) return new Result(Outcome.NOT_FOUND, found, false);
            Task t = found.get();
            if (!permission.allows(t)) return new Result(Outcome.FORBIDDEN, found, false);
            // the request's lock puts the tasks of one waiver in line: the last one done sees no other open
            StoredRequest s = requests.lock(c, t.ref()).orElseThrow(() -> new UnknownRequestException(t.ref()));
            if (!tasks.complete(c, id, actorLabel, confirmedBy, kept, now)) return new Result(Outcome.NOT_OPEN, tasks.find(c, id), false);
            audit.append(c, now, t.ref(), "task.done", actorLabel, Json.write(event(t, confirmedBy, kept)));
            boolean effect = tasks.openCount(c, t.ref()) == 0 && inEffect.record(c, t.ref(), s.request(), actorLabel, true, now);
            return new Result(Outcome.DONE, tasks.find(c, id), effect);
        });
    }

    private static Map<String, Object> event(Task t, String confirmedBy, String note) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("task", t.id());
        e.put("key", t.key());
        e.put("confirmedBy", confirmedBy);
        if (note != null) e.put("note", note);
        return e;
    }
}
