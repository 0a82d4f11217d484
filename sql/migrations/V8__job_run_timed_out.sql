-- A job run that went past its job's timeout (jobs.yaml) and was interrupted.
ALTER TABLE job_runs DROP CONSTRAINT job_runs_outcome_check;
ALTER TABLE job_runs ADD CONSTRAINT job_runs_outcome_check
  CHECK (outcome IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'MISFIRED'));
