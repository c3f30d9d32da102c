package io.lexhub.api;

import io.lexhub.intake.RawSubmission;
import io.lexhub.notify.Messages;
import io.lexhub.pipeline.evidence.EvidenceNames;
import io.lexhub.pipeline.evidence.FileEvidence;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.activation.FileDataSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;

/**
 * The files of the portal's ask form as platform-http delivers them (docs/portal.md): Vert.x's body
 * handler writes each upload to a temporary file and Camel adds it as an attachment under the form
 * field's name (a second file under the same name replaces the first, so the form has one field per
 * file, file-1 ... file-n, and the upload count Camel reports must match). Each file is held to the
 * evidence limits by its content (type by its first bytes, size), the count to
 * lexhub.portal.upload.max-files; every temporary file is deleted here, whatever the outcome.
 */
public final class EvidenceUploads {

    /** The files read (in field order), or the first problem (then no file is kept). */
    public record Received(List<RawSubmission.Evidence> files, String problem) {}

    private final FileEvidence.Limits limits;
    private final int maxFiles;

    public EvidenceUploads(FileEvidence.Limits limits, int maxFiles) {
        this.limits = limits;
        this.maxFiles = maxFiles;
    }

    public int maxFiles() {
        return maxFiles;
    }

    public long maxBytes() {
        return limits.maxBytes();
    }

    public Received read(Exchange exchange, Messages.Text m) {
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        Map<String, DataHandler> attached = message.hasAttachments() ? new TreeMap<>(message.getAttachments()) : Map.of();
        Integer uploaded = exchange.getMessage().getHeader("CamelAttachmentsSize", Integer.class);
        try {
            List<RawSubmission.Evidence> files = new ArrayList<>();
            // a browser sends an empty part for a file field left empty
            List<Map.Entry<String, DataHandler>> chosen = attached.entrySet().stream().filter(e -> size(e.getValue()) > 0).toList();
            if (chosen.size() > maxFiles || (uploaded != null && uploaded > maxFiles) || (uploaded != null && uploaded > attached.size())) {
                return new Received(List.of(), m.t("ask.files.tooMany", maxFiles));
            }
            for (Map.Entry<String, DataHandler> e : chosen) {
                if (!e.getKey().matches("file-[1-9]\\d?")) return new Received(List.of(), m.t("ask.files.tooMany", maxFiles));
                String name = e.getValue().getName();
                if (size(e.getValue()) > limits.maxBytes()) {
                    return new Received(List.of(), m.t("ask.files.tooLarge", EvidenceNames.clean(name), limits.maxBytes() / (1024 * 1024)));
                }
                byte[] bytes;
                try (InputStream in = e.getValue().getInputStream()) {
                    bytes = in.readNBytes((int) limits.maxBytes() + 1);
                }
                var refused = limits.refusal(bytes);
                if (refused.isPresent()) return new Received(List.of(), m.t("ask.files.refused", EvidenceNames.clean(name), refused.get()));
                files.add(new RawSubmission.Evidence(name, bytes));
            }
            return new Received(files, null);
        } catch (IOException e) {
            return new Received(List.of(), m.t("ask.files.unreadable"));
        } finally {
            attached.values().forEach(EvidenceUploads::delete);
            if (message.hasAttachments()) List.copyOf(message.getAttachmentNames()).forEach(message::removeAttachment);
        }
    }

    private static long size(DataHandler h) {
        File f = file(h.getDataSource());
        return f == null ? -1 : f.length();
    }

    private static File file(DataSource source) {
        if (source instanceof FileDataSource f) return f.getFile();
        return null;
    }

    private static void delete(DataHandler h) {
        File f = file(h.getDataSource());
        if (f == null) return;
        try {
            Files.deleteIfExists(f.toPath());
        } catch (IOException e) {
            // Vert.x deletes its uploads when the response ends as well (deleteUploadedFilesOnEnd)
            f.deleteOnExit();
        }
    }
}
