package io.lexhub.pipeline.insight;

import io.lexhub.store.DecisionTally;
import io.lexhub.store.Tx;

/**
 * Folds the decision tally's appended rows into one per week and group (hourly, route
 * decision-tally-compaction), so that the dashboard adds up a few thousand rows for a year
 * whatever was decided since ({@link DecisionTally}).
 */
public final class TallyCompaction {

    private final Tx tx;

    public TallyCompaction(Tx tx) {
        this.tx = tx;
    }

    /** One line for the log: how many rows were folded. */
    public String compact() {
        int rows = tx.read(DecisionTally::compact);
        return rows == 0 ? "decision tally: nothing to fold" : "decision tally: " + rows + " rows folded into one per week and group";
    }
}
