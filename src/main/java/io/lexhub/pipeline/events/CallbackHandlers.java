package io.lexhub.pipeline.events;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callback types the hub accepts at POST /api/callbacks/{subscriberId}, each with its
 * handler. The hub starts with none: each feature that takes callbacks registers its type at
 * wiring (docs/events.md, "Callbacks": {@code task.confirmed} by the implementation tasks).
 */
public final class CallbackHandlers {

    private final Map<String, CallbackHandler> byType = new ConcurrentHashMap<>();

    public void register(String type, CallbackHandler handler) {
        if (byType.putIfAbsent(type, handler) != null) throw new IllegalStateException("callback type " + type + " is registered already");
    }

    public Optional<CallbackHandler> of(String type) {
        return Optional.ofNullable(type == null ? null : byType.get(type));
    }

    public Set<String> types() {
        return Set.copyOf(byType.keySet());
    }
}
