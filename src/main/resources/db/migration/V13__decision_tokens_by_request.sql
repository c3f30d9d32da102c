-- Decision links are looked up by their request (in every link's URL) and the token's hash. The
-- primary key on the random hash alone put each new token on a random index page, and H2
-- rewrites every page a transaction touched at its commit: a request's tokens cost as many page
-- writes as it had tokens. Keyed by request first, new tokens land together at the end.
CREATE TABLE decision_tokens_by_request (
    request_ref VARCHAR(20)  NOT NULL,
    token_hash  CHAR(64)     NOT NULL,
    round       INTEGER      NOT NULL,
    level_no    INTEGER      NOT NULL,
    approver_id VARCHAR(100) NOT NULL,
    action      VARCHAR(10)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_decision_tokens PRIMARY KEY (request_ref, token_hash)
);
INSERT INTO decision_tokens_by_request (request_ref, token_hash, round, level_no, approver_id, action, created_at, expires_at, used_at)
    SELECT request_ref, token_hash, round, level_no, approver_id, action, created_at, expires_at, used_at FROM decision_tokens;
DROP TABLE decision_tokens;
ALTER TABLE decision_tokens_by_request RENAME TO decision_tokens;
