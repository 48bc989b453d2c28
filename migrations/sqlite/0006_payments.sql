-- 0006: payments: plans and credit packs with their Stripe price ids, each plumber's Stripe link, and
-- the Stripe event ids already applied (de-duplication in the same transaction as the effect).
CREATE TABLE plans (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
  name TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  monthly_credits INTEGER NOT NULL CHECK (monthly_credits >= 0),
  stripe_price_id TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TABLE packs (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
  credits INTEGER NOT NULL CHECK (credits > 0),
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  stripe_price_id TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
-- Placeholder price ids: an operator replaces them with the ids of the prices made in Stripe.
INSERT INTO plans (id, name, price_cents, monthly_credits, stripe_price_id) VALUES
  ('starter', 'Starter', 4900, 5, 'price_starter_monthly'),
  ('pro', 'Pro', 12900, 15, 'price_pro_monthly');
INSERT INTO packs (id, credits, price_cents, stripe_price_id) VALUES
  ('pack_5', 5, 5000, 'price_pack_5'),
  ('pack_20', 20, 18000, 'price_pack_20'),
  ('pack_50', 50, 40000, 'price_pack_50');

ALTER TABLE plumbers ADD COLUMN stripe_customer_id TEXT;
ALTER TABLE plumbers ADD COLUMN stripe_subscription_id TEXT;
ALTER TABLE plumbers ADD COLUMN plan_id TEXT REFERENCES plans (id);
-- Unix seconds (Stripe's unit); 0 = unknown.
ALTER TABLE plumbers ADD COLUMN current_period_end INTEGER NOT NULL DEFAULT 0;
-- event.created (Unix seconds) of the newest subscription-state event applied: an older one that
-- arrives late does not overwrite a newer state.
ALTER TABLE plumbers ADD COLUMN stripe_state_at INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX plumbers_stripe_customer ON plumbers (stripe_customer_id);

CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  created INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  processed_at INTEGER,
  outcome TEXT NOT NULL DEFAULT ''
);
