package io.lexhub.workspace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An input nobody could read, shown as text a person can look at safely: decoded as UTF-8 (bytes
 * that are not, replaced), control characters other than line breaks and tabs shown as U+FFFD,
 * at most {@link #LIMIT} characters. The page escapes it like any value; this keeps a hostile
 * file's terminal escapes, bidirectional overrides and megabytes out of the browser.
 */
public record SafeText(String text, boolean binary, int bytes, boolean truncated) {

    public static final int LIMIT = 64 * 1024;

    public static SafeText of(byte[] content) {
        if (content == null) return new SafeText("", false, 0, false);
        boolean binary = false;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
        } catch (CharacterCodingException e) {
            binary = true;
        }
        String decoded = new String(content, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(decoded.length(), LIMIT));
        int i = 0;
        while (i < decoded.length() && out.length() < LIMIT) {
            int cp = decoded.codePointAt(i);
            boolean shown = cp == '\n' || cp == '\t' || cp == '\r' || !(Character.isISOControl(cp) || isBidiControl(cp));
            if (cp != '\r') out.appendCodePoint(shown ? cp : 0xFFFD);
            i += Character.charCount(cp);
        }
        return new SafeText(out.toString(), binary, content.length, i < decoded.length());
    }

    /** The characters that reorder text around them (a file name or a line that reads differently than it is). */
    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
    }
}
