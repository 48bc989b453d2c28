-- 0018: staff's internal notes on a request (never shown to plumbers or homeowners). The disputes
-- of one lead (the staff's lead page) use 0017's disputes_lead (lead_id, status).
CREATE TABLE lead_notes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  author_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  author_email TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  created_at BIGINT NOT NULL
);
CREATE INDEX lead_notes_lead ON lead_notes (lead_id, id);
