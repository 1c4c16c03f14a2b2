-- A client found for a roster patient by its email is told to the roster's owner (roster.client-links) until it
-- has been published once; a new resolution with another outcome or client publishes again.
ALTER TABLE client_links ADD COLUMN published_at timestamptz;
CREATE INDEX client_links_unpublished ON client_links (resolved_at) WHERE outcome = 'linked' AND published_at IS NULL;
