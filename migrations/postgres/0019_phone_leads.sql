-- 0019: requests taken by staff on the phone: source 'phone' and who created the request.
ALTER TABLE leads DROP CONSTRAINT leads_source_check;
ALTER TABLE leads ADD CONSTRAINT leads_source_check
  CHECK (source IN ('web', 'api', 'admin', 'phone'));
-- The staff member who took the request by phone (NULL for the homeowner's own requests). For such
-- a request consent_ip is the staff member's address and consent_user_agent "phone: read by <their
-- e-mail>", and consent_text the wording they read out.
ALTER TABLE leads ADD COLUMN created_by BIGINT REFERENCES users (id);
