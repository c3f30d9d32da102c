package io.lexhub.model;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A mail domain in one spelling, so that two spellings of one domain compare equal (docs/portal.md,
 * "Which organisation"): internationalised names in their ASCII form (IDN, so {@code bücher.example}
 * and {@code xn--bcher-kva.example} are one), lower case, without a trailing dot.
 */
public final class DomainName {

    private DomainName() {}

    /** The normalised domain, or empty when it is not a usable domain name (blank, one label, bad characters). */
    public static Optional<String> normalise(String domain) {
        if (domain == null) return Optional.empty();
        String d = domain.strip();
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.isEmpty() || d.length() > 253) return Optional.empty();
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!ascii.contains(".") || ascii.startsWith(".") || ascii.contains("..")) return Optional.empty();
        return Optional.of(ascii);
    }

    /** The normalised domain of an e-mail address (after its last @), or empty. */
    public static Optional<String> ofAddress(String email) {
        if (email == null) return Optional.empty();
        int at = email.strip().lastIndexOf('@');
        if (at <= 0) return Optional.empty();
        return normalise(email.strip().substring(at + 1));
    }
}
