-- When the log service announced a run's end (sync.runs.ended). One bulk run per organization at a time.
ALTER TABLE sync_runs ADD COLUMN ended_at timestamptz;
ALTER TABLE sync_runs ADD COLUMN final_status text;
CREATE UNIQUE INDEX sync_runs_one_open_bulk_per_org ON sync_runs (organization_id)
    WHERE sync_type = 'manual_bulk' AND ended_at IS NULL;
