-- The clinician's local time of signing: signed_at is the instant (timestamptz, UTC inside PostgreSQL); the offset
-- the note was signed with (+05:30, -07:00…) is kept beside it, in seconds east of UTC, so the composition's
-- context start_time and the note's status show the time the clinician saw. Rows from before: null (= UTC).
ALTER TABLE ehrbase_sync_queue ADD COLUMN signed_at_offset_seconds integer;
