-- Reconciliation of the state tables with the audit chain (lexhub audit verify). A "row record"
-- event names the row it describes (subject: its key values joined by '/') and carries the
-- SHA-256 of the row's security-relevant columns as stored (digest); both are covered by the
-- event's HMAC. The event type names the table (RecordedTables), so the index finds the latest
-- record of a row, and every record of a table, without a scan of the whole chain.
ALTER TABLE audit_events ADD COLUMN subject VARCHAR(300);
ALTER TABLE audit_events ADD COLUMN digest CHAR(64);
CREATE INDEX ix_audit_subject ON audit_events (event_type, subject, seq);

-- HMAC over the head's last_seq and last_hash, written with them: rewinding the head after
-- deleting the newest events needs the key. NULL until the first append after this migration.
ALTER TABLE audit_head ADD COLUMN head_mac CHAR(64);
