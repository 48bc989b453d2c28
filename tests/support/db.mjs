// Test support: reading the server's database from outside the server (sqlite3 / psql), and the
// credits ledger invariant every payments test checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// Rows of `sql` ('|'-separated text) from the server's database, outside the server.
export function query(srv, sql) {
  const url = srv.database.url;
  const r = url.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', url.slice('sqlite:'.length), sql], { encoding: 'utf8', timeout: 240000 })
    : spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8', timeout: 240000 });
  if (r.status !== 0) throw new Error(`query failed: ${r.stderr || r.error}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

// Runs statements that change the server's database, for a state no request can make (e.g. a
// balance beyond what grants reach); SQLite waits up to 10 s for the server's writer.
export function execute(srv, sql) {
  const url = srv.database.url;
  const r = url.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', '-cmd', '.timeout 10000', url.slice('sqlite:'.length), sql], { encoding: 'utf8', timeout: 240000 })
    : spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8', timeout: 240000 });
  if (r.status !== 0) throw new Error(`execute failed: ${r.stderr || r.error}`);
}

// Everything a payment may change (ledger, plans, Stripe events, payments), as one string for
// "a declined card changes nothing" checks.
export function paymentState(srv) {
  return JSON.stringify([
    query(srv, 'SELECT id, user_id, kind, amount, reference FROM credit_ledger ORDER BY id'),
    query(srv, "SELECT user_id, plan_status, coalesce(plan_id, ''), coalesce(stripe_subscription_id, ''), "
      + 'current_period_end FROM plumbers ORDER BY user_id'),
    query(srv, 'SELECT id FROM stripe_events ORDER BY id'),
    query(srv, 'SELECT count(*) FROM payments'),
  ]);
}

// Balance = sum of entries and never negative, for every plumber.
export function assertLedgerInvariant(srv) {
  const rows = query(srv, 'SELECT p.user_id, coalesce(b.balance, 0), '
    + '(SELECT coalesce(sum(amount), 0) FROM credit_ledger l WHERE l.user_id = p.user_id) '
    + 'FROM plumbers p LEFT JOIN credit_balances b ON b.user_id = p.user_id');
  for (const [user, balance, sum] of rows) {
    assert.equal(Number(balance), Number(sum), `plumber ${user}: balance ${balance} ≠ ledger sum ${sum}`);
    assert.ok(Number(balance) >= 0, `plumber ${user}: negative balance ${balance}`);
  }
}
