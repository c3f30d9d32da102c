package io.lexhub.api;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.task.CompleteTask;
import io.lexhub.workspace.TaskList;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The workspace's "My tasks" (routes/workspace-tasks.camel.yaml, docs/tasks.md): the viewer's open
 * implementation tasks and a Done button each, through the API's use case ({@link CompleteTask}).
 */
public final class TaskPages {

    private final TaskList list;
    private final CompleteTask complete;
    private final ApproverDirectory directory;
    private final ZoneId zone;

    public TaskPages(TaskList list, CompleteTask complete, ApproverDirectory directory, ZoneId zone) {
        this.list = list;
        this.complete = complete;
        this.directory = directory;
        this.zone = zone;
    }

    /** GET /tasks; {@code done} names the task just closed (after the POST's redirect). */
    public void list(Exchange exchange) {
        render(exchange, 200, exchange.getMessage().getHeader("done", String.class), null);
    }

    /** POST /tasks/{id}/done: form fields csrf (checked by the gate) and note; back to the list on success. */
    public void done(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || !id.matches("\\d{1,18}")) {
            Pages.message(exchange, 404, "No such task", List.of("There is no such task."), false);
            return;
        }
        String note = Pages.fields(exchange, List.of("note")).get("note");
        CompleteTask.Result r;
        try {
            r = complete.byPerson(Long.parseLong(id), Callers.principal(exchange), note);
        } catch (IllegalArgumentException e) {
            render(exchange, 400, null, e.getMessage());
            return;
        }
        switch (r.outcome()) {
            case DONE -> {
                Pages.headersOnly(exchange, 303);
                exchange.getMessage().setHeader("Location", "/tasks?done=" + id);
                exchange.getMessage().setBody("");
            }
            case NOT_FOUND -> Pages.message(exchange, 404, "No such task", List.of("There is no task " + id + "."), false);
            case FORBIDDEN -> Pages.message(exchange, 403, "Not your task",
                    List.of("Task " + id + " belongs to someone else. Its owner, someone holding its role, or the desk marks it done."), false);
            case NOT_OPEN -> Pages.message(exchange, 409, "Already closed",
                    List.of("Task " + id + " is " + r.task().map(t -> t.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("closed")
                            + " already. Nothing was changed."), false);
        }
    }

    private void render(Exchange exchange, int status, String done, String error) {
        Viewer viewer = Viewer.of(exchange, directory, "tasks");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        ZoneId shown = viewer.zone(zone);
        model.put("zone", shown);
        model.put("tasks", list.open(Callers.principal(exchange), shown));
        model.put("done", done != null && done.matches("\\d{1,18}") ? done : null);
        model.put("error", error);
        Pages.page(exchange, status, Pages.render("tasks.jte", model));
    }
}
