// Reports on a read replica (issue 19, PLUMBLINE_DATABASE_REPLICA_URL): a real streaming replica of
// a cluster of the test's own (scripts/pg-replica.sh). Reports read it while it is fresh; with its
// replay paused they read the primary again once it is further behind than
// PLUMBLINE_REPLICA_MAX_LAG_MS (a request submitted after the pause shows at once); with the
// replica down they still answer, from the primary.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PG_URL, REPO_ROOT, jsonLead, postJson, runCli, serverEnv } from '../support/server.mjs';
import { startInstance } from '../support/fleet.mjs';
import { waitFor } from '../support/outbox.mjs';
import { api, marketplaceOn } from '../support/marketplace.mjs';

function sh(args) {
  const r = spawnSync('bash', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout.trim();
}
function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

// PostgreSQL only (a streaming replica): one run, not one per backend.
{
  describe('reports on a read replica (postgres)', { skip: !PG_URL && 'TEST_PG_URL is not set' }, () => {
    // The clusters' folders sit in the temporary folder itself: the server's user (postgres, when
    // run as root) cannot enter a private folder of ours.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-replica-'));
    const primaryDir = `${dir}-primary`;
    const replicaDir = `${dir}-replica`;
    let primaryUrl;
    let replicaUrl;
    let inst;
    let m;
    before(async () => {
      primaryUrl = sh(['scripts/pg-temp.sh', 'start', primaryDir]);
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(dataDir);
      const env = serverEnv({ url: primaryUrl, dataDir }, { PLUMBLINE_ACCESS_LOG: 'off' });
      const mig = await runCli(['migrate'], env);
      assert.equal(mig.code, 0, mig.stderr);
      replicaUrl = sh(['scripts/pg-replica.sh', 'start', primaryDir, replicaDir]);
      env.PLUMBLINE_DATABASE_REPLICA_URL = replicaUrl;
      env.PLUMBLINE_REPLICA_MAX_LAG_MS = '500';
      inst = await startInstance(env);
      const srv = { env, baseUrl: inst.url(''), url: inst.url, close: () => inst.stop() };
      m = await marketplaceOn(srv);
    });
    after(async () => {
      await inst?.stop();
      try { sh(['scripts/pg-replica.sh', 'stop', replicaDir]); } catch { /* best effort */ }
      try { sh(['scripts/pg-temp.sh', 'stop', primaryDir]); } catch { /* best effort */ }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const requests = async () => {
      const r = await api(m.srv, 'GET', '/api/v1/admin/reports/overview?preset=7d', { token: m.admin.token });
      assert.equal(r.status, 200, r.body);
      return r.json().kpis.find((k) => k.key === 'requests').value;
    };
    const logged = (msg) => inst.logs.filter((l) => l?.msg === msg).length;

    it('reads the fresh replica, the primary when replay stops, and answers with the replica down', async () => {
      const submit = async () => assert.equal((await postJson(inst.url(''), jsonLead())).status, 201);
      await submit();
      await waitFor(async () => (await requests()) === 1 && logged('replica_reads_on') > 0,
        { what: 'the report to read the replica' });
      assert.ok(Number(psql(replicaUrl, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'plumbline'")) > 0,
        'the server holds connections to the replica');

      // Replay paused: the replica keeps answering, but with yesterday's news.
      psql(replicaUrl, 'SELECT pg_wal_replay_pause()');
      await submit();
      assert.equal(psql(replicaUrl, 'SELECT count(*) FROM leads'), '1', 'the replica has not seen the new request');
      await waitFor(async () => (await requests()) === 2, { what: 'the report to show the new request' });
      assert.ok(logged('replica_reads_off') > 0, 'the server passed the stale replica over');

      // Replay again: the replica is used again once it has caught up.
      const onBefore = logged('replica_reads_on');
      psql(replicaUrl, 'SELECT pg_wal_replay_resume()');
      await waitFor(async () => (await requests()) === 2 && logged('replica_reads_on') > onBefore,
        { what: 'the caught-up replica to be read again' });

      // The replica stops: reports come from the primary.
      sh(['scripts/pg-replica.sh', 'stop', replicaDir]);
      await submit();
      await waitFor(async () => (await requests()) === 3, { what: 'the report without the replica' });
    });
  });
}
