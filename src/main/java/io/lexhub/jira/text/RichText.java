package io.lexhub.jira.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Jira rich text value as plain text, and the web links it holds. Links are written into the
 * text as {@code text (url)}, or {@code url} alone when the text is the address, so a reader of
 * the justification sees where each link went; {@link #links()} lists the http(s) addresses in
 * order of appearance, each once (evidence for the request).
 */
public record RichText(String text, List<String> links) {

    /** http(s) addresses written as text; a trailing full stop, comma or bracket ends the sentence, not the address. */
    private static final Pattern BARE_URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"\\[\\]{}|]+");
    private static final Pattern WEB = Pattern.compile("(?i)https?://\\S+");

    public RichText {
        links = List.copyOf(links);
    }

    /** Text without markup: as it is, its links the web addresses written in it. */
    public static RichText ofPlain(String s) {
        Links links = new Links();
        bareUrls(s).forEach(links::add);
        return new RichText(s, links.list());
    }

    /** The http(s) addresses written as text in {@code s}, in order. */
    static List<String> bareUrls(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = BARE_URL.matcher(s);
        while (m.find()) out.add(trimEnd(m.group()));
        return out;
    }

    /** An address as it ends inside a sentence: "see https://x.example/a." links to .../a. */
    static String trimEnd(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)'".indexOf(url.charAt(end - 1)) >= 0) end--;
        return url.substring(0, end);
    }

    static boolean isWeb(String url) {
        return url != null && WEB.matcher(url.strip()).matches();
    }

    /** How a link reads in plain text. */
    static String link(String text, String url) {
        if (text == null || text.isBlank() || text.strip().equals(url)) return url;
        return text + " (" + url + ")";
    }

    /** Collects links in order, each once; only web addresses are evidence (not mailto:, anchors or attachments). */
    static final class Links {
        private final Set<String> seen = new LinkedHashSet<>();

        void add(String url) {
            if (isWeb(url)) seen.add(url.strip());
        }

        List<String> list() {
            return List.copyOf(seen);
        }
    }

    /** Lines without trailing blanks, at most one empty line in a row, none at either end. */
    static String tidy(CharSequence raw) {
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String line : raw.toString().split("\n", -1)) {
            String l = line.stripTrailing();
            if (l.isEmpty()) {
                blank = out.length() > 0;
                continue;
            }
            if (out.length() > 0) out.append(blank ? "\n\n" : "\n");
            out.append(l);
            blank = false;
        }
        return out.toString();
    }
}
