package io.lexhub.workspace;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.store.DelegationListStore;
import io.lexhub.store.DelegationListStore.Row;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The delegations page (docs/workspace.md, "Delegations"): the delegations a person gave and received,
 * live and past, the people they may hand a role to, and for the licensing desk every live
 * delegation. Who may end which follows the workflow (pipeline.approval.Delegations#revoke): its
 * delegator, or the desk.
 */
public final class DelegationList {

    /** At most this many of each list. */
    public static final int LIMIT = 200;
    /** A delegation lasts at most this many days past its first (pipeline.approval.Delegations). */
    public static final int MAX_DAYS = 366;

    /** One delegation as a row; {@code mayEnd}: the viewer may end it now. */
    public record Item(long id, String delegatorId, String delegator, String delegateId, String delegate, String role, LocalDate from, LocalDate until,
            String fromRelative, String untilRelative, String reason, String state, boolean live, boolean mayEnd) {}

    /** The page: given, received, every live one (the desk only, else null), whom the viewer may choose. */
    public record Page(List<Item> given, List<Item> received, List<Item> all, List<Approver> people, List<String> roles, LocalDate today) {}

    private final Tx tx;
    private final DelegationListStore store;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public DelegationList(Tx tx, DelegationListStore store, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    public Page page(String personId, boolean desk) {
        LocalDate today = today();
        Optional<Approver> me = directory.find(personId);
        List<Approver> people = directory.all().stream().filter(a -> !a.id().equals(personId)).sorted(Comparator.comparing(Approver::name)).toList();
        List<String> roles = me.map(Approver::roles).orElse(List.of());
        return tx.read(c -> new Page(
                store.given(c, personId, LIMIT).stream().map(r -> item(r, personId, desk, today)).toList(),
                store.received(c, personId, LIMIT).stream().map(r -> item(r, personId, desk, today)).toList(),
                desk ? store.live(c, today, LIMIT).stream().map(r -> item(r, personId, desk, today)).toList() : null,
                people, roles, today));
    }

    /** One delegation as the viewer sees it; empty when there is none. */
    public Optional<Item> find(long id, String personId, boolean desk) {
        LocalDate today = today();
        return tx.read(c -> store.find(c, id)).map(r -> item(r, personId, desk, today));
    }

    private Item item(Row r, String viewer, boolean desk, LocalDate today) {
        boolean past = r.until().isBefore(today);
        String state;
        if (r.revokedAt() != null) state = "ended on " + Times.date(r.revokedAt().atZoneSameInstant(zone).toLocalDate());
        else if (past) state = "over";
        else if (r.from().isAfter(today)) state = "starts " + Times.days(r.from(), today);
        else state = "live";
        boolean live = r.revokedAt() == null && !past;
        return new Item(r.id(), r.delegator(), name(r.delegator()), r.delegate(), name(r.delegate()), r.role(), r.from(), r.until(),
                Times.days(r.from(), today), Times.days(r.until(), today), r.reason(), state, live, live && (desk || r.delegator().equals(viewer)));
    }

    private String name(String id) {
        return directory.find(id).map(Approver::name).orElse(id);
    }
}
