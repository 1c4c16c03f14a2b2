-- A run's end is announced on sync.runs.ended after its ending transaction commits. When that send fails (a broker
-- blip, a crash at that moment) the end is announced again until the broker has it: end_announced_at records it.
ALTER TABLE sync_logs ADD COLUMN end_announced_at timestamptz;
UPDATE sync_logs SET end_announced_at = coalesce(completed_at, now()) WHERE status <> 'running';
CREATE INDEX sync_logs_end_unannounced ON sync_logs (completed_at) WHERE status <> 'running' AND end_announced_at IS NULL;
