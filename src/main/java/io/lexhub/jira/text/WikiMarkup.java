package io.lexhub.jira.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira wiki markup (Server / Data Center rich text, Atlassian's "Text Formatting Notation") as
 * plain text: headings, quotes, lists ("- ", "1. ", indented by depth), tables (cells joined by
 * " | "), {code} and {noformat} verbatim, {panel} with its title, {color} dropped, effects
 * (*bold* _italic_ -strike- +under+ ^sup^ ~sub~ ??cite??) unwrapped, {{mono}} verbatim, links as
 * {@code text (url)}, mentions [~user] as @user, images !name! as [name], \\ as a line break and
 * \x as x.
 * <p>
 * Conservative inside words: an effect marker counts only where Jira's renderer would take it, after
 * a non-letter and before a non-letter, around text that neither starts nor ends with a blank, so
 * a_b@example.com, 2*3, e-mail and C++ stay as written; a backslash escapes only a markup character
 * (C:\Users stays); brackets that are no link ([note]) stay. Links, addresses and verbatim text are
 * set aside first (as private-use placeholders) so no effect is read inside them.
 */
public final class WikiMarkup {

    private static final Pattern VERBATIM = Pattern.compile("\\{(code|noformat)(?::[^}\\n]*)?}\\n?(.*?)\\n?\\{\\1}", Pattern.DOTALL);
    private static final Pattern CONTAINER = Pattern.compile("\\{(?:quote|panel(?::[^}\\n]*)?)}");
    /** a block macro stands on lines of its own: BREAK marks where one is needed, and merges with the breaks already there */
    private static final char BREAK = '\u0000';
    private static final Pattern BREAKS = Pattern.compile("[\\n\\u0000]*\\u0000[\\n\\u0000]*");
    private static final Pattern COLOR_LINE = Pattern.compile("(?m)^[ \\t]*\\{color(?::[^}\\n]*)?}[ \\t]*\\n");
    private static final Pattern COLOR = Pattern.compile("\\{color(?::[^}\\n]*)?}");
    private static final Pattern INLINE = Pattern.compile(
            "(\\\\\\\\)"                                              // 1: line break
            + "|\\\\([*_\\-+^~?{}\\[\\]|!#\\\\])"                     // 2: an escaped markup character
            + "|\\{\\{(.+?)}}"                                        // 3: monospace, verbatim
            + "|\\[([^\\[\\]\\n]+)]"                                  // 4: link, mention, attachment
            + "|!([^!\\s|]+\\.[A-Za-z0-9]+|https?://[^!\\s|]+)(?:\\|[^!\\n]*)?!" // 5: image
            + "|(?i)(https?://[^\\s<>\"\\[\\]{}|]+)");                // 6: a bare address
    private static final Pattern HEADING = Pattern.compile("h[1-6]\\.\\s+(.*)");
    private static final Pattern QUOTE_LINE = Pattern.compile("bq\\.\\s+(.*)");
    private static final Pattern LIST = Pattern.compile("\\s*([*#]+|-)\\s+(.*)");
    private static final Pattern RULE = Pattern.compile("\\s*-{4,}\\s*");
    private static final Pattern TABLE = Pattern.compile("\\s*\\|.*");
    private static final Pattern CELL_SPLIT = Pattern.compile("\\|\\|?");
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]+-\\d+");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final List<Pattern> EFFECTS = List.of(effect("*"), effect("_"), effect("??"), effect("-"), effect("+"), effect("^"), effect("~"));
    /** placeholders: one private-use character each */
    private static final char FIRST = '\uE000';
    private static final char LAST = '\uF8FF';
    private static final Pattern PLACEHOLDER = Pattern.compile("[\\uE000-\\uF8FF]");

    private record Token(String text, List<String> links) {}

    private final List<Token> tokens = new ArrayList<>();

    private WikiMarkup() {}

    public static RichText read(String wiki) {
        return new WikiMarkup().convert(wiki);
    }

    private static Pattern effect(String marker) {
        String m = Pattern.quote(marker);
        // "---" and "**" are no effect around a marker
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + m + "(?=\\S)(?!" + m + ")(.+?)(?<=\\S)(?<!" + m + ")" + m + "(?![\\p{L}\\p{N}])");
    }

    private RichText convert(String wiki) {
        String s = PLACEHOLDER.matcher(wiki.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("").replace(String.valueOf(BREAK), "");
        s = replace(VERBATIM, s, m -> BREAK + token(m.group(2), RichText.bareUrls(m.group(2)), m.group()) + BREAK);
        s = replace(CONTAINER, s, m -> BREAK + m.group() + BREAK);
        s = BREAKS.matcher(s).replaceAll("\n");
        s = COLOR.matcher(COLOR_LINE.matcher(s).replaceAll("")).replaceAll("");
        StringBuilder out = new StringBuilder();
        int[] counters = new int[16];
        boolean quote = false;
        boolean panel = false;
        for (String raw : s.split("\n", -1)) {
            String line = raw.strip();
            if (line.equals("{quote}")) {
                quote = !quote;
                continue;
            }
            if (line.startsWith("{panel")) {
                // {panel:title=...|...} opens a panel, a bare {panel} closes the open one
                panel = line.startsWith("{panel:") || !panel;
                String title = param(line, "title");
                if (title != null) out.append(title).append('\n');
                continue;
            }
            String rendered = block(inline(raw), counters);
            out.append(quote && !rendered.isBlank() ? "> " : "").append(rendered).append('\n');
        }
        List<String> links = new ArrayList<>();
        String text = replace(PLACEHOLDER, out.toString(), m -> {
            Token t = tokens.get(m.group().charAt(0) - FIRST);
            links.addAll(t.links());
            return t.text();
        });
        RichText.Links unique = new RichText.Links();
        links.forEach(unique::add);
        return new RichText(RichText.tidy(text), unique.list());
    }

    /** One line after its inline constructs were set aside: its block form, with effects unwrapped. */
    private static String block(String line, int[] counters) {
        // a numbered list counts from 1 again after anything that is not a list item
        if (!LIST.matcher(line).matches()) java.util.Arrays.fill(counters, 0);
        Matcher m;
        if ((m = HEADING.matcher(line.strip())).matches()) return effects(m.group(1));
        if ((m = QUOTE_LINE.matcher(line.strip())).matches()) return "> " + effects(m.group(1));
        if (RULE.matcher(line).matches()) return "---";
        if (TABLE.matcher(line).matches()) {
            String row = line.strip().replaceFirst("^\\|\\|?", "").replaceFirst("\\|\\|?$", "");
            List<String> cells = new ArrayList<>();
            for (String cell : CELL_SPLIT.split(row, -1)) cells.add(effects(cell.strip()));
            return String.join(" | ", cells);
        }
        if ((m = LIST.matcher(line)).matches()) {
            String marker = m.group(1);
            int depth = Math.min(marker.length(), counters.length) - 1;
            for (int d = depth + 1; d < counters.length; d++) counters[d] = 0;
            String bullet = marker.endsWith("#") ? (++counters[depth]) + ". " : "- ";
            return "  ".repeat(depth) + bullet + effects(m.group(2));
        }
        // outside {code} and {noformat} (set aside) leading blanks carry no meaning
        return effects(line.strip());
    }

    private static String effects(String text) {
        String s = text;
        for (Pattern p : EFFECTS) s = p.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        return s;
    }

    /** Sets aside the line's links, addresses, verbatim text and escapes. */
    private String inline(String line) {
        return replace(INLINE, line, m -> {
            if (m.group(1) != null) return token("\n", List.of(), m.group());
            if (m.group(2) != null) return token(m.group(2), List.of(), m.group());
            if (m.group(3) != null) return token(m.group(3), RichText.bareUrls(m.group(3)), m.group());
            if (m.group(4) != null) return link(m.group(4), m.group());
            if (m.group(5) != null) {
                String image = m.group(5);
                return RichText.isWeb(image) ? token(image, List.of(image), m.group()) : token("[" + image + "]", List.of(), m.group());
            }
            String url = RichText.trimEnd(m.group(6));
            return token(url, List.of(url), url) + m.group(6).substring(url.length());
        });
    }

    /** [text|target], [target], [~user], [^attachment]; brackets that are none of these stay as written. */
    private String link(String inner, String written) {
        if (inner.startsWith("~")) return token("@" + inner.substring(1), List.of(), written);
        int bar = inner.indexOf('|');
        String text = bar < 0 ? null : effects(inner.substring(0, bar).strip());
        String target = (bar < 0 ? inner : inner.substring(bar + 1)).strip();
        int tip = target.indexOf('|');
        if (tip >= 0) target = target.substring(0, tip).strip();
        if (RichText.isWeb(target)) return token(RichText.link(text, target), List.of(target), written);
        if (target.startsWith("^")) return token(text == null ? "[" + target.substring(1) + "]" : RichText.link(text, target.substring(1)), List.of(), written);
        if (target.startsWith("mailto:")) return token(RichText.link(text, target.substring("mailto:".length())), List.of(), written);
        if (target.startsWith("#") || target.startsWith("~")) return token(text == null ? target.substring(1) : text, List.of(), written);
        if (ISSUE_KEY.matcher(target).matches() || SCHEME.matcher(target).matches()) return token(RichText.link(text, target), List.of(), written);
        return bar < 0 ? written : token(text, List.of(), written);
    }

    /** A placeholder for text set aside; past the placeholders available, the construct stays as written. */
    private String token(String text, List<String> links, String written) {
        if (FIRST + tokens.size() > LAST) return written;
        tokens.add(new Token(text, links));
        return String.valueOf((char) (FIRST + tokens.size() - 1));
    }

    private static String param(String macro, String name) {
        int colon = macro.indexOf(':');
        if (colon < 0) return null;
        for (String p : macro.substring(colon + 1, macro.length() - 1).split("\\|")) {
            if (p.strip().startsWith(name + "=")) return p.strip().substring(name.length() + 1);
        }
        return null;
    }

    private static String replace(Pattern p, String s, java.util.function.Function<java.util.regex.MatchResult, String> with) {
        return p.matcher(s).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
    }
}
