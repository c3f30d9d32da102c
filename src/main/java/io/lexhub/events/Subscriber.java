package io.lexhub.events;

import java.util.List;
import java.util.Set;

/**
 * A system that receives events (config/webhooks.yaml): where they go, which ones, and where its
 * secrets are ({@code env:NAME} or {@code file:/path}, never the secret itself, architecture rule 13).
 * Events are signed with every listed secret, and its callbacks are accepted under any of them:
 * two secrets during a rotation.
 */
public record Subscriber(String id, String url, Set<EventType> events, List<String> secretRefs, boolean enabled) {

    public boolean wants(EventType type) {
        return enabled && events.contains(type);
    }
}
