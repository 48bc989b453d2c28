-- Per-lead facts the reports read over a period without joining millions of match and claim rows:
-- how many plumbers were matched and when the first claim came (claims_count, kept since 0005,
-- says how many claimed). The store keeps
-- them in the write path (insert_lead_matches, insert_claim); a store contract test rebuilds them
-- from lead_matches and claims and compares.
ALTER TABLE leads ADD COLUMN match_count INTEGER NOT NULL DEFAULT 0 CHECK (match_count >= 0);
ALTER TABLE leads ADD COLUMN first_claim_at INTEGER;

UPDATE leads SET
  match_count = (SELECT count(*) FROM lead_matches m WHERE m.lead_id = leads.id),
  first_claim_at = (SELECT min(k.created_at) FROM claims k WHERE k.lead_id = leads.id);

-- Every report over requests reads this index alone (it covers the columns they group by).
CREATE INDEX leads_report_facts ON leads (created_at, service_type, urgency, source, status,
  match_count, claims_count, first_claim_at);
