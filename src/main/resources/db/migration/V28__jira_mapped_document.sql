-- The hash of what the field mapping read from a ticket when the hub last dealt with it. Jira moves
-- 'updated' for any change, the hub's own comments included: only a different mapped document is
-- an edit that can complete a NEEDS_INFO request.
ALTER TABLE jira_issues ADD COLUMN last_document CHAR(64);
