-- Jira intake: what the poll has seen of each ticket, and which comment commands it has acted on.
-- The request of a ticket is found by requests(source 'jira', external_id = issue key), whose
-- unique key keeps one request per ticket across restarts and nodes.
CREATE TABLE jira_issues (
    issue_key    VARCHAR(100) PRIMARY KEY,
    -- Jira's own 'updated' value as it sent it; a different value means the ticket was edited
    last_updated VARCHAR(40)  NOT NULL,
    request_ref  VARCHAR(20),
    seen_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per comment command, written before it is acted on: a comment is acted on once only.
CREATE TABLE jira_comments (
    issue_key    VARCHAR(100) NOT NULL,
    comment_id   VARCHAR(40)  NOT NULL,
    author       VARCHAR(200) NOT NULL,
    outcome      VARCHAR(2000),
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (issue_key, comment_id)
);
