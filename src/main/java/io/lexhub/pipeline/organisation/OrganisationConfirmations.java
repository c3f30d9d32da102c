package io.lexhub.pipeline.organisation;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.lifecycle.OrganisationClaim;
import io.lexhub.model.DomainName;
import io.lexhub.model.Json;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.store.OrganisationClaimStore;
import io.lexhub.store.OrganisationClaimStore.Claim;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The desk confirms which organisation a portal user belongs to (docs/portal.md, "Confirming an
 * organisation"). A person at a domain of no known customer asks (company, customer number if they
 * know it); the desk confirms the domain for one known customer, which answers every claim of that
 * domain and opens the askers' sessions to the organisation at once, or refuses with a reason. Each
 * step is one transaction with its audit event and mails; a decision is conditional on the claim
 * still being ASKED, so two desk members deciding at once decide it once.
 */
public final class OrganisationConfirmations {

    /** What became of an ask or a decision. */
    public sealed interface Result {
        record Asked(long id) implements Result {}

        /** The person has a claim waiting already: nothing new was stored. */
        record AlreadyAsked(Claim claim) implements Result {}

        record Confirmed(Claim claim, int claims, int sessions) implements Result {}

        record Refused(Claim claim) implements Result {}

        /** No such claim, or decided already (someone was first). */
        record NotOpen(Optional<Claim> claim) implements Result {}

        /** The choice cannot be taken; the message says why. */
        record Invalid(String message) implements Result {}
    }

    static final int COMPANY_MAX = 200;
    static final int TEXT_MAX = 2000;

    private final Tx tx;
    private final OrganisationClaimStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final Notices notices;
    private final ApproverDirectory directory;
    private final Predicate<String> knownCustomer;
    private final Clock clock;

    /** @param knownCustomer whether a customer id is one the hub knows (configured or with requests) */
    public OrganisationConfirmations(Tx tx, OrganisationClaimStore store, AuditTrail audit, OutboxStore outbox, Notices notices,
            ApproverDirectory directory, Predicate<String> knownCustomer, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.notices = notices;
        this.directory = directory;
        this.knownCustomer = knownCustomer;
        this.clock = clock;
    }

    /** The person's newest claim, to show on their page. */
    public Optional<Claim> newestOf(String personId) {
        return tx.read(c -> store.newestOf(c, personId));
    }

    /** The claims waiting for the desk, oldest first. */
    public List<Claim> waiting(int limit) {
        return tx.read(c -> store.asked(c, limit));
    }

    public Optional<Claim> get(long id) {
        return tx.read(c -> store.get(c, id));
    }

    /** A person of an unconfirmed session asks the desk; {@code actor} is the session's principal. */
    public Result ask(String personId, String company, String customerHint, String message, String actor) {
        Optional<String> domain = DomainName.ofAddress(personId);
        if (domain.isEmpty()) return new Result.Invalid("Your address has no domain we can confirm.");
        String name = clean(company, COMPANY_MAX);
        if (name == null) return new Result.Invalid("Enter your company's name.");
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<Claim> newest = store.newestOf(c, personId);
            if (newest.isPresent() && newest.get().state() == OrganisationClaim.ASKED) return new Result.AlreadyAsked(newest.get());
            long id = store.insert(c, personId, domain.get(), name, clean(customerHint, COMPANY_MAX), clean(message, TEXT_MAX), now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("claim", id);
            event.put("person", personId);
            event.put("domain", domain.get());
            event.put("company", name);
            audit.append(c, now, null, "portal.organisation-asked", actor, Json.write(event));
            String desk = directory.internal() == null ? null : directory.internal().licensing();
            if (desk != null && !desk.isBlank()) {
                outbox.enqueue(c, null, notices.mail("organisation-asked", "organisation-asked:" + id, desk,
                        Map.of("claim", id, "person", personId, "domain", domain.get(), "company", name)), now);
            }
            return new Result.Asked(id);
        });
    }

    /**
     * The desk binds the claim's domain to a known customer: every claim of the domain still waiting
     * is confirmed, their people's open sessions see the organisation from their next page, and each
     * is mailed.
     */
    public Result confirm(long id, String customerId, String deskId, String actor) {
        String customer = customerId == null ? null : customerId.strip();
        if (customer == null || customer.isEmpty() || !knownCustomer.test(customer)) {
            return new Result.Invalid("Choose one of the customers on record.");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<Claim> claim = store.get(c, id);
            if (claim.isEmpty() || claim.get().state() != OrganisationClaim.ASKED) return new Result.NotOpen(claim);
            String domain = claim.get().domain();
            // every claim of the domain still waiting is locked first, in id order: of two desk members
            // confirming two claims of one domain at once, the second waits for the first and then
            // finds its claim decided (locked one by one, the two waited on each other)
            List<Claim> waiting = store.askedAtDomainForUpdate(c, domain);
            Optional<String> bound = store.confirmedCustomer(c, domain);
            if (bound.isPresent() && !bound.get().equals(customer)) {
                return new Result.Invalid(domain + " is confirmed for " + bound.get() + " already; refuse this claim or ask the customer.");
            }
            // this claim first, conditional on its state: of two desk members deciding it at once, one does
            if (!store.decide(c, id, OrganisationClaim.CONFIRMED, customer, deskId, null, now)) return new Result.NotOpen(store.get(c, id));
            List<Claim> answered = new ArrayList<>(List.of(claim.get()));
            for (Claim other : waiting) {
                if (other.id() != id && store.decide(c, other.id(), OrganisationClaim.CONFIRMED, customer, deskId, null, now)) answered.add(other);
            }
            int sessions = 0;
            for (Claim each : answered) {
                sessions += store.confirmSessions(c, each.personId(), customer);
                outbox.enqueue(c, null, notice(each, "organisation-confirmed", null, customer), now);
            }
            if (bound.isEmpty()) store.confirmDomain(c, domain, customer, deskId, id, now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("claim", id);
            event.put("domain", domain);
            event.put("customer", customer);
            event.put("claims", answered.stream().map(Claim::id).toList());
            event.put("sessions", sessions);
            audit.append(c, now, null, "portal.organisation-confirmed", actor, Json.write(event));
            return new Result.Confirmed(store.get(c, id).orElseThrow(), answered.size(), sessions);
        });
    }

    /** The desk refuses one claim with a reason the person reads. */
    public Result refuse(long id, String reason, String deskId, String actor) {
        String why = clean(reason, TEXT_MAX);
        if (why == null) return new Result.Invalid("Give the reason: the person reads it.");
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<Claim> claim = store.get(c, id);
            if (claim.isEmpty() || !store.decide(c, id, OrganisationClaim.REFUSED, null, deskId, why, now)) return new Result.NotOpen(claim);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("claim", id);
            event.put("domain", claim.get().domain());
            event.put("reason", why);
            audit.append(c, now, null, "portal.organisation-refused", actor, Json.write(event));
            outbox.enqueue(c, null, notice(claim.get(), "organisation-refused", why, null), now);
            return new Result.Refused(store.get(c, id).orElseThrow());
        });
    }

    private Notice notice(Claim claim, String template, String reason, String customerId) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("company", claim.company());
        if (reason != null) values.put("reason", reason);
        return notices.mail(template, template + ":" + claim.id(), claim.personId(), values, notices.language(null, customerId));
    }

    /** Trimmed, at most {@code max} characters, control characters out; null when blank. */
    static String clean(String s, int max) {
        if (s == null) return null;
        String t = s.replaceAll("\\p{Cntrl}", " ").strip();
        if (t.isEmpty()) return null;
        return t.length() > max ? t.substring(0, max) : t;
    }
}
