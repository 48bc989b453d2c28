-- 0031: each claim's response time (claim created_at − its match's matched_at, in ms), stored with
-- the claim because it never changes once the claim is made (a match's matched_at is written once).
-- The Plumbers report's medians read it from one covering index instead of looking up the match of
-- every claim of the period. The store fills it in insert_claim (as 0023's first_claim_at), NULL
-- when the plumber has no match for the lead; a store contract test rebuilds it and compares.
ALTER TABLE claims ADD COLUMN response_ms INTEGER;

UPDATE claims SET response_ms = created_at - (SELECT m.matched_at FROM lead_matches m
  WHERE m.lead_id = claims.lead_id AND m.plumber_id = claims.plumber_id);

-- Claims of a period per plumber, slot, outcome and response time: the Plumbers report reads this
-- index alone (src/store/sql/report_activity.hpp).
CREATE INDEX claims_report_plumbers ON claims (created_at, plumber_id, outcome, response_ms);
