-- 0039: the plumbers console's sorts and searches without a scan of every plumber (issue 15 item 3).
-- users.last_active_at: the later of the newest session seen and the newest successful sign-in
-- (0 = never), as the console defined "last active"; from now on the store's session and sign-in
-- writes keep it (store/sql/sessions.hpp, users_mark_active*).
ALTER TABLE users ADD COLUMN last_active_at INTEGER NOT NULL DEFAULT 0;
UPDATE users SET last_active_at = max(
  coalesce((SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = users.id), 0),
  coalesce((SELECT max(a.at) FROM login_attempts a WHERE a.user_id = users.id AND a.success), 0));
CREATE INDEX users_last_active ON users (last_active_at, id);
CREATE INDEX users_closed ON users (id) WHERE closed_at IS NOT NULL;
-- The name sort and the name prefixes (lower(...) as the console compares them).
CREATE INDEX plumbers_name_key ON plumbers (lower(business_name), user_id);
CREATE INDEX plumbers_contact_key ON plumbers (lower(contact_name));
-- Phone digits are a substring test: a scan of this index is a fraction of the table's.
CREATE INDEX plumbers_phone ON plumbers (phone_e164);
CREATE INDEX plumbers_plan_status ON plumbers (plan_status, user_id);
-- The balance sort (plumbers without a row have 0 and are listed after every positive balance).
CREATE INDEX credit_balances_balance ON credit_balances (balance, user_id);
