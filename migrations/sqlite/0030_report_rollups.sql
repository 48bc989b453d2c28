-- Daily rollups of the reports' additive figures (decision 0011): per local day, the rows each
-- rolled statement returns for that day, kept by the worker for days that ended more than two hours
-- ago. A write that touches a row older than an hour (an expiry, a refund, a dispute, a late
-- webhook) marks its hour stale in the same transaction; readers take raw rows for a day with a
-- stale hour, and the worker drops and rebuilds it. So a report never mixes a rollup with rows
-- written after it was built.
CREATE TABLE report_stale_hours (
  hour INTEGER PRIMARY KEY,        -- created_at / 3,600,000 of a changed row
  version BIGINT NOT NULL          -- bumped by every mark: the worker clears only what it read
);

CREATE TABLE report_rollup_days (
  day_from INTEGER PRIMARY KEY,    -- a local day [day_from, day_to) in the operator's zone
  day_to BIGINT NOT NULL,
  version INTEGER NOT NULL,        -- the rolled statements' shape (domain::rollup_version)
  built_at BIGINT NOT NULL
);

CREATE TABLE report_rollup_rows (
  statement TEXT NOT NULL,
  day_from BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  t0 TEXT NOT NULL, t1 TEXT NOT NULL, t2 TEXT NOT NULL, t3 TEXT NOT NULL, t4 TEXT NOT NULL,
  t5 TEXT NOT NULL,
  i0 BIGINT NOT NULL, i1 BIGINT NOT NULL, i2 BIGINT NOT NULL, i3 BIGINT NOT NULL,
  i4 BIGINT NOT NULL, i5 BIGINT NOT NULL, i6 BIGINT NOT NULL, i7 BIGINT NOT NULL,
  i8 BIGINT NOT NULL, i9 BIGINT NOT NULL, i10 BIGINT NOT NULL, i11 BIGINT NOT NULL,
  PRIMARY KEY (statement, day_from, seq)
) WITHOUT ROWID;  -- a period's rows are one range of the key

-- Marks: an hour is stale when a row created in it more than an hour ago is inserted, changed or
-- deleted. Fresh rows (created now) never mark. The cut-off reads SQLite's clock.
CREATE TRIGGER report_stale_leads_insert AFTER INSERT ON leads
WHEN NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_leads_update AFTER UPDATE ON leads
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_leads_delete AFTER DELETE ON leads
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_claims_insert AFTER INSERT ON claims
WHEN NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_claims_update AFTER UPDATE ON claims
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_claims_delete AFTER DELETE ON claims
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_payments_insert AFTER INSERT ON payments
WHEN NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_payments_update AFTER UPDATE ON payments
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_payments_delete AFTER DELETE ON payments
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_payment_reversals_insert AFTER INSERT ON payment_reversals
WHEN NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_payment_reversals_update AFTER UPDATE ON payment_reversals
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_payment_reversals_delete AFTER DELETE ON payment_reversals
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_subscription_changes_insert AFTER INSERT ON subscription_changes
WHEN NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_subscription_changes_update AFTER UPDATE ON subscription_changes
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_subscription_changes_delete AFTER DELETE ON subscription_changes
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_credit_ledger_insert AFTER INSERT ON credit_ledger
WHEN NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_credit_ledger_update AFTER UPDATE ON credit_ledger
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000 OR NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version) SELECT NEW.created_at / 3600000, 1 WHERE NEW.created_at <> OLD.created_at AND NEW.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_credit_ledger_delete AFTER DELETE ON credit_ledger
WHEN OLD.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
BEGIN
  INSERT INTO report_stale_hours (hour, version) SELECT OLD.created_at / 3600000, 1 WHERE 1
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
-- A dispute changes figures grouped by its claim's and its request's creation.
CREATE TRIGGER report_stale_disputes_insert AFTER INSERT ON disputes
BEGIN
  INSERT INTO report_stale_hours (hour, version)
    SELECT k.created_at / 3600000, 1 FROM claims k WHERE k.id = NEW.claim_id AND k.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version)
    SELECT l.created_at / 3600000, 1 FROM leads l WHERE l.id = NEW.lead_id AND l.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_disputes_update AFTER UPDATE ON disputes
BEGIN
  INSERT INTO report_stale_hours (hour, version)
    SELECT k.created_at / 3600000, 1 FROM claims k WHERE k.id = OLD.claim_id AND k.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version)
    SELECT l.created_at / 3600000, 1 FROM leads l WHERE l.id = OLD.lead_id AND l.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version)
    SELECT k.created_at / 3600000, 1 FROM claims k WHERE k.id = NEW.claim_id AND k.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version)
    SELECT l.created_at / 3600000, 1 FROM leads l WHERE l.id = NEW.lead_id AND l.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER report_stale_disputes_delete AFTER DELETE ON disputes
BEGIN
  INSERT INTO report_stale_hours (hour, version)
    SELECT k.created_at / 3600000, 1 FROM claims k WHERE k.id = OLD.claim_id AND k.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
  INSERT INTO report_stale_hours (hour, version)
    SELECT l.created_at / 3600000, 1 FROM leads l WHERE l.id = OLD.lead_id AND l.created_at < CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 3600000
    ON CONFLICT (hour) DO UPDATE SET version = version + 1;
END;
