-- The roster is written through the roster API: organizations get a time zone (appointments are shown in it), and
-- every roster row remembers when it last changed.
ALTER TABLE organizations
    ADD COLUMN time_zone  text        NOT NULL DEFAULT 'America/Denver',
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE patients ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE patient_organization_affiliations ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX patients_by_client ON patients (intakeq_client_id) WHERE intakeq_client_id IS NOT NULL;
CREATE INDEX patients_by_email ON patients (lower(btrim(email))) WHERE email IS NOT NULL;
