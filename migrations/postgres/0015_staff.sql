-- 0015: staff roles (users.role accepts 'support') and staff invitations (auth_tokens purpose 'staff_invite').
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('plumber', 'admin', 'support'));
ALTER TABLE auth_tokens DROP CONSTRAINT auth_tokens_purpose_check;
ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_purpose_check
  CHECK (purpose IN ('verify_email', 'reset_password', 'unlock', 'change_email', 'staff_invite'));
CREATE INDEX users_staff ON users (role, id) WHERE role <> 'plumber';
