-- 0036 (issue 17, items 4-5): which claim the homeowner hired, review invitations (single-use,
-- hashed tokens) and verified reviews with the plumber's one reply and staff hiding.
-- hired_claim_id stays NULL for "someone else"; hired_at is set once, by the hired choice.
ALTER TABLE leads ADD COLUMN hired_claim_id INTEGER REFERENCES claims (id);
ALTER TABLE leads ADD COLUMN hired_at INTEGER;
CREATE INDEX leads_hired ON leads (hired_at) WHERE hired_claim_id IS NOT NULL;

-- One invitation per hire (claim); the token is stored as its SHA-256 only.
CREATE TABLE review_invites (
  claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
  lead_id INTEGER NOT NULL UNIQUE REFERENCES leads (id),
  plumber_id INTEGER NOT NULL REFERENCES plumbers (user_id),
  token_hash TEXT NOT NULL UNIQUE,
  sent_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- One review per hire: UNIQUE claim and lead.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  claim_id INTEGER NOT NULL UNIQUE REFERENCES claims (id),
  lead_id INTEGER NOT NULL UNIQUE REFERENCES leads (id),
  plumber_id INTEGER NOT NULL REFERENCES plumbers (user_id),
  punctuality INTEGER NOT NULL CHECK (punctuality BETWEEN 1 AND 5),
  quality INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
  price INTEGER NOT NULL CHECK (price BETWEEN 1 AND 5),
  body TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  reply TEXT,
  replied_at INTEGER,
  -- Listed reasons only: there is no reason for a review being negative.
  hidden_reason TEXT CHECK (hidden_reason IN ('abuse', 'personal_data', 'not_about_job')),
  hidden_by INTEGER REFERENCES users (id),
  hidden_at INTEGER
);
CREATE INDEX reviews_plumber ON reviews (plumber_id, created_at);
