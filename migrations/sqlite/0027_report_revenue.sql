-- 0027: what the revenue report needs that was not recorded: WHEN money went back (refunds,
-- disputes, lost chargebacks: payment_reversals, one row per change the webhook records) and how
-- each plumber's subscription moved (subscription_changes: new, renewed, changed, churned, with the
-- MRR it adds or removes). Both are written by triggers on the rows the Stripe webhook (and the
-- admin's plan flag) already update, at that row's updated_at, so no writer can forget them; a
-- store contract test proves they agree with payments and plumbers. Plus the indexes the report's
-- grouped queries read alone.

-- Money that went back to a payer, by when the webhook recorded it (amounts positive, cents):
-- 'refund' = the increase of amount_refunded_cents; 'dispute' = a dispute opened (the amount then
-- at stake; informational, not subtracted); 'chargeback' = a dispute lost (the unrefunded amount),
-- or its reversal (negative) if a lost dispute is later recorded otherwise.
CREATE TABLE payment_reversals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'dispute', 'chargeback')),
  amount_cents INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX payment_reversals_report ON payment_reversals (created_at, kind, amount_cents);
CREATE INDEX payment_reversals_payment ON payment_reversals (payment_id, kind);

CREATE TRIGGER payments_reversal_on_insert AFTER INSERT ON payments
WHEN NEW.amount_refunded_cents > 0 OR NEW.dispute_status <> ''
BEGIN
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    SELECT NEW.id, NEW.user_id, 'refund', NEW.amount_refunded_cents, NEW.updated_at
    WHERE NEW.amount_refunded_cents > 0;
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    SELECT NEW.id, NEW.user_id, 'dispute', NEW.amount_cents - NEW.amount_refunded_cents,
           NEW.updated_at
    WHERE NEW.dispute_status <> '';
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    SELECT NEW.id, NEW.user_id, 'chargeback', NEW.amount_cents - NEW.amount_refunded_cents,
           NEW.updated_at
    WHERE NEW.dispute_status = 'lost';
END;

CREATE TRIGGER payments_refund_recorded AFTER UPDATE OF amount_refunded_cents ON payments
WHEN NEW.amount_refunded_cents <> OLD.amount_refunded_cents
BEGIN
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    VALUES (NEW.id, NEW.user_id, 'refund', NEW.amount_refunded_cents - OLD.amount_refunded_cents,
            NEW.updated_at);
END;

CREATE TRIGGER payments_dispute_recorded AFTER UPDATE OF dispute_status ON payments
WHEN NEW.dispute_status <> OLD.dispute_status
BEGIN
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    SELECT NEW.id, NEW.user_id, 'dispute', NEW.amount_cents - NEW.amount_refunded_cents,
           NEW.updated_at
    WHERE OLD.dispute_status = '';
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    SELECT NEW.id, NEW.user_id, 'chargeback', NEW.amount_cents - NEW.amount_refunded_cents,
           NEW.updated_at
    WHERE NEW.dispute_status = 'lost';
  INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
    SELECT NEW.id, NEW.user_id, 'chargeback',
           -coalesce((SELECT sum(r.amount_cents) FROM payment_reversals r
                      WHERE r.payment_id = NEW.id AND r.kind = 'chargeback'), 0),
           NEW.updated_at
    WHERE OLD.dispute_status = 'lost';
END;

-- What was recorded before 0027 is dated by the payment's last change (the best time known).
INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
  SELECT id, user_id, 'refund', amount_refunded_cents, updated_at FROM payments
  WHERE amount_refunded_cents > 0;
INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
  SELECT id, user_id, 'dispute', amount_cents - amount_refunded_cents, updated_at FROM payments
  WHERE dispute_status <> '';
INSERT INTO payment_reversals (payment_id, user_id, kind, amount_cents, created_at)
  SELECT id, user_id, 'chargeback', amount_cents - amount_refunded_cents, updated_at FROM payments
  WHERE dispute_status = 'lost';

