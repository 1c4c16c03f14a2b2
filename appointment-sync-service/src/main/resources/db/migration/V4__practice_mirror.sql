-- The practice-wide mirror: IntakeQ is read once for the whole account (one reader at a time, a lease in
-- mirror_state), only appointments of roster clients are kept, and per-patient commands are answered from it.

-- This service's copy of the roster, kept from the compacted topic roster.affiliations (ids only).
CREATE TABLE roster_affiliations (
    patient_id         uuid        NOT NULL,
    organization_id    uuid        NOT NULL,
    status             text        NOT NULL,
    intakeq_client_id  integer,
    has_email          boolean     NOT NULL DEFAULT false,
    revision           bigint      NOT NULL,
    changed_at         timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, organization_id)
);
CREATE INDEX roster_affiliations_active_clients ON roster_affiliations (intakeq_client_id) WHERE status = 'active';

-- The IntakeQ client of a roster patient that has none in the roster, resolved from the patient's email by a
-- targeted read (the email itself is never stored here): outcome linked (intakeq_client_id set), none (no
-- appointment carries the email), ambiguous, or failed (failure_reason); the newest attempt only.
CREATE TABLE client_links (
    patient_id         uuid PRIMARY KEY,
    intakeq_client_id  integer,
    outcome            text        NOT NULL,
    failure_reason     text,
    failure_detail     text,
    resolved_at        timestamptz NOT NULL DEFAULT now()
);

-- Commands taken off Kafka (the record is acknowledged at once) until they are answered: nothing waits inside a
-- Kafka handler. A row is claimed by pushing due_at forward (a lease); it is deleted once its result is published.
CREATE TABLE pending_commands (
    message_id       uuid PRIMARY KEY,
    run_id           uuid        NOT NULL,
    patient_id       uuid        NOT NULL,
    organization_id  uuid,
    sync_type        text        NOT NULL,
    issued_at        timestamptz NOT NULL,
    -- the mirror (or a targeted read of the patient's client) must hold a read started at or after this
    fresh_from       timestamptz NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    due_at           timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0,
    -- the W3C trace context the command arrived with, so its result continues the trace
    trace_parent     text,
    trace_state      text
);
CREATE INDEX pending_commands_due ON pending_commands (due_at);
CREATE INDEX pending_commands_by_patient ON pending_commands (patient_id);

-- IntakeQ's appointments of roster clients. gone_at: deleted in IntakeQ, or no longer returned by a complete read
-- of its client's window (confirmed by id where a read suddenly returned nothing for the client).
CREATE TABLE intakeq_mirror (
    intakeq_appointment_id   text PRIMARY KEY,
    intakeq_client_id        integer,
    intakeq_practitioner_id  text,
    status                   text,
    start_at                 timestamptz NOT NULL,
    end_at                   timestamptz,
    duration_minutes         integer,
    service_name             text,
    location_name            text,
    telehealth_url           text,
    intakeq_last_modified    timestamptz,
    gone_at                  timestamptz,
    seen_in_read             bigint,
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intakeq_mirror_by_client ON intakeq_mirror (intakeq_client_id, start_at);

-- Which clients the mirror covers, and since which read (covered_at: the start of the newest complete read that
-- included the client): a client added to the roster after the last complete practice read is read once by itself
-- before its patients are answered. A targeted read of the client that failed is recorded for its commands.
CREATE TABLE mirror_clients (
    intakeq_client_id  integer PRIMARY KEY,
    covered_at         timestamptz,
    failure_reason     text,
    failure_detail     text,
    failed_at          timestamptz
);

-- One row per IntakeQ account: the reader's lease and what the mirror holds.
CREATE TABLE mirror_state (
    account                   text PRIMARY KEY,
    read_seq                  bigint      NOT NULL DEFAULT 0,
    reader                    text,
    lease_until               timestamptz,
    reading_kind              text,
    reading_started_at        timestamptz,
    last_read_started_at      timestamptz,
    last_read_completed_at    timestamptz,
    last_read_kind            text,
    last_read_requests        integer,
    last_full_started_at      timestamptz,
    last_full_requests        integer,
    high_water_modified       timestamptz,
    last_failure_reason       text,
    last_failure_detail       text,
    last_failure_started_at   timestamptz,
    updated_at                timestamptz NOT NULL DEFAULT now()
);
INSERT INTO mirror_state (account) VALUES ('default');

-- IntakeQ webhooks, recorded before they are answered (no PHI: the appointment is fetched by id, never taken from
-- the body); a repeated delivery has the same dedupe key and is recorded once.
CREATE TABLE webhook_events (
    id                      bigserial   PRIMARY KEY,
    dedupe_key              text        NOT NULL UNIQUE,
    event_type              text,
    intakeq_appointment_id  text,
    intakeq_client_id       integer,
    received_at             timestamptz NOT NULL DEFAULT now(),
    due_at                  timestamptz NOT NULL DEFAULT now(),
    attempts                integer     NOT NULL DEFAULT 0,
    processed_at            timestamptz,
    outcome                 text
);
CREATE INDEX webhook_events_pending ON webhook_events (due_at) WHERE processed_at IS NULL;
CREATE INDEX webhook_events_processed ON webhook_events (processed_at) WHERE processed_at IS NOT NULL;

-- An appointment belongs to its patient; which organizations see it is the roster's business.
ALTER TABLE appointments ALTER COLUMN organization_id DROP NOT NULL;

-- The patient's last-synced state (commands and webhooks), for the dashboard and for least-recently-synced order.
ALTER TABLE patient_sync_state
    ADD COLUMN last_synced_at  timestamptz,
    ADD COLUMN last_outcome    text,
    ADD COLUMN last_reason     text,
    ADD COLUMN last_source     text;
