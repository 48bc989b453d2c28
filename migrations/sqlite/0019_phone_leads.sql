-- 0019: requests taken by staff on the phone: source 'phone' and who created the request.
-- SQLite cannot alter a CHECK constraint. This change only relaxes one (a new allowed value), so it
-- follows the documented procedure for such changes (sqlite.org/lang_altertable.html, "Making Other
-- Kinds Of Table Schema Changes"): edit the table's text in sqlite_master, then reload. The
-- migration runner wraps this file in one transaction. replace() touches only the leads table's
-- source check, so other migrations that edit other tables' text the same way (0015: users.role)
-- apply in either order. writable_schema=RESET turns editing off and reloads this connection's
-- schema from the edited text; the ALTER TABLE after it then bumps schema_version, which makes
-- every other connection reload too (the procedure's "increment the schema version" step).
PRAGMA writable_schema=ON;
UPDATE sqlite_master
   SET sql = replace(sql, 'CHECK (source IN (''web'', ''api'', ''admin''))',
                     'CHECK (source IN (''web'', ''api'', ''admin'', ''phone''))')
 WHERE type = 'table' AND name = 'leads';
PRAGMA writable_schema=RESET;
-- The staff member who took the request by phone (NULL for the homeowner's own requests). For such
-- a request consent_ip is the staff member's address and consent_user_agent "phone: read by <their
-- e-mail>", and consent_text the wording they read out.
ALTER TABLE leads ADD COLUMN created_by INTEGER REFERENCES users (id);
