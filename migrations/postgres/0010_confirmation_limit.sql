-- 0010: the daily limit on confirmations per recipient (issue 12, point 9). A limited message
-- carries its recipient's normalized key (domain::recipient_limit_key; '' for every other message),
-- and a partial index counts one key's messages of a kind since a time without scanning the outbox.
ALTER TABLE outbox ADD COLUMN recipient_key TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_recipient_key ON outbox (recipient_key, kind, created_at) WHERE recipient_key <> '';
