// Backups and restore (issue 19 item 3): `plumbline backup` copies the SQLite database while requests
// and claims keep writing; `plumbline restore` refuses while the server runs, then brings back every
// request acknowledged before the backup began, with each plumber's ledger equal to the balance.
// The worker's scheduled backups keep the newest N. PostgreSQL: both commands name its own tools.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BACKENDS, PG_URL, http, jsonLead, postJson, runCli, serverEnv, sleep, startServer,
} from '../support/server.mjs';
import { assertLedgerInvariant, query } from '../support/db.mjs';
import { claimIdOf, claimLead, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

const LOOPS = 4; // requests in flight at once

// Runs LOOPS loops of "submit a request, a plumber claims it" until stop(); every 201 is recorded in
// order with the number of backups begun before it was acknowledged.
function writeLoad(m, plumbers, phase) {
  const acked = { leads: [], claims: [] };
  let stopping = false;
  let n = 0;
  const loop = async () => {
    while (!stopping) {
      const r = await postJson(m.srv.baseUrl, jsonLead({ description: `Backup drill request ${n++}: pipe burst.` }));
      assert.equal(r.status, 201, r.body);
      const lead = r.json().id;
      acked.leads.push({ id: lead, phase: phase() });
      const c = await claimLead(m, plumbers[lead % plumbers.length], lead);
      if (c.status === 201) acked.claims.push({ id: claimIdOf(c.json()), phase: phase() });
    }
  };
  const running = Promise.all(Array.from({ length: LOOPS }, loop));
  return { acked, async stop() { stopping = true; await running; } };
}

async function until(what, predicate, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

for (const [db, skip] of BACKENDS) {
  if (db === 'postgres') {
    describe('backup and restore on PostgreSQL', { skip }, () => {
      it('both commands refuse and name pg_dump and pgBackRest', async () => {
        // They refuse before connecting: the test database's URL is enough.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-pgbackup-'));
        const env = serverEnv({ url: PG_URL, dataDir: dir });
        for (const args of [['backup', '--to', path.join(dir, 'x.db')], ['restore', '--from', path.join(dir, 'x.db')]]) {
          const r = await runCli(args, env);
          assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
          assert.match(r.stderr, /pg_dump/);
          assert.match(r.stderr, /pgBackRest/);
          assert.match(r.stderr, /docs\/operations\.md/);
          assert.deepEqual(fs.readdirSync(dir), [], `${args[0]} wrote nothing`);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      });
    });
    continue;
  }

  describe('backup under write load, then restore (sqlite)', { skip }, () => {
    let m;
    before(async () => { m = await startMarketplace({ db, maildev: false }); });
    after(async () => { await m?.close(); });

    it('keeps every request and claim acknowledged before the backup, and every ledger whole', async () => {
      const plumbers = [];
      for (const tag of ['bk1', 'bk2', 'bk3']) plumbers.push(await readyPlumber(m, tag, { credits: 2000 }));
      const file = path.join(m.srv.database.dataDir, 'drill', 'backup.db');
      let backups = 0; // 1 once the backup command has started, 2 once it has finished
      const load = writeLoad(m, plumbers, () => backups);
      await until('30 acknowledged requests', () => load.acked.leads.length >= 30);
      backups = 1;
      const b = await runCli(['backup', '--to', file], m.srv.env);
      backups = 2;
      assert.equal(b.code, 0, b.stderr);
      const made = JSON.parse(b.stdout);
      assert.equal(made.backup, file);
      assert.equal(made.bytes, fs.statSync(file).size);
      const later = load.acked.leads.length;
      await until('10 more requests after the backup', () => load.acked.leads.length >= later + 10);
      await load.stop();
      const before = (p) => load.acked.leads.filter((l) => l.phase === p).map((l) => l.id);
      assert.ok(before(0).length >= 30 && before(2).length >= 10, 'requests on both sides of the backup');
      assert.ok(load.acked.claims.some((c) => c.phase === 0), 'claims (ledger debits) before the backup');

      const refused = await runCli(['restore', '--from', file], m.srv.env);
      assert.equal(refused.code, 1, 'refused while the server has the database open');
      assert.match(refused.stderr, /stop them first/);

      await m.srv.stop();
      const restored = await runCli(['restore', '--from', file], m.srv.env);
      assert.equal(restored.code, 0, restored.stderr);
      assert.match(restored.stdout, /restored .*backup\.db/);
      await m.srv.restart();

      const leads = new Set(query(m.srv, 'SELECT id FROM leads').map(([id]) => Number(id)));
      for (const id of before(0)) assert.ok(leads.has(id), `request ${id}, acknowledged before the backup, is back`);
      for (const id of before(2)) assert.ok(!leads.has(id), `request ${id}, made after the backup, is not: it was restored`);
      const claims = new Set(query(m.srv, 'SELECT id FROM claims').map(([id]) => Number(id)));
      for (const c of load.acked.claims.filter((x) => x.phase === 0))
        assert.ok(claims.has(Number(c.id)), `claim ${c.id}, acknowledged before the backup, is back`);
      assertLedgerInvariant(m.srv);
      assert.equal((await http(m.srv.url('/healthz'))).status, 200);
      const kept = fs.readdirSync(m.srv.database.dataDir).filter((f) => /^plumbline\.db\.before-restore-\d+$/.test(f));
      assert.equal(kept.length, 1, 'the replaced database is kept beside it');
    });
  });

  describe('scheduled backups with retention (sqlite)', { skip }, () => {
    let srv;
    before(async () => {
      srv = await startServer({ db, env: { PLUMBLINE_BACKUP_INTERVAL_SECONDS: '1', PLUMBLINE_BACKUP_KEEP: '2' } });
    });
    after(async () => { await srv?.close(); });

    it('the worker writes a backup each interval and keeps the newest two', async () => {
      const written = () => srv.logs.filter((l) => l.msg === 'backup_written');
      const deleted = () => srv.logs.filter((l) => l.msg === 'backup_deleted');
      await until('three scheduled backups and a deletion', () => written().length >= 3 && deleted().length >= 1);
      const folder = path.join(srv.database.dataDir, 'backups');
      assert.equal(path.dirname(written()[0].file), folder, 'in <data dir>/backups by default');
      assert.equal(deleted()[0].file, written()[0].file, 'the oldest goes first');
      assert.equal(deleted()[0].error, '');
      await srv.stop();
      const files = fs.readdirSync(folder).sort();
      assert.equal(files.length, 2, files.join(', '));
      assert.ok(!files.includes(path.basename(written()[0].file)), 'the oldest is gone');
      assert.ok(files.every((f) => f > path.basename(written()[0].file)), 'the newest stay');
      for (const f of files) {
        const check = await runCli(['restore', '--from', path.join(folder, f)], srv.env);
        assert.equal(check.code, 0, `${f} restores: ${check.stderr}`);
      }
    });
  });
}
