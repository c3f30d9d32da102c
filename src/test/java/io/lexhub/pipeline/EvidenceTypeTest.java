package io.lexhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.pipeline.evidence.EvidenceNames;
import io.lexhub.pipeline.evidence.EvidenceType;
import io.lexhub.pipeline.evidence.FileEvidence;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Evidence is told by its bytes (pipeline/evidence/EvidenceType): real small files built here are
 * accepted as what they are; a page renamed .pdf, an SVG, a program, a zip that is not an office
 * document and a document with macros are refused with a reason.
 */
public class EvidenceTypeTest {

    /** A one-page PDF, as small as a valid one gets. */
    public static byte[] pdf() {
        return """
                %PDF-1.4
                1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
                2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
                3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
                trailer << /Root 1 0 R >>
                %%EOF
                """.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] image(String format) throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A zip of these entries (name, content), the first stored uncompressed when {@code storedFirst} (ODF's mimetype). */
    public static byte[] zip(boolean storedFirst, String... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                byte[] content = entries[i + 1].getBytes(StandardCharsets.UTF_8);
                ZipEntry e = new ZipEntry(entries[i]);
                if (i == 0 && storedFirst) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The parts a minimal .docx has. */
    public static byte[] docx() throws Exception {
        return zip(false, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
                "_rels/.rels", "<Relationships/>", "word/document.xml", "<w:document/>");
    }

    @Test
    void realFilesAreAcceptedAsWhatTheyAre() throws Exception {
        assertThat(EvidenceType.detect(pdf()).type()).isEqualTo(EvidenceType.PDF);
        assertThat(EvidenceType.detect(image("png")).type()).isEqualTo(EvidenceType.PNG);
        assertThat(EvidenceType.detect(image("jpg")).type()).isEqualTo(EvidenceType.JPEG);
        assertThat(EvidenceType.detect(docx()).type()).isEqualTo(EvidenceType.DOCX);
        assertThat(EvidenceType.detect(zip(false, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>")).type())
                .isEqualTo(EvidenceType.XLSX);
        assertThat(EvidenceType.detect(zip(false, "[Content_Types].xml", "<Types/>", "ppt/presentation.xml", "<p/>")).type())
                .isEqualTo(EvidenceType.PPTX);
        assertThat(EvidenceType.detect(zip(true, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office/>")).type())
                .isEqualTo(EvidenceType.ODT);
        assertThat(EvidenceType.PDF.contentType()).isEqualTo("application/pdf");
    }

    @Test
    void whatCouldRunOrIsNoOfficeDocumentIsRefusedWithAReason() throws Exception {
        byte[] page = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        // the name (.pdf) and the declared type play no part: only the bytes
        EvidenceType.Detection html = EvidenceType.detect(page);
        assertThat(html.accepted()).isFalse();
        assertThat(html.refusal()).startsWith("It is a web page (HTML).");
        byte[] svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        assertThat(EvidenceType.detect(svg).refusal()).startsWith("It is an SVG image");
        assertThat(EvidenceType.detect(zip(false, "invoice.exe", "MZ...", "readme.txt", "hello")).refusal()).startsWith("It is a zip archive, not an office document");
        assertThat(EvidenceType.detect(zip(false, "[Content_Types].xml", "<Types/>", "word/document.xml", "<w/>", "word/vbaProject.bin", "x")).refusal())
                .contains("macros");
        assertThat(EvidenceType.detect("MZ\u0090\u0000 this program cannot be run in DOS mode".getBytes(StandardCharsets.ISO_8859_1)).refusal())
                .startsWith("It is a program.");
        assertThat(EvidenceType.detect("#!/bin/sh\nrm -rf ~\n".getBytes(StandardCharsets.US_ASCII)).refusal()).startsWith("It is a script.");
        assertThat(EvidenceType.detect("just some text".getBytes(StandardCharsets.US_ASCII)).refusal()).startsWith("Its content is not of a kind");
        assertThat(EvidenceType.detect(new byte[0]).refusal()).isEqualTo("The file is empty.");
        // a truncated zip: its directory cannot be read, nothing is guessed
        byte[] docx = docx();
        assertThat(EvidenceType.detect(java.util.Arrays.copyOf(docx, docx.length / 2)).accepted()).isFalse();
    }

    @Test
    void aFileOverTheLimitIsRefusedWhateverItIs() {
        FileEvidence.Limits limits = new FileEvidence.Limits(100, 20);
        byte[] big = java.util.Arrays.copyOf(pdf(), 101);
        assertThat(limits.refusal(big)).hasValue("The file is 101 bytes; the limit is 100 bytes.");
        assertThat(limits.refusal(java.util.Arrays.copyOf(pdf(), 100))).isEmpty();
        assertThat(limits.refusal("<html></html>".getBytes(StandardCharsets.US_ASCII))).hasValueSatisfying(r -> assertThat(r).contains("HTML"));
    }

    @Test
    void theShownNameHasNoFoldersNoControlsAndTheExtensionOfItsContent() {
        assertThat(EvidenceNames.display("../../etc/quote.pdf", EvidenceType.PDF)).isEqualTo("quote.pdf");
        assertThat(EvidenceNames.display("C:\\Users\\x\\scan.JPG", EvidenceType.JPEG)).isEqualTo("scan.JPG");
        assertThat(EvidenceNames.display("invoice\u202Efdp.exe", EvidenceType.PDF)).isEqualTo("invoice_fdp.exe.pdf");
        assertThat(EvidenceNames.display("page.html", EvidenceType.PNG)).isEqualTo("page.html.png");
        assertThat(EvidenceNames.display(null, EvidenceType.DOCX)).isEqualTo("evidence.docx");
        assertThat(EvidenceNames.display("a\r\nb.pdf", EvidenceType.PDF)).isEqualTo("a__b.pdf");
        assertThat(EvidenceNames.display("x".repeat(300) + ".pdf", EvidenceType.PDF)).hasSize(EvidenceNames.MAX).endsWith(".pdf");
    }
}
