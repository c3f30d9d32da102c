-- The exact policy text an assessment and a decision were made under (policy_versions.sha256, V40).
-- Rows written before this migration keep null: only their version label (policy_version) is known.
ALTER TABLE requests ADD COLUMN policy_sha256 CHAR(64);
ALTER TABLE decisions ADD COLUMN policy_sha256 CHAR(64);
