-- 0004: the credits ledger (append-only) and the cached balance per user; times are unix ms.
CREATE TABLE credit_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'purchase', 'claim', 'refund', 'adjustment')),
  amount INTEGER NOT NULL CHECK (amount <> 0),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  actor_user_id INTEGER REFERENCES users (id),
  reference TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX credit_ledger_user ON credit_ledger (user_id, id);
-- One entry per (kind, reference), e.g. one grant per invoice, one claim debit per claim.
CREATE UNIQUE INDEX credit_ledger_reference ON credit_ledger (kind, reference) WHERE reference <> '';

CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE ON credit_ledger
BEGIN
  SELECT RAISE(ABORT, 'credit_ledger is append-only');
END;
CREATE TRIGGER credit_ledger_no_delete BEFORE DELETE ON credit_ledger
BEGIN
  SELECT RAISE(ABORT, 'credit_ledger is append-only');
END;

-- The balance cache, moved with every ledger entry in the same transaction.
CREATE TABLE credit_balances (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  updated_at INTEGER NOT NULL
);
