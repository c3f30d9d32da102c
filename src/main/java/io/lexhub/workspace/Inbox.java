package io.lexhub.workspace;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.LevelAudience;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.Vote;
import io.lexhub.lifecycle.BusinessCalendar;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.RequestState;
import io.lexhub.model.Track;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * "My decisions": the open approval levels that wait on a person, as the decision check sees them.
 * A level waits on someone {@link LevelAudience} asks (role holders allowed to decide it, or the
 * managers and executives it was routed to), and on whoever stands in for one of those by a live
 * delegation. Candidates are read by role (the person's roles, the roles delegated to them, the
 * roles of the people below them, every role for an executive), the nearest SLA deadline first,
 * then each is checked with the audience the decision check computes.
 */
public final class Inbox {

    /** At most this many open levels are looked at per page view; the nearest deadlines come first. */
    static final int CANDIDATES = 500;
    /** At most this many items are listed. */
    public static final int LIMIT = 200;

    /**
     * One decision that waits on the person.
     *
     * @param onBehalfOf the person they would stand in for (a delegation), null when asked themselves
     * @param hoursLeft  business hours to the level's SLA deadline, negative when overdue; null without one
     * @param bulk       whether the policy lets it be decided together with others ({@code bulkDecision})
     */
    public record Item(String reference, String customer, String customerId, ExceptionType typeCode, String type, String product, String terms,
            String tier, Track track, boolean renewal, int round, int level, int levels, String role, Approver onBehalfOf,
            OffsetDateTime openedAt, OffsetDateTime dueAt, Double hoursLeft, boolean bulk, boolean practice) {

        public boolean overdue() {
            return hoursLeft != null && hoursLeft < 0;
        }

        /** What a bulk form carries for this row: the level it saw, so a level that changed meanwhile is told apart. */
        public String pick() {
            return reference + ":" + round + ":" + level;
        }
    }

    private final Tx tx;
    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final ApproverDirectory directory;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public Inbox(Tx tx, RequestStore requests, ApprovalStore approvals, ApproverDirectory directory, PolicyHolder policy, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.requests = requests;
        this.approvals = approvals;
        this.directory = directory;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    /** What waits on the person, the nearest deadline first; empty for someone not in the directory. */
    public List<Item> waitingFor(String personId) {
        return waitingFor(personId, i -> true);
    }

    /** What waits on the person and passes the filter, the nearest deadline first, at most {@link #LIMIT}. */
    public List<Item> waitingFor(String personId, Predicate<Item> filter) {
        Optional<Approver> me = directory.find(personId);
        if (me.isEmpty()) return List.of();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        BusinessCalendar calendar = new BusinessCalendar(policy.current().lifecycle().calendar());
        Instant now = clock.instant();
        return tx.read(c -> {
            List<ApprovalStore.Delegation> standIns = approvals.delegationsTo(c, personId, today);
            List<ApprovalStore.OpenLevel> candidates = approvals.openLevels(c, roles(me.get(), standIns), CANDIDATES);
            // the candidates' requests, levels and votes in three set reads, not three per candidate
            List<String> refs = candidates.stream().map(ApprovalStore.OpenLevel::ref).toList();
            Cases cases = new Cases(requests.loadAll(c, refs), approvals.levels(c, refs), approvals.votes(c, refs));
            List<Item> items = new ArrayList<>();
            for (ApprovalStore.OpenLevel open : candidates) {
                item(cases, open, personId, standIns, calendar, now).filter(filter).ifPresent(items::add);
                if (items.size() == LIMIT) break;
            }
            return items;
        });
    }

    /** Whether the open level of this request waits on the person (and for whom they would stand in); empty if not. */
    public Optional<Item> waitingOn(String reference, String personId) {
        Optional<Approver> me = directory.find(personId);
        if (me.isEmpty()) return Optional.empty();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        BusinessCalendar calendar = new BusinessCalendar(policy.current().lifecycle().calendar());
        return tx.read(c -> {
            List<ApprovalStore.Delegation> standIns = approvals.delegationsTo(c, personId, today);
            List<String> refs = List.of(reference);
            Cases cases = new Cases(requests.loadAll(c, refs), approvals.levels(c, refs), approvals.votes(c, refs));
            for (ApprovalStore.OpenLevel open : approvals.openLevels(c, reference)) {
                Optional<Item> item = item(cases, open, personId, standIns, calendar, clock.instant());
                if (item.isPresent()) return item;
            }
            return Optional.<Item>empty();
        });
    }

    /** The people whose levels this person may decide today by a live delegation, by name. */
    public List<Approver> standingInFor(String personId) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return tx.read(c -> approvals.delegationsTo(c, personId, today)).stream().map(ApprovalStore.Delegation::delegator).distinct()
                .map(directory::find).flatMap(Optional::stream).sorted(java.util.Comparator.comparing(Approver::name)).toList();
    }

