package io.lexhub.pipeline.intake;

import java.util.List;

/** An input that cannot become a request at all; it has been quarantined under {@code quarantineId}. */
public class UnreadableInputException extends RuntimeException {

    private final List<String> problems;
    private final long quarantineId;

    public UnreadableInputException(List<String> problems, long quarantineId) {
        super("unreadable input (quarantine #" + quarantineId + "): " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.quarantineId = quarantineId;
    }

    public List<String> problems() {
        return problems;
    }

    public long quarantineId() {
        return quarantineId;
    }

    /** The text of the reason file written beside a failed drop. */
    public String reasonText() {
        StringBuilder s = new StringBuilder("This file could not be read as a license exception request (quarantine #")
                .append(quarantineId).append("):\n");
        for (String p : problems) s.append("  - ").append(p).append('\n');
        return s.append("\nFix the file and drop it again; the request format is config/schema/request.schema.json.\n").toString();
    }
}