-- A plumber's subscription as it moved: mrr_cents is what the plumber adds to MRR after the change
-- (the plan's monthly price while plan_status is active or past_due, else 0), mrr_delta_cents the
-- difference from their previous row. 'new' = from 0 to paying; 'churned' = from paying to 0;
-- 'changed' = paying before and after, another amount; 'renewed' = paying before and after, same
-- amount, and the paid period moved forward (current_period_end grew). MRR at t = the sum of
-- mrr_delta_cents before t.
CREATE TABLE subscription_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('new', 'renewed', 'changed', 'churned')),
  plan_id TEXT,
  plan_status TEXT NOT NULL,
  mrr_cents INTEGER NOT NULL,
  mrr_delta_cents INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX subscription_changes_report ON subscription_changes (created_at, kind, mrr_delta_cents);
-- The MRR before a period sums only the rows that moved it (renewals move nothing).
CREATE INDEX subscription_changes_mrr ON subscription_changes (created_at, mrr_delta_cents)
  WHERE mrr_delta_cents <> 0;
CREATE INDEX subscription_changes_user ON subscription_changes (user_id, id);

CREATE TRIGGER plumbers_subscription_on_insert AFTER INSERT ON plumbers
WHEN NEW.plan_status IN ('active', 'past_due')
  AND coalesce((SELECT price_cents FROM plans WHERE id = NEW.plan_id), 0) > 0
BEGIN
  INSERT INTO subscription_changes (user_id, kind, plan_id, plan_status, mrr_cents,
                                    mrr_delta_cents, created_at)
    SELECT NEW.user_id, 'new', NEW.plan_id, NEW.plan_status, p.price_cents, p.price_cents,
           CASE WHEN NEW.plan_changed_at > 0 THEN NEW.plan_changed_at ELSE NEW.updated_at END
    FROM plans p WHERE p.id = NEW.plan_id;
END;

CREATE TRIGGER plumbers_subscription_on_update
AFTER UPDATE OF plan_status, plan_id, current_period_end ON plumbers
BEGIN
  INSERT INTO subscription_changes (user_id, kind, plan_id, plan_status, mrr_cents,
                                    mrr_delta_cents, created_at)
    SELECT NEW.user_id,
           CASE WHEN s.before_cents = 0 THEN 'new' WHEN s.after_cents = 0 THEN 'churned'
                WHEN s.after_cents <> s.before_cents THEN 'changed' ELSE 'renewed' END,
           NEW.plan_id, NEW.plan_status, s.after_cents, s.after_cents - s.before_cents,
           NEW.updated_at
    FROM (SELECT
            CASE WHEN NEW.plan_status IN ('active', 'past_due')
                 THEN coalesce((SELECT price_cents FROM plans WHERE id = NEW.plan_id), 0)
                 ELSE 0 END AS after_cents,
            coalesce((SELECT c.mrr_cents FROM subscription_changes c WHERE c.user_id = NEW.user_id
                      ORDER BY c.id DESC LIMIT 1), 0) AS before_cents) AS s
    WHERE s.after_cents <> s.before_cents
       OR (s.after_cents > 0 AND OLD.current_period_end > 0
           AND NEW.current_period_end > OLD.current_period_end);
END;

-- The subscriptions paying before 0027, dated by their last plan change.
INSERT INTO subscription_changes (user_id, kind, plan_id, plan_status, mrr_cents, mrr_delta_cents,
                                  created_at)
  SELECT u.user_id, 'new', u.plan_id, u.plan_status, p.price_cents, p.price_cents,
         CASE WHEN u.plan_changed_at > 0 THEN u.plan_changed_at ELSE u.updated_at END
  FROM plumbers u JOIN plans p ON p.id = u.plan_id
  WHERE u.plan_status IN ('active', 'past_due') AND p.price_cents > 0;

-- The report's grouped reads, each answered from one index alone. They carry `kind`, which the
-- Overview's indexes of 0024 (payments_report, credit_ledger_report) do not; claims are read through
-- 0024's claims_report.
CREATE INDEX payments_report_kind ON payments (created_at, kind, amount_cents, user_id);
CREATE INDEX credit_ledger_report_kind ON credit_ledger (created_at, kind, amount);
