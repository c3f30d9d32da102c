package io.lexhub.app;

/**
 * Makes text from outside safe for a one-line log record: a file name, mail subject, path
 * parameter or exception message with a line break could otherwise write a forged record
 * ("INFO lexhub.decide APPROVE ..."). Line breaks become the two characters \n or \r, every
 * other control character (C0, DEL, C1), the Unicode line and paragraph separators and the
 * bidirectional overrides become a visible backslash-u escape.
 */
public final class LogText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogText() {}

    public static String escape(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) i++;
        if (i == s.length()) return s; // the usual case: no copy
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c)) b.append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
        }
        return b.toString();
    }

    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || c == '\u2028' || c == '\u2029'                    // line and paragraph separators
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') // bidi embeddings, overrides, isolates
                || c == '\u200E' || c == '\u200F' || c == '\u061C';  // bidi marks
    }
}
