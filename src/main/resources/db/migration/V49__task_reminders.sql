-- Reminders of implementation tasks (docs/tasks.md): remind_at is the task's reminder point, set
-- when it opens (lifecycle.implementationTaskReminderPercent of its business hours); reminded_at is
-- set once by the SLA sweep's conditional update. Tasks opened before this have no reminder point:
-- they are only escalated at their due time.
ALTER TABLE implementation_tasks ADD COLUMN remind_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE implementation_tasks ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;
