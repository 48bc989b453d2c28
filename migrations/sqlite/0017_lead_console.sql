-- 0017: indexes for the console's request list (newest first, keyset paged by (created_at, id)):
-- one per filter or search that must find its first page without scanning the table.
DROP INDEX leads_status_created;
CREATE INDEX leads_status_created ON leads (status, created_at, id);
CREATE INDEX leads_created ON leads (created_at, id);
CREATE INDEX leads_service_created ON leads (service_type, created_at, id);
CREATE INDEX leads_urgency_created ON leads (urgency, created_at, id);
CREATE INDEX leads_source_created ON leads (source, created_at, id);
CREATE INDEX leads_zip_created ON leads (zip, created_at, id);
CREATE INDEX leads_city_created ON leads (lower(city), created_at, id);
CREATE INDEX leads_email_lower ON leads (lower(email));
CREATE INDEX leads_name_lower ON leads (lower(name));
-- Rare sets: partial indexes hold only their rows.
CREATE INDEX leads_duplicates ON leads (created_at, id) WHERE duplicate_of IS NOT NULL;
CREATE INDEX leads_never_requested ON leads (created_at, id) WHERE flag = 'never_requested';
CREATE INDEX disputes_lead ON disputes (lead_id, status);
