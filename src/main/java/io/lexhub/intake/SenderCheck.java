package io.lexhub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a mail may speak for a customer. Two rules:
 * <ol>
 * <li>Where the receiving server stamped Authentication-Results with the trusted authserv-id,
 * DMARC must have passed (other stamps are ignored: anyone can write that header).</li>
 * <li>The From domain (or a parent domain of it) must belong to the customer: the domains
 * configured for the customer id, else the request's customer.domain; the vendor's own
 * domains may always write (account teams).</li>
 * </ol>
 * A reason is returned for the log and the quarantine, never for the sender.
 */
public final class SenderCheck {

    private static final Pattern DMARC = Pattern.compile("(?i)(?:^|[;\\s])dmarc\\s*=\\s*([a-z]+)");

    private final String trustedAuthservId;
    private final Map<String, Set<String>> customerDomains;
    private final Set<String> internalDomains;

    /**
     * @param trustedAuthservId null when no server is trusted (then DMARC is not checked)
     * @param customerDomains customer id -> domains, from configuration
     */
    public SenderCheck(String trustedAuthservId, Map<String, Set<String>> customerDomains, Set<String> internalDomains) {
        this.trustedAuthservId = trustedAuthservId == null || trustedAuthservId.isBlank() ? null : trustedAuthservId.strip().toLowerCase(Locale.ROOT);
        this.customerDomains = Map.copyOf(customerDomains);
        this.internalDomains = Set.copyOf(internalDomains);
    }

    /** Rule 1; empty when DMARC passed or no trusted server stamped the message. */
    public Optional<String> authentication(List<String> authenticationResults) {
        if (trustedAuthservId == null) return Optional.empty();
        List<String> trusted = new ArrayList<>();
        for (String header : authenticationResults) {
            String id = header.split(";", 2)[0].strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (id.equals(trustedAuthservId)) trusted.add(header);
        }
        if (trusted.isEmpty()) return Optional.empty();
        for (String header : trusted) {
            Matcher m = DMARC.matcher(header);
            if (m.find() && m.group(1).equalsIgnoreCase("pass")) return Optional.empty();
        }
        return Optional.of("DMARC did not pass according to " + trustedAuthservId);
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
