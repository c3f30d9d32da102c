package io.lexhub.api;

import io.lexhub.store.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes a JSON reply; all other headers are dropped first so nothing internal leaks (architecture rule 7). */
final class Responses {
    private Responses() {}

    static void json(Exchange exchange, int status, Object body) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        m.setBody(Json.write(body));
    }
}
