-- The repository monitor's memory: per watched repository where the last poll stopped, and per
-- pull request what was last seen, so that each change is told once.
CREATE TABLE monitored_repositories (
  api_url       TEXT        NOT NULL,
  repository    TEXT        NOT NULL,   -- owner/name
  cursor_at     TIMESTAMPTZ,            -- updated_at of the newest pull request fully processed
  etag          TEXT,                   -- of the first page, for If-None-Match
  blocked_until TIMESTAMPTZ,            -- rate limit: no request before this
  last_polled_at TIMESTAMPTZ,
  last_error    TEXT,
  PRIMARY KEY (api_url, repository)
);

CREATE TABLE pull_requests (
  api_url      TEXT        NOT NULL,
  repository   TEXT        NOT NULL,
  number       INT         NOT NULL,
  title        TEXT        NOT NULL,
  author       TEXT,
  url          TEXT,
  state        TEXT        NOT NULL,    -- open | closed
  merged       BOOLEAN     NOT NULL,
  head_sha     TEXT,
  updated_at   TIMESTAMPTZ NOT NULL,
  closed_at    TIMESTAMPTZ,
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (api_url, repository, number)
);
-- Retention prunes pull requests closed long ago.
CREATE INDEX pull_requests_closed_idx ON pull_requests (closed_at) WHERE state = 'closed';
