-- Performance (BENCHMARKS.md): the outbox is claimed one channel at a time (status, channel,
-- next_attempt_at: ix_outbox_channel_due). With this second index also matching, H2 kept a plan
-- chosen while the table was empty and walked every pending row of all channels on each poll
-- (the entitlement timer took a tenth of the CPU while mail was held with SMTP off).
DROP INDEX ix_outbox_due;
