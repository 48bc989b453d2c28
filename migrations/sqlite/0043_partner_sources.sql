-- 0043: partner lead sources (issue 20): a source staff set up, its API keys (only the SHA-256 of
-- each key is kept), the Idempotency-Key records of its posts, and the source a lead came from.
CREATE TABLE partner_sources (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  contact TEXT NOT NULL DEFAULT '',
  services TEXT NOT NULL DEFAULT '',      -- service keys, comma-separated; empty = every service
  areas TEXT NOT NULL DEFAULT '',         -- ZIP codes or prefixes, comma-separated; empty = all
  daily_cap INTEGER NOT NULL DEFAULT 0 CHECK (daily_cap >= 0),  -- 0 = no cap
  rate_per_minute INTEGER NOT NULL DEFAULT 60 CHECK (rate_per_minute BETWEEN 1 AND 6000),
  terms TEXT NOT NULL DEFAULT '',         -- the price or commission note
  frame_origins TEXT NOT NULL DEFAULT '', -- origins allowed to frame its form, space-separated
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE TABLE partner_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id INTEGER NOT NULL REFERENCES partner_sources (id),
  key_hash TEXT NOT NULL UNIQUE,          -- SHA-256 hex of the whole key
  hint TEXT NOT NULL,                     -- the key's first characters, to tell keys apart
  scopes TEXT NOT NULL DEFAULT 'leads:create',
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  revoked_at INTEGER,
  revoked_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX partner_keys_source ON partner_keys (source_id, id);
CREATE TABLE partner_idempotency (
  key_id INTEGER NOT NULL REFERENCES partner_keys (id),
  idempotency_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,                -- SHA-256 hex of the request body
  lead_id INTEGER REFERENCES leads (id) ON DELETE SET NULL,
  answer_sealed TEXT NOT NULL DEFAULT '', -- the answer, sealed: it holds the tracking link
  created_at INTEGER NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);
ALTER TABLE leads ADD COLUMN partner_source_id INTEGER REFERENCES partner_sources (id);
ALTER TABLE leads ADD COLUMN consent_page_url TEXT NOT NULL DEFAULT '';
-- The daily cap counts a source's requests since local midnight.
CREATE INDEX leads_partner_created ON leads (partner_source_id, created_at)
  WHERE partner_source_id IS NOT NULL;
-- The Lead sources report's channel query (store/sql/report_activity.hpp) groups partner requests
-- by their source: the covering index gains the column, so the query stays index-only.
DROP INDEX leads_report_channels;
CREATE INDEX leads_report_channels ON leads (source, created_at, utm_source, utm_medium,
  utm_campaign, referrer, status, closed_reason, match_count, claims_count, partner_source_id);
