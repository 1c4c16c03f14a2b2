-- The roster as this service knows it: the newest record of each (patient, organization) on the compacted topic
-- roster.affiliations (ids only; sync-scheduler owns the roster). A signed note is accepted only for an active
-- patient of its organization.
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
