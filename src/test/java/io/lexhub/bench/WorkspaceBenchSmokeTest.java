package io.lexhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.RunsAlone;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tiny run of the workspace scenario on both databases, so that it cannot rot: its generated
 * history, every timed page and the plan pass work. It prints its figures and asserts only what
 * was built and measured, never a time.
 */
@RunsAlone
class WorkspaceBenchSmokeTest {

    @Test
    void tinyRunTimesEveryPageAndPrintsThePlans() throws Exception {
        List<WorkspaceBench.Result> results = Bench.runWorkspace(List.of("h2", "postgres"), Bench.Options.defaults().examples(), 4_000, 1_000, 3,
                System.out);

        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.waivers()).isBetween(1_000, 1_100);
            assertThat(r.timings()).extracting(WorkspaceBench.Timing::name).contains("inbox (six approvers, 200 items at most)",
                    "dashboard: twelve months (ending 0-3 weeks ago)", "waivers: calendar month (next 12 months)");
            // the approvers have open decisions waiting (the JDBC writer's pending requests)
            assertThat(r.timings().get(0).rows()).doesNotStartWith("0 ");
            assertThat(r.timings()).allSatisfy(t -> assertThat(t.max()).isGreaterThanOrEqualTo(t.p95()).isGreaterThanOrEqualTo(t.p50()));
            // the dashboard's tally of the decisions (whole weeks from decision_tally) and its walks to a percentile's rank
            assertThat(r.plans()).extracting(PlanRecorder.Plan::sql).anyMatch(s -> s.contains("FROM decision_tally"))
                    .anyMatch(s -> s.contains("ORDER BY d.decided_week, d.decision_secs OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY"))
                    .anyMatch(s -> s.contains("FROM approval_levels")).anyMatch(s -> s.contains("request_search"));
            assertThat(r.intakeWithSearchMs()).isPositive();
            assertThat(r.intakeWithoutSearchMs()).isPositive();
        });
    }
}
