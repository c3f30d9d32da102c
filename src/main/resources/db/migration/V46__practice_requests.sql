-- Practice (training) requests, docs/practice-and-patterns.md: stored, assessed and decided like
-- others but never granted, never told to the customer and counted in no figure. The flag is
-- fixed at intake; every figure, precedent, overlap and portal list filters on it.
ALTER TABLE requests ADD COLUMN practice BOOLEAN DEFAULT FALSE NOT NULL;

-- The policy owner's pattern mail (pipeline/patterns): one row per day of the policy's cadence,
-- so a timer that fires twice, or on two nodes, sends it once (architecture rule 4).
CREATE TABLE policy_pattern_mails (
    due_on       DATE NOT NULL PRIMARY KEY,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
