-- 0009: changes to verified facts (business name, licence, insurance) made after an admin checked
-- them. Each waits (reviewed_at NULL) in the admin's queue until an admin records a new check.
CREATE TABLE profile_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plumber_id INTEGER NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  field TEXT NOT NULL CHECK (field IN ('business_name', 'licence_number', 'licence_state',
                                       'insurance_carrier', 'insurance_expires_on')),
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  reviewed_at INTEGER,
  reviewed_by INTEGER REFERENCES users (id),
  CHECK (reviewed_by IS NULL OR reviewed_at IS NOT NULL)
);
CREATE INDEX profile_changes_plumber ON profile_changes (plumber_id, created_at);
CREATE INDEX profile_changes_pending ON profile_changes (created_at, plumber_id)
  WHERE reviewed_at IS NULL;
