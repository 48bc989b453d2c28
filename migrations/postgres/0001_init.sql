-- 0001: reference data (service types, urgencies) and homeowner leads with their history; times are unix ms.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE service_types (
  slug TEXT PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 40),
  label TEXT NOT NULL,
  base_price_credits INTEGER NOT NULL CHECK (base_price_credits >= 0),
  active BOOLEAN NOT NULL DEFAULT TRUE,
  sort_order INTEGER NOT NULL
);
INSERT INTO service_types (slug, label, base_price_credits, sort_order) VALUES
  ('leak_repair', 'Leak repair', 2, 1),
  ('drain_cleaning', 'Drain cleaning', 2, 2),
  ('water_heater', 'Water heater', 3, 3),
  ('toilet_repair', 'Toilet repair', 2, 4),
  ('fixture_install', 'Fixture installation', 2, 5),
  ('sewer_line', 'Sewer line', 4, 6),
  ('gas_line', 'Gas line', 4, 7),
  ('repiping', 'Repiping', 5, 8),
  ('sump_pump', 'Sump pump', 3, 9),
  ('water_line', 'Water line', 4, 10),
  ('remodel', 'Kitchen or bath remodel', 5, 11),
  ('other', 'Something else', 2, 12);

CREATE TABLE urgencies (
  slug TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  surcharge_credits INTEGER NOT NULL CHECK (surcharge_credits >= 0),
  sort_order INTEGER NOT NULL
);
INSERT INTO urgencies (slug, label, surcharge_credits, sort_order) VALUES
  ('emergency', 'Emergency (now)', 1, 1),
  ('within_24h', 'Within 24 hours', 0, 2),
  ('this_week', 'This week', 0, 3),
  ('flexible', 'Flexible', 0, 4);

CREATE TABLE leads (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'full', 'closed', 'expired')),
  closed_reason TEXT NOT NULL DEFAULT '',
  service_type TEXT NOT NULL REFERENCES service_types (slug),
  description TEXT NOT NULL,
  urgency TEXT NOT NULL REFERENCES urgencies (slug),
  zip TEXT NOT NULL CHECK (length(zip) = 5),
  city TEXT NOT NULL,
  state TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng DOUBLE PRECISION NOT NULL CHECK (lng BETWEEN -180 AND 180),
  -- The lead's point for PostGIS matching (ST_DWithin against plumbers' service areas).
  location GEOGRAPHY(POINT, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography) STORED,
  address TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  phone_e164 TEXT NOT NULL,
  email TEXT NOT NULL,
  contact_method TEXT NOT NULL CHECK (contact_method IN ('phone', 'text', 'email')),
  best_time TEXT NOT NULL DEFAULT '',
  consent_text TEXT NOT NULL CHECK (length(consent_text) > 0),
  consent_at BIGINT NOT NULL,
  consent_ip TEXT NOT NULL,
  consent_user_agent TEXT NOT NULL,
  utm_source TEXT NOT NULL DEFAULT '',
  utm_medium TEXT NOT NULL DEFAULT '',
  utm_campaign TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('web', 'api', 'admin')),
  tracking_hash TEXT NOT NULL UNIQUE CHECK (length(tracking_hash) = 64),
  duplicate_of BIGINT REFERENCES leads (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX leads_phone_service_created ON leads (phone_e164, service_type, created_at);
CREATE INDEX leads_status_created ON leads (status, created_at);
CREATE INDEX leads_location ON leads USING GIST (location);

CREATE TABLE lead_history (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('homeowner', 'system', 'admin', 'plumber')),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lead_history_lead ON lead_history (lead_id, id);
