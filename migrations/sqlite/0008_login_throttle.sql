-- 0008: password-guessing throttle: each attempt records the browser's device (the SHA-256 of its
-- device cookie) and whether that device had signed in to the account before, and the devices each
-- account has signed in from are kept, so that failures from elsewhere cannot lock the owner out.
ALTER TABLE login_attempts ADD COLUMN device_hash TEXT NOT NULL DEFAULT ''
  CHECK (device_hash = '' OR length(device_hash) = 64);
ALTER TABLE login_attempts ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0 CHECK (trusted IN (0, 1));
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE known_devices (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_hash TEXT NOT NULL CHECK (length(device_hash) = 64),
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, device_hash)
);
