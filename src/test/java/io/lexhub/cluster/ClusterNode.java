package io.lexhub.cluster;

import io.lexhub.app.HubConfiguration;
import io.lexhub.app.PropertyFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * One hub of a test cluster, in its own JVM: started like {@code Hub.run} (config/, or
 * {@code -Dlexhub.config.dir}, with the profile's file first, HubConfiguration, the YAML routes), with a clock set to
 * {@code -Dlexhub.test.clock-offset-ms} bound before HubConfiguration runs, and one test-only HTTP hook,
 * {@code POST /test/expiry-sweep} (and {@code /test/review-sampling}), that calls the direct:
 * route on this node and answers its counts. Each node runs in its own JVM because Quartz keeps schedulers (by scheduler name, the
 * same on every node of a cluster) and job-store connection pools (by data source name) in
 * JVM-wide registries: two nodes in one JVM would share one scheduler and one pool.
 */
public final class ClusterNode {

    private ClusterNode() {}

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(String.join(",", PropertyFiles.locations(Path.of(System.getProperty("lexhub.config.dir", "config")))));
        main.configure().addConfiguration(FixedClock.class);
        main.configure().addConfiguration(HubConfiguration.class);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/test/expiry-sweep?httpMethodRestrict=POST").routeId("test-expiry-sweep")
                        .to("direct:expiry-sweep")
                        .transform(simple("${body.summaryLine()}"))
                        .convertBodyTo(String.class);
                from("platform-http:/test/review-sampling?httpMethodRestrict=POST").routeId("test-review-sampling")
                        .to("direct:review-sampling")
                        .transform(simple("${body.summaryLine()}"))
                        .convertBodyTo(String.class);
            }
        });
        main.run();
        System.exit(main.getExitCode());
    }

    /** The node's clock: HubConfiguration uses a bound "clock" when there is one. */
    public static class FixedClock implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) {
            // ticking, offset from the system clock by the same amount on every node (as NTP keeps
            // real hosts together): outbox and intake claims compare times written by other nodes
            Duration offset = Duration.ofMillis(Long.getLong("lexhub.test.clock-offset-ms"));
            context.getRegistry().bind("clock", Clock.class, Clock.offset(Clock.systemUTC(), offset));
        }
    }
}
