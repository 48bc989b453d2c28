-- 0005: the marketplace: plumber profiles and service areas (PostGIS), matches, claims, disputes, live events.
ALTER TABLE plumbers ADD COLUMN licence_number TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN licence_state TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN insurance_carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN insurance_expires_on TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN years_in_business INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plumbers ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN base_zip TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN base_lat DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE plumbers ADD COLUMN base_lng DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE plumbers ADD COLUMN radius_miles INTEGER NOT NULL DEFAULT 25 CHECK (radius_miles BETWEEN 1 AND 100);
ALTER TABLE plumbers ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
  CHECK (status IN ('pending', 'approved', 'rejected', 'suspended'));
ALTER TABLE plumbers ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN licence_verified_on TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN insurance_valid_until TEXT NOT NULL DEFAULT '';
ALTER TABLE plumbers ADD COLUMN reviewed_by BIGINT REFERENCES users (id);
ALTER TABLE plumbers ADD COLUMN reviewed_at BIGINT;
ALTER TABLE plumbers ADD COLUMN plan_status TEXT NOT NULL DEFAULT 'none'
  CHECK (plan_status IN ('none', 'active', 'trialing', 'past_due', 'canceled'));
ALTER TABLE plumbers ADD COLUMN plan_changed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plumbers ADD COLUMN paused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE plumbers ADD COLUMN daily_cap INTEGER NOT NULL DEFAULT 10 CHECK (daily_cap BETWEEN 0 AND 1000);
ALTER TABLE plumbers ADD COLUMN notify_email BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE plumbers ADD COLUMN notify_sms BOOLEAN NOT NULL DEFAULT FALSE;
-- Quiet hours in minutes after local midnight; start = end means none. Local = UTC + utc_offset_minutes.
ALTER TABLE plumbers ADD COLUMN quiet_start_minute INTEGER NOT NULL DEFAULT 0 CHECK (quiet_start_minute BETWEEN 0 AND 1439);
ALTER TABLE plumbers ADD COLUMN quiet_end_minute INTEGER NOT NULL DEFAULT 0 CHECK (quiet_end_minute BETWEEN 0 AND 1439);
ALTER TABLE plumbers ADD COLUMN utc_offset_minutes INTEGER NOT NULL DEFAULT -300 CHECK (utc_offset_minutes BETWEEN -720 AND 840);
ALTER TABLE plumbers ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX plumbers_status ON plumbers (status, user_id);

CREATE TABLE plumber_services (
  user_id BIGINT NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  service_type TEXT NOT NULL REFERENCES service_types (slug),
  PRIMARY KEY (user_id, service_type)
);
CREATE INDEX plumber_services_service ON plumber_services (service_type, user_id);

CREATE TABLE plumber_extra_zips (
  user_id BIGINT NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  zip TEXT NOT NULL CHECK (length(zip) = 5),
  PRIMARY KEY (user_id, zip)
);
CREATE INDEX plumber_extra_zips_zip ON plumber_extra_zips (zip, user_id);

-- The base point for ST_DWithin (sphere, same radius as geo::earth_radius_m); NULL until a base ZIP is set.
ALTER TABLE plumbers ADD COLUMN base_location GEOGRAPHY(POINT, 4326) GENERATED ALWAYS AS
  (CASE WHEN base_zip = '' THEN NULL ELSE ST_SetSRID(ST_MakePoint(base_lng, base_lat), 4326)::geography END) STORED;
CREATE INDEX plumbers_base_location ON plumbers USING GIST (base_location);
-- The radius circle's lat/lng box (geo::bounding_box, written with the profile; NULL without a base ZIP):
-- matching filters service_box && lead point through this index, then checks the radius exactly.
ALTER TABLE plumbers ADD COLUMN service_box GEOMETRY(POLYGON, 4326);
CREATE INDEX plumbers_service_box ON plumbers USING GIST (service_box);

ALTER TABLE leads ADD COLUMN price_credits INTEGER NOT NULL DEFAULT 0 CHECK (price_credits >= 0);
ALTER TABLE leads ADD COLUMN max_claims INTEGER NOT NULL DEFAULT 3 CHECK (max_claims BETWEEN 1 AND 50);
ALTER TABLE leads ADD COLUMN claims_count INTEGER NOT NULL DEFAULT 0 CHECK (claims_count >= 0);
ALTER TABLE leads ADD CONSTRAINT leads_claims_within_cap CHECK (claims_count <= max_claims);
-- '' or 'never_requested' (the homeowner says so) or 'removed' (admin, spam).
ALTER TABLE leads ADD COLUMN flag TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN extra_details TEXT NOT NULL DEFAULT '';

CREATE TABLE lead_matches (
  lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  plumber_id BIGINT NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  distance_miles DOUBLE PRECISION NOT NULL CHECK (distance_miles >= 0),
  matched_at BIGINT NOT NULL,
  PRIMARY KEY (lead_id, plumber_id)
);
CREATE INDEX lead_matches_plumber ON lead_matches (plumber_id, lead_id);

CREATE TABLE claims (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id BIGINT NOT NULL REFERENCES leads (id),
  plumber_id BIGINT NOT NULL REFERENCES plumbers (user_id),
  price_credits INTEGER NOT NULL CHECK (price_credits >= 0),
  outcome TEXT NOT NULL DEFAULT 'new' CHECK (outcome IN ('new', 'contacted', 'quoted', 'won', 'lost')),
  job_value_cents BIGINT NOT NULL DEFAULT 0 CHECK (job_value_cents >= 0),
  notes TEXT NOT NULL DEFAULT '',
  refunded_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (lead_id, plumber_id)
);
CREATE INDEX claims_plumber_created ON claims (plumber_id, created_at);

CREATE TABLE disputes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  claim_id BIGINT NOT NULL UNIQUE REFERENCES claims (id),
  plumber_id BIGINT NOT NULL REFERENCES plumbers (user_id),
  lead_id BIGINT NOT NULL REFERENCES leads (id),
  reason TEXT NOT NULL CHECK (reason IN ('wrong_contact', 'outside_area', 'service_not_offered', 'duplicate', 'never_requested')),
  details TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
  resolution TEXT NOT NULL DEFAULT '',
  resolved_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  resolved_at BIGINT
);
CREATE INDEX disputes_status ON disputes (status, id);

-- Changes the live dashboards must hear about; polled by every instance, kept for resume (Last-Event-ID).
CREATE TABLE live_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('lead_new', 'lead_slots', 'lead_gone')),
  lead_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
