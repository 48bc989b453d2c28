-- Row-level security (issue 19, docs/decisions/0015-row-level-security.md). The app acts as
-- plumbline_app, a role that owns nothing (the store adopts it on every pooled connection), and
-- each transaction declares its principal: SET LOCAL plumbline.role = system | staff | plumber and
-- plumbline.user_id (store/principal.hpp). A plumber's transaction sees and writes only that
-- plumber's claims, ledger, balance, profile and sessions, and of the outbox only the messages
-- addressed to the plumber or written by the plumber's own requests (a claim notifies the
-- homeowner). No principal, no rows. FORCE binds the owner too; superusers and BYPASSRLS roles are
-- never bound, which is why the app does not stay one.

-- The role is cluster-wide: create it once (another database's migration may race us to it).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plumbline_app') THEN
    BEGIN
      CREATE ROLE plumbline_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  -- The migrating login (the owner) must be able to SET ROLE to it for the store to adopt it.
  IF NOT pg_has_role('plumbline_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT plumbline_app TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'grant plumbline_app to % yourself, or log the app in as plumbline_app',
        current_user;
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO plumbline_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO plumbline_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO plumbline_app;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM plumbline_app;
-- Tables and sequences later migrations create (as this same owner) are the app's to use too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO plumbline_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO plumbline_app;

-- The system (worker, intake, webhooks, matching, CLI) and staff see every row.
CREATE FUNCTION plumbline_sees_all() RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('plumbline.role', true) IN ('system', 'staff'), false)
$$;
-- The plumber whose transaction this is; NULL for any other principal.
CREATE FUNCTION plumbline_plumber_id() RETURNS BIGINT LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN current_setting('plumbline.role', true) = 'plumber'
              THEN nullif(current_setting('plumbline.user_id', true), '')::BIGINT END
$$;

ALTER TABLE claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE claims FORCE ROW LEVEL SECURITY;
CREATE POLICY claims_all ON claims USING (plumbline_sees_all()) WITH CHECK (plumbline_sees_all());
CREATE POLICY claims_own ON claims USING (plumber_id = plumbline_plumber_id())
  WITH CHECK (plumber_id = plumbline_plumber_id());

ALTER TABLE credit_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY credit_ledger_all ON credit_ledger USING (plumbline_sees_all())
  WITH CHECK (plumbline_sees_all());
CREATE POLICY credit_ledger_own ON credit_ledger USING (user_id = plumbline_plumber_id())
  WITH CHECK (user_id = plumbline_plumber_id());

ALTER TABLE credit_balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_balances FORCE ROW LEVEL SECURITY;
CREATE POLICY credit_balances_all ON credit_balances USING (plumbline_sees_all())
  WITH CHECK (plumbline_sees_all());
CREATE POLICY credit_balances_own ON credit_balances USING (user_id = plumbline_plumber_id())
  WITH CHECK (user_id = plumbline_plumber_id());

ALTER TABLE plumbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE plumbers FORCE ROW LEVEL SECURITY;
CREATE POLICY plumbers_all ON plumbers USING (plumbline_sees_all()) WITH CHECK (plumbline_sees_all());
CREATE POLICY plumbers_own ON plumbers USING (user_id = plumbline_plumber_id())
  WITH CHECK (user_id = plumbline_plumber_id());

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_all ON sessions USING (plumbline_sees_all()) WITH CHECK (plumbline_sees_all());
CREATE POLICY sessions_own ON sessions USING (user_id = plumbline_plumber_id())
  WITH CHECK (user_id = plumbline_plumber_id());

-- The outbox has no owner column: a plumber's transaction may write any message (a claim notifies
-- the homeowner) and reads back the ones addressed to the plumber or written by its own requests.
-- written_by_plumber is filled from the principal by its default (the store never names it), so
-- that INSERT … RETURNING, which must see the new row, sees it.
ALTER TABLE outbox ADD COLUMN written_by_plumber BIGINT DEFAULT plumbline_plumber_id();
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_all ON outbox USING (plumbline_sees_all()) WITH CHECK (plumbline_sees_all());
CREATE POLICY outbox_plumber_writes ON outbox FOR INSERT
  WITH CHECK (written_by_plumber = plumbline_plumber_id());
CREATE POLICY outbox_own ON outbox USING (
  written_by_plumber = plumbline_plumber_id()
  OR recipient IN (SELECT email FROM users WHERE id = plumbline_plumber_id())
  OR recipient IN (SELECT phone_e164 FROM plumbers WHERE user_id = plumbline_plumber_id()));
