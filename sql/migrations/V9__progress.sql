-- Progress of long work, as its handler or job last reported it (at most once a second): a fraction
-- from 0 to 1, the step at hand, and when. For a claimed message it is also a heartbeat that
-- renewed its lease; for a run it stays with the run's history.
ALTER TABLE queue_messages
  ADD COLUMN progress      REAL,
  ADD COLUMN progress_step TEXT,
  ADD COLUMN progress_at   TIMESTAMPTZ;
ALTER TABLE job_runs
  ADD COLUMN progress      REAL,
  ADD COLUMN progress_step TEXT,
  ADD COLUMN progress_at   TIMESTAMPTZ;
