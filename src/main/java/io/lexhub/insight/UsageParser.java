package io.lexhub.insight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads usage reports from CSV (header customer,product,metric,period,value) or JSON (one object,
 * an array of them, or {"reports": [...]}). All or nothing: one bad row fails the whole document,
 * with every problem listed, so a half-read file never counts.
 */
public final class UsageParser {

    static final int MAX_ROWS = 10_000;
    static final int MAX_DECIMALS = 4;
    static final List<String> COLUMNS = List.of("customer", "product", "metric", "period", "value");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,59}");
    private static final ObjectMapper JSON = DataDocuments.JSON;

    private final int maxBytes;

    public UsageParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @param name file name or content type; decides CSV or JSON (else the first character does) */
    public List<UsageReport> parse(String name, byte[] content) {
        DataDocuments.Text document = DataDocuments.text(content, maxBytes);
        if (document.problem().isPresent()) throw new MalformedUsageException(List.of(document.problem().get()));
        String text = document.value();
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        boolean json = n.endsWith(".json") || n.contains("json") || (!n.endsWith(".csv") && !n.contains("csv") && (text.startsWith("{") || text.startsWith("[")));
        return json ? json(text) : csv(text);
    }

    private List<UsageReport> csv(String text) {
        List<String> lines = text.lines().toList();
        List<String> header = split(lines.get(0)).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        if (!header.equals(COLUMNS)) {
            throw new MalformedUsageException(List.of("line 1: the header must be " + String.join(",", COLUMNS) + ", found " + lines.get(0)));
        }
        List<String> problems = new ArrayList<>();
        List<UsageReport> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> cells = split(lines.get(i));
            String where = "line " + (i + 1);
            if (cells.size() != COLUMNS.size()) {
                problems.add(where + ": " + cells.size() + " values, expected " + COLUMNS.size());
                continue;
            }
            row(where, cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4), problems, out);
        }
        return done(out, problems);
    }

    /** Comma-separated values; a value in double quotes may hold commas ("" is a quote). */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cur.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.add(cur.toString().strip()); cur.setLength(0); }
            else cur.append(ch);
        }
        cells.add(cur.toString().strip());
        return cells;
    }

    private List<UsageReport> json(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new MalformedUsageException(List.of("not well-formed JSON" + at + ": " + e.getOriginalMessage()));
        }
        JsonNode items = root != null && root.isObject() && root.has("reports") ? root.get("reports") : root;
        List<JsonNode> list = new ArrayList<>();
        if (items != null && items.isArray()) items.forEach(list::add);
        else if (items != null && items.isObject()) list.add(items);
        else throw new MalformedUsageException(List.of("expected a usage object, an array of them or {\"reports\": [...]}"));
        List<String> problems = new ArrayList<>();
        List<UsageReport> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode o = list.get(i);
            String where = "report " + (i + 1);
            if (!o.isObject()) {
                problems.add(where + ": not an object");
                continue;
            }
            row(where, text(o, "customer"), text(o, "product"), text(o, "metric"), text(o, "period"), text(o, "value"), problems, out);
        }
        return done(out, problems);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return "";
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static void row(String where, String customer, String product, String metric, String period, String value,
            List<String> problems, List<UsageReport> out) {
        int before = problems.size();
        if (customer.isBlank() || customer.length() > 200) problems.add(where + ": customer missing or longer than 200 characters");
        if (product.isBlank() || product.length() > 200) problems.add(where + ": product missing or longer than 200 characters");
        if (!METRIC.matcher(metric).matches()) problems.add(where + ": metric '" + metric + "' is not a name like seats or apiCalls");
        if (period.isBlank() || period.length() > 40) problems.add(where + ": period missing or longer than 40 characters (e.g. 2026-11)");
        BigDecimal v = value(where, value.strip(), problems);
        if (problems.size() == before) out.add(new UsageReport(customer.strip(), product.strip(), metric, period.strip(), v));
    }

    /**
     * A usage figure: 0 to 10^15 with at most {@value #MAX_DECIMALS} decimal places, in plain form.
     * Only scale and precision are looked at before that: 1e-400000 is short but prints as 400,000 digits.
     */
    static BigDecimal value(String where, String value, List<String> problems) {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "...";
        BigDecimal v;
        try {
            if (value.length() > 40) throw new NumberFormatException("too long");
            v = new BigDecimal(value);
        } catch (NumberFormatException e) {
            problems.add(where + ": value '" + shown + "' is not a number");
            return null;
        }
        if (v.signum() == 0) return BigDecimal.ZERO;
        if (v.signum() < 0 || (long) v.precision() - v.scale() > 15
                || (v.scale() > MAX_DECIMALS && v.stripTrailingZeros().scale() > MAX_DECIMALS)) {
            problems.add(where + ": value " + shown + " must be a number from 0 to 10^15 with at most " + MAX_DECIMALS + " decimal places");
            return null;
        }
        return v.setScale(Math.max(0, Math.min(v.scale(), MAX_DECIMALS)));
    }

    private static List<UsageReport> done(List<UsageReport> out, List<String> problems) {
        if (out.size() > MAX_ROWS) problems.add("more than " + MAX_ROWS + " reports in one document");
        if (problems.isEmpty() && out.isEmpty()) problems.add("the document holds no usage report");
        if (!problems.isEmpty()) throw new MalformedUsageException(problems);
        return List.copyOf(out);
    }
}
