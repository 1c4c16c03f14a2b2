-- Appointments mirrored from IntakeQ, the practitioner mapping, and the ledger of processed commands.
CREATE TABLE provider_intakeq_settings (
    intakeq_practitioner_id  text PRIMARY KEY,
    provider_id              uuid        NOT NULL,
    practitioner_email       text,
    active                   boolean     NOT NULL DEFAULT true,
    created_at               timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE appointments (
    id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    intakeq_appointment_id   text        NOT NULL UNIQUE,
    patient_id               uuid        NOT NULL,
    organization_id          uuid        NOT NULL,
    provider_id              uuid,
    intakeq_practitioner_id  text,
    intakeq_client_id        integer,
    status                   text        NOT NULL,
    start_at                 timestamptz NOT NULL,
    end_at                   timestamptz,
    duration_minutes         integer,
    service_name             text,
    location_name            text,
    telehealth_url           text,
    intakeq_last_modified    timestamptz,
    content_hash             text        NOT NULL,
    first_synced_at          timestamptz NOT NULL DEFAULT now(),
    last_synced_at           timestamptz NOT NULL DEFAULT now(),
    last_changed_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appointments_by_patient ON appointments (patient_id, start_at);
CREATE INDEX appointments_by_org ON appointments (organization_id, start_at);

-- One row per command handled: a redelivered command re-publishes the stored result instead of syncing again.
CREATE TABLE processed_commands (
    message_id    uuid PRIMARY KEY,
    run_id        uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    result        jsonb,
    processed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_commands_by_time ON processed_commands (processed_at);
