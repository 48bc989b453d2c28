-- 0029: why a request in a plumber's area was not sent to them ("Demand in my area", issue 16).
-- Written by matching at intake, one row per plumber whose area and services cover the request but
-- who was left out: their plan not in good standing, paused, or over their daily cap. Requests
-- for a service the plumber does not offer are not recorded (most plumbers in a dense area; the
-- report derives that reason from the services they offer). Older requests have no rows: the
-- report says "reason not recorded".
CREATE TABLE match_misses (
  lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  plumber_id BIGINT NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (reason IN ('plan', 'paused', 'daily_cap')),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (lead_id, plumber_id)
);
