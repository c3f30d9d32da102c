package io.lexhub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Authentication-Results headers the receiving server wrote, and what they say about DMARC.
 * <p>
 * Servers prepend trace headers, so the receiving side's own headers form the top of the header
 * block; everything below the first Received line that the receiving side did not write came
 * with the message and may be forged (RFC 8601 section 5). An A-R header with the trusted
 * authserv-id counts only in that top block. A Received line is the receiving side's when its
 * {@code by} host is one of the receiving hosts (or a subdomain of one).
 */
public final class AuthenticationResults {

    /** One trace header as it appears in the message, top first. */
    public record TraceHeader(String name, String value) {
        public boolean isReceived() {
            return name.equalsIgnoreCase("Received");
        }

        public boolean isAuthenticationResults() {
            return name.equalsIgnoreCase("Authentication-Results");
        }
    }

    /** What the trace says: the receiving server's DMARC results, and trusted-id headers found where only a sender could put them. */
    public record Verdict(List<String> dmarcResults, int trustedHeaders, int forgedBelow) {}

    private static final Pattern BY = Pattern.compile("(?i)(?:^|\\s)by\\s+([^\\s;()]+)");
    private static final Pattern RESINFO = Pattern.compile("(?i)^\\s*([a-z0-9][a-z0-9_-]*)\\s*(?:/\\s*\\d+\\s*)?=\\s*([a-z0-9_-]+)");

    private final String authservId;
    private final Set<String> receivingHosts;

    /**
     * @param authservId     the receiving server's authserv-id (lower case)
     * @param receivingHosts host names (or parent domains) in the {@code by} clause of the receiving side's Received lines;
     *                       the authserv-id itself always counts
     */
    public AuthenticationResults(String authservId, Set<String> receivingHosts) {
        this.authservId = authservId.toLowerCase(Locale.ROOT);
        java.util.Set<String> hosts = new java.util.HashSet<>();
        hosts.add(this.authservId);
        for (String h : receivingHosts) hosts.add(stripDot(h.strip().toLowerCase(Locale.ROOT)));
        this.receivingHosts = Set.copyOf(hosts);
    }

    public Verdict read(List<TraceHeader> trace) {
        List<String> dmarc = new ArrayList<>();
        int trusted = 0;
        int forged = 0;
        boolean outside = false;
        for (TraceHeader h : trace) {
            if (h.isReceived()) {
                if (!outside && !byReceivingHost(h.value())) outside = true;
            } else if (h.isAuthenticationResults()) {
                List<String> parts = parts(h.value());
                if (parts.isEmpty() || !authservId.equals(authservIdOf(parts.get(0)))) continue; // another server's: not ours to trust
                if (outside) {
                    forged++;
                    continue;
                }
                trusted++;
                for (String resinfo : parts.subList(1, parts.size())) {
                    Matcher m = RESINFO.matcher(resinfo);
                    if (m.find() && m.group(1).equalsIgnoreCase("dmarc")) dmarc.add(m.group(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return new Verdict(List.copyOf(dmarc), trusted, forged);
    }

    private boolean byReceivingHost(String received) {
        Matcher m = BY.matcher(withoutComments(received));
        if (!m.find()) return false;
        String host = stripDot(m.group(1).toLowerCase(Locale.ROOT));
        for (String r : receivingHosts) if (host.equals(r) || host.endsWith("." + r)) return true;
        return false;
    }

    /** The authserv-id of the first part ("id" or "id version"); a quoted id loses its quotes. */
    static String authservIdOf(String first) {
        String s = first.strip();
        if (s.isEmpty()) return "";
        String id = s.split("\\s+")[0];
        if (id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")) id = id.substring(1, id.length() - 1);
        return stripDot(id.toLowerCase(Locale.ROOT));
    }

    /**
     * The header's value split at the semicolons that separate its parts, comments removed; a
     * semicolon inside a quoted string or a comment does not split (so "(mx; dmarc=pass)" says nothing).
     */
    static List<String> parts(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' && (quoted || depth > 0) && i + 1 < value.length()) {
                if (depth == 0) cur.append(ch).append(value.charAt(i + 1));
                i++;
            } else if (quoted) {
                cur.append(ch);
                if (ch == '"') quoted = false;
            } else if (ch == '(') {
                depth++;
                if (depth == 1) cur.append(' ');
            } else if (ch == ')' && depth > 0) {
                depth--;
            } else if (depth > 0) {
                // comment text is not a result
            } else if (ch == '"') {
                quoted = true;
                cur.append(ch);
            } else if (ch == ';') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString().strip());
        return parts;
    }

    private static String withoutComments(String value) {
        return String.join(";", parts(value));
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The receiving server's verdict on DMARC as a reason to refuse, or empty (passed, or no trusted header at all). */
    public static Optional<String> dmarcRefusal(Verdict v, String authservId) {
        if (v.trustedHeaders() == 0) {
            return v.forgedBelow() == 0 ? Optional.empty()
                    : Optional.of("an Authentication-Results header of " + authservId + " came with the message, below a Received line "
                            + "the receiving server did not write (forged, or lexhub.mail.receiving-hosts misses a host)");
        }
        if (!v.dmarcResults().isEmpty() && v.dmarcResults().stream().allMatch("pass"::equals)) return Optional.empty();
        return Optional.of("DMARC did not pass according to " + authservId
                + (v.dmarcResults().isEmpty() ? " (no dmarc result)" : " (dmarc=" + String.join(",", v.dmarcResults()) + ")"));
    }
}
