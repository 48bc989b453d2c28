-- 0016: business settings edited in the console (one JSON value per key, who changed it last) with
-- an append-only history of every change, and a description for each service type.
CREATE TABLE settings (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 80),
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER
);
CREATE TABLE settings_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  old_value TEXT NOT NULL DEFAULT '',  -- JSON; empty when the key had no row before
  new_value TEXT NOT NULL,
  at INTEGER NOT NULL,
  by_user_id INTEGER
);
CREATE INDEX settings_history_key ON settings_history (key, id);
CREATE TRIGGER settings_history_no_update BEFORE UPDATE ON settings_history
BEGIN
  SELECT RAISE(ABORT, 'settings_history is append-only');
END;
CREATE TRIGGER settings_history_no_delete BEFORE DELETE ON settings_history
BEGIN
  SELECT RAISE(ABORT, 'settings_history is append-only');
END;
ALTER TABLE service_types ADD COLUMN description TEXT NOT NULL DEFAULT '';
