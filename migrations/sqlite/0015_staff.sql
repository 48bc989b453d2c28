-- 0015: staff roles (users.role accepts 'support') and staff invitations (auth_tokens purpose 'staff_invite').
-- SQLite cannot alter a CHECK constraint, and rebuilding users would cascade-delete through the
-- foreign keys (they cannot be switched off inside the migration's transaction). Both changes only
-- relax a CHECK, so they use the writable_schema procedure (docs/decisions, "Relaxing a CHECK
-- constraint in SQLite"): rewrite the stored CREATE TABLE text, reload the schema, then make a
-- real schema change (the partial index for the staff list) so the schema cookie moves and every
-- other connection reloads the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (role IN (''plumber'', ''admin''))',
                     'CHECK (role IN (''plumber'', ''admin'', ''support''))')
 WHERE type = 'table' AND name = 'users';
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (purpose IN (''verify_email'', ''reset_password'', ''unlock'', ''change_email''))',
                     'CHECK (purpose IN (''verify_email'', ''reset_password'', ''unlock'', ''change_email'', ''staff_invite''))')
 WHERE type = 'table' AND name = 'auth_tokens';
PRAGMA writable_schema = RESET;
CREATE INDEX users_staff ON users (role, id) WHERE role <> 'plumber';
