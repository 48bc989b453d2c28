// Operations: /healthz, /readyz, /metrics, access log, stale schema and bad configuration at start.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKENDS, BIN, METRICS_TOKEN, describeOnce, freshDatabase, http, jsonLead, leadsCreated, metricsPage,
  pathOf, postJson, rawExchange, runCli, serverEnv, startServer,
} from '../support/server.mjs';
import { routeTable } from '../support/accounts.mjs';

// value of one Prometheus sample, or undefined.
function sample(text, name, labels = '') {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    if (line.slice(0, sp) === `${name}${labels}`) return Number(line.slice(sp + 1));
  }
  return undefined;
}

for (const [db, skip] of BACKENDS) {
  describe(`operations endpoints (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('/healthz says ok and /readyz says ready', async () => {
      const health = await http(`${srv.baseUrl}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(health.body.trim(), 'ok');
      const ready = await http(`${srv.baseUrl}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(ready.body.trim(), 'ready');
      assert.equal(ready.headers.get('cache-control'), 'no-store');
    });

    it('/metrics speaks Prometheus text with requests, latency, leads and pool use', async () => {
      await http(`${srv.baseUrl}/healthz`);
      const before = await metricsPage(srv.baseUrl);
      assert.equal(before.status, 200);
      assert.match(before.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
      const m = before.body;
      for (const [name, type] of [['http_requests_total', 'counter'],
        ['http_request_duration_seconds', 'histogram'], ['plumbline_db_pool_size', 'gauge'],
        ['plumbline_db_pool_in_use', 'gauge']]) {
        assert.match(m, new RegExp(`^# HELP ${name} `, 'm'), `HELP ${name}`);
        assert.match(m, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), `TYPE ${name}`);
      }
      const healthCount = sample(m, 'http_requests_total',
        '{method="GET",route="/healthz",status="200"}');
      assert.ok(healthCount >= 1, `healthz counted: ${healthCount}`);
      assert.ok(sample(m, 'http_request_duration_seconds_bucket', '{route="/healthz",le="+Inf"}') >= 1);
      assert.ok(sample(m, 'http_request_duration_seconds_count', '{route="/healthz"}') >= 1);
      assert.ok(sample(m, 'plumbline_db_pool_size') >= 1, 'pool size');
      for (const line of m.split('\n'))
        if (line && !line.startsWith('#'))
          // Label values are quoted and may hold braces (route patterns such as /t/{token}).
          assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf)$/, line);

      const leads = await leadsCreated(srv.baseUrl);
      assert.equal((await postJson(srv.baseUrl, jsonLead())).status, 201);
      assert.equal((await postJson(srv.baseUrl, { bad: true })).status, 422);
      const after = await metricsPage(srv.baseUrl);
      assert.equal(await leadsCreated(srv.baseUrl), leads + 1, 'leads counter +1');
      assert.match(after.body, /^# TYPE plumbline_leads_created_total counter$/m);
      assert.ok(sample(after.body, 'http_requests_total',
        '{method="POST",route="/api/v1/leads",status="422"}') >= 1, 'status label per route');
      assert.equal(sample(after.body, 'http_requests_total',
        '{method="GET",route="/healthz",status="200"}'), healthCount, 'no double counting');
    });

    it('labels requests by route pattern, never by the secret tracking token', async () => {
      const created = (await postJson(srv.baseUrl, jsonLead())).json();
      const token = pathOf(created.tracking_url).split('/').pop();
      assert.equal((await http(srv.url(`/t/${token}`))).status, 200);
      const metrics = await metricsPage(srv.baseUrl);
      assert.ok(!metrics.body.includes(token), 'token not in metrics');
      assert.match(metrics.body, /route="\/t\/\{token\}"/);
      const logged = srv.logs.filter((l) => l.msg === 'request');
      assert.ok(logged.length > 0, 'one access-log line per request');
      assert.ok(!JSON.stringify(srv.logs).includes(token), 'token not in the logs');
    });

    it('writes one JSON access-log line per request carrying the request id', async () => {
      const id = `test-${Date.now()}`;
      const res = await http(`${srv.baseUrl}/about`, { headers: { 'x-request-id': id } });
      assert.equal(res.headers.get('x-request-id'), id, 'a sane incoming id is echoed');
      await new Promise((r) => setTimeout(r, 100));
      const lines = srv.logs.filter((l) => l.request_id === id);
      assert.equal(lines.length, 1);
      assert.equal(lines[0].msg, 'request');
      assert.equal(lines[0].status, 200);
      assert.equal(lines[0].route, '/about');
      assert.ok(Number.isFinite(lines[0].duration_us ?? lines[0].duration_ms), 'duration logged');
      assert.equal(lines[0].ip, '127.0.0.1');
      const bad = await http(`${srv.baseUrl}/about`, { headers: { 'x-request-id': 'bad id<>' } });
      assert.match(bad.headers.get('x-request-id'), /^[A-Za-z0-9-]+$/, 'an odd id is replaced');
      const logs = srv.logs.filter((l) => typeof l !== 'object');
      assert.deepEqual(logs, [], 'every stdout line is JSON');
    });

    it('migrate is idempotent on an up-to-date database', async () => {
      const r = await runCli(['migrate'], srv.env);
      assert.equal(r.code, 0, r.stderr);
    });
  });

  describe(`start-up checks (${db})`, { skip }, () => {
    it('refuses to serve an unmigrated database and says to run migrate', async () => {
      const database = freshDatabase(db);
      try {
        const r = await runCli(['serve'], serverEnv(database), 20000);
        assert.equal(r.timedOut, false, 'exited by itself');
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /migrate/);
        assert.ok(!r.stdout.includes('"listening"'), 'never listened');
      } finally {
        database.drop();
      }
    });

    it('serve --migrate brings a fresh database up to date and serves', async () => {
      const srv = await startServer({ db, migrate: false, serveArgs: ['--migrate'] });
      try {
        assert.equal((await http(`${srv.baseUrl}/readyz`)).status, 200);
        assert.equal((await postJson(srv.baseUrl, jsonLead())).status, 201);
      } finally {
        await srv.close();
      }
    });
  });
}

