-- The demand report's unmatched requests per ZIP and service (store/sql/report_demand.hpp
-- `unmatched`): about one request in fifteen reached no plumber, and leads_report_area (0025) made
-- the statement read every request of the period to find them. This partial index holds only the
-- unmatched ones, with the columns the statement reads.
CREATE INDEX leads_report_unmatched ON leads (created_at, zip, service_type)
  WHERE match_count = 0 AND duplicate_of IS NULL;
