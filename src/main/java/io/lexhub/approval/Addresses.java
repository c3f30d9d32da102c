package io.lexhub.approval;

import java.net.IDN;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When two e-mail addresses name the same person. Identity checks (conflict of interest, approver
 * look-up by address) compare canonical forms, so a sub-address, a change of case, a dot where
 * the provider ignores dots, a Unicode look-alike or a spelling of the domain do not make a second
 * person: {@code Alice.Moreau+x@VENDOR.example.}, {@code alicemoreau@gmail.com} for
 * {@code alice.moreau@googlemail.com}, and a Cyrillic {@code аlice} all compare equal to the plain
 * form. Canonical forms are for comparing only; mail still goes to the address as written.
 */
public final class Addresses {

    /** Providers known to ignore dots in the local part. */
    public static final Set<String> DEFAULT_DOT_INSENSITIVE = Set.of("gmail.com", "googlemail.com");

    /** Domains that are another name of the same mailbox provider. */
    private static final Map<String, String> DOMAIN_ALIASES = Map.of("googlemail.com", "gmail.com");

    /**
     * Cyrillic and Greek letters that look like Latin ones (after lower-casing and NFKC), folded to
     * the Latin letter: an address spelt with them is the same address to a reader.
     */
    private static final Map<Character, Character> LOOK_ALIKES = lookAlikes(
            "а", "a", "в", "b", "е", "e", "ё", "e", "з", "3", "һ", "h", "і", "i", "ї", "i", "ј", "j", "к", "k", "м", "m", "н", "h",
            "о", "o", "п", "n", "р", "p", "с", "c", "т", "t", "у", "y", "х", "x", "ѕ", "s", "ԁ", "d", "ԛ", "q", "ԝ", "w", "ӏ", "l",
            "ɡ", "g", "ı", "i", "ꞵ", "b",
            "α", "a", "β", "b", "γ", "y", "ε", "e", "η", "n", "ι", "i", "κ", "k", "ν", "v", "ο", "o", "ρ", "p", "τ", "t", "υ", "u",
            "χ", "x", "ω", "w", "ϲ", "c", "ϳ", "j");

    private final Set<String> dotInsensitive;
    /**
     * Canonical forms already computed ("" for not an address): the same approvers' addresses are
     * compared for every open level an inbox page looks at, and folding (NFKC twice, IDN) is most
     * of that work. Bounded: cleared when full.
     */
    private final Map<String, String> known = new ConcurrentHashMap<>();
    private static final int KNOWN_LIMIT = 10_000;
    private static final Addresses STANDARD = new Addresses(DEFAULT_DOT_INSENSITIVE);

    /** @param dotInsensitiveDomains domains whose local parts ignore dots (e.g. gmail.com, and the vendor's own if its mail does) */
    public Addresses(Set<String> dotInsensitiveDomains) {
        Set<String> d = new HashSet<>();
        for (String domain : dotInsensitiveDomains) {
            String c = domain(domain);
            if (!c.isEmpty()) d.add(c);
        }
        this.dotInsensitive = Set.copyOf(d);
    }

    /** Gmail's rules only. */
    public static Addresses standard() {
        return STANDARD;
    }

    /** True when both are addresses and name the same mailbox; a missing address is nobody. */
    public boolean same(String a, String b) {
        String ca = canonical(a);
        return ca != null && ca.equals(canonical(b));
    }

    /** The form two addresses of one person share, or null for something that is not an address. */
    public String canonical(String address) {
        if (address == null) return null;
        String form = known.get(address);
        if (form == null) {
            form = Objects.requireNonNullElse(canonicalOf(address), "");
            if (known.size() >= KNOWN_LIMIT) known.clear();
            known.put(address, form);
        }
        return form.isEmpty() ? null : form;
    }

    private String canonicalOf(String address) {
        String s = fold(address.strip());
        if (s.startsWith("<") && s.endsWith(">")) s = s.substring(1, s.length() - 1).strip();
        int at = s.lastIndexOf('@');
        if (at < 1 || at == s.length() - 1) return null;
        String local = s.substring(0, at);
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) local = local.substring(1, local.length() - 1);
        String domain = domain(s.substring(at + 1));
        if (domain.isEmpty()) return null;
        int plus = local.indexOf('+');
        if (plus >= 0) local = local.substring(0, plus); // a sub-address reaches the same mailbox
        if (dotInsensitive.contains(domain)) local = local.replace(".", "");
        if (local.isEmpty()) return null;
        return local + "@" + domain;
    }

    /** A domain in the form used for comparing: folded, without a trailing dot, IDN in punycode, aliases resolved. */
    public static String domain(String domain) {
        if (domain == null) return "";
        String d = fold(domain.strip());
        while (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.isEmpty()) return "";
        try {
            d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // not a valid IDN: compared as folded text, which is still stable
        }
        return DOMAIN_ALIASES.getOrDefault(d, d);
    }

    /**
     * NFKC (full-width and compatibility forms become plain ones), lower case, invisible
     * characters removed, Cyrillic and Greek look-alikes turned into the Latin letters they mimic.
     */
    static String fold(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char ch = n.charAt(i);
            int type = Character.getType(ch);
            if (type == Character.FORMAT || type == Character.CONTROL || ch == '\u034F' || (ch >= '\uFE00' && ch <= '\uFE0F')) continue;
            b.append(LOOK_ALIKES.getOrDefault(ch, ch));
        }
        return Normalizer.normalize(b, Normalizer.Form.NFKC);
    }

    private static Map<Character, Character> lookAlikes(String... pairs) {
        Map<Character, Character> m = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i].charAt(0), pairs[i + 1].charAt(0));
        return Map.copyOf(m);
    }
}