// Prometheus text with at least the request counter.
function assertPrometheus(res, what) {
  assert.equal(res.status, 200, `${what}: ${res.status} ${res.body.slice(0, 120)}`);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/, what);
  assert.match(res.body, /^# TYPE http_requests_total counter$/m, what);
}

describeOnce('/metrics is never public on the main port', () => {
  const bearer = (token) => ({ headers: { authorization: `Bearer ${token}` } });

  it('is 404 on the public port when neither PLUMBLINE_METRICS_TOKEN nor _LISTEN is set', async () => {
    const srv = await startServer({ env: { PLUMBLINE_METRICS_TOKEN: undefined } });
    try {
      for (const opts of [{}, bearer(METRICS_TOKEN)]) {
        const r = await http(srv.url('/metrics'), opts);
        assert.equal(r.status, 404, r.body.slice(0, 200));
        assert.doesNotMatch(r.body, /http_requests_total/);
      }
      assert.ok(!(await routeTable(srv.env)).some((r) => r.pattern === '/metrics'),
        '`plumbline routes` lists no /metrics');
    } finally {
      await srv.close();
    }
  });

  it('with PLUMBLINE_METRICS_TOKEN: 401 without the bearer token or with another, 200 with it', async () => {
    const srv = await startServer({ env: { PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN } });
    try {
      for (const [what, opts] of [['no token', {}], ['another token', bearer(`${METRICS_TOKEN}x`)],
        ['a prefix', bearer(METRICS_TOKEN.slice(0, 32))], ['basic', { headers: { authorization: `Basic ${METRICS_TOKEN}` } }]]) {
        const r = await http(srv.url('/metrics'), opts);
        assert.equal(r.status, 401, what);
        assert.match(r.headers.get('www-authenticate') || '', /^Bearer/, what);
        assert.doesNotMatch(r.body, /http_requests_total/, what);
      }
      assertPrometheus(await http(srv.url('/metrics'), bearer(METRICS_TOKEN)), 'right token');
    } finally {
      await srv.close();
    }
  });

  it('PLUMBLINE_METRICS_LISTEN serves /metrics (and nothing else) on its own port', async () => {
    const srv = await startServer({
      env: { PLUMBLINE_METRICS_TOKEN: undefined, PLUMBLINE_METRICS_LISTEN: '127.0.0.1:0' },
    });
    try {
      const line = srv.logs.find((l) => l.msg === 'metrics_listening');
      assert.ok(line && line.port > 0 && line.port !== srv.port, `metrics_listening logged: ${JSON.stringify(line)}`);
      const side = `http://127.0.0.1:${line.port}`;
      await http(srv.url('/healthz'));  // one request counted, so that the counter has a sample
      assertPrometheus(await http(`${side}/metrics`), 'the metrics listener');
      for (const p of ['/', '/healthz', '/request', '/api/v1/leads', '/dev/mail'])
        assert.equal((await http(side + p)).status, 404, `${p} on the metrics listener`);
      assert.equal((await http(srv.url('/metrics'))).status, 404, 'not on the public port');
      // Scrapers may use an IP literal; a DNS name that is not ours is refused (rebinding).
      const raw = (host) => rawExchange(line.port, `GET /metrics HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.equal((await raw('10.1.2.3:9100')).status, 200);
      assert.equal((await raw(`evil.example:${line.port}`)).status, 421);
    } finally {
      await srv.close(); // exit 0 after SIGTERM: both listeners drained
    }
  });

  it('with both set, the metrics listener asks for the token too', async () => {
    const srv = await startServer({
      env: { PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN, PLUMBLINE_METRICS_LISTEN: '127.0.0.1:0' },
    });
    try {
      const side = `http://127.0.0.1:${srv.logs.find((l) => l.msg === 'metrics_listening').port}`;
      assert.equal((await http(`${side}/metrics`)).status, 401);
      assertPrometheus(await http(`${side}/metrics`, bearer(METRICS_TOKEN)), 'listener with token');
    } finally {
      await srv.close();
    }
  });
});

describeOnce('configuration errors stop the server (exit 2, variable named)', () => {
  const cases = [
    ['PLUMBLINE_LISTEN', 'nope'],
    ['PLUMBLINE_LISTEN', '127.0.0.1:99999'],
    ['PLUMBLINE_HEADER_TIMEOUT_SECONDS', 'ten'],
    ['PLUMBLINE_RATE_LIMIT', 'sometimes'],
    ['DATABASE_URL', 'mysql://localhost/plumbline'],
    ['PLUMBLINE_SECRET_KEY', 'short'],
    ['PLUMBLINE_METRICS_TOKEN', 'short'],
    ['PLUMBLINE_METRICS_LISTEN', '9100'],
    ['PLUMBLINE_ALLOWED_HOSTS', 'https://plumbline.example.com'],
  ];
  for (const [name, value] of cases) {
    it(`${name}=${value}`, async () => {
      const database = freshDatabase('sqlite');
      try {
        const r = await runCli(['serve'], serverEnv(database, { [name]: value }), 20000);
        assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
        assert.ok(r.stderr.includes(name), `stderr names ${name}: ${r.stderr}`);
        assert.ok(!r.stdout.includes('"listening"'), 'never listened');
      } finally {
        database.drop();
      }
    });
  }

  it('serve --help explains itself and exits 0', async () => {
    const database = freshDatabase('sqlite');
    try {
      const r = await runCli(['serve', '--help'], serverEnv(database), 10000);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /--migrate/);
    } finally {
      database.drop();
    }
  });

  it('an unknown command exits 2 with a hint', async () => {
    const database = freshDatabase('sqlite');
    try {
      const r = await runCli(['frobnicate'], serverEnv(database), 10000);
      assert.equal(r.code, 2);
      assert.match(r.stderr + r.stdout, /--help/);
    } finally {
      database.drop();
    }
  });
});

