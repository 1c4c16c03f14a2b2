-- Signed SOAP notes and their way to EHRbase. Nothing wrote ehrbase_sync_queue before this version (V1 was the
-- skeleton), so the new NOT NULL columns need no defaults. Flyway runs this with search_path = ehr.

-- The note itself is PHI: it lives only in this table and in the HTTPS call to EHRbase (never on Kafka, never logged).
ALTER TABLE ehrbase_sync_queue
    ALTER COLUMN organization_id SET NOT NULL,
    ADD COLUMN signed_at        timestamptz NOT NULL,
    ADD COLUMN provider_id      uuid,
    ADD COLUMN provider_name    text        NOT NULL,
    ADD COLUMN subjective       text        NOT NULL,
    ADD COLUMN objective        text        NOT NULL,
    ADD COLUMN assessment       text        NOT NULL,
    ADD COLUMN plan             text        NOT NULL,
    -- sha-256 of the signed content: the same (note, revision) re-sent with other content is a conflict, not a no-op
    ADD COLUMN content_hash     text        NOT NULL,
    -- posting attempts made (retry_count counts the retries scheduled after transient failures)
    ADD COLUMN attempts         integer     NOT NULL DEFAULT 0,
    -- an in_progress row whose lease ran out belongs to a worker that died: the sweep re-emits it
    ADD COLUMN claimed_until    timestamptz,
    -- last time an ehr.notes event was queued for the row (signing or sweep), so the sweep does not repeat itself
    ADD COLUMN emitted_at       timestamptz,
    ADD COLUMN last_http_status integer,
    -- EHRBASE_REJECTED | EHRBASE_UNAUTHORIZED | EHRBASE_UNAVAILABLE for failed rows
    ADD COLUMN failure_reason   text,
    ADD COLUMN ehr_id           uuid,
    ADD COLUMN completed_at     timestamptz,
    -- the EHR run the outcome was reported in (sync.runs / sync.results), and when
    ADD COLUMN run_id           uuid,
    ADD COLUMN reported_at      timestamptz;

-- superseded: a newer revision of the note was signed before this one reached EHRbase; only the newest is posted
ALTER TABLE ehrbase_sync_queue DROP CONSTRAINT ehrbase_sync_queue_status_check;
ALTER TABLE ehrbase_sync_queue ADD CONSTRAINT ehrbase_sync_queue_status_check
    CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'superseded'));

DROP INDEX ehrbase_sync_queue_due;
CREATE INDEX ehrbase_sync_queue_pending ON ehrbase_sync_queue (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ehrbase_sync_queue_leased ON ehrbase_sync_queue (claimed_until) WHERE status = 'in_progress';
CREATE INDEX ehrbase_sync_queue_patient ON ehrbase_sync_queue (patient_id, status);
CREATE INDEX ehrbase_sync_queue_unreported ON ehrbase_sync_queue (updated_at)
    WHERE reported_at IS NULL AND status IN ('completed', 'failed');

-- Transactional outbox: rows written in the same transaction as the state they announce, published to Kafka by
-- the relay and deleted once the broker acknowledged them. Ids only in payloads.
CREATE TABLE outbox (
    id          bigserial   PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
