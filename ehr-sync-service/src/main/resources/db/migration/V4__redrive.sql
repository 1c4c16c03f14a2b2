-- Failed notes go back to EHRbase: by ops (one note, or every failed note of a reason code and time range) and by
-- themselves once EHRbase answers correctly again after an outage or a credentials fault. A re-driven note is
-- pending again with a fresh retry budget; how often and when it was re-driven stays on the row.
ALTER TABLE ehrbase_sync_queue
    ADD COLUMN redrive_count  integer NOT NULL DEFAULT 0,
    ADD COLUMN redriven_at    timestamptz;
CREATE INDEX ehrbase_sync_queue_failed ON ehrbase_sync_queue (failure_reason, updated_at) WHERE status = 'failed';
