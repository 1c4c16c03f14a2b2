-- Calendar feeds: a case manager subscribes a calendar app to the organization's upcoming appointments with a
-- secret URL. Only the SHA-256 of the URL's secret is stored (the secret is shown once, when the feed is made); a
-- revoked feed answers 404. Calendar apps keep what they fetch, so patients appear by initials unless the
-- organization turns full names on.
ALTER TABLE organizations ADD COLUMN calendar_full_names boolean NOT NULL DEFAULT false;

CREATE TABLE calendar_feeds (
    id               uuid PRIMARY KEY,
    token_hash       bytea       NOT NULL UNIQUE,
    organization_id  uuid        NOT NULL REFERENCES organizations (id),
    owner_subject    text        NOT NULL,
    owner_role       text        NOT NULL,
    label            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    revoked_at       timestamptz,
    last_fetched_at  timestamptz
);
CREATE INDEX calendar_feeds_by_organization ON calendar_feeds (organization_id, owner_subject);
