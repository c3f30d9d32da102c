-- Browser sessions of people (docs/identity.md), in the database so that every node knows them.
-- A row is either a sign-in under way (SIGNING_IN: the browser went to the OpenID provider; its
-- cookie's secret derives the state, nonce and PKCE verifier, none of which is stored) or a session
-- (ACTIVE), until it ENDED (used, signed out, idle or past its absolute limit). Only the SHA-256 of
-- the cookie's secret is kept; session_id is its public name (audit events, logs).
CREATE TABLE sessions (
    session_id    VARCHAR(40)  PRIMARY KEY,
    secret_hash   CHAR(64)     NOT NULL,
    state         VARCHAR(20)  NOT NULL,
    person_id     VARCHAR(100),
    method        VARCHAR(20)  NOT NULL,
    scopes        VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at      TIMESTAMP WITH TIME ZONE,
    ended_reason  VARCHAR(40),
    CONSTRAINT uq_sessions_secret UNIQUE (secret_hash)
);
CREATE INDEX ix_sessions_person ON sessions (person_id, state);