    /** What the decision check needs of the candidates, read at once. */
    private record Cases(Map<String, RequestStore.StoredRequest> requests, Map<ApprovalStore.Round, List<LevelState>> levels,
            Map<ApprovalStore.Round, List<Vote>> votes) {}

    private Optional<Item> item(Cases cases, ApprovalStore.OpenLevel open, String personId, List<ApprovalStore.Delegation> standIns,
            BusinessCalendar calendar, Instant now) {
        RequestStore.StoredRequest s = cases.requests().get(open.ref());
        if (s == null || s.state() != RequestState.PENDING_APPROVAL || s.route() == null) return Optional.empty();
        ApprovalStore.Round round = new ApprovalStore.Round(open.ref(), open.round());
        LevelState level = cases.levels().getOrDefault(round, List.of()).stream().filter(l -> l.level() == open.level()).findFirst().orElse(null);
        if (level == null) return Optional.empty();
        List<String> asked = LevelAudience.of(directory, level, s.request(), s.submitter(), cases.votes().getOrDefault(round, List.of())).askedIds();
        Approver onBehalfOf = null;
        if (!asked.contains(personId)) {
            Optional<String> delegator = standIns.stream().filter(d -> d.role().equals(open.role()) && asked.contains(d.delegator()))
                    .map(ApprovalStore.Delegation::delegator).findFirst();
            if (delegator.isEmpty()) return Optional.empty();
            onBehalfOf = directory.find(delegator.get()).orElse(null);
            if (onBehalfOf == null) return Optional.empty();
        }
        var r = s.request();
        Double hoursLeft = open.dueAt() == null ? null : calendar.businessHoursBetween(now, open.dueAt().toInstant());
        Track track = s.triage() == null ? null : s.triage().track();
        boolean renewal = r.renews() != null;
        return Optional.of(new Item(s.reference(), r.customer() == null ? "" : r.customer().name(), r.customer() == null ? "" : r.customer().id(),
                r.type(), TermsText.type(r.type()), r.product(), TermsText.summary(r), s.route().tier(), track, renewal, open.round(), open.level(),
                s.route().levels().size(), open.role(), onBehalfOf, open.openedAt(), open.dueAt(), hoursLeft,
                track != null && r.type() != null && policy.current().bulkDecidable(track, r.type(), renewal), s.practice()));
    }

    /** The roles whose open levels may ask this person: their own, those delegated to them, those of the people below them. */
    private Set<String> roles(Approver me, List<ApprovalStore.Delegation> standIns) {
        Set<String> roles = new HashSet<>(me.roles());
        standIns.forEach(d -> roles.add(d.role()));
        for (Approver a : directory.all()) {
            // executives are asked last for what nobody else may approve; managers for the people below them
            if (me.hasRole("executive") || above(me.id(), a)) roles.addAll(a.roles());
        }
        return roles;
    }

    private boolean above(String personId, Approver holder) {
        Set<String> seen = new HashSet<>();
        for (String m = holder.manager(); m != null && seen.add(m); m = directory.find(m).map(Approver::manager).orElse(null)) {
            if (m.equals(personId)) return true;
        }
        return false;
    }
}
