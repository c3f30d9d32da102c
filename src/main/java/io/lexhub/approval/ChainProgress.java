package io.lexhub.approval;

import java.util.List;

/** What the votes mean for the chain: a denial ends it, a level closes when it has its approvals. */
public final class ChainProgress {

    public enum Outcome { LEVEL_STILL_OPEN, LEVEL_APPROVED, CHAIN_APPROVED, DENIED }

    private ChainProgress() {}

    public static Outcome after(LevelState level, List<Vote> roundVotes, int levelCount) {
        List<Vote> here = roundVotes.stream().filter(v -> v.level() == level.level()).toList();
        if (here.stream().anyMatch(v -> v.kind() == Vote.Kind.DENY)) return Outcome.DENIED;
        long approvals = here.stream().filter(v -> v.kind() == Vote.Kind.APPROVE).count();
        if (approvals < level.required()) return Outcome.LEVEL_STILL_OPEN;
        return level.level() == levelCount ? Outcome.CHAIN_APPROVED : Outcome.LEVEL_APPROVED;
    }
}
