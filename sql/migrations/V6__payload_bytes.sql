-- The size of each pending message's payload, so that a claim can stop at a number of bytes as
-- well as a number of messages: a thousand messages of 200 KB would be 200 MB in one consumer's
-- heap. Written by the enqueue statement from the text it receives; rows inserted by other means
-- count as 0 bytes.
ALTER TABLE queue_messages ADD COLUMN payload_bytes INT NOT NULL DEFAULT 0;
UPDATE queue_messages SET payload_bytes = octet_length(payload::text);
