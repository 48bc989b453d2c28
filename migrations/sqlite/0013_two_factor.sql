-- 0013: two-factor sign-in (TOTP) for staff: each account's sealed TOTP key (pending until a first
-- code confirms it), the last step used (each code works once) and a count of wrong codes; the
-- hashes of single-use recovery codes; and the pending second step of a sign-in whose password was
-- right.
CREATE TABLE two_factor (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_sealed TEXT NOT NULL,
  enabled_at INTEGER,
  last_step INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  failed_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE two_factor_recovery_codes (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
  used_at INTEGER,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE two_factor_challenges (
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  remember INTEGER NOT NULL DEFAULT 0 CHECK (remember IN (0, 1)),
  failures INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX two_factor_challenges_user ON two_factor_challenges (user_id);
