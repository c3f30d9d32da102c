package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.store.Database;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import io.lexhub.store.WaiverListStore;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The waivers page with 300,000 waivers (H2, the schema of the migrations): every query of a page
 * reads a range of ix_waivers_state_end_ref in its order (no sort, no scan of the table), so the
 * first page, a page deep in the list and the counts each take milliseconds, not the time to read
 * every waiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaiverListScaleTest {

    static final int WAIVERS = 300_000;
    static final LocalDate TODAY = LocalDate.of(2027, 1, 10);

    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2).migrate();
    final Tx tx = new Tx(db.dataSource());
    final WaiverList list = new WaiverList(tx, new WaiverListStore(), new LifecycleStore(),
            Clock.fixed(Instant.parse("2027-01-10T09:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);

    @BeforeAll
    void threeHundredThousandWaivers() {
        OffsetDateTime now = OffsetDateTime.parse("2027-01-10T09:00:00Z");
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date,"
                    + " end_date, granted, created_at, updated_at, chain_ref) VALUES (?, ?, ?, 'Meridian Data Platform', 'DISCOUNT', ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < WAIVERS; i++) {
                    String ref = String.format("EXC-2026-%06d", i + 1);
                    // four in five active, ending over the next three years; the others expired or revoked
                    String state = i % 5 == 0 ? "EXPIRED" : i % 5 == 1 ? "REVOKED" : "ACTIVE";
                    LocalDate end = state.equals("ACTIVE") ? TODAY.plusDays(i % 1095) : TODAY.minusDays(1 + i % 700);
                    ps.setString(1, ref);
                    ps.setString(2, state);
                    ps.setString(3, "CUST-" + (i % 5000));
                    ps.setDate(4, Date.valueOf(end.minusDays(365)));
                    ps.setDate(5, Date.valueOf(end));
                    ps.setString(6, "{\"terms\": {\"discountPercent\": 20, \"durationDays\": 365}, \"conditions\": []}");
                    ps.setObject(7, now);
                    ps.setObject(8, now);
                    ps.setString(9, ref);
                    ps.addBatch();
                    if (i % 5000 == 4999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void aPageReadsItsIndexRangeInOrderWithThreeHundredThousandWaivers() {
        WaiverList.Page first = timed("the first page of the active waivers", () -> list.page(WaiverList.Query.of("active", null, null), true));
        assertThat(first.items()).hasSize(WaiverList.PAGE);
        assertThat(first.items().get(0).end()).isEqualTo(TODAY.plusDays(2));
        assertThat(first.tabs().get(0).countText()).isEqualTo("more than 10,000");
        assertThat(first.nextHref()).startsWith("/waivers?view=active&after=" + TODAY.plusDays(2) + "~EXC-2026-");

        // deep in the list: the page after a row a year on
        String after = TODAY.plusDays(400) + "~EXC-2026-150000";
        WaiverList.Page deep = timed("a page a year deep", () -> list.page(WaiverList.Query.of("active", null, after), true));
        assertThat(deep.items()).hasSize(WaiverList.PAGE);
        assertThat(deep.items().get(0).end()).isAfterOrEqualTo(TODAY.plusDays(400));
        List<String> refs = deep.items().stream().map(WaiverList.Item::reference).toList();
        assertThat(new ArrayList<>(refs)).doesNotHaveDuplicates();

        WaiverList.Page revoked = timed("the revoked waivers, the latest end first", () -> list.page(WaiverList.Query.of("revoked", null, null), true));
        assertThat(revoked.items()).hasSize(WaiverList.PAGE);
        assertThat(revoked.items().get(0).end()).isEqualTo(TODAY.minusDays(2));

        // the plans: the list's index, in its order (H2 says so with "index sorted"), for both directions
        String asc = plan("SELECT request_ref FROM waivers WHERE state = 'ACTIVE' AND end_date >= DATE '2027-01-10'"
                + " ORDER BY state, end_date, request_ref FETCH FIRST 51 ROWS ONLY");
        assertThat(asc).contains("IX_WAIVERS_STATE_END_REF", "index sorted").doesNotContain("tableScan");
        String desc = plan("SELECT request_ref FROM waivers WHERE state = 'REVOKED' ORDER BY state DESC, end_date DESC, request_ref DESC FETCH FIRST 51 ROWS ONLY");
        assertThat(desc).contains("IX_WAIVERS_STATE_END_REF", "index sorted").doesNotContain("tableScan");
    }

    @Test
    void everyTabAndMonthCountsWhatItsViewHoldsFromTwoStatements() {
        WaiverList.Page page = timed("a page with its seven tabs and twelve months counted", () -> list.page(WaiverList.Query.of("expiring-7", null, null), true));
        // each figure as one plain count of its own would say (counts above the cap read "more than 10,000")
        for (WaiverList.Tab tab : page.tabs()) {
            String view = tab.href().substring("/waivers?view=".length());
            long n = switch (view) {
                case "active" -> count("state = 'ACTIVE'");
                case "expiring-30" -> count("state = 'ACTIVE' AND end_date BETWEEN DATE '2027-01-10' AND DATE '2027-02-09'");
                case "expiring-7" -> count("state = 'ACTIVE' AND end_date BETWEEN DATE '2027-01-10' AND DATE '2027-01-17'");
                case "expiring-1" -> count("state = 'ACTIVE' AND end_date BETWEEN DATE '2027-01-10' AND DATE '2027-01-11'");
                default -> count("state = '" + view.toUpperCase(java.util.Locale.ROOT) + "'");
            };
            assertThat(tab.count()).as(view).isEqualTo((int) Math.min(n, WaiverList.CAP + 1));
        }
        assertThat(page.tabs().get(2).count()).isPositive();
        java.time.YearMonth m = java.time.YearMonth.from(TODAY);
        for (WaiverList.Month month : page.calendar()) {
            assertThat(month.count()).as(month.label())
                    .isEqualTo((int) count("state = 'ACTIVE' AND end_date BETWEEN DATE '" + m.atDay(1) + "' AND DATE '" + m.atEndOfMonth() + "'"))
                    .isPositive();
            m = m.plusMonths(1);
        }
        // the counts per day read the list's index over the calendar's range, not the table
        String perDay = plan("SELECT end_date, COUNT(*) FROM waivers WHERE state = 'ACTIVE' AND end_date >= DATE '2027-01-01'"
                + " AND end_date <= DATE '2027-12-31' GROUP BY end_date");
        assertThat(perDay).contains("IX_WAIVERS_STATE_END_REF").doesNotContain("tableScan");
    }

    private long count(String where) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM waivers WHERE " + where); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private String plan(String sql) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                String p = rs.getString(1);
                System.out.println("[waiver-list] plan: " + p.replace('\n', ' '));
                return p;
            }
        });
    }

    private static <T> T timed(String what, java.util.function.Supplier<T> work) {
        work.get();   // warm: the first call also loads classes
        long start = System.nanoTime();
        T out = work.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        // a figure to read, not to assert (the machines are shared): the query plans above are what the test holds to
        System.out.println("[waiver-list] " + what + ": " + ms + " ms with " + WAIVERS + " waivers");
        return out;
    }
}
