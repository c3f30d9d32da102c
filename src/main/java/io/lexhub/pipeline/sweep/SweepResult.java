package io.lexhub.pipeline.sweep;

import java.util.Map;

/** What one sweep run did, for its log line. */
public record SweepResult(String sweep, Map<String, Integer> counts) {
    public String summaryLine() {
        return sweep + " " + counts;
    }
}
