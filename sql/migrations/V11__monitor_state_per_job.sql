-- The repository monitor's state is each job's own: two jobs watching one repository (for other
-- queues or events) each see every change. Rows from before belong to no job (''); the first job
-- to poll their repository adopts them, so an upgrade reports nothing twice.
ALTER TABLE monitored_repositories ADD COLUMN job TEXT NOT NULL DEFAULT '';
ALTER TABLE pull_requests ADD COLUMN job TEXT NOT NULL DEFAULT '';
ALTER TABLE monitored_repositories DROP CONSTRAINT monitored_repositories_pkey,
  ADD PRIMARY KEY (job, api_url, repository);
ALTER TABLE pull_requests DROP CONSTRAINT pull_requests_pkey,
  ADD PRIMARY KEY (job, api_url, repository, number);
ALTER TABLE monitored_repositories ALTER COLUMN job DROP DEFAULT;
ALTER TABLE pull_requests ALTER COLUMN job DROP DEFAULT;
