package io.lexhub.intake;

import java.util.regex.Pattern;

/**
 * Plain text from an HTML-only mail body, for reading its fields: script, style and comments are
 * dropped with their content, block tags become line breaks, all other tags are removed and the
 * common entities decoded. Nothing is ever rendered, so no markup needs to survive.
 */
public final class HtmlText {

    private static final Pattern DROPPED = Pattern.compile(
            "(?is)<!--.*?-->|<(script|style|head|title|template)\\b[^>]*>.*?</\\1\\s*>|<(script|style)\\b[^>]*>.*");
    private static final Pattern BREAK = Pattern.compile("(?i)<(br|/p|/div|/li|/tr|/h[1-6]|p|div|li|tr)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>?");
    private static final Pattern NUMERIC = Pattern.compile("&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});");

    private HtmlText() {}

    public static String toText(String html) {
        String s = DROPPED.matcher(html).replaceAll(" ");
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = NUMERIC.matcher(s).replaceAll(m -> {
            String n = m.group(1);
            int cp = n.startsWith("x") ? Integer.parseInt(n.substring(1), 16) : Integer.parseInt(n);
            return Character.isValidCodePoint(cp) && !Character.isISOControl(cp) ? java.util.regex.Matcher.quoteReplacement(new String(Character.toChars(cp))) : " ";
        });
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
        return s.replaceAll("[ \\t\\x0B\\f]+", " ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
