-- Cluster-wide limits per message type (a queue's `limits` in scheduler.yaml). A claim of a
-- limited type locks the type's row here, so that claims of it on all nodes take turns while they
-- count what is claimed; the row also holds the type's token bucket when it has a rate.
CREATE TABLE queue_limits (
  queue text NOT NULL,
  type text NOT NULL,
  tokens double precision NOT NULL DEFAULT 0,
  refilled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (queue, type)
);

-- Counting a limited type's claimed messages.
CREATE INDEX queue_messages_claimed_type_idx ON queue_messages (queue, type) WHERE state = 'claimed';
