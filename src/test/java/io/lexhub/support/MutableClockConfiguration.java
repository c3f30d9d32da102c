package io.lexhub.support;

import java.time.Clock;
import java.time.Instant;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Binds {@link #CLOCK} as the hub's clock; list it before HubConfiguration, which uses a bound clock when there is one. */
public class MutableClockConfiguration implements CamelConfiguration {

    public static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));

    @Override
    public void configure(CamelContext context) {
        context.getRegistry().bind("clock", Clock.class, CLOCK);
    }
}
