package io.lexhub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/audit-events.md lists exactly the audit event types the code appends. The code is read as
 * text: the type argument of every {@code audit.append(...)} / {@code trail.append(...)} call and
 * of every {@code new AuditTrail.Pending(...)}, and the row-record types of {@code new Recorded(...)}.
 * A type argument is a string literal, a ternary of literals or a constant of the same file; any
 * other expression must be declared in {@link #COMPUTED} with the types it yields, each built from
 * the literals of that expression or present as a literal in the file.
 */
class AuditEventCatalogueTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CATALOGUE = Path.of("docs/audit-events.md");

    /** Call sites whose type is computed: file (under io/lexhub) -> the types it can append. */
    private static final Map<String, Set<String>> COMPUTED = Map.of(
            "pipeline/waiver/WaiverReviews.java", Set.of("waiver.review-confirmed", "waiver.review-revoked"),
            "pipeline/outbox/UndeliveredMessages.java", Set.of("outbox.retried", "outbox.discarded"),
            "access/Sessions.java", Set.of("session.signed-out", "session.ended"),
            "app/ConfigChanges.java", Set.of("config.reloaded", "config.refused", "config.changed"));

    private static final Pattern APPEND = Pattern.compile("\\b(?:audit|trail)\\.append\\(");
    private static final Pattern PENDING = Pattern.compile("\\bnew\\s+AuditTrail\\.Pending\\(");
    private static final Pattern RECORDED = Pattern.compile("\\bnew\\s+Recorded\\(");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CATALOGUE_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    @Test
    void theCatalogueListsEveryEventTypeTheCodeAppendsAndNoOther() throws IOException {
        Map<String, String> emitted = new TreeMap<>();   // type -> where
        List<String> undeclared = new ArrayList<>();
        List<String> unbacked = new ArrayList<>();
        int sites = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = withoutComments(Files.readString(file));
                String name = SOURCES.resolve("io/lexhub").relativize(file).toString().replace('\\', '/');
                List<String> typeArgs = new ArrayList<>();
                for (Matcher m = APPEND.matcher(code); m.find();) typeArgs.add(argument(code, m.end(), 3));
                for (Matcher m = PENDING.matcher(code); m.find();) typeArgs.add(argument(code, m.end(), 2));
                for (Matcher m = RECORDED.matcher(code); m.find();) typeArgs.add(argument(code, m.end(), 1));
                for (String arg : typeArgs) {
                    sites++;
                    Set<String> types = resolve(arg, code);
                    if (types == null) {
                        Set<String> declared = COMPUTED.get(name);
                        if (declared == null) {
                            undeclared.add(name + ": " + arg);
                            continue;
                        }
                        for (String t : declared) if (!backed(t, arg, code)) unbacked.add(name + ": " + t + " from " + arg);
                        types = declared;
                    }
                    for (String t : types) emitted.putIfAbsent(t, name);
                }
            }
        }
        assertThat(sites).as("audit call sites found (a scanner that finds none checks nothing)").isGreaterThan(40);
        assertThat(undeclared).as("computed event types: declare them in COMPUTED and in docs/audit-events.md").isEmpty();
        assertThat(unbacked).as("COMPUTED types the code cannot build").isEmpty();

        Set<String> catalogued = catalogue();
        assertThat(new TreeSet<>(emitted.keySet())).as("event types appended by the code but missing from " + CATALOGUE)
                .isSubsetOf(catalogued);
        assertThat(catalogued).as("event types in " + CATALOGUE + " that the code no longer appends")
                .isSubsetOf(emitted.keySet());
    }

    /** The first cell of every table row, outside the actors table. */
    private static Set<String> catalogue() throws IOException {
        Set<String> types = new TreeSet<>();
        boolean actors = false;
        for (String line : Files.readAllLines(CATALOGUE)) {
            if (line.startsWith("#")) actors = line.strip().equals("### Actors");
            Matcher m = CATALOGUE_ROW.matcher(line);
            if (!actors && m.find()) types.add(m.group(1));
        }
        return types;
    }

    /** The literal types of an argument, or null when it is computed. */
    private static Set<String> resolve(String arg, String code) {
        String a = arg.strip();
        if (a.matches("\"(?:[^\"\\\\]|\\\\.)*\"")) return Set.of(a.substring(1, a.length() - 1));
        Matcher ternary = Pattern.compile("^[^?\"]+\\?\\s*(\"[^\"]*\")\\s*:\\s*(\"[^\"]*\")$").matcher(a);
        if (ternary.matches()) return Set.of(unquote(ternary.group(1)), unquote(ternary.group(2)));
        if (a.matches("[A-Z][A-Z0-9_]*")) {
            Matcher constant = Pattern.compile("\\bString\\s+" + a + "\\s*=\\s*(\"[^\"]*\")\\s*;").matcher(code);
            if (constant.find()) return Set.of(unquote(constant.group(1)));
        }
        return null;
    }

    /** A declared computed type is a literal of the file, or two literals of the expression joined. */
    private static boolean backed(String type, String arg, String code) {
        if (literals(code).contains(type)) return true;
        List<String> parts = literals(arg);
        for (String p : parts) for (String q : parts) if ((p + q).equals(type)) return true;
        return false;
    }

    private static List<String> literals(String text) {
        List<String> out = new ArrayList<>();
        for (Matcher m = LITERAL.matcher(text); m.find();) out.add(m.group(1));
        return out;
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1);
    }

    /** The {@code index}-th argument (from 0) of the call whose argument list starts at {@code from}. */
    static String argument(String code, int from, int index) {
        int depth = 0;
        int n = 0;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == '"' || ch == '\'') {
                int end = endOfLiteral(code, i);
                current.append(code, i, end + 1);
                i = end;
                continue;
            }
            if (ch == '(' || ch == '[' || ch == '{') depth++;
            if ((ch == ')' || ch == ']' || ch == '}') && depth-- == 0 || ch == ',' && depth == 0) {
                if (n == index) return current.toString().strip();
                if (ch != ',') break;
                n++;
                current.setLength(0);
                continue;
            }
            current.append(ch);
        }
        throw new IllegalStateException("no argument " + index + " in the call at " + code.substring(from, Math.min(code.length(), from + 80)));
    }

    private static int endOfLiteral(String code, int start) {
        if (code.startsWith("\"\"\"", start)) {
            int end = code.indexOf("\"\"\"", start + 3);
            if (end < 0) throw new IllegalStateException("unterminated text block");
            return end + 2;
        }
        char quote = code.charAt(start);
        for (int i = start + 1; i < code.length(); i++) {
            if (code.charAt(i) == '\\') i++;
            else if (code.charAt(i) == quote) return i;
        }
        throw new IllegalStateException("unterminated literal");
    }

    /** The source without its comments (string and char literals kept as they are). */
    static String withoutComments(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == '"' || ch == '\'') {
                int end = endOfLiteral(code, i);
                out.append(code, i, end + 1);
                i = end;
            } else if (code.startsWith("//", i)) {
                while (i < code.length() && code.charAt(i) != '\n') i++;
                out.append('\n');
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
                out.append(' ');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
