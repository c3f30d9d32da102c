package io.lexhub.pipeline.evidence;

import java.util.Locale;

/**
 * The name an evidence file is shown and downloaded under, made from the name a sender gave it:
 * no folders, no control or bidirectional characters (a name that reads "report‮fdp.exe"), at most
 * {@link #MAX} characters, and an extension that matches what the content is, so the file opens
 * as the type it was checked to be.
 */
public final class EvidenceNames {

    public static final int MAX = 120;

    private EvidenceNames() {}

    public static String display(String given, EvidenceType type) {
        String clean = clean(given);
        String suffix = "." + type.extension();
        boolean matches = clean.toLowerCase(Locale.ROOT).endsWith(suffix) || (type == EvidenceType.JPEG && clean.toLowerCase(Locale.ROOT).endsWith(".jpeg"));
        if (!matches) clean = clean + suffix;
        if (clean.length() > MAX) {
            int dot = clean.lastIndexOf('.');
            String ext = clean.substring(dot);
            clean = clean.substring(0, MAX - ext.length()) + ext;
        }
        return clean;
    }

    /** The given name made safe to show (a refused file's too), without the extension check; "evidence" when nothing is left. */
    public static String clean(String given) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            boolean bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
            if (Character.isISOControl(cp) || bidi || cp == 0xFFFD) out.append('_');
            else if (Character.isWhitespace(cp)) out.append(' ');
            else out.appendCodePoint(cp);
        });
        String clean = out.toString().replaceAll(" {2,}", " ").strip().replaceAll("^\\.+", "");
        if (clean.isEmpty()) return "evidence";
        return clean.length() > MAX ? clean.substring(0, MAX) : clean;
    }
}
