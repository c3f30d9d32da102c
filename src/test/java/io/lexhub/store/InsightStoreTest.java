package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.audit.AuditTrail;
import io.lexhub.insight.Summary;
import io.lexhub.model.Json;
import io.lexhub.support.SeededHistory;
import io.lexhub.support.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The figures the database aggregates (SQL percentiles, window counts, the JSON of the active
 * waivers) for the hand-worked history of support/SeededHistory, the same answers InsightTest
 * expects through the API, whether the figures are read three at a time or one after another;
 * here on H2, in InsightStorePostgresTest on PostgreSQL.
 */
class InsightStoreTest {

    static final Instant OCT = Instant.parse("2025-10-01T00:00:00Z");
    static final Instant NOV = Instant.parse("2025-11-01T00:00:00Z");

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @Test
    void theDatabaseAggregatesTheKnownAnswersOfTheSeededHistory() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Tx tx = new Tx(db.dataSource());
            SeededHistory.seed(new Sql(db), tx, new AuditTrail("insight-store-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8), new AuditRowStore()));
            // three figures at a time, as the hub reads them; the report command's one at a time below
            Summary summary = new InsightStore(tx, 3).summary(OCT, NOV, Instant.parse("2026-01-01T00:00:00Z"));
            JsonNode s = Json.MAPPER.valueToTree(summary);

            assertThat(s.at("/requests/byChannel").toString()).isEqualTo("{\"api\":3,\"file\":2,\"mail\":1}");
            assertThat(s.at("/requests/byOutcome").toString()).isEqualTo("{\"APPROVED\":3,\"DENIED\":2,\"PENDING_APPROVAL\":1}");
            assertThat(s.at("/decisionTime/overall").toString()).isEqualTo("{\"count\":5,\"meanHours\":39.2,\"p50Hours\":48.0,\"p90Hours\":72.0}");
            assertThat(s.at("/decisionTime/byTrackTier").toString()).isEqualTo(
                    "[{\"track\":\"FAST\",\"tier\":\"T1\",\"times\":{\"count\":1,\"meanHours\":4.0,\"p50Hours\":4.0,\"p90Hours\":4.0}},"
                            + "{\"track\":\"STANDARD\",\"tier\":\"T2\",\"times\":{\"count\":4,\"meanHours\":48.0,\"p50Hours\":48.0,\"p90Hours\":72.0}}]");
            // a week of two decisions (24 and 48 hours): the nearest-rank median is the lower one
            assertThat(s.at("/cycleTimeTrend").toString()).isEqualTo(
                    "[{\"week\":\"2025-09-29\",\"decisions\":1,\"meanHours\":4.0,\"p50Hours\":4.0},"
                            + "{\"week\":\"2025-10-06\",\"decisions\":2,\"meanHours\":36.0,\"p50Hours\":24.0},"
                            + "{\"week\":\"2025-10-13\",\"decisions\":1,\"meanHours\":72.0,\"p50Hours\":72.0},"
                            + "{\"week\":\"2025-10-20\",\"decisions\":1,\"meanHours\":48.0,\"p50Hours\":48.0}]");
            assertThat(s.at("/sla").toString()).isEqualTo("{\"judged\":6,\"met\":3,\"missed\":3,\"adherence\":0.5,\"escalations\":1}");
            assertThat(s.at("/approvals").toString()).isEqualTo("{\"decided\":5,\"approved\":3,\"denied\":2,\"approvalRate\":0.6}");
            assertThat(s.at("/renewals").toString()).isEqualTo(
                    "{\"ended\":4,\"renewed\":2,\"expired\":2,\"renewalRate\":0.5,\"renewalsGranted\":2,\"repeatRenewals\":1}");
            assertThat(s.at("/disputes").toString()).isEqualTo("{\"decisions\":5,\"amendedAfterApproval\":1,\"resubmittedAfterDenial\":1,"
                    + "\"disputed\":2,\"disputeRate\":0.4,\"references\":[\"EXC-2025-900003\",\"EXC-2025-900005\"]}");
            assertThat(s.at("/revocations").asLong()).isEqualTo(1);
            assertThat(summary.activeWaivers().count()).isEqualTo(7);
            assertThat(summary.activeWaivers().grantedValue()).hasSize(2);
            assertThat(summary.activeWaivers().grantedValue().get("EUR")).isEqualByComparingTo("21000");
            assertThat(summary.activeWaivers().grantedValue().get("USD")).isEqualByComparingTo("5000");
            assertThat(s.at("/precedentConsistency").toString()).isEqualTo(
                    "{\"decisionsWithPrecedents\":3,\"consistency\":0.6667,\"byType\":{\"EXTRA_SEATS\":0.6667}}");
            assertThat(s.at("/topCustomers").toString()).isEqualTo("[{\"customerId\":\"CUST-1\",\"customerName\":\"CUST-1 Ltd\",\"requests\":3,\"approved\":2},"
                    + "{\"customerId\":\"CUST-2\",\"customerName\":\"CUST-2 Ltd\",\"requests\":2,\"approved\":0},"
                    + "{\"customerId\":\"CUST-3\",\"customerName\":\"CUST-3 Ltd\",\"requests\":1,\"approved\":1}]");

            // a period without anything: counts are zero, the "no data" rules of the report see empty wholes
            Summary empty = new InsightStore(tx).summary(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-02-01T00:00:00Z"), NOV);
            assertThat(empty.decisionTime().overall()).isEqualTo(new Summary.Times(0, 0, 0, 0));
            assertThat(empty.requests().total()).isZero();
            assertThat(empty.sla().judged()).isZero();
            assertThat(empty.cycleTimeTrend()).isEmpty();
            assertThat(empty.topCustomers()).isEmpty();
            assertThat(empty.precedentConsistency().decisionsWithPrecedents()).isZero();
        }
    }
}
