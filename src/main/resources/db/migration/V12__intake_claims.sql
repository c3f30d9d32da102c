-- Claims on inputs that several nodes see at once: a file in a shared drop folder, a message in
-- a shared mailbox. The node that inserts the row reads the input; it renews the claim while it
-- works and deletes it when done. A node that dies leaves its claims to expire (claimed_until),
-- after which another node takes the input over with a conditional update.
CREATE TABLE intake_claims (
    scope         VARCHAR(20)  NOT NULL,
    -- the file's path or the message's Message-ID; a longer one is stored as its SHA-256
    claim_key     VARCHAR(300) NOT NULL,
    holder        VARCHAR(200) NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_intake_claims PRIMARY KEY (scope, claim_key)
);
