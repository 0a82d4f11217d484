-- A repository monitor job watching owner/*: the owner's repositories as last listed (archived
-- ones left out), with the listing's ETag, so an unchanged listing costs a 304.
CREATE TABLE monitored_owners (
  job          TEXT        NOT NULL,
  api_url      TEXT        NOT NULL,
  owner        TEXT        NOT NULL,
  etag         TEXT,
  repositories TEXT[]      NOT NULL,
  listed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (job, api_url, owner)
);
