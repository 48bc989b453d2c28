-- 0002: the transactional outbox (every e-mail and SMS) and SMS opt-outs; times are unix ms.
CREATE TABLE outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient TEXT NOT NULL CHECK (length(recipient) > 0),
  template TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  sealed TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL UNIQUE,
  lead_id BIGINT REFERENCES leads (id) ON DELETE CASCADE,
  transactional BOOLEAN NOT NULL DEFAULT TRUE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
  event_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  expires_at BIGINT,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  provider_id TEXT NOT NULL DEFAULT '',
  delivery_status TEXT NOT NULL DEFAULT '',
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- The workers' queue: only rows that can still become due, in due order.
CREATE INDEX outbox_due ON outbox (due_at) WHERE status IN ('pending', 'sending');
-- Listing by status, newest first (plumbline outbox).
CREATE INDEX outbox_status_id ON outbox (status, id);
CREATE INDEX outbox_provider ON outbox (provider_id) WHERE provider_id <> '';
CREATE INDEX outbox_lead ON outbox (lead_id);

CREATE TABLE sms_opt_outs (
  phone_e164 TEXT PRIMARY KEY,
  opted_out BOOLEAN NOT NULL,
  keyword TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);
