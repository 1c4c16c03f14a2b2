-- Retention: a note's text is needed only until EHRbase has it. The four sections are cleared a configurable time
-- after the note was stored (or superseded); ids, status, content hash (a re-sent revision is still recognised) and
-- composition uid stay.
ALTER TABLE ehrbase_sync_queue
    ALTER COLUMN subjective DROP NOT NULL,
    ALTER COLUMN objective  DROP NOT NULL,
    ALTER COLUMN assessment DROP NOT NULL,
    ALTER COLUMN plan       DROP NOT NULL,
    ADD COLUMN text_purged_at timestamptz;
CREATE INDEX ehrbase_sync_queue_text_kept ON ehrbase_sync_queue (updated_at)
    WHERE text_purged_at IS NULL AND status IN ('completed', 'superseded');
