-- 0033: verified homeowner contact (issue 17 item 1). The lead keeps when its phone (SMS code) or
-- e-mail address (single-use link, when SMS is not configured) was confirmed, and whether it waits
-- for that confirmation before it is matched (the `required` policy). Codes are stored as keyed
-- hashes; the recipient only as a SHA-256 (for the per-number limit), so nothing here outlives the
-- lead's anonymisation.
ALTER TABLE leads ADD COLUMN phone_verified_at BIGINT;
ALTER TABLE leads ADD COLUMN email_verified_at BIGINT;
ALTER TABLE leads ADD COLUMN awaiting_verification BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX leads_awaiting_verification ON leads (created_at) WHERE awaiting_verification;

CREATE TABLE lead_verification_codes (
  id BIGSERIAL PRIMARY KEY,
  lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient_hash TEXT NOT NULL CHECK (length(recipient_hash) = 64),
  code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  used_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX lead_verification_codes_lead ON lead_verification_codes (lead_id, created_at);
CREATE INDEX lead_verification_codes_recipient
  ON lead_verification_codes (recipient_hash, created_at);
