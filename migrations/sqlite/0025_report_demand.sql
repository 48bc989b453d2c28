-- The demand report counts a period's requests per time slot and service, per ZIP, and lists the
-- unmatched ones (match_count = 0, not a duplicate) per ZIP and service. This index covers those
-- queries, so a 90-day period is one range scan of the index without reading the table.
CREATE INDEX leads_report_area ON leads (created_at, zip, service_type, match_count, duplicate_of);
