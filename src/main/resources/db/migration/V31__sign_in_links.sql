-- Sign-in without an identity provider (docs/identity.md, "The embedded default"): single-use
-- sign-in links, mailed to a person's address in approvers.yaml or printed at the console
-- (`lexhub sign-in-link <person>`). A mailed link is REQUESTED until the outbox sends its mail: only
-- then is its token minted (ISSUED) and only the token's SHA-256 kept in token_hash; the outbox row
-- holds a placeholder. binding_hash is the SHA-256 of the secret of the cookie set in the browser
-- that asked (for a console link: in the browser that opened it first). USED at the first complete
-- sign-in (a conditional UPDATE), with the session it opened; VOID when it can no longer be used.
CREATE TABLE sign_in_links (
    link_id       VARCHAR(40)  PRIMARY KEY,
    person_id     VARCHAR(100) NOT NULL,
    via           VARCHAR(10)  NOT NULL,
    state         VARCHAR(20)  NOT NULL,
    token_hash    CHAR(64),
    binding_hash  CHAR(64),
    requested_from VARCHAR(100),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE,
    session_id    VARCHAR(40),
    CONSTRAINT uq_sign_in_links_token UNIQUE (token_hash)
);
CREATE INDEX ix_sign_in_links_person ON sign_in_links (person_id, state);
