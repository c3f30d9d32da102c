package io.lexhub.access;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.lifecycle.PortalOrganisation;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Account managers in the portal (docs/portal.md): a signed-in staff person holding one of the
 * account-manager roles of approvers.yaml ({@code lexhub.portal.account-manager-roles}, sales by
 * default) opens the portal on behalf of a customer they pick. That is a portal session of its own
 * (method {@code on-behalf}, scope customer, bound to the picked customer), so the staff session
 * never reaches the portal as a customer, every page says on whose behalf they act, and every audit
 * actor names both ({@link Principal#actor()}).
 */
public final class OnBehalf {

    private final Tx tx;
    private final Sessions sessions;
    private final ApproverDirectory directory;
    private final Set<String> roles;
    private final Predicate<String> knownCustomer;
    private final Clock clock;

    /** @param knownCustomer whether a customer id is one the hub knows (configured or with requests) */
    public OnBehalf(Tx tx, Sessions sessions, ApproverDirectory directory, Set<String> roles, Predicate<String> knownCustomer, Clock clock) {
        this.tx = tx;
        this.sessions = sessions;
        this.directory = directory;
        this.roles = Set.copyOf(roles);
        this.knownCustomer = knownCustomer;
        this.clock = clock;
    }

    /** Whether this staff person may act for customers: one of the account-manager roles. */
    public boolean accountManager(String personId) {
        return directory.find(personId).map(a -> a.roles().stream().anyMatch(roles::contains)).orElse(false);
    }

    public Set<String> roles() {
        return roles;
    }

    /**
     * A portal session for {@code staff} (a staff session's principal, checked by the gate) acting for
     * {@code customerId}; IllegalArgumentException when the customer is not one the hub knows.
     */
    public Sessions.Opened open(Principal staff, String customerId, String address) {
        if (!staff.signedIn() || !accountManager(staff.id())) throw new IllegalStateException(staff.actor() + " is not an account manager");
        if (customerId == null || customerId.isBlank() || !knownCustomer.test(customerId.strip())) {
            throw new IllegalArgumentException("Pick a customer from the list");
        }
        Sessions.Opened o = sessions.fresh();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Principal.Organisation organisation = new Principal.Organisation(customerId.strip(), PortalOrganisation.CONFIRMED);
        tx.inTransaction(c -> {
            sessions.openPortalIn(c, o, staff.id(), Principal.ON_BEHALF, organisation, Map.of("staffSession", staff.credentialId(), "address", address), now);
            return null;
        });
        return o;
    }
}
