package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.approval.Approver;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Track;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filters of My decisions: each value checked against its list, and what each one keeps. */
class InboxFilterTest {

    static final Approver CARLA = new Approver("carla.jensen", "Carla Jensen", "carla@example", List.of("sales"), null, null, null, null, null);

    static Inbox.Item item(String customer, ExceptionType type, String tier, Track track, Double hoursLeft, Approver forWhom) {
        return new Inbox.Item("EXC-2026-000001", customer, customer.toUpperCase().replace(' ', '-'), type, "", "Product", "", tier, track, false, 1, 1, 1,
                "licensing", forWhom, OffsetDateTime.now(), hoursLeft == null ? null : OffsetDateTime.now(), hoursLeft, false, false);
    }

    static InboxFilter.Checked check(Map<String, List<String>> params) {
        return InboxFilter.check(params, Set.of("carla.jensen"));
    }

    @Test
    void noParametersNoFilterEverythingKept() {
        InboxFilter.Checked c = check(Map.of());
        assertThat(c.errors()).isEmpty();
        assertThat(c.filter().any()).isFalse();
        assertThat(c.filter().test(item("Acme", ExceptionType.DISCOUNT, "T1", Track.STANDARD, null, null))).isTrue();
        assertThat(check(Map.of("due", List.of("all"), "unknown", List.of("x"))).filter().any()).as("all and unknown names filter nothing").isFalse();
    }

    @Test
    void eachWrongValueIsNamedByItsField() {
        InboxFilter.Checked c = check(Map.of("type", List.of("REFUND"), "tier", List.of("T1; DROP TABLE"), "track", List.of("slow"),
                "due", List.of("later"), "whose", List.of("henrik.vogel"), "customer", List.of("a\nb")));
        assertThat(c.errors()).containsOnlyKeys("type", "tier", "track", "due", "whose", "customer");
        assertThat(check(Map.of("customer", List.of("x".repeat(201)))).errors()).containsKey("customer");
        assertThat(check(Map.of("track", List.of("fast", "standard"))).errors()).containsEntry("track", "Give the track once");
        assertThat(check(Map.of("whose", List.of("carla.jensen"), "type", List.of("DISCOUNT"), "customer", List.of("' OR 1=1 --"))).errors()).isEmpty();
    }

    @Test
    void eachFilterKeepsWhatMatches() {
        Inbox.Item acme = item("Acme  Corp", ExceptionType.DISCOUNT, "T3", Track.STANDARD, 30.0, null);
        Inbox.Item late = item("Globex", ExceptionType.EXTRA_SEATS, "T1", Track.FAST, -2.0, CARLA);
        Inbox.Item soon = item("Initech", ExceptionType.EXTRA_SEATS, "T1", Track.FAST, 7.5, null);
        List<Inbox.Item> all = List.of(acme, late, soon);
        assertThat(keep(all, Map.of("customer", List.of("acme corp")))).containsExactly(acme);
        assertThat(keep(all, Map.of("customer", List.of("GLOBEX")))).as("the id too, any case").containsExactly(late);
        assertThat(keep(all, Map.of("type", List.of("EXTRA_SEATS")))).containsExactly(late, soon);
        assertThat(keep(all, Map.of("tier", List.of("T3")))).containsExactly(acme);
        assertThat(keep(all, Map.of("track", List.of("fast")))).containsExactly(late, soon);
        assertThat(keep(all, Map.of("due", List.of("overdue")))).containsExactly(late);
        assertThat(keep(all, Map.of("due", List.of("soon")))).containsExactly(soon);
        assertThat(keep(all, Map.of("whose", List.of("mine")))).containsExactly(acme, soon);
        assertThat(keep(all, Map.of("whose", List.of("carla.jensen")))).containsExactly(late);
        assertThat(keep(all, Map.of("track", List.of("fast"), "whose", List.of("mine")))).containsExactly(soon);
    }

    static List<Inbox.Item> keep(List<Inbox.Item> items, Map<String, List<String>> params) {
        InboxFilter.Checked c = check(params);
        assertThat(c.errors()).isEmpty();
        assertThat(c.filter().any()).isTrue();
        return items.stream().filter(c.filter()).toList();
    }
}
