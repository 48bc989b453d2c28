-- 0018: staff's internal notes on a request (never shown to plumbers or homeowners). The disputes
-- of one lead (the staff's lead page) use 0017's disputes_lead (lead_id, status).
CREATE TABLE lead_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  author_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  author_email TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at INTEGER NOT NULL
);
CREATE INDEX lead_notes_lead ON lead_notes (lead_id, id);
