-- 0012: privacy (issue 12): plumber account closure and its anonymisation after 30 days, homeowner
-- deletion and retention of leads, and the claimants' copy of the contact details they bought.
ALTER TABLE users ADD COLUMN closed_at INTEGER;
ALTER TABLE users ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN closed_by INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN anonymised_at INTEGER;
CREATE INDEX users_closed_pending ON users (closed_at) WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;

ALTER TABLE leads ADD COLUMN anonymised_at INTEGER;
CREATE INDEX leads_retention ON leads (updated_at)
  WHERE status IN ('closed', 'expired') AND anonymised_at IS NULL;

-- What a claimant bought, copied from the lead just before its contact details are overwritten.
CREATE TABLE claim_contacts (
  claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
  name TEXT NOT NULL,
  phone_e164 TEXT NOT NULL,
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  copied_at INTEGER NOT NULL
);
