// One error path (issue 14): a database that cannot answer gives 503 with Retry-After and the JSON
// envelope `unavailable` (never a 500, never the driver's text), logged once as store_failure;
// the server answers normally again once the database is back. SQLite: another process holds
// the write lock past the busy timeout. PostgreSQL: the server's connections are cut and new ones
// refused.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { BACKENDS, PG_URL, jsonLead, postJson, sleep, startServer } from '../support/server.mjs';

// Holds an exclusive SQLite write lock until release() (the sqlite3 shell keeps the transaction
// open while its input is).
async function holdSqliteLock(dbPath) {
  const shell = spawn('sqlite3', [dbPath], { stdio: ['pipe', 'ignore', 'inherit'] });
  shell.stdin.write('PRAGMA busy_timeout=10000;\nBEGIN EXCLUSIVE;\nSELECT 1;\n');
  await sleep(500);
  return async () => {
    const done = new Promise((resolve) => shell.on('close', resolve));
    shell.stdin.end('ROLLBACK;\n');
    await done;
  };
}

function psqlOn(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
}

// Cuts the server's PostgreSQL connections and refuses new ones until release().
async function cutPostgres(dbUrl) {
  const name = new URL(dbUrl).pathname.slice(1);
  psqlOn(PG_URL, `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  psqlOn(PG_URL, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  await sleep(200);
  return async () => psqlOn(PG_URL, `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
}

for (const [db, skip] of BACKENDS) {
  describe(`a store outage (${db})`, { skip }, () => {
    let srv;
    after(async () => { await srv?.close(); });

    it('answers 503 unavailable with Retry-After, logs store_failure, and recovers', async () => {
      srv = await startServer({ db });
      const first = await postJson(srv.baseUrl, jsonLead({ description: 'Before the outage: a dripping tap.' }));
      assert.equal(first.status, 201, first.body);

      const release = db === 'sqlite'
        ? await holdSqliteLock(srv.database.url.replace(/^sqlite:/, ''))
        : await cutPostgres(srv.database.url);
      let res;
      try {
        res = await postJson(srv.baseUrl, jsonLead({ description: 'During the outage: a burst pipe.' }),
          { timeoutMs: 60000 });
      } finally {
        await release();
      }
      assert.equal(res.status, 503, res.body);
      const retry = Number(res.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry >= 1, `Retry-After: ${res.headers.get('retry-after')}`);
      const body = JSON.parse(res.body);
      assert.equal(body.error.code, 'unavailable');
      assert.doesNotMatch(res.body, /locked|busy|terminat|connection|SQLITE|PG/i, 'no driver text');
      assert.ok(srv.logs.some((l) => l?.msg === 'store_failure'), 'a store_failure log line');
      assert.ok(!srv.logs.some((l) => l?.msg === 'unhandled_exception'), 'not treated as a bug');

      let again;
      for (let i = 0; i < 50; i++) {
        again = await postJson(srv.baseUrl, jsonLead({ description: 'After the outage: a running toilet.' }));
        if (again.status === 201) break;
        await sleep(200);
      }
      assert.equal(again.status, 201, again.body);
    });
  });
}
