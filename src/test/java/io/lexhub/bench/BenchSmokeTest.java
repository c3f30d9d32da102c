package io.lexhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.RunsAlone;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A small run of the benchmark suite (H2 only), so the bench cannot rot. It prints its figures
 * (target/surefire-reports/...-output.txt) and asserts only correctness: every request and file
 * stored once, none lost or duplicated, audit chains intact, both sweeps (expiry and SLA) idempotent.
 */
@RunsAlone
class BenchSmokeTest {

    @Test
    void smallRunOfEveryScenarioStoresEverythingOnce() throws Exception {
        Bench.Options o = new Bench.Options(Set.of("pipeline", "files", "sweep", "memory"), List.of("h2"), 200, 200, 100, 4, 1_000, 200,
                List.of(20_000), List.of(20_000), 100, Bench.Options.defaults().examples());
        Bench.Results r = Bench.run(o, System.out);

        assertThat(r.pipeline()).singleElement().satisfies(p -> {
            assertThat(p.stored()).isEqualTo(200);
            assertThat(p.distinct()).isEqualTo(200);
            assertThat(p.duplicates()).isZero();
            assertThat(p.auditOk()).isTrue();
            assertThat(p.jdbcStored()).isEqualTo(200);
            assertThat(p.jdbcAuditOk()).isTrue();
            assertThat(p.states()).containsKeys("PENDING_APPROVAL", "APPROVED", "NEEDS_INFO", "REJECTED");
        });
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.stored()).isEqualTo(100);
            assertThat(f.done()).isEqualTo(100);
            assertThat(f.failed()).isZero();
        });
        assertThat(r.memory()).singleElement().satisfies(m -> assertThat(m.open()).isGreaterThanOrEqualTo(1_000));
        assertThat(r.sweeps()).singleElement().satisfies(s -> {
            assertThat(s.expired()).isEqualTo(100);
            assertThat(s.expiredAgain()).isZero();
            assertThat(s.selectPlan()).containsIgnoringCase("IX_WAIVERS_STATE_END");
            assertThat(s.reminded()).isEqualTo(100);
            assertThat(s.remindedAgain()).isZero();
            assertThat(s.slaPlan()).containsIgnoringCase("IX_APPROVAL_LEVELS_REMIND");
        });
    }
}
