-- 0037: a plumber's matches and ledger rows in time order, for the Plumbers report page: it ranks
-- plumbers by their claims and reads matches and credits only for the plumbers it can show (about
-- 100 short index ranges each) instead of every match and ledger row of the period through
-- lead_matches_report and credit_ledger_activity (525,000 and 100,000 entries at 90 days on the
-- bench data).
CREATE INDEX lead_matches_plumber_time ON lead_matches (plumber_id, matched_at);
CREATE INDEX credit_ledger_user_time ON credit_ledger (user_id, created_at, kind, amount);
