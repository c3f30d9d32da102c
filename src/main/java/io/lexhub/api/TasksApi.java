package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.lifecycle.TaskState;
import io.lexhub.pipeline.task.CompleteTask;
import io.lexhub.pipeline.task.MyTasks;
import io.lexhub.store.TaskStore.Task;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/** REST handlers for /api/tasks: the implementation tasks a caller may see, and marking one done (docs/tasks.md). */
public final class TasksApi {

    private final MyTasks tasks;
    private final CompleteTask complete;

    public TasksApi(MyTasks tasks, CompleteTask complete) {
        this.tasks = tasks;
        this.complete = complete;
    }

    /** GET /api/tasks?state=OPEN|DONE|CANCELLED: the caller's and their roles' tasks (the desk: all), soonest due first. */
    public void list(Exchange exchange) {
        String asked = exchange.getMessage().getHeader("state", String.class);
        TaskState state;
        try {
            state = asked == null || asked.isBlank() ? null : TaskState.valueOf(asked.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, "state is one of OPEN, DONE, CANCELLED");
            return;
        }
        Responses.json(exchange, 200, Map.of("tasks", tasks.of(Callers.principal(exchange), state).stream().map(TasksApi::view).toList()));
    }

    /** POST /api/tasks/{id}/done: {"note"?}; its owner, someone holding its role, or the desk. */
    public void done(Exchange exchange) {
        long id;
        try {
            id = Long.parseLong(exchange.getMessage().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            Responses.problem(exchange, 400, "the id is a number");
            return;
        }
        Principal who = Callers.principal(exchange);
        CompleteTask.Result r;
        try {
            // read once and kept: the body is a stream, and an empty body means no note
            String body = exchange.getMessage().getBody(String.class);
            exchange.getMessage().setBody(body);
            String note = body == null || body.isBlank() ? null : Callers.jsonBody(exchange).path("note").asText(null);
            r = complete.byPerson(id, who, note);
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, e.getMessage());
            return;
        }
        switch (r.outcome()) {
            case DONE -> {
                Map<String, Object> v = view(r.task().orElseThrow());
                v.put("waiverInEffect", r.inEffect());
                Responses.json(exchange, 200, v);
            }
            case NOT_FOUND -> Responses.problem(exchange, 404, "no task " + id);
            case FORBIDDEN -> Responses.problem(exchange, 403, "task " + id + " is not yours: its owner, someone holding its role, or the desk closes it");
            case NOT_OPEN -> Responses.problem(exchange, 409, "task " + id + " is " + r.task().map(t -> t.state().name()).orElse("gone") + ", not open");
        }
    }

    static Map<String, Object> view(Task t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("reference", t.ref());
        v.put("key", t.key());
        v.put("title", t.title());
        if (t.ownerRole() != null) v.put("role", t.ownerRole());
        if (t.ownerPerson() != null) v.put("person", t.ownerPerson());
        v.put("state", t.state().name());
        v.put("dueAt", t.dueAt().toInstant().toString());
        v.put("escalated", t.escalatedAt() != null);
        if (t.doneAt() != null) v.put("doneAt", t.doneAt().toInstant().toString());
        if (t.confirmedBy() != null) v.put("confirmedBy", t.confirmedBy());
        if (t.note() != null) v.put("note", t.note());
        return v;
    }
}
