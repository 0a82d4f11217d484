-- The job-run history: one row per execution of a scheduled job (inserted RUNNING when it starts,
-- completed when it ends) and one per misfire. The node that ran or skipped it writes the row.
CREATE TABLE job_runs (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_name     TEXT        NOT NULL,
  trigger_name TEXT,
  fire_id      TEXT,                 -- Quartz's fire instance id
  node_id      TEXT        NOT NULL,  -- Quartz's scheduler instance id of the node
  scheduled_at TIMESTAMPTZ,          -- the slot the trigger was due for
  started_at   TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ,
  outcome      TEXT        NOT NULL
    CHECK (outcome IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'MISFIRED')),
  recovering   BOOLEAN     NOT NULL DEFAULT FALSE, -- re-run of a job whose node died mid-run
  error        TEXT,
  result       TEXT                  -- what the job reported, e.g. rows deleted
);

CREATE INDEX job_runs_job_started_idx ON job_runs (job_name, started_at DESC);
-- Retention deletes the oldest rows first.
CREATE INDEX job_runs_started_idx ON job_runs (started_at);
