package io.lexhub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A channel route's exchange that fails outright is remembered as that channel's last error; other routes are not. */
class IntakeErrorsTest {

    @Test
    void aFailedExchangeOfAChannelRouteIsItsLastError() throws Exception {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        IntakeErrors errors = new IntakeErrors(Clock.fixed(now, ZoneOffset.UTC));
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            ctx.getManagementStrategy().addEventNotifier(errors);
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    from("direct:file").routeId("intake-file-drop").throwException(new IllegalStateException("database down"));
                    from("direct:other").routeId("outbox-mail").throwException(new IllegalStateException("smtp down"));
                }
            });
            ctx.start();
            assertThatThrownBy(() -> ctx.createProducerTemplate().sendBody("direct:file", "x")).hasRootCauseMessage("database down");
            assertThatThrownBy(() -> ctx.createProducerTemplate().sendBody("direct:other", "x")).hasRootCauseMessage("smtp down");
        }
        assertThat(errors.snapshot()).containsOnlyKeys("file");
        assertThat(errors.snapshot().get("file")).isEqualTo(new IntakeErrors.LastError(now, "failure", "database down"));
    }
}
