-- 0044: outbound webhooks (issue 20 item 3). An endpoint belongs to a plumber (their own events) or
-- to the platform (owner_id NULL, registered by staff); its signing secret is sealed, and after a
-- rotation the previous one stays valid (and signs too) until previous_until. Each delivery attempt
-- is logged with the receiver's status code and response time. Deliveries go through the outbox on
-- a new channel, 'webhook': SQLite cannot change a CHECK in place, so the outbox is rebuilt with
-- the same columns and indexes.
CREATE TABLE webhook_endpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
  url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  events TEXT NOT NULL CHECK (length(events) > 0),
  description TEXT NOT NULL DEFAULT '',
  secret_sealed TEXT NOT NULL,
  previous_secret_sealed TEXT NOT NULL DEFAULT '',
  previous_until INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, id);

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL,
  event TEXT NOT NULL,
  event_id TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  status_code INTEGER NOT NULL DEFAULT 0,
  response_ms INTEGER NOT NULL DEFAULT 0 CHECK (response_ms >= 0),
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TABLE outbox_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  recipient TEXT NOT NULL CHECK (length(recipient) > 0),
  template TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  sealed TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL UNIQUE,
  lead_id INTEGER REFERENCES leads (id) ON DELETE CASCADE,
  transactional INTEGER NOT NULL DEFAULT 1 CHECK (transactional IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
  event_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  expires_at INTEGER,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  provider_id TEXT NOT NULL DEFAULT '',
  delivery_status TEXT NOT NULL DEFAULT '',
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  recipient_key TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_rebuilt (id, kind, channel, recipient, template, data, sealed, idempotency_key,
  lead_id, transactional, status, attempts, max_attempts, event_at, due_at, expires_at,
  lease_owner, lease_until, last_error, provider_id, delivery_status, sent_at, created_at,
  updated_at, recipient_key)
SELECT id, kind, channel, recipient, template, data, sealed, idempotency_key, lead_id,
  transactional, status, attempts, max_attempts, event_at, due_at, expires_at, lease_owner,
  lease_until, last_error, provider_id, delivery_status, sent_at, created_at, updated_at,
  recipient_key FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_status_due ON outbox (status, due_at);
CREATE INDEX outbox_provider ON outbox (provider_id) WHERE provider_id <> '';
CREATE INDEX outbox_lead ON outbox (lead_id);
CREATE INDEX outbox_recipient_key ON outbox (recipient_key, kind, created_at) WHERE recipient_key <> '';
CREATE INDEX outbox_recipient ON outbox (recipient, id);
