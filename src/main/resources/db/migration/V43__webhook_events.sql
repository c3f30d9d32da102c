-- Events to subscribers (docs/events.md) travel as outbox rows of channel 'webhook', one per
-- subscriber (recipient) and event. A row is claimed only when no earlier row to the same
-- subscriber about the same request is unsent: this index answers that question.
CREATE INDEX ix_outbox_in_order ON outbox (channel, recipient, request_ref, status, id);

-- The webhook-id of every signed callback a subscriber sent that was accepted: the same id again
-- is a replay and refused (its timestamp is within the tolerance of five minutes, so rows older
-- than that could go; they are kept as the record of what the systems confirmed).
CREATE TABLE webhook_callbacks (
    subscriber_id VARCHAR(63)  NOT NULL,
    webhook_id    VARCHAR(200) NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_webhook_callbacks PRIMARY KEY (subscriber_id, webhook_id)
);
