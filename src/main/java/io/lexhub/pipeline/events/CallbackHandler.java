package io.lexhub.pipeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.Principal;

/**
 * What the hub does with one type of signed callback (registered in {@link CallbackHandlers}).
 * Called only after the signature, the timestamp and the webhook-id were checked: {@code caller} is
 * the subscriber that signed (its id; its {@code actor()} for audit events), {@code body} the whole JSON
 * document, whose {@code type} chose this handler. A subscriber may send a
 * callback again when it missed the answer, so a handler should be idempotent.
 */
public interface CallbackHandler {

    /** The answer to the caller: an HTTP status (2xx accepted; else a problem document with the detail) and what to say. */
    record Answer(int status, String detail) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    Answer handle(Principal caller, JsonNode body);
}
