package io.lexhub.model;

import java.util.List;

/** The track and, for each fast-track criterion, whether the request met it. */
public record TriageResult(Track track, List<String> reasons) {
    public TriageResult {
        reasons = List.copyOf(reasons);
    }
}