describeOnce('the generated secret key file', () => {
  // `plumbline routes` builds the application (which creates the key) and exits.
  const routesUnderUmask = (database, umask) => spawnSync('sh', ['-c', `umask ${umask} && exec "$0" routes`, BIN],
    { env: serverEnv(database), encoding: 'utf8', timeout: 120000 });

  it('is created owner-only (0600) under a permissive umask, with no temporary file left', () => {
    const database = freshDatabase('sqlite');
    try {
      const r = routesUnderUmask(database, '000');
      assert.equal(r.status, 0, r.stderr);
      const key = path.join(database.dataDir, 'secret.key');
      assert.equal(fs.statSync(key).mode & 0o777, 0o600);
      assert.ok(fs.readFileSync(key, 'utf8').trim().length >= 32);
      assert.deepEqual(fs.readdirSync(database.dataDir).filter((f) => f.startsWith('secret.key.')), []);
      // A second start reads the same key.
      const before = fs.readFileSync(key, 'utf8');
      assert.equal(routesUnderUmask(database, '022').status, 0);
      assert.equal(fs.readFileSync(key, 'utf8'), before);
    } finally {
      database.drop();
    }
  });

  it('is never written through a planted symbolic link', () => {
    const database = freshDatabase('sqlite');
    const target = path.join(database.dataDir, 'elsewhere');
    try {
      fs.symlinkSync(target, path.join(database.dataDir, 'secret.key'));
      const r = routesUnderUmask(database, '022');
      assert.notEqual(r.status, 0, 'refused to start');
      assert.match(r.stderr, /secret\.key/);
      assert.equal(fs.existsSync(target), false, 'nothing written where the link points');
    } finally {
      database.drop();
    }
  });
});
