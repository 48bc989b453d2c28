-- The overview report's covering indexes: each grouped query over a period reads one index alone
-- (claims per slot and the distinct plumbers claiming; payments per slot, their sum and payers;
-- ledger movements per slot, for the credits outstanding at each bucket's end).
CREATE INDEX claims_report ON claims (created_at, plumber_id, outcome, lead_id);
CREATE INDEX payments_report ON payments (created_at, user_id, amount_cents);
CREATE INDEX credit_ledger_report ON credit_ledger (created_at, amount);
