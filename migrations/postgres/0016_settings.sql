-- 0016: business settings edited in the console (one JSON value per key, who changed it last) with
-- an append-only history of every change, and a description for each service type.
CREATE TABLE settings (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 80),
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT
);
CREATE TABLE settings_history (
  id BIGSERIAL PRIMARY KEY,
  key TEXT NOT NULL,
  old_value TEXT NOT NULL DEFAULT '',  -- JSON; empty when the key had no row before
  new_value TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_user_id BIGINT
);
CREATE INDEX settings_history_key ON settings_history (key, id);
CREATE FUNCTION settings_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'settings_history is append-only';
END;
$$;
CREATE TRIGGER settings_history_no_change BEFORE UPDATE OR DELETE ON settings_history
  FOR EACH ROW EXECUTE FUNCTION settings_history_append_only();
ALTER TABLE service_types ADD COLUMN description TEXT NOT NULL DEFAULT '';
