package io.lexhub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lexhub.store.DatabaseUnavailableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A timer route whose polls meet the database away, under the exception clause of
 * routes/access.camel.yaml: one line when it pauses, none for the polls after, one when it runs
 * again; a failure in a sub-route is left to Camel's error handling, so its caller never goes on
 * past it. DatabaseOutageTest shows the same with a real PostgreSQL stopped under load.
 */
class PausedPollsTest {

    /** Stands for the access gate, which the configuration's other clauses call for rest routes: never called here. */
    public static final class RestRoutesOnly {
        public void check(org.apache.camel.Exchange e) {
            throw new AssertionError("the access gate is for rest routes");
        }

        public void failed(org.apache.camel.Exchange e) {
            throw new AssertionError("the access gate is for rest routes");
        }
    }

    @Test
    void aPollThatMeetsTheDatabaseAwaySaysSoOnceAndOnceMoreWhenItRunsAgain() throws Exception {
        Logger outage = (Logger) LoggerFactory.getLogger("lexhub.outage");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        outage.addAppender(lines);
        AtomicBoolean away = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger afterSubRoute = new AtomicInteger();
        AtomicInteger batchPolls = new AtomicInteger();
        CamelContext camel = new DefaultCamelContext();
        PausedPolls.install(camel, Clock.systemUTC(), away::get);
        // the real exception clause, from the configuration every route gets; its access gate acts on rest routes only
        camel.getRegistry().bind("accessGate", new RestRoutesOnly());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/access.camel.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:poll?period=20").routeId("poll").process(e -> {
                    polls.incrementAndGet();
                    if (away.get()) throw new DatabaseUnavailableException(new SQLTransientConnectionException("pool: connection is not available"));
                });
                // the outbox finishing a batch it claimed before the outage: a poll that ends well, the database still away
                from("timer:batch?period=20").routeId("batch").process(e -> {
                    if (batchPolls.incrementAndGet() == 1) throw new DatabaseUnavailableException(new SQLTransientConnectionException("pool: connection is not available"));
                });
                from("timer:calls?period=20").routeId("calls").to("direct:store").process(e -> afterSubRoute.incrementAndGet());
                from("direct:store").routeId("store").process(e -> {
                    if (away.get()) throw new DatabaseUnavailableException(new SQLTransientConnectionException("pool: connection is not available"));
                });
            }
        });
        try {
            camel.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= 10 && batchPolls.get() >= 5);
            assertThat(lines.list).noneMatch(e -> e.getFormattedMessage().contains(" runs again, "));
            away.set(false);
            // a sub-route's failure is not the poll's to pause: its caller stopped there, as before
            assertThat(afterSubRoute.get()).isZero();
            int resumedAt = polls.get();
            int batchAt = batchPolls.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= resumedAt + 3 && afterSubRoute.get() >= 3 && batchPolls.get() >= batchAt + 3);
            List<String> said = lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            assertThat(said).filteredOn(l -> l.startsWith("WARN poll paused: database unavailable: pool: connection is not available")).hasSize(1);
            assertThat(said).filteredOn(l -> l.startsWith("INFO poll runs again, ")).hasSize(1);
            assertThat(said).filteredOn(l -> l.startsWith("WARN batch paused: ")).hasSize(1);
            assertThat(said).filteredOn(l -> l.startsWith("INFO batch runs again, ")).hasSize(1);
            assertThat(said).hasSize(4);
        } finally {
            camel.close();
            outage.detachAppender(lines);
        }
    }
}
