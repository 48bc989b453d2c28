// The write load and the check of the PostgreSQL point-in-time recovery drill (scripts/pg-pitr-drill.sh).
//
//   node scripts/pg-pitr-load.mjs load DIR     TEST_PG_URL = the archived cluster. Starts a plumbline
//       server on a fresh database there, an admin and two plumbers, then writes until DIR/stop
//       exists: one client, one request at a time, a homeowner's request (POST /api/v1/leads) and
//       an admin's credit grant (POST /api/v1/admin/plumbers/{id}/credits) in turn. Each answer is
//       a line of DIR/acks.jsonl: {n, kind, key, sent_us, acked_us, status}. DIR/database holds the
//       database's name, DIR/ready appears after the first 20 acknowledgements.
//   node scripts/pg-pitr-load.mjs verify DIR URL TARGET_US    URL = the restored database. Every
//       request acknowledged before the target is there, none sent after it is, and every ledger
//       sums to its balance; prints the figures, exits 1 on any miss.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { grantCredits, readyPlumber, startMarketplace } from '../tests/support/marketplace.mjs';
import { jsonLead, postJson } from '../tests/support/server.mjs';

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

async function load(dir) {
  const m = await startMarketplace({ db: 'postgres', maildev: false, env: { PLUMBLINE_RATE_LIMIT: 'off' } });
  fs.writeFileSync(path.join(dir, 'database'), new URL(m.srv.database.url).pathname.slice(1));
  const plumbers = [await readyPlumber(m, 'pitr-a'), await readyPlumber(m, 'pitr-b')];
  const out = fs.openSync(path.join(dir, 'acks.jsonl'), 'a');
  let acked = 0;
  for (let n = 1; !fs.existsSync(path.join(dir, 'stop')); n++) {
    const lead = n % 2 === 1;
    const key = lead ? `PITR drill lead ${n}: water under the kitchen sink.` : `PITR drill grant ${n}`;
    const sent = nowUs();
    let status;
    try {
      if (lead) {
        const r = await postJson(m.srv.baseUrl, jsonLead({ description: key, phone: `(415) 555-${String(n % 10000).padStart(4, '0')}` }));
        status = r.status;
      } else {
        await grantCredits(m, plumbers[n % 2], 1, key);
        status = 200;
      }
    } catch (e) {
      status = `error: ${e.message.slice(0, 200)}`;
    }
    const ackedAt = nowUs();
    fs.writeSync(out, `${JSON.stringify({ n, kind: lead ? 'lead' : 'grant', key, sent_us: sent, acked_us: ackedAt, status })}\n`);
    if (status === 201 || status === 200) acked++;
    if (acked === 20) fs.writeFileSync(path.join(dir, 'ready'), '');
  }
  fs.closeSync(out);
  await m.srv.stop('SIGTERM'); // the database stays: the drill throws the whole cluster away
  process.exit(0);
}

function psql(url, sql) {
  return execFileSync('psql', ['-X', '-q', '-At', '-d', url, '-c', sql], { encoding: 'utf8' })
    .split('\n').filter((l) => l !== '');
}

function verify(dir, url, targetUs) {
  const acks = fs.readFileSync(path.join(dir, 'acks.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const present = new Set([
    ...psql(url, "SELECT description FROM leads WHERE description LIKE 'PITR drill lead %'"),
    ...psql(url, "SELECT reason FROM credit_ledger WHERE reason LIKE 'PITR drill grant %'"),
  ]);
  const problems = [];
  let before = 0, after = 0, straddling = 0;
  for (const a of acks) {
    const ok = a.status === 201 || a.status === 200;
    if (ok && a.acked_us <= targetUs) {
      before++;
      if (!present.has(a.key)) problems.push(`acknowledged before the target but missing: #${a.n} ${a.kind}`);
    } else if (a.sent_us > targetUs) {
      after++;
      if (present.has(a.key)) problems.push(`sent after the target but restored: #${a.n} ${a.kind}`);
    } else if (ok) {
      straddling++; // in flight at the target: either outcome is right
    } else {
      problems.push(`refused before the target: #${a.n} ${a.kind} (${a.status})`);
    }
  }
  const unequal = psql(url, `SELECT l.user_id || ': ledger ' || l.total || ', balance ' || coalesce(b.balance, 0)
      FROM (SELECT user_id, sum(amount) AS total FROM credit_ledger GROUP BY user_id) l
      FULL JOIN credit_balances b USING (user_id)
      WHERE coalesce(l.total, 0) <> coalesce(b.balance, 0)`);
  for (const u of unequal) problems.push(`ledger and balance differ for user ${u}`);
  const ledgers = Number(psql(url, 'SELECT count(DISTINCT user_id) FROM credit_ledger')[0]);
  if (before < 20) problems.push(`only ${before} requests were acknowledged before the target`);
  if (after < 5) problems.push(`only ${after} requests were sent after the target`);
  console.log(`pitr: ${acks.length} requests; ${before} acknowledged before the target, all restored; ` +
    `${after} sent after it, none restored; ${straddling} in flight at the target; ` +
    `${ledgers} ledgers equal to their balances`);
  for (const p of problems.slice(0, 20)) console.log(`pitr: PROBLEM ${p}`);
  process.exit(problems.length ? 1 : 0);
}

const [mode, dir, url, target] = process.argv.slice(2);
if (mode === 'load') await load(dir);
else if (mode === 'verify') verify(dir, url, Number(target));
else {
  console.error('usage: pg-pitr-load.mjs load DIR | verify DIR URL TARGET_US');
  process.exit(2);
}
