package io.lexhub.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which language a customer reads (docs/languages.md). A notice: the request's own {@code language},
 * else the customer's setting ({@code lexhub.portal.customer-languages = CUST-1: de; CUST-2: en}),
 * else English. A page: the language asked for ({@code ?lang=de}), else the browser's
 * Accept-Language, else English. Only languages with a message file count.
 */
public final class Languages {

    /** Longer Accept-Language headers and more entries than this are not read further (they are never legitimate). */
    static final int MAX_HEADER = 500;
    static final int MAX_ENTRIES = 20;

    private final Messages messages;
    private final Map<String, Locale> customers;

    private Languages(Messages messages, Map<String, Locale> customers) {
        this.messages = messages;
        this.customers = customers;
    }

    /**
     * @param setting "CUST-1: de; CUST-2: en" (null or blank: none)
     * @throws IllegalArgumentException naming an entry that is not "id: language" or a language without a message file
     */
    public static Languages of(Messages messages, String setting) {
        Map<String, Locale> customers = new LinkedHashMap<>();
        if (setting != null) {
            for (String entry : setting.split(";")) {
                if (entry.isBlank()) continue;
                String[] parts = entry.split(":", -1);
                Locale l = parts.length == 2 && !parts[0].isBlank() ? messages.supported(parts[1]) : null;
                if (l == null) {
                    throw new IllegalArgumentException("lexhub.portal.customer-languages: '" + entry.strip() + "' is not 'customer id: language' with one of "
                            + messages.languages());
                }
                customers.put(parts[0].strip(), l);
            }
        }
        return new Languages(messages, Map.copyOf(customers));
    }

    public Messages messages() {
        return messages;
    }

    /** The language of a notice to a customer: the request's, else the customer's setting, else English. */
    public Locale forNotice(String requested, String customerId) {
        Locale l = messages.supported(requested);
        if (l != null) return l;
        l = customerId == null ? null : customers.get(customerId);
        return l != null ? l : Messages.ENGLISH;
    }

    /** The language of a page: the one asked for, else the browser's first supported one, else English. */
    public Locale forBrowser(String asked, String acceptLanguage) {
        Locale l = messages.supported(asked);
        if (l != null) return l;
        for (String tag : preferred(acceptLanguage)) {
            l = messages.supported(tag);
            if (l != null) return l;
        }
        return Messages.ENGLISH;
    }

    /** The language of a signed-in customer's page: the one asked for, else the customer's setting, else the browser's, else English. */
    public Locale forCustomerPage(String asked, String customerId, String acceptLanguage) {
        Locale l = messages.supported(asked);
        if (l != null) return l;
        l = customerId == null ? null : customers.get(customerId);
        return l != null ? l : forBrowser(null, acceptLanguage);
    }

    /**
     * The tags of an Accept-Language header by preference (RFC 9110: q from 0 to 1, default 1; q=0
     * means "not this"; equal q keeps the header's order). Malformed entries are skipped.
     */
    static List<String> preferred(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER) return List.of();
        record Entry(String tag, double q, int order) {}
        List<Entry> entries = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length && i < MAX_ENTRIES; i++) {
            String[] p = parts[i].split(";");
            String tag = p[0].strip();
            if (!tag.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) continue;
            double q = 1;
            if (p.length > 1) {
                String param = p[1].strip();
                if (!param.matches("[qQ]=(0(\\.\\d{0,3})?|1(\\.0{0,3})?)")) continue;
                q = Double.parseDouble(param.substring(2));
            }
            if (q > 0) entries.add(new Entry(tag, q, i));
        }
        entries.sort(Comparator.comparingDouble(Entry::q).reversed().thenComparingInt(Entry::order));
        return entries.stream().map(Entry::tag).toList();
    }
}
