-- What each node runs on (docs/operations.md, "Configuration drift"): one row per node, the
-- SHA-256 of each of its three sets (routes/*.camel.yaml, the files of config/ but policy.yaml,
-- the policy in force) and, in files_json, the digest of every file of each set. Written when the
-- node starts and after every reload it applies; seen_at is its heartbeat, so a node that stopped
-- long ago is left out of the comparison on /api/health. Not audit-recorded: the changes
-- themselves are audit events (config.reloaded, config.refused, config.changed, policy.loaded).
CREATE TABLE node_config (
    node_id         VARCHAR(200) PRIMARY KEY,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    routes_sha256   VARCHAR(64) NOT NULL,
    config_sha256   VARCHAR(64) NOT NULL,
    policy_sha256   VARCHAR(64) NOT NULL,
    files_json      VARCHAR(1000000) NOT NULL
);
