-- 0039: the plumbers console's sorts and searches without a scan of every plumber (issue 15 item 3).
-- users.last_active_at: the later of the newest session seen and the newest successful sign-in
-- (0 = never), as the console defined "last active"; from now on the store's session and sign-in
-- writes keep it (store/sql/sessions.hpp, users_mark_active*).
ALTER TABLE users ADD COLUMN last_active_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET last_active_at = greatest(
  coalesce((SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = users.id), 0),
  coalesce((SELECT max(a.at) FROM login_attempts a WHERE a.user_id = users.id AND a.success), 0));
CREATE INDEX users_last_active ON users (last_active_at, id);
CREATE INDEX users_closed ON users (id) WHERE closed_at IS NOT NULL;
-- The name sort and the name and e-mail prefixes, compared in byte order (C) whatever the
-- database's collation, so that a prefix is exactly a range and names sort as on SQLite.
CREATE INDEX plumbers_name_key ON plumbers ((lower(business_name) COLLATE "C"), user_id);
CREATE INDEX plumbers_contact_key ON plumbers ((lower(contact_name) COLLATE "C"));
CREATE INDEX users_email_bytewise ON users ((email COLLATE "C"));
-- Phone digits are a substring test (LIKE '%digits%'): trigrams (pg_trgm ships with PostgreSQL).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX plumbers_phone_trgm ON plumbers USING gin (phone_e164 gin_trgm_ops);
CREATE INDEX plumbers_plan_status ON plumbers (plan_status, user_id);
-- The balance sort (plumbers without a row have 0 and are listed after every positive balance).
CREATE INDEX credit_balances_balance ON credit_balances (balance, user_id);
-- Statistics for the new expression indexes now (autovacuum analyzes a table only after enough
-- row changes), so that the first searches are planned with them.
ANALYZE users;
ANALYZE plumbers;
ANALYZE credit_balances;
