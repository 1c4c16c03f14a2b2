-- One IntakeQ request budget for every replica. Each request reserves the next free slot (slots are
-- 60 s / requests-per-minute apart), the day's count is capped, and a 429 pauses everyone until paused_until.
CREATE TABLE intakeq_quota (
    account       text PRIMARY KEY,
    next_slot_at  timestamptz NOT NULL DEFAULT now(),
    paused_until  timestamptz,
    day           date        NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
    day_count     integer     NOT NULL DEFAULT 0,
    rate_limited  bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO intakeq_quota (account) VALUES ('default');
