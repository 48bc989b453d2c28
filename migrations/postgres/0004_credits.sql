-- 0004: the credits ledger (append-only) and the cached balance per user; times are unix ms.
CREATE TABLE credit_ledger (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'purchase', 'claim', 'refund', 'adjustment')),
  amount INTEGER NOT NULL CHECK (amount <> 0),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  actor_user_id BIGINT REFERENCES users (id),
  reference TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX credit_ledger_user ON credit_ledger (user_id, id);
-- One entry per (kind, reference), e.g. one grant per invoice, one claim debit per claim.
CREATE UNIQUE INDEX credit_ledger_reference ON credit_ledger (kind, reference) WHERE reference <> '';

CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_ledger is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER credit_ledger_append_only BEFORE UPDATE OR DELETE ON credit_ledger
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();
CREATE TRIGGER credit_ledger_no_truncate BEFORE TRUNCATE ON credit_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION credit_ledger_append_only();

-- The balance cache, moved with every ledger entry in the same transaction.
CREATE TABLE credit_balances (
  user_id BIGINT PRIMARY KEY REFERENCES users (id),
  balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  updated_at BIGINT NOT NULL
);
