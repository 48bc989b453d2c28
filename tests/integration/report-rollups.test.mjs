// `plumbline rollup-reports` over HTTP-made data on both databases: a request moved three days back
// is rolled up into its day, `--verify` finds every stored day equal to the raw rows, and a stored
// row changed behind the worker's back is reported (exit 1, the day and the statement named).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, jsonLead, postJson, runCli, startServer } from '../support/server.mjs';
import { execute, query } from '../support/db.mjs';

const DAY = 86_400_000;

async function rollupCli(srv, ...args) {
  const r = await runCli(['rollup-reports', ...args], srv.env);
  const last = r.stdout.trim().split('\n').pop();
  return { code: r.code, summary: JSON.parse(last), stderr: r.stderr };
}

for (const [db, skip] of BACKENDS) {
  describe(`report rollups from the command line (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('builds settled days, verifies them, and names a stored row that disagrees', async () => {
      for (let i = 0; i < 3; ++i) assert.equal((await postJson(srv.baseUrl, jsonLead())).status, 201);
      execute(srv, `UPDATE leads SET created_at = created_at - ${3 * DAY}`);

      const built = await rollupCli(srv);
      assert.equal(built.code, 0, built.stderr);
      assert.equal(built.summary.days_missing, 0);
      const days = Number(query(srv, 'SELECT count(*) FROM report_rollup_days')[0][0]);
      assert.ok(days >= 1, 'the settled day of the moved requests is built (by the CLI or the worker)');
      const stored = query(srv,
        "SELECT sum(i0) FROM report_rollup_rows WHERE statement = 'overview_requests'")[0][0];
      assert.equal(Number(stored), 3, 'the three requests are in the stored rows');

      const verified = await rollupCli(srv, '--verify');
      assert.equal(verified.code, 0, verified.stderr);
      assert.equal(verified.summary.days_verified, days);
      assert.deepEqual(verified.summary.differing, []);

      execute(srv, "UPDATE report_rollup_rows SET i0 = i0 + 1 WHERE statement = 'overview_requests'");
      const tampered = await rollupCli(srv, '--verify');
      assert.equal(tampered.code, 1);
      assert.equal(tampered.summary.differing.length, 1);
      assert.match(tampered.summary.differing[0], /^\d{4}-\d{2}-\d{2} overview_requests$/);
    });
  });
}
