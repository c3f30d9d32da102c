package io.lexhub.intake;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a mail may speak for a customer. Two rules:
 * <ol>
 * <li>Where the receiving server stamped Authentication-Results with the trusted authserv-id,
 * DMARC must have passed. Only the stamps in the receiving server's own part of the header block
 * count ({@link AuthenticationResults}); other servers' stamps and the trusted id's below that
 * part are the sender's and are ignored.</li>
 * <li>The From domain (or a parent domain of it) must belong to the customer: the domains
 * configured for the customer id, else the request's customer.domain; the vendor's own
 * domains may always write (account teams).</li>
 * </ol>
 * A reason is returned for the log and the quarantine, never for the sender.
 */
public final class SenderCheck {

    private final String trustedAuthservId;
    private final AuthenticationResults trace;
    private final Map<String, Set<String>> customerDomains;
    private final Set<String> internalDomains;

    /**
     * @param trustedAuthservId null when no server is trusted (then DMARC is not checked)
     * @param customerDomains customer id -> domains, from configuration
     */
    public SenderCheck(String trustedAuthservId, Map<String, Set<String>> customerDomains, Set<String> internalDomains) {
        this(trustedAuthservId, Set.of(), customerDomains, internalDomains);
    }

    /** @param receivingHosts hosts in the {@code by} clause of the receiving side's own Received lines (lexhub.mail.receiving-hosts) */
    public SenderCheck(String trustedAuthservId, Set<String> receivingHosts, Map<String, Set<String>> customerDomains, Set<String> internalDomains) {
        this.trustedAuthservId = trustedAuthservId == null || trustedAuthservId.isBlank() ? null : trustedAuthservId.strip().toLowerCase(Locale.ROOT);
        this.trace = this.trustedAuthservId == null ? null : new AuthenticationResults(this.trustedAuthservId, receivingHosts);
        this.customerDomains = Map.copyOf(customerDomains);
        this.internalDomains = Set.copyOf(internalDomains);
    }

    /** Rule 1; empty when DMARC passed or the receiving server stamped nothing. */
    public Optional<String> authentication(List<AuthenticationResults.TraceHeader> traceHeaders) {
        if (trustedAuthservId == null) return Optional.empty();
        return AuthenticationResults.dmarcRefusal(trace.read(traceHeaders), trustedAuthservId);
    }

    /** True when the receiving server stamped the message and every one of its stamps says dmarc=pass. */
    public boolean dmarcPassed(List<AuthenticationResults.TraceHeader> traceHeaders) {
        if (trustedAuthservId == null) return false;
        AuthenticationResults.Verdict v = trace.read(traceHeaders);
        return v.trustedHeaders() > 0 && AuthenticationResults.dmarcRefusal(v, trustedAuthservId).isEmpty();
    }

    /**
     * Rule 2 for a new request. A mail that names no customer at all is let through: it can only
     * become a request that needs information, and the sender is checked again when it names one.
     */
    public Optional<String> belongsToCustomer(String fromDomain, String customerId, String customerDomain) {
        if (customerId == null && customerDomain == null) return Optional.empty();
        if (covered(fromDomain, internalDomains)) return Optional.empty();
        Set<String> allowed = customerId == null ? null : customerDomains.get(customerId);
        if (allowed == null) allowed = customerDomain == null ? Set.of() : Set.of(customerDomain.toLowerCase(Locale.ROOT));
        if (covered(fromDomain, allowed)) return Optional.empty();
        return Optional.of("sender domain " + fromDomain + " is not a domain of customer "
                + (customerId == null ? customerDomain : customerId));
    }

    /** For a reply to a stored request: the original sender's domain, the customer's or the vendor's. */
    public Optional<String> mayAnswer(String fromDomain, String originalDomain, String customerId) {
        if (originalDomain != null && covered(fromDomain, Set.of(originalDomain))) return Optional.empty();
        if (covered(fromDomain, internalDomains)) return Optional.empty();
        if (customerId != null && covered(fromDomain, customerDomains.getOrDefault(customerId, Set.of()))) return Optional.empty();
        return Optional.of("sender domain " + fromDomain + " may not write about this request (original sender domain "
                + originalDomain + ")");
    }

    static boolean covered(String domain, Set<String> allowed) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String a : allowed) if (d.equals(a) || d.endsWith("." + a)) return true;
        return false;
    }

    /** Parses "CUST-1: a.example b.example; CUST-2: c.example" (the lexhub.mail.customer-domains setting). */
    public static Map<String, Set<String>> parseCustomerDomains(String setting) {
        Map<String, Set<String>> out = new java.util.HashMap<>();
        if (setting == null) return out;
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) continue;
            String[] kv = entry.split(":", 2);
            if (kv.length != 2) throw new IllegalArgumentException("lexhub.mail.customer-domains: '" + entry.strip() + "' is not 'CUSTOMER-ID: domain ...'");
            out.put(kv[0].strip(), parseDomains(kv[1]));
        }
        return out;
    }

    public static Set<String> parseDomains(String list) {
        Set<String> domains = new java.util.HashSet<>();
        if (list != null) for (String d : list.split("[,\\s]+")) if (!d.isBlank()) domains.add(d.strip().toLowerCase(Locale.ROOT));
        return domains;
    }
}
