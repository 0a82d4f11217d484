-- Which jobs.yaml the cluster's schedule was last made from: a node whose own file differs
-- reports conf drift.
CREATE TABLE conf_versions (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  content_hash TEXT        NOT NULL,  -- SHA-256 of the file's text
  applied_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  node         TEXT        NOT NULL   -- the node that applied it
);
