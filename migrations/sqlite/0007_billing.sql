-- 0007: billing: the Checkout Sessions we created, the payments that reached us (packs and
-- subscription invoices, with refunds and disputes), and a subscription's pending cancellation.
CREATE TABLE checkout_sessions (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 255),
  user_id INTEGER NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('subscription', 'payment')),
  plan_id TEXT REFERENCES plans (id),
  pack_id TEXT REFERENCES packs (id),
  created_at INTEGER NOT NULL,
  completed_at INTEGER,
  subscription_id TEXT,
  CHECK ((mode = 'subscription' AND plan_id IS NOT NULL AND pack_id IS NULL)
         OR (mode = 'payment' AND pack_id IS NOT NULL AND plan_id IS NULL))
);
CREATE INDEX checkout_sessions_user ON checkout_sessions (user_id, created_at);

-- Unknown Stripe ids are NULL rather than '' so that the look-up indexes hold only real ids.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES plumbers (user_id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('pack', 'subscription')),
  stripe_id TEXT NOT NULL UNIQUE CHECK (length(stripe_id) > 0),
  payment_intent TEXT,
  charge_id TEXT,
  item_id TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  credits INTEGER NOT NULL DEFAULT 0 CHECK (credits >= 0),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency TEXT NOT NULL,
  receipt_url TEXT NOT NULL DEFAULT '',
  amount_refunded_cents INTEGER NOT NULL DEFAULT 0 CHECK (amount_refunded_cents >= 0),
  dispute_status TEXT NOT NULL DEFAULT '',
  dispute_reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX payments_user ON payments (user_id, created_at);
CREATE INDEX payments_created ON payments (created_at);
CREATE INDEX payments_intent ON payments (payment_intent);
CREATE INDEX payments_charge ON payments (charge_id);

ALTER TABLE plumbers ADD COLUMN cancel_at_period_end INTEGER NOT NULL DEFAULT 0
  CHECK (cancel_at_period_end IN (0, 1));
