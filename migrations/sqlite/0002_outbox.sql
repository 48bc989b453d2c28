-- 0002: the transactional outbox (every e-mail and SMS) and SMS opt-outs.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
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
  updated_at INTEGER NOT NULL
);
CREATE INDEX outbox_status_due ON outbox (status, due_at);
CREATE INDEX outbox_provider ON outbox (provider_id) WHERE provider_id <> '';
CREATE INDEX outbox_lead ON outbox (lead_id);

CREATE TABLE sms_opt_outs (
  phone_e164 TEXT PRIMARY KEY,
  opted_out INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
  keyword TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
