-- The EHR sync queue (one row per signed note revision) and the patient -> EHR id map.
-- ehr-sync-service fills these in its own issue; the schema exists so the service deploys and migrates today.
CREATE TABLE ehrbase_sync_queue (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    note_id          uuid        NOT NULL,
    revision         integer     NOT NULL,
    patient_id       uuid        NOT NULL,
    organization_id  uuid,
    status           text        NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'in_progress', 'completed', 'failed')),
    retry_count      integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    composition_uid  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (note_id, revision)
);
CREATE INDEX ehrbase_sync_queue_due ON ehrbase_sync_queue (status, next_attempt_at);

CREATE TABLE ehr_patients (
    patient_id  uuid PRIMARY KEY,
    ehr_id      uuid        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
