-- The policy page lists the newest policy reloads (policy.loaded events): read by type, newest
-- first, without walking the whole trail.
CREATE INDEX ix_audit_type ON audit_events (event_type, seq);
