package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.insight.Summary;
import io.lexhub.support.FreshPostgres;
import io.lexhub.support.Sql;
import java.time.ZoneOffset;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DecisionFiguresTest} on an embedded PostgreSQL, and its PERCENTILE_DISC (the dashboard's statements before V57) gives the same figures. */
class DecisionFiguresPostgresTest extends DecisionFiguresTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("decision_figures");
    }

    @Override
    protected void assertPercentileDiscAgrees(Sql sql, Summary summary) {
        String timed = " FROM decisions d WHERE d.decided_at >= ? AND d.decided_at < ? AND d.practice = FALSE AND d.decision_secs IS NOT NULL";
        String p = "PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY d.decision_secs) || '/' || PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY d.decision_secs)";
        Object[] period = {FROM.atOffset(ZoneOffset.UTC), TO.atOffset(ZoneOffset.UTC)};
        assertThat(sql.strings("SELECT " + p + timed, period)).containsExactly(hours(summary.decisionTime().overall()));
        assertThat(sql.strings("SELECT " + p + timed + " GROUP BY COALESCE(d.track, 'none'), COALESCE(d.tier, 'none')"
                + " ORDER BY COALESCE(d.track, 'none') COLLATE \"C\", COALESCE(d.tier, 'none') COLLATE \"C\"", period))
                .containsExactlyElementsOf(summary.decisionTime().byTrackTier().stream().map(t -> hours(t.times())).toList());
        assertThat(sql.strings("SELECT PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY d.decision_secs)" + timed
                + " GROUP BY FLOOR((date_part('epoch', d.decided_at) - 345600) / 604800) ORDER BY FLOOR((date_part('epoch', d.decided_at) - 345600) / 604800)",
                period)).containsExactlyElementsOf(summary.cycleTimeTrend().stream().map(w -> String.valueOf(w.p50Hours())).map(DecisionFiguresPostgresTest::secs).toList());
    }

    /** The summary's p50/p90 hours as PERCENTILE_DISC's seconds: the seeded seconds are whole hours. */
    private static String hours(Summary.Times t) {
        return secs(String.valueOf(t.p50Hours())) + "/" + secs(String.valueOf(t.p90Hours()));
    }

    private static String secs(String hours) {
        return new java.math.BigDecimal(hours).multiply(java.math.BigDecimal.valueOf(3600)).setScale(9).toPlainString();
    }
}
