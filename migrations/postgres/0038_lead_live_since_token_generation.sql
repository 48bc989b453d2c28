-- 0038: two gaps of the operator's console (issue 15).
-- 1. leads.live_since: when the request last went on the market (created_at at intake, the time
--    staff reopened it after). Expiry, late matching, "newest" and the unconfirmed-contact expiry
--    count from it; reports and the console's date filters keep created_at. The backfill runs with
--    the report trigger on updates disabled, since live_since is no report figure and marking
--    every old hour stale would rebuild every stored report day.
-- 2. users.token_generation: ending a user's sessions adds one; an API access token carries the
--    generation it was issued under ("gen"), and the bearer check refuses an older one at once.
ALTER TABLE leads ADD COLUMN live_since BIGINT;
ALTER TABLE leads DISABLE TRIGGER report_stale_leads_update;
UPDATE leads SET live_since = created_at;
ALTER TABLE leads ENABLE TRIGGER report_stale_leads_update;
ALTER TABLE leads ALTER COLUMN live_since SET NOT NULL;
-- The expiry sweep and late matching read open leads by live_since (leads_status_created stays
-- for the console's status filter, which orders by created_at).
CREATE INDEX leads_open_live ON leads (live_since, id) WHERE status = 'open';
DROP INDEX leads_awaiting_verification;
CREATE INDEX leads_awaiting_verification ON leads (live_since) WHERE awaiting_verification;

ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0
  CHECK (token_generation >= 0);
