-- Roster owned by sync-scheduler: organizations (recovery centers), patients and their affiliations,
-- plus the runs this service started (the fan-out ledger).
CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patients (
    id                 uuid PRIMARY KEY,
    first_name         text,
    last_name          text,
    email              text,
    intakeq_client_id  integer,
    created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patient_organization_affiliations (
    patient_id       uuid NOT NULL REFERENCES patients (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    status           text NOT NULL CHECK (status IN ('active', 'inactive', 'discharged')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, organization_id)
);
CREATE INDEX affiliations_by_org ON patient_organization_affiliations (organization_id, status);

CREATE TABLE sync_runs (
    id                   uuid PRIMARY KEY,
    organization_id      uuid REFERENCES organizations (id),
    sync_type            text        NOT NULL CHECK (sync_type IN ('automated_daily', 'manual_bulk', 'manual_patient', 'ehr')),
    business_date        date,
    patient_id           uuid,
    triggered_by         text        NOT NULL,
    expected_patients    integer,
    created_at           timestamptz NOT NULL DEFAULT now(),
    fanout_completed_at  timestamptz
);
-- A nightly run happens once per organization and local business date, whichever replica or trigger fires first.
CREATE UNIQUE INDEX sync_runs_nightly_once ON sync_runs (organization_id, business_date)
    WHERE sync_type = 'automated_daily';
CREATE INDEX sync_runs_unfinished_fanout ON sync_runs (created_at) WHERE fanout_completed_at IS NULL;
