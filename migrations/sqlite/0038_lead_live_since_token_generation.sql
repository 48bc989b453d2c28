-- 0038: two gaps of the operator's console (issue 15).
-- 1. leads.live_since: when the request last went on the market (created_at at intake, the time
--    staff reopened it after). Expiry, late matching, "newest" and the unconfirmed-contact expiry
--    count from it; reports and the console's date filters keep created_at. The backfill runs with
--    the report trigger on updates dropped (and put back as 0030 wrote it), since live_since is no
--    report figure and marking every old hour stale would rebuild every stored report day.
-- 2. users.token_generation: ending a user's sessions adds one; an API access token carries the
--    generation it was issued under ("gen"), and the bearer check refuses an older one at once.
ALTER TABLE leads ADD COLUMN live_since INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER report_stale_leads_update;
UPDATE leads SET live_since = created_at;
CREATE TRIGGER report_stale_leads_update AFTER UPDATE ON leads
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
-- The expiry sweep and late matching read open leads by live_since (leads_status_created stays
-- for the console's status filter, which orders by created_at).
CREATE INDEX leads_open_live ON leads (live_since, id) WHERE status = 'open';
DROP INDEX leads_awaiting_verification;
CREATE INDEX leads_awaiting_verification ON leads (live_since) WHERE awaiting_verification = 1;

ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0
  CHECK (token_generation >= 0);
