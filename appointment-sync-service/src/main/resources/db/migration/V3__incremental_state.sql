-- Per patient: when the whole window was last read (which reconciles deletions) and the newest IntakeQ
-- LastModified seen, from which an incremental read asks updatedSince (minus an overlap, IntakeQ takes dates).
CREATE TABLE patient_sync_state (
    patient_id           uuid PRIMARY KEY,
    last_full_sync_at    timestamptz,
    high_water_modified  timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
