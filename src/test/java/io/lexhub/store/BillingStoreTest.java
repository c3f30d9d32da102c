package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.insight.BillingLine;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The billing review's SQL (V44) on H2; {@link BillingStorePostgresTest} runs it on PostgreSQL. */
class BillingStoreTest {

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @Test
    void linesAreStoredOnceClaimedOnceAndFindingsRaisedOnce() throws Exception {
        OffsetDateTime now = OffsetDateTime.parse("2027-03-15T09:00:00Z");
        BillingStore store = new BillingStore();
        BillingLine line = new BillingLine("C1", "P", LocalDate.parse("2027-02-01"), LocalDate.parse("2027-02-28"), new BigDecimal("130"),
                new BigDecimal("49.9"), new BigDecimal("18"), null, "INV-1");
        try (Database db = open()) {
            db.migrate();
            Tx tx = new Tx(db.dataSource());
            tx.inTransaction(c -> {
                for (String[] w : new String[][] {{"EXC-2027-000001", "2026-01-01"}, {"EXC-2027-000002", "2027-01-01"}, {"EXC-2027-000003", "2027-03-01"}}) {
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at)
                            VALUES (?, 'ACTIVE', 'C1', 'P', 'EXTRA_SEATS', ?, ?, '{"terms": {"seats": 120}}', ?, ?)""")) {
                        ps.setString(1, w[0]);
                        ps.setObject(2, LocalDate.parse(w[1]));
                        ps.setObject(3, LocalDate.parse(w[1]).plusYears(1));
                        ps.setObject(4, now);
                        ps.setObject(5, now);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
            long id = tx.inTransaction(c -> store.insertLine(c, line, "api", now));
            tx.inTransaction(c -> {
                assertThat(store.existing(c, line.key())).hasValueSatisfying(l -> assertThat(l.sameAs(line)).isTrue());
                // the latest waiver started by the line's last day: not the one starting after it
                assertThat(store.waiverFor(c, "C1", "P", line.periodEnd()).orElseThrow().ref()).isEqualTo("EXC-2027-000002");
                assertThat(store.waiverFor(c, "C2", "P", line.periodEnd())).isEmpty();
                assertThat(store.pending(c, 0, 10)).extracting(BillingStore.Pending::id).containsExactly(id);
                assertThat(store.markReviewed(c, id, "EXC-2027-000002", now)).isTrue();
                assertThat(store.markReviewed(c, id, "EXC-2027-000002", now)).as("a second claim").isFalse();
                assertThat(store.pending(c, 0, 10)).isEmpty();
                assertThat(store.insertFinding(c, "EXC-2027-000002", "SEATS_ABOVE_WAIVER", line.key(), "120 seats", "130 seats", now)).isPresent();
                assertThat(store.insertFinding(c, "EXC-2027-000002", "SEATS_ABOVE_WAIVER", line.key(), "120 seats", "130 seats", now)).isEmpty();
                assertThat(BillingStore.findingsRaised(c, Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-04-01T00:00:00Z")))
                        .singleElement().satisfies(f -> {
                            assertThat(f.ref()).isEqualTo("EXC-2027-000002");
                            assertThat(f.periodStart()).isEqualTo(LocalDate.parse("2027-02-01"));
                            assertThat(f.quantity()).isEqualByComparingTo("130");
                            assertThat(f.invoice()).isEqualTo("INV-1");
                        });
                return null;
            });
        }
    }
}
