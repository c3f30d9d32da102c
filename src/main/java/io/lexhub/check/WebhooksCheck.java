package io.lexhub.check;

import io.lexhub.events.Subscribers;
import java.nio.file.Path;
import java.util.List;

/** config/webhooks.yaml (docs/events.md): ids, URLs, known events, secrets named (env:, file:), never written there. Optional file. */
final class WebhooksCheck implements Check {

    @Override
    public List<Problem> run(Workspace w) {
        Path file = w.config("webhooks.yaml");
        return Subscribers.problems(file).stream()
                .map(p -> new Problem(file, 1, p, "see the comments at the top of config/webhooks.yaml and docs/events.md")).toList();
    }
}
