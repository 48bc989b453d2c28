-- Daily rollups of the reports' additive figures (decision 0011): per local day, the rows each
-- rolled statement returns for that day, kept by the worker for days that ended more than two hours
-- ago. A write that touches a row older than an hour (an expiry, a refund, a dispute, a late
-- webhook) marks its hour stale in the same transaction; readers take raw rows for a day with a
-- stale hour, and the worker drops and rebuilds it. So a report never mixes a rollup with rows
-- written after it was built.
CREATE TABLE report_stale_hours (
  hour BIGINT PRIMARY KEY,         -- created_at / 3,600,000 of a changed row
  version BIGINT NOT NULL          -- bumped by every mark: the worker clears only what it read
);

CREATE TABLE report_rollup_days (
  day_from BIGINT PRIMARY KEY,     -- a local day [day_from, day_to) in the operator's zone
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
);

-- Marks: an hour is stale when a row created in it more than an hour ago is inserted, changed or
-- deleted. Fresh rows (created now) never mark; the WHEN clauses keep the function call off their
-- path. clock_timestamp(), not now(): a long transaction must not see an earlier cut-off.
CREATE FUNCTION report_mark_stale(t BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF t IS NOT NULL AND t < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000 THEN
    INSERT INTO report_stale_hours (hour, version) VALUES (t / 3600000, 1)
    ON CONFLICT (hour) DO UPDATE SET version = report_stale_hours.version + 1;
  END IF;
END $$;

CREATE FUNCTION report_stale_by_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM report_mark_stale(OLD.created_at); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.created_at <> OLD.created_at) THEN
    PERFORM report_mark_stale(NEW.created_at);
  END IF;
  RETURN NULL;
END $$;

-- A dispute changes figures grouped by its claim's and its request's creation.
CREATE FUNCTION report_stale_by_dispute() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claim_ids BIGINT[];
  lead_ids BIGINT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    claim_ids := ARRAY[NEW.claim_id]; lead_ids := ARRAY[NEW.lead_id];
  ELSIF TG_OP = 'DELETE' THEN
    claim_ids := ARRAY[OLD.claim_id]; lead_ids := ARRAY[OLD.lead_id];
  ELSE
    claim_ids := ARRAY[OLD.claim_id, NEW.claim_id]; lead_ids := ARRAY[OLD.lead_id, NEW.lead_id];
  END IF;
  PERFORM report_mark_stale(k.created_at) FROM claims k WHERE k.id = ANY (claim_ids);
  PERFORM report_mark_stale(l.created_at) FROM leads l WHERE l.id = ANY (lead_ids);
  RETURN NULL;
END $$;

CREATE TRIGGER report_stale_leads_insert AFTER INSERT ON leads FOR EACH ROW
  WHEN (NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_leads_update AFTER UPDATE ON leads FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000
        OR NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000)
  EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_leads_delete AFTER DELETE ON leads FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_claims_insert AFTER INSERT ON claims FOR EACH ROW
  WHEN (NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_claims_update AFTER UPDATE ON claims FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000
        OR NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000)
  EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_claims_delete AFTER DELETE ON claims FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_payments_insert AFTER INSERT ON payments FOR EACH ROW
  WHEN (NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_payments_update AFTER UPDATE ON payments FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000
        OR NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000)
  EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_payments_delete AFTER DELETE ON payments FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_payment_reversals_insert AFTER INSERT ON payment_reversals FOR EACH ROW
  WHEN (NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_payment_reversals_update AFTER UPDATE ON payment_reversals FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000
        OR NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000)
  EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_payment_reversals_delete AFTER DELETE ON payment_reversals FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_subscription_changes_insert AFTER INSERT ON subscription_changes FOR EACH ROW
  WHEN (NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_subscription_changes_update AFTER UPDATE ON subscription_changes FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000
        OR NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000)
  EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_subscription_changes_delete AFTER DELETE ON subscription_changes FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_credit_ledger_insert AFTER INSERT ON credit_ledger FOR EACH ROW
  WHEN (NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_credit_ledger_update AFTER UPDATE ON credit_ledger FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000
        OR NEW.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000)
  EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_credit_ledger_delete AFTER DELETE ON credit_ledger FOR EACH ROW
  WHEN (OLD.created_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) EXECUTE FUNCTION report_stale_by_created_at();
CREATE TRIGGER report_stale_disputes AFTER INSERT OR UPDATE OR DELETE ON disputes FOR EACH ROW
  EXECUTE FUNCTION report_stale_by_dispute();
