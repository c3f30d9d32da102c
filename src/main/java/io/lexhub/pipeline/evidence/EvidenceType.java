package io.lexhub.pipeline.evidence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of file the hub keeps as evidence, told by their first bytes (and for office documents
 * by the names inside the zip), never by the declared type or the file name: a page or a script
 * renamed report.pdf stays what it is. Everything else is refused with a reason a sender can act on.
 */
public enum EvidenceType {
    PDF("application/pdf", "pdf", "PDF"),
    PNG("image/png", "png", "PNG image"),
    JPEG("image/jpeg", "jpg", "JPEG image"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word document"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel workbook"),
    PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", "PowerPoint presentation"),
    ODT("application/vnd.oasis.opendocument.text", "odt", "OpenDocument text"),
    ODS("application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument spreadsheet"),
    ODP("application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument presentation");

    private final String contentType;
    private final String extension;
    private final String label;

    EvidenceType(String contentType, String extension, String label) {
        this.contentType = contentType;
        this.extension = extension;
        this.label = label;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** What a person calls it: "PDF", "Word document". */
    public String label() {
        return label;
    }

    /** The type of a stored file by its content type; empty for one this build does not know. */
    public static Optional<EvidenceType> ofContentType(String contentType) {
        for (EvidenceType t : values()) if (t.contentType.equals(contentType)) return Optional.of(t);
        return Optional.empty();
    }

    /** What the bytes are: a type the hub keeps, or why not. */
    public record Detection(EvidenceType type, String refusal) {
        static Detection of(EvidenceType t) {
            return new Detection(t, null);
        }

        static Detection refused(String reason) {
            return new Detection(null, reason);
        }

        public boolean accepted() {
            return type != null;
        }
    }

    private static final String ACCEPTED = "Accepted are PDF, PNG and JPEG images, and Word, Excel, PowerPoint and OpenDocument files.";

    public static Detection detect(byte[] b) {
        if (b == null || b.length == 0) return Detection.refused("The file is empty.");
        if (startsWith(b, 0, "%PDF-")) return Detection.of(PDF);
        if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) return Detection.of(PNG);
        if (startsWith(b, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) return Detection.of(JPEG);
        if (startsWith(b, 0, new byte[] {'P', 'K', 3, 4})) return office(b);
        if (startsWith(b, 0, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1})) {
            return Detection.refused("It is an older binary office file (.doc, .xls, .ppt) or an encrypted one: save it as .docx, .xlsx or .pptx "
                    + "without a password, or as PDF.");
        }
        if (startsWith(b, 0, "MZ") || startsWith(b, 0, new byte[] {0x7F, 'E', 'L', 'F'}) || startsWith(b, 0, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE})
                || startsWith(b, 0, new byte[] {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE}) || startsWith(b, 0, new byte[] {(byte) 0xFE, (byte) 0xED, (byte) 0xFA, (byte) 0xCF})) {
            return Detection.refused("It is a program. " + ACCEPTED);
        }
        if (startsWith(b, 0, "#!")) return Detection.refused("It is a script. " + ACCEPTED);
        String head = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.contains("<svg")) return Detection.refused("It is an SVG image, which can carry script. " + ACCEPTED);
        if (head.contains("<html") || head.contains("<!doctype") || head.contains("<script") || head.contains("<body") || head.contains("<iframe")) {
            return Detection.refused("It is a web page (HTML). " + ACCEPTED);
        }
        if (startsWith(b, 0, new byte[] {0x1F, (byte) 0x8B}) || startsWith(b, 0, "Rar!") || startsWith(b, 0, new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF})) {
            return Detection.refused("It is an archive. " + ACCEPTED);
        }
        return Detection.refused("Its content is not of a kind the hub keeps. " + ACCEPTED);
    }

    /**
     * A zip is an office document when its directory says so: OOXML names [Content_Types].xml and
     * the main part's folder; ODF stores the file "mimetype" first, uncompressed. Only the zip's
     * directory is read (nothing is inflated, so a zip bomb costs nothing); macros are refused.
     */
    private static Detection office(byte[] b) {
        Optional<EvidenceType> odf = openDocument(b);
        if (odf.isPresent()) return Detection.of(odf.get());
        List<String> names = zipNames(b);
        if (names == null) return Detection.refused("It looks like a zip archive but its directory cannot be read. " + ACCEPTED);
        if (names.contains("[Content_Types].xml")) {
            if (names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith("vbaproject.bin"))) {
                return Detection.refused("It is an office document with macros: save it without macros (.docx, .xlsx, .pptx) or as PDF.");
            }
            if (names.contains("word/document.xml")) return Detection.of(DOCX);
            if (names.contains("xl/workbook.xml")) return Detection.of(XLSX);
            if (names.contains("ppt/presentation.xml")) return Detection.of(PPTX);
        }
        return Detection.refused("It is a zip archive, not an office document. " + ACCEPTED);
    }

    private static Optional<EvidenceType> openDocument(byte[] b) {
        // local header: name length at 26, extra length at 28, name at 30, the stored content after
        if (b.length < 30 || !startsWith(b, 30, "mimetype")) return Optional.empty();
        int nameLength = u16(b, 26);
        int extra = u16(b, 28);
        int at = 30 + nameLength + extra;
        if (u16(b, 8) != 0) return Optional.empty();
        for (EvidenceType t : List.of(ODT, ODS, ODP)) {
            byte[] mime = t.contentType.getBytes(StandardCharsets.US_ASCII);
            if (startsWith(b, at, mime) && u32(b, 18) == mime.length) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** The entry names of a zip's central directory; null when it cannot be read. */
    static List<String> zipNames(byte[] b) {
        int eocd = -1;
        for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) return null;
        int count = u16(b, eocd + 10);
        long offset = u32(b, eocd + 16);
        List<String> names = new ArrayList<>();
        int at = (int) Math.min(offset, Integer.MAX_VALUE);
        for (int n = 0; n < count && n < 10_000; n++) {
            if (at < 0 || at + 46 > b.length || !startsWith(b, at, new byte[] {'P', 'K', 1, 2})) return null;
            int nameLength = u16(b, at + 28);
            int extra = u16(b, at + 30);
            int comment = u16(b, at + 32);
            if (at + 46 + nameLength > b.length) return null;
            names.add(new String(b, at + 46, nameLength, StandardCharsets.UTF_8));
            at += 46 + nameLength + extra + comment;
        }
        return names;
    }

    private static int u16(byte[] b, int at) {
        return at + 2 > b.length ? -1 : (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return at + 4 > b.length ? -1 : (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        return startsWith(b, at, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at < 0 || b.length < at + prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[at + i] != prefix[i]) return false;
        return true;
    }
}
