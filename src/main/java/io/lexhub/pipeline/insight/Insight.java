package io.lexhub.pipeline.insight;

import io.lexhub.insight.Period;
import io.lexhub.insight.Summary;
import io.lexhub.store.InsightStore;
import java.time.Clock;

/** The governance summary of a period, aggregated fresh by the database: the one path behind the API, the report, the dashboard and the metrics. */
public final class Insight {

    private final InsightStore store;
    private final Clock clock;

    public Insight(InsightStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Summary summary(Period period) {
        return store.summary(period.from(), period.to(), clock.instant());
    }

    public Clock clock() {
        return clock;
    }
}
