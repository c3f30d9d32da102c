-- Replay of quarantined inputs (lexhub quarantine replay, POST /api/quarantine/{id}/replay).
-- status: QUARANTINED -> REPLAY_REQUESTED (by the CLI, picked up by a running hub) -> REPLAYING
-- (claimed until replay_claimed_until) -> REPLAYED (with the new reference, final) or
-- REPLAY_FAILED (with the new reason; may be replayed again). One column per statement: portable.
ALTER TABLE quarantine ADD COLUMN status VARCHAR(20) DEFAULT 'QUARANTINED' NOT NULL;
ALTER TABLE quarantine ADD COLUMN replay_claimed_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE quarantine ADD COLUMN replay_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE quarantine ADD COLUMN replayed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE quarantine ADD COLUMN replay_reference VARCHAR(20);
ALTER TABLE quarantine ADD COLUMN replay_outcome VARCHAR(20000);
CREATE INDEX ix_quarantine_status ON quarantine (status);
