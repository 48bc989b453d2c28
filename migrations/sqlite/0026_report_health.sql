-- 0026: indexes for the Marketplace health report (issue 16). Each of its grouped queries over a
-- period reads one index alone (src/store/sql/report_health.hpp):
-- requests by what became of them: 0023's leads_report_facts lacks the close reason and the cap,
-- so this one carries the columns the health query groups and counts by;
CREATE INDEX leads_report_health ON leads (created_at, status, closed_reason, match_count,
  claims_count, max_claims, first_claim_at);
-- claims in a period and how many were refunded;
CREATE INDEX claims_report_created ON claims (created_at, refunded_at);
-- disputes opened from a period's start on, with the claim they are about and their decision.
CREATE INDEX disputes_report_created ON disputes (created_at, claim_id, status);
