package io.lexhub.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail request form: "Field: value" lines in a plain-text body (config/templates/mail-request-form.txt),
 * read into a request document for {@link RequestParser}. Labels are case-insensitive; Justification
 * runs over several lines until the next field. Quoted lines ("> ...") and everything after a
 * reply header ("On ... wrote:") or a signature ("-- ") are ignored, so a reply to our own mail
 * only counts what the sender wrote. Values that are not numbers where numbers are expected are
 * kept as text, so the schema names the field and the value in its answer.
 */
public final class MailForm {

    public record Read(ObjectNode document, int fields, String unquotedText) {}

    private enum Kind { TEXT, UPPER, NUMBER, INTEGER, LIST, LOWER }

    private record Field(String path, Kind kind) {}

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();
    private static final int MAX_JUSTIFICATION = 5000;

    static {
        field("customer id", "customer.id", Kind.TEXT);
        field("customer name", "customer.name", Kind.TEXT);
        field("customer domain", "customer.domain", Kind.LOWER);
        field("contact email", "customer.contactEmail", Kind.LOWER);
        field("requester name", "requester.name", Kind.TEXT);
        field("requester email", "requester.email", Kind.LOWER);
        field("account owner name", "accountOwner.name", Kind.TEXT);
        field("account owner email", "accountOwner.email", Kind.LOWER);
        field("your reference", "clientRequestId", Kind.TEXT);
        field("product", "product", Kind.TEXT);
        field("edition", "edition", Kind.TEXT);
        field("exception type", "type", Kind.UPPER);
        field("seats", "terms.seats", Kind.INTEGER);
        field("discount percent", "terms.discountPercent", Kind.NUMBER);
        field("start", "terms.start", Kind.TEXT);
        field("end", "terms.end", Kind.TEXT);
        field("duration days", "terms.durationDays", Kind.INTEGER);
        field("regions", "terms.regions", Kind.LIST);
        field("features", "terms.features", Kind.LIST);
        field("deployment", "terms.deployment", Kind.TEXT);
        field("revenue impact", "revenueImpact", Kind.NUMBER);
        field("currency", "currency", Kind.UPPER);
        field("data sensitivity", "dataSensitivity", Kind.UPPER);
        field("deployment scale", "deploymentScale", Kind.UPPER);
        field("beneficiaries", "beneficiaries", Kind.LIST);
        field("evidence", "evidence", Kind.LIST);
        field("backdate reason", "backdateReason", Kind.TEXT);
        field("justification", "justification", Kind.TEXT);
    }

    private static void field(String label, String path, Kind kind) {
        FIELDS.put(label, new Field(path, kind));
    }

    private static final Pattern LABEL = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]{0,30}?)\\s*:\\s?(.*)$");
    private static final Pattern REPLY_HEADER = Pattern.compile("(?i)^\\s*(on .{0,200}wrote:|-{3,}\\s*original message\\s*-{3,}|from: .*@.*)\\s*$");
    private static final Pattern HINT = Pattern.compile("^\\(.*\\)$");

    private MailForm() {}

    public static Read read(String text) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        StringBuilder unquoted = new StringBuilder();
        int fields = 0;
        for (String line : text.split("\n", -1)) {
            if (line.equals("-- ") || REPLY_HEADER.matcher(line).matches()) break;
            if (line.startsWith(">")) continue;
            unquoted.append(line).append('\n');
            Field f = fieldOf(line);
            if (f == null) continue;
            fields++;
            String value = valueOf(line);
            // justification may run over several lines: read below
            if (!value.isEmpty() && !f.path().equals("justification")) put(doc, f, value);
        }
        String j = justification(unquoted.toString());
        if (j != null) put(doc, FIELDS.get("justification"), j);
        return new Read(doc, fields, unquoted.toString().strip());
    }

    /** The Justification field: its line and every following line up to the next field. */
    private static String justification(String unquoted) {
        StringBuilder j = null;
        for (String line : unquoted.split("\n", -1)) {
            Field f = fieldOf(line);
            if (f != null) {
                if (j != null) break;
                if (f.path().equals("justification")) j = new StringBuilder(valueOf(line));
            } else if (j != null) {
                j.append('\n').append(line);
            }
        }
        if (j == null) return null;
        String s = j.toString().strip();
        if (s.isEmpty()) return null;
        return s.length() > MAX_JUSTIFICATION ? s.substring(0, MAX_JUSTIFICATION) : s;
    }

    private static Field fieldOf(String line) {
        Matcher m = LABEL.matcher(line);
        return m.matches() ? FIELDS.get(m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")) : null;
    }

    private static String valueOf(String line) {
        Matcher m = LABEL.matcher(line);
        return m.matches() ? stripHint(m.group(2).strip()) : "";
    }

    /** A value copied with the form's "(...)" hint still in it counts as empty. */
    private static String stripHint(String value) {
        return HINT.matcher(value).matches() ? "" : value;
    }

    private static void put(ObjectNode doc, Field f, String value) {
        String[] path = f.path().split("\\.");
        ObjectNode parent = doc;
        for (int i = 0; i < path.length - 1; i++) parent = parent.with(path[i]);
        String name = path[path.length - 1];
        switch (f.kind()) {
            case TEXT -> parent.put(name, value);
            case LOWER -> parent.put(name, value.toLowerCase(Locale.ROOT));
            case UPPER -> parent.put(name, value.toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_"));
            case INTEGER -> {
                String n = value.replaceAll("[,'_ ]", "");
                if (n.matches("\\d{1,9}")) parent.put(name, Integer.parseInt(n));
                else parent.put(name, value);
            }
            case NUMBER -> {
                String n = value.replaceAll("[,'_ %]", "");
                if (n.matches("\\d{1,15}(\\.\\d{1,4})?")) parent.put(name, new BigDecimal(n));
                else parent.put(name, value);
            }
            case LIST -> {
                ArrayNode list = parent.putArray(name);
                for (String item : value.split("[,;]")) if (!item.isBlank()) list.add(item.strip());
            }
        }
    }

    /** Fills what a mail says by itself: who sent it, as requester and as contact. Never overrides the form. */
    public static void defaultsFromSender(ObjectNode doc, String fromAddress, String fromName) {
        ObjectNode requester = doc.with("requester");
        if (!requester.has("email")) requester.put("email", fromAddress);
        if (!requester.has("name")) requester.put("name", fromName == null || fromName.isBlank() ? fromAddress : fromName);
        ObjectNode customer = doc.with("customer");
        if (!customer.has("contactEmail")) customer.put("contactEmail", fromAddress);
    }
}
