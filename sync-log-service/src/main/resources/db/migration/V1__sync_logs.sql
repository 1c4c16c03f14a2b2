-- Run log of every sync run: one row per run (id = runId), aggregated from sync.runs and sync.results.
-- Flyway runs this with search_path = synclog, so unqualified names land in that schema.

CREATE TABLE sync_logs (
    id                     uuid        PRIMARY KEY,
    sync_type              text        NOT NULL
        CONSTRAINT sync_logs_sync_type_check
        CHECK (sync_type IN ('automated_daily', 'manual_bulk', 'manual_patient', 'ehr')),
    status                 text        NOT NULL DEFAULT 'running'
        CONSTRAINT sync_logs_status_check
        CHECK (status IN ('running', 'completed', 'partial_success', 'failed', 'timed_out')),
    started_at             timestamptz NOT NULL DEFAULT now(),
    completed_at           timestamptz,
    duration_ms            bigint,
    -- NULL until the run's RunStarted arrives: results may overtake it on their own topic
    patients_expected      integer     CHECK (patients_expected >= 0),
    patients_processed     integer     NOT NULL DEFAULT 0,
    patients_failed        integer     NOT NULL DEFAULT 0,
    appointments_new       integer     NOT NULL DEFAULT 0,
    appointments_updated   integer     NOT NULL DEFAULT 0,
    appointments_unchanged integer     NOT NULL DEFAULT 0,
    appointments_errors    integer     NOT NULL DEFAULT 0,
    ehr_notes_synced       integer     NOT NULL DEFAULT 0,
    ehr_notes_failed       integer     NOT NULL DEFAULT 0,
    triggered_by           text,
    organization_id        uuid,
    business_date          date,
    -- per-patient errors under metadata.errors.<patientId> = {reasonCode, detail, source}
    metadata               jsonb       NOT NULL DEFAULT '{}'::jsonb,
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sync_logs_org_started_idx ON sync_logs (organization_id, started_at DESC);
CREATE INDEX sync_logs_status_idx ON sync_logs (status);

-- One row per (run, patient, source): the natural key that makes a redelivered or re-published result a no-op.
CREATE TABLE sync_run_results (
    run_id                 uuid        NOT NULL,
    patient_id             uuid        NOT NULL,
    source                 text        NOT NULL,
    message_id             uuid,
    organization_id        uuid,
    status                 text        NOT NULL CHECK (status IN ('succeeded', 'failed')),
    reason_code            text,
    detail                 text,
    appointments_new       integer     NOT NULL DEFAULT 0,
    appointments_updated   integer     NOT NULL DEFAULT 0,
    appointments_unchanged integer     NOT NULL DEFAULT 0,
    appointments_errors    integer     NOT NULL DEFAULT 0,
    duration_ms            bigint,
    completed_at           timestamptz,
    received_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, patient_id, source)
);

-- Single definitions shared by the view and the REST queries.
CREATE FUNCTION progress_percent(processed integer, expected integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE
           WHEN expected IS NULL THEN NULL
           WHEN expected = 0 THEN 100
           ELSE LEAST(100, processed * 100 / expected)
       END
$$;

CREATE FUNCTION error_count(metadata jsonb) RETURNS integer
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE
           WHEN jsonb_typeof(metadata -> 'errors') = 'object'
               THEN (SELECT count(*)::integer FROM jsonb_object_keys(metadata -> 'errors'))
           ELSE 0
       END
$$;

CREATE VIEW v_recent_sync_activity AS
SELECT id,
       sync_type,
       status,
       organization_id,
       triggered_by,
       business_date,
       started_at,
       completed_at,
       duration_ms,
       patients_expected,
       patients_processed,
       patients_failed,
       appointments_new,
       appointments_updated,
       appointments_unchanged,
       appointments_errors,
       ehr_notes_synced,
       ehr_notes_failed,
       progress_percent(patients_processed, patients_expected) AS progress_percent,
       error_count(metadata)                                    AS error_count,
       updated_at
FROM sync_logs
WHERE started_at >= now() - interval '7 days';
