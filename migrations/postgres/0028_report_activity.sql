-- 0028: indexes for the Plumbers and Lead sources reports, which group a period's matches,
-- claims, ledger rows, payments and requests by plumber or by channel. Each index leads with the
-- time column the report's range is on and covers the columns it groups and sums, so a 90-day
-- report reads index entries only (docs/reports.md, "Plumbers" and "Lead sources").
CREATE INDEX lead_matches_report ON lead_matches (matched_at, plumber_id);
CREATE INDEX credit_ledger_activity ON credit_ledger (kind, created_at, user_id, amount);
-- Approved plumbers at a period's end: status = 'approved' and reviewed before it.
CREATE INDEX plumbers_status_reviewed ON plumbers (status, reviewed_at);
-- Requests by channel: the UTM parameters and the referrer with the per-lead facts.
CREATE INDEX leads_report_channels ON leads (created_at, source, utm_source, utm_medium,
  utm_campaign, referrer, status, closed_reason, match_count, claims_count) INCLUDE (id);
