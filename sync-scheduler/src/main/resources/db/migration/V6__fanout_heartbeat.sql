-- While a process fans a run out it refreshes fanout_heartbeat_at every few seconds; a run not fanned out whose
-- heartbeat is stale was left by a crash and is resumed by whichever replica claims it first. New rows start at their
-- insert (the default); rows recorded before this column stay null and count from created_at.
ALTER TABLE sync_runs ADD COLUMN fanout_heartbeat_at timestamptz;
ALTER TABLE sync_runs ALTER COLUMN fanout_heartbeat_at SET DEFAULT now();
DROP INDEX sync_runs_unfinished_fanout;
CREATE INDEX sync_runs_unfinished_fanout ON sync_runs ((coalesce(fanout_heartbeat_at, created_at)))
    WHERE fanout_completed_at IS NULL;
