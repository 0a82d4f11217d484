-- Instant pickup: every statement that inserts messages sends one notification per queue it
-- filled, so idle consumers on every node claim at once instead of at their next poll. A
-- statement that inserts only delayed messages sends ':delayed' instead, for the nodes' promotion
-- loops to plan their next wake-up. Notifications go out at commit (none on rollback), and
-- PostgreSQL folds identical ones of a transaction into one. Polling stays the fallback, so a
-- listener that is away loses nothing but time.
CREATE FUNCTION queue_messages_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  filled RECORD;
BEGIN
  FOR filled IN
    SELECT DISTINCT CASE WHEN state = 'delayed' THEN ':delayed' ELSE queue END AS payload
    FROM inserted
  LOOP
    PERFORM pg_notify('queue_messages', filled.payload);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER queue_messages_notify
  AFTER INSERT ON queue_messages
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION queue_messages_notify();
