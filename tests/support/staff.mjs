// Test support: staff accounts other than the admin (a support agent made from a signed-up account).
import { execute } from './db.mjs';

// Makes account `id` a support agent. Until the support role's migration lands (another part of
// issue 15) the schema's role check refuses the value, so this lifts that check in the test's own
// database first (SQLite: for this one statement; PostgreSQL: the constraint is dropped).
export function makeSupport(srv, id) {
  const sql = `UPDATE users SET role = 'support' WHERE id = ${id}`;
  try {
    execute(srv, sql);
  } catch {
    execute(srv, srv.database.url.startsWith('sqlite:')
      ? `PRAGMA ignore_check_constraints = ON; ${sql};`
      : `ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check; ${sql};`);
  }
}
