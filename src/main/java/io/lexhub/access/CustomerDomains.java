package io.lexhub.access;

import io.lexhub.lifecycle.PortalOrganisation;
import io.lexhub.model.DomainName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which organisation a customer's e-mail address belongs to (docs/portal.md, "Which organisation").
 * The rules:
 * <ul>
 * <li>exact domain match: {@code jane@eu.acme.example} is not {@code acme.example}'s (a subdomain may be
 * run by someone else; list it for the customer when it is theirs);</li>
 * <li>case-insensitive and IDN-normalised ({@link DomainName}): {@code ACME.example.} and the Unicode and
 * punycode spellings of one name are one domain;</li>
 * <li>the configured domains ({@code lexhub.mail.customer-domains}, the same list mail intake trusts) come
 * first; then the domains the desk confirmed for a customer (pipeline/organisation); else the customer records: requests that came through a channel that proves its sender (the
 * API, the drop folder, Jira; not mail, where a sender names its domain itself) naming the domain;</li>
 * <li>a domain of more than one customer, or of the vendor itself ({@code lexhub.mail.internal-domains}),
 * belongs to none: the session is UNCONFIRMED and the desk decides.</li>
 * </ul>
 */
public final class CustomerDomains {

    /** The organisation an address belongs to: a customer id, or none (unconfirmed). */
    public record Match(String customerId, PortalOrganisation state) {
        static final Match NONE = new Match(null, PortalOrganisation.UNCONFIRMED);
    }

    private final Map<String, Set<String>> configured;
    private final Set<String> internal;
    private final Function<String, Set<String>> records;
    private final Function<String, Optional<String>> confirmed;

    /**
     * @param customerDomains customer id -> its domains (lexhub.mail.customer-domains)
     * @param internalDomains the vendor's own domains (lexhub.mail.internal-domains)
     * @param records         normalised domain -> the customer ids whose trusted requests name it (at most a few)
     * @param confirmed       normalised domain -> the customer the desk confirmed it for
     */
    public CustomerDomains(Map<String, Set<String>> customerDomains, Set<String> internalDomains, Function<String, Set<String>> records,
            Function<String, Optional<String>> confirmed) {
        Map<String, Set<String>> byDomain = new HashMap<>();
        customerDomains.forEach((id, domains) -> domains.forEach(d -> DomainName.normalise(d)
                .ifPresent(n -> byDomain.computeIfAbsent(n, k -> new HashSet<>()).add(id))));
        this.configured = Map.copyOf(byDomain);
        Set<String> in = new HashSet<>();
        internalDomains.forEach(d -> DomainName.normalise(d).ifPresent(in::add));
        this.internal = Set.copyOf(in);
        this.records = records;
        this.confirmed = confirmed;
    }

    /** The organisation of this address, by the rules above. */
    public Match match(String email) {
        Optional<String> domain = DomainName.ofAddress(email);
        if (domain.isEmpty() || internal.contains(domain.get())) return Match.NONE;
        Set<String> ids = configured.get(domain.get());
        if (ids == null) ids = confirmed.apply(domain.get()).map(Set::of).orElse(null);
        if (ids == null) ids = records.apply(domain.get());
        return ids.size() == 1 ? new Match(ids.iterator().next(), PortalOrganisation.CONFIRMED) : Match.NONE;
    }

    /** The configured customer ids (for the account managers' list). */
    public Set<String> configuredCustomers() {
        Set<String> ids = new HashSet<>();
        configured.values().forEach(ids::addAll);
        return ids;
    }
}
