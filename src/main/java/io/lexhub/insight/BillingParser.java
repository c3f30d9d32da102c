package io.lexhub.insight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads billing lines from CSV (a header naming the columns) or JSON (an array of objects, one
 * object, or {"lines": [...]}); docs/billing-review.md. All or nothing: one bad line fails the
 * whole document with every problem listed, so a half-read invoice run never counts.
 */
public final class BillingParser {

    static final int MAX_LINES = 10_000;
    static final Set<String> COLUMNS = Set.of("customer", "product", "periodstart", "periodend", "month", "quantity", "unitprice",
            "discountpercent", "lineid", "invoice");
    /** A line id or invoice number: letters, digits and . _ : / - (no spaces, no markup). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");
    /** Names are shown on pages and in mails: no control or bidirectional characters, no markup. */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Cf}<>]");
    private static final ObjectMapper JSON = DataDocuments.JSON;

    private final int maxBytes;

    public BillingParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @param json true for a JSON document, false for CSV (the content type or the file's extension says which) */
    public List<BillingLine> parse(boolean json, byte[] content) {
        DataDocuments.Text text = DataDocuments.text(content, maxBytes);
        if (text.problem().isPresent()) throw new MalformedBillingException(List.of(text.problem().get()));
        return json ? json(text.value()) : csv(text.value());
    }

    private List<BillingLine> csv(String text) {
        List<String> lines = text.lines().toList();
        List<String> header = UsageParser.split(lines.get(0)).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> unknown = header.stream().filter(h -> !COLUMNS.contains(h)).toList();
        if (!unknown.isEmpty() || header.stream().distinct().count() != header.size()) {
            throw new MalformedBillingException(List.of("line 1: the header names unknown or repeated columns " + unknown
                    + "; columns are customer, product, periodStart, periodEnd (or month), quantity, unitPrice, discountPercent, lineId, invoice"));
        }
        List<String> problems = new ArrayList<>();
        List<BillingLine> out = new ArrayList<>();
        for (int i = 1; i < lines.size() && problems.size() < 100; i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> cells = UsageParser.split(lines.get(i));
            String where = "line " + (i + 1);
            if (cells.size() != header.size()) {
                problems.add(where + ": " + cells.size() + " values, expected " + header.size());
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int k = 0; k < header.size(); k++) row.put(header.get(k), cells.get(k));
            line(where, row, problems, out);
        }
        return done(out, problems);
    }

    private List<BillingLine> json(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new MalformedBillingException(List.of("not well-formed JSON" + at));
        }
        JsonNode items = root != null && root.isObject() && root.has("lines") ? root.get("lines") : root;
        List<JsonNode> list = new ArrayList<>();
        if (items != null && items.isArray()) items.forEach(list::add);
        else if (items != null && items.isObject()) list.add(items);
        else throw new MalformedBillingException(List.of("expected a billing line object, an array of them or {\"lines\": [...]}"));
        List<String> problems = new ArrayList<>();
        List<BillingLine> out = new ArrayList<>();
        for (int i = 0; i < list.size() && problems.size() < 100; i++) {
            JsonNode o = list.get(i);
            String where = "line " + (i + 1);
            if (!o.isObject()) {
                problems.add(where + ": not an object");
                continue;
            }
            Map<String, String> row = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            o.fields().forEachRemaining(f -> {
                String name = f.getKey().toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(name)) unknown.add(f.getKey());
                else if (!f.getValue().isNull()) row.put(name, f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            });
            if (!unknown.isEmpty()) problems.add(where + ": unknown fields " + unknown.stream().map(BillingParser::shown).toList());
            line(where, row, problems, out);
        }
        return done(out, problems);
    }

    private static void line(String where, Map<String, String> row, List<String> problems, List<BillingLine> out) {
        int before = problems.size();
        String customer = name(where, "customer", row.get("customer"), problems);
        String product = name(where, "product", row.get("product"), problems);
        LocalDate[] period = period(where, row, problems);
        BigDecimal quantity = number(where, "quantity", row.get("quantity"), 1_000_000_000L, problems);
        BigDecimal price = number(where, "unitPrice", row.get("unitprice"), 1_000_000_000_000_000L, problems);
        BigDecimal discount = number(where, "discountPercent", row.get("discountpercent"), 100, problems);
        String lineId = id(where, "lineId", row.get("lineid"), problems);
        String invoice = id(where, "invoice", row.get("invoice"), problems);
        if (problems.size() == before) {
            out.add(new BillingLine(customer, product, period[0], period[1], quantity, price, discount, lineId, invoice));
        }
    }

    private static String name(String where, String field, String value, List<String> problems) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > 200) problems.add(where + ": " + field + " missing or longer than 200 characters");
        else if (UNSAFE.matcher(v).find()) problems.add(where + ": " + field + " holds a control character or < >, which a name never has");
        return v;
    }

    private static String id(String where, String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (!ID.matcher(v).matches()) {
            problems.add(where + ": " + field + " '" + shown(v) + "' must be 1 to 100 letters, digits or . _ : / -");
        }
        return v;
    }

    /** periodStart and periodEnd (ISO dates, both days billed), or month (2027-01: its first to last day). */
    private static LocalDate[] period(String where, Map<String, String> row, List<String> problems) {
        String month = row.get("month");
        String start = row.get("periodstart");
        String end = row.get("periodend");
        boolean hasMonth = month != null && !month.isBlank();
        boolean hasDates = (start != null && !start.isBlank()) || (end != null && !end.isBlank());
        try {
            if (hasMonth && hasDates) {
                problems.add(where + ": give either month or periodStart and periodEnd, not both");
            } else if (hasMonth) {
                YearMonth m = YearMonth.parse(month.strip());
                return new LocalDate[] {m.atDay(1), m.atEndOfMonth()};
            } else if (start == null || start.isBlank() || end == null || end.isBlank()) {
                problems.add(where + ": the period is missing: periodStart and periodEnd (2027-01-01), or month (2027-01)");
            } else {
                LocalDate s = LocalDate.parse(start.strip());
                LocalDate e = LocalDate.parse(end.strip());
                if (e.isBefore(s)) problems.add(where + ": periodEnd " + e + " is before periodStart " + s);
                else if (ChronoUnit.DAYS.between(s, e) > 366) problems.add(where + ": the period is longer than a year");
                else return new LocalDate[] {s, e};
            }
        } catch (DateTimeParseException e) {
            problems.add(where + ": '" + shown(e.getParsedString()) + "' is not a date like 2027-01-31 (or a month like 2027-01)");
        }
        return new LocalDate[] {null, null};
    }

    /** A figure from 0 to max with at most four decimal places, in plain form (UsageParser.value's bounds). */
    private static BigDecimal number(String where, String field, String value, long max, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(where + ": " + field + " missing");
            return null;
        }
        List<String> mine = new ArrayList<>();
        BigDecimal v = UsageParser.value(where, value.strip(), mine);
        if (!mine.isEmpty()) {
            problems.add(where + ": " + field + " '" + shown(value.strip()) + "' must be a number from 0 to " + max + " with at most 4 decimal places");
            return null;
        }
        if (v.compareTo(BigDecimal.valueOf(max)) > 0) {
            problems.add(where + ": " + field + " " + v.toPlainString() + " is above " + max);
            return null;
        }
        return v;
    }

    private static String shown(String s) {
        String v = UNSAFE.matcher(s).replaceAll("?");
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }

    private static List<BillingLine> done(List<BillingLine> out, List<String> problems) {
        if (out.size() > MAX_LINES) problems.add("more than " + MAX_LINES + " lines in one document");
        if (problems.isEmpty() && out.isEmpty()) problems.add("the document holds no billing line");
        if (!problems.isEmpty()) throw new MalformedBillingException(problems);
        return List.copyOf(out);
    }
}
