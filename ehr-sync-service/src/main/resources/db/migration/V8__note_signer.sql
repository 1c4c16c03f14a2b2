-- Who signed each revision (the token's subject), so a clinician can see their own notes and each one's EHR state.
-- Revisions taken before this column existed have none and are not listed as anyone's.
ALTER TABLE ehrbase_sync_queue ADD COLUMN signed_by text;
CREATE INDEX ehrbase_sync_queue_signed_by ON ehrbase_sync_queue (signed_by, created_at DESC) WHERE signed_by IS NOT NULL;
