-- API keys of people and systems: each with the scopes it may use, an owner, a label and an
-- expiry; only the SHA-256 of a key is kept, key_id is its public name (lists, audit events).
-- The approver keys of earlier versions become keys with the scope approver and no expiry.
CREATE TABLE api_keys (
    key_id      VARCHAR(40)  PRIMARY KEY,
    key_hash    CHAR(64)     NOT NULL,
    owner       VARCHAR(100) NOT NULL,
    scopes      VARCHAR(200) NOT NULL,
    label       VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
);
CREATE INDEX ix_api_keys_owner ON api_keys (owner);
INSERT INTO api_keys (key_id, key_hash, owner, scopes, label, created_at, expires_at, revoked_at)
    SELECT 'ak_' || SUBSTRING(key_hash FROM 1 FOR 16), key_hash, approver_id, 'approver', 'approver key', created_at, NULL, revoked_at
    FROM approver_keys;
DROP TABLE approver_keys;
