package io.lexhub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.model.Json;
import io.lexhub.model.Terms;
import io.lexhub.store.PortalStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * "Our waivers" (docs/portal.md): an organisation's waivers in force with their exact terms and end
 * dates, the ones ending first first; then past decisions: declined requests and waivers that ended,
 * were withdrawn or were replaced by a renewal, the newest first.
 */
public final class OurWaivers {

    /** What is in force. */
    /** {@code status}: "In effect", or "Approved, being set up" while its implementation tasks are open (docs/tasks.md). */
    public record Active(String reference, String what, String terms, List<String> conditions, String start, String end, String endsIn,
            String status) {}

    /** A past decision. */
    public record Past(String reference, String what, String outcome, String when) {}

    public record View(List<Active> active, List<Past> past) {}

    private static final int LIMIT = 500;

    private final Tx tx;
    private final PortalStore store;
    private final Clock clock;
    private final ZoneId zone;

    public OurWaivers(Tx tx, PortalStore store, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    public View of(PortalWords words, String customerId) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return tx.read(c -> {
            List<Active> active = new ArrayList<>();
            List<PastAt> past = new ArrayList<>();
            for (PortalStore.WaiverRow w : store.waiversOf(c, customerId, LIMIT)) {
                String what = words.what(w.type(), w.product());
                if ("ACTIVE".equals(w.state())) {
                    JsonNode granted = Json.readTree(w.grantedJson());
                    Terms t = granted.has("terms") ? Json.MAPPER.convertValue(granted.get("terms"), Terms.class) : null;
                    List<String> conditions = new ArrayList<>();
                    granted.path("conditions").forEach(n -> conditions.add(n.asText()));
                    active.add(new Active(w.reference(), what, words.terms(t), conditions, words.date(w.start()),
                            words.date(w.end()), words.days(w.end(), today), words.m().t(w.inEffect() ? "portal.waiver.inEffect" : "portal.waiver.settingUp")));
                } else {
                    past.add(new PastAt(new Past(w.reference(), what, words.waiverState(w.state()), words.date(w.updatedAt().atZoneSameInstant(zone)
                            .toLocalDate())), w.updatedAt().toInstant()));
                }
            }
            for (PortalStore.RequestRow r : store.deniedOf(c, customerId, LIMIT)) {
                past.add(new PastAt(new Past(r.reference(), words.what(r.type(), r.product()), words.requestState(r.state()),
                        words.date(r.updatedAt().atZoneSameInstant(zone).toLocalDate())), r.updatedAt().toInstant()));
            }
            past.sort(Comparator.comparing(PastAt::at).reversed());
            return new View(active, past.stream().map(PastAt::past).toList());
        });
    }

    private record PastAt(Past past, java.time.Instant at) {}
}
