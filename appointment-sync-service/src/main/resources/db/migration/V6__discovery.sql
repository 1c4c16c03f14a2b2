-- Discovery: IntakeQ clients that the practice reads see with appointments in the window but that are on no active
-- roster, so that ops can add them to an organization. Kept per client: its IntakeQ id, name and email as IntakeQ
-- shows them (served to ops only, never on Kafka or in logs), and its appointments' ids and start times (to count
-- them). A client leaves this table when it joins a roster, and when no read has seen it for 30 days.
CREATE TABLE discovered_clients (
    intakeq_client_id  integer PRIMARY KEY,
    client_name        text,
    client_email       text,
    first_seen_at      timestamptz NOT NULL DEFAULT now(),
    seen_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE discovered_appointments (
    intakeq_appointment_id  text PRIMARY KEY,
    intakeq_client_id       integer     NOT NULL,
    start_at                timestamptz NOT NULL,
    seen_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX discovered_appointments_by_client ON discovered_appointments (intakeq_client_id, start_at);
