package io.lexhub.pipeline.approval;

import io.lexhub.approval.LevelState;
import java.util.List;

/** The level a decision is about: the request's current round, its levels and the one open. */
record LevelUnderDecision(int round, List<LevelState> levels, LevelState open) {

    int level() {
        return open.level();
    }
}
