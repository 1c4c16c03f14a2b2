-- The patients a run published commands for (when the run listed them), so a run that times out can name
-- who never reported.
CREATE TABLE sync_run_expected (
    run_id      uuid NOT NULL,
    patient_id  uuid NOT NULL,
    PRIMARY KEY (run_id, patient_id)
);
CREATE INDEX sync_logs_running ON sync_logs (started_at) WHERE status = 'running';
