-- The change history: every change of what a case manager sees of an appointment (one row per field), with what
-- brought it (nightly, refresh, webhook) and when; kept 90 days.
CREATE TABLE appointment_changes (
    id                      bigserial PRIMARY KEY,
    intakeq_appointment_id  text        NOT NULL,
    patient_id              uuid        NOT NULL,
    field                   text        NOT NULL,
    before_value            text,
    after_value             text,
    source                  text        NOT NULL,
    run_id                  uuid,
    changed_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appointment_changes_by_appointment ON appointment_changes (intakeq_appointment_id, changed_at);
CREATE INDEX appointment_changes_by_time ON appointment_changes (changed_at);

-- appointments.changed announcements, written in the transaction that changed the appointments (an outbox) and
-- published by the change relay; a published one is kept a day.
CREATE TABLE change_announcements (
    message_id    uuid PRIMARY KEY,
    patient_id    uuid        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX change_announcements_unpublished ON change_announcements (created_at) WHERE published_at IS NULL;

-- the day view: an organization's active patients
CREATE INDEX IF NOT EXISTS roster_affiliations_by_organization ON roster_affiliations (organization_id, status);
