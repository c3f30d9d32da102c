-- Who submitted a request as its channel authenticated them (verified mail From, Jira reporter,
-- API key owner), as JSON {principal, email, name, how}; null for channels without one (file drop)
-- and for requests stored before this column. Conflict of interest counts it beside the requester.
ALTER TABLE requests ADD COLUMN submitter VARCHAR(2000);
