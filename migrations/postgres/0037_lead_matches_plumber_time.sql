-- 0037: a plumber's matches in time order, for the Plumbers report page: it counts the matches of
-- its shown plumbers only (about 100 short index ranges) instead of reading every match of the
-- period through lead_matches_report (525,000 entries at 90 days on the bench data).
CREATE INDEX lead_matches_plumber_time ON lead_matches (plumber_id, matched_at);
