-- The message queue. Live messages (ready, delayed, claimed) stay in queue_messages; an ack moves a
-- message's metadata to queue_history, a dead letter moves the whole message to queue_dead. So the
-- hot table only holds pending work, and the tables that grow are append-only and pruned by time.
CREATE TABLE queue_messages (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue        TEXT        NOT NULL,
  type         TEXT        NOT NULL,
  payload      JSONB       NOT NULL,
  priority     INT         NOT NULL DEFAULT 0,   -- higher first
  state        TEXT        NOT NULL CHECK (state IN ('ready', 'delayed', 'claimed')),
  run_at       TIMESTAMPTZ NOT NULL DEFAULT now(), -- not before; for delayed messages and retries
  dedupe_key   TEXT,
  attempts     INT         NOT NULL DEFAULT 0,   -- claims so far
  max_attempts INT,                              -- overrides the queue's when set
  lease_token  UUID,                             -- the current claim; acks must present it
  lease_until  TIMESTAMPTZ,                      -- on the database clock
  last_error   TEXT,
  enqueued_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The claim: the first N ready messages of a queue by priority, then age. Only ready rows are in
-- this index, so its cost does not grow with delayed or claimed messages.
CREATE INDEX queue_messages_ready_idx
  ON queue_messages (queue, priority DESC, run_at, id) WHERE state = 'ready';
-- Promotion of delayed messages whose time has come.
CREATE INDEX queue_messages_delayed_idx ON queue_messages (run_at) WHERE state = 'delayed';
-- Recovery of claims whose lease expired (a dead or stuck node).
CREATE INDEX queue_messages_claimed_idx ON queue_messages (lease_until) WHERE state = 'claimed';
-- At most one pending message per dedupe key and queue.
CREATE UNIQUE INDEX queue_messages_dedupe_idx
  ON queue_messages (queue, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Acked messages, without their payload, for auditing and throughput figures.
CREATE TABLE queue_history (
  id          BIGINT      NOT NULL,
  queue       TEXT        NOT NULL,
  type        TEXT        NOT NULL,
  attempts    INT         NOT NULL,
  enqueued_at TIMESTAMPTZ NOT NULL,
  acked_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX queue_history_acked_idx ON queue_history (acked_at);

-- Messages that failed their last attempt, or had no handler: kept until replayed or pruned.
CREATE TABLE queue_dead (
  id          BIGINT      PRIMARY KEY,
  queue       TEXT        NOT NULL,
  type        TEXT        NOT NULL,
  payload     JSONB       NOT NULL,
  priority    INT         NOT NULL,
  dedupe_key  TEXT,
  attempts    INT         NOT NULL,
  max_attempts INT,
  last_error  TEXT,
  enqueued_at TIMESTAMPTZ NOT NULL,
  dead_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX queue_dead_queue_idx ON queue_dead (queue, dead_at DESC);
CREATE INDEX queue_dead_at_idx ON queue_dead (dead_at);

