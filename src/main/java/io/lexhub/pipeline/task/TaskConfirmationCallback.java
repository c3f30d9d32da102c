package io.lexhub.pipeline.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.Principal;
import io.lexhub.events.EventType;
import io.lexhub.events.Subscribers;
import io.lexhub.pipeline.events.CallbackHandler;
import io.lexhub.store.TaskStore.Task;
import java.util.Optional;

/**
 * The signed callback {@code {"type": "task.confirmed", "taskId": 17, "note": "..."}} (docs/events.md,
 * docs/tasks.md): a connected system confirms it did an implementation task. Only a subscriber of
 * {@code task.opened} confirms tasks (the systems told of tasks are the ones that do them); the task
 * is closed as {@code system:<subscriber>} by the same use case people use. A confirmation sent again
 * after a lost answer is answered as the first was.
 */
public final class TaskConfirmationCallback implements CallbackHandler {

    public static final String TYPE = "task.confirmed";

    private final CompleteTask complete;
    private final Subscribers subscribers;

    public TaskConfirmationCallback(CompleteTask complete, Subscribers subscribers) {
        this.complete = complete;
        this.subscribers = subscribers;
    }

    @Override
    public Answer handle(Principal caller, JsonNode body) {
        if (subscribers.of(EventType.TASK_OPENED).stream().noneMatch(s -> s.id().equals(caller.id()))) {
            return new Answer(403, "subscriber " + caller.id() + " does not receive task.opened, so it confirms no tasks");
        }
        JsonNode id = body.path("taskId");
        if (!(id.canConvertToLong() || id.asText().matches("\\d{1,18}"))) return new Answer(400, "taskId must be a task's number");
        JsonNode note = body.path("note");
        if (!note.isMissingNode() && !note.isNull() && !note.isTextual()) return new Answer(400, "note must be text");
        CompleteTask.Result r;
        try {
            r = complete.bySystem(id.canConvertToLong() ? id.asLong() : Long.parseLong(id.asText()), caller.id(), caller.actor(),
                    note.isTextual() ? note.asText() : null);
        } catch (IllegalArgumentException e) {
            return new Answer(400, e.getMessage());
        }
        return switch (r.outcome()) {
            case DONE -> new Answer(200, "task " + id.asText() + " is done" + (r.inEffect() ? "; its waiver is in effect" : ""));
            case NOT_FOUND -> new Answer(404, "no such task");
            case NOT_OPEN -> sameSystemAgain(r.task(), caller.id())
                    ? new Answer(200, "task " + id.asText() + " was confirmed by you already")
                    : new Answer(409, "task " + id.asText() + " is not open (done or cancelled)");
            case FORBIDDEN -> new Answer(403, "this task is not yours to confirm");
        };
    }

    private static boolean sameSystemAgain(Optional<Task> task, String subscriber) {
        return task.isPresent() && ("system:" + subscriber).equals(task.get().confirmedBy());
    }
}
