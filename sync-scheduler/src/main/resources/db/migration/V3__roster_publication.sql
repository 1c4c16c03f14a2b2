-- What was last published on roster.affiliations for each (patient, organization). The roster feed sends every
-- affiliation whose current state differs from this, so a roster edit made by any means (the API or SQL) reaches
-- the other services; revisions only ever grow, so consumers keep the newest state of each key.
CREATE SEQUENCE roster_revision;
CREATE TABLE roster_published (
    patient_id         uuid    NOT NULL,
    organization_id    uuid    NOT NULL,
    status             text    NOT NULL,
    intakeq_client_id  integer,
    has_email          boolean NOT NULL,
    revision           bigint  NOT NULL,
    published_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, organization_id)
);
