// Reports benchmark: starts `plumbline serve` on a database built by bench/reports_data (either
// backend), signs in an admin (PLUMBLINE_ADMIN_2FA=off: a benchmark account, never production),
// then asks every report (GET /api/v1/admin/reports lists them) for each period preset, as the
// HTML page with a session cookie and as JSON with a bearer token, N times after warm-ups, one
// request at a time; prints p50/p95/max per (report, preset, format) and the server's peak RSS as
// a markdown table. Reports only; nothing is asserted (the exit code says whether a request failed).
//
//   node bench/reports.mjs --db sqlite:/tmp/reports-bench/reports.db [--runs 20] [--warmup 2]
//   node bench/reports.mjs --db postgres://… --paths "/admin/leads?status=open,/api/v1/admin/leads"
// --paths takes explicit paths instead of the report list (paths under /api/ get the admin's
// bearer token, others the session cookie; "plumber:/api/…" the plumber's token). --presets narrows the presets (comma-separated names of the
// list below). The plumber's own report (/api/v1/reports/my-area) is measured with the plumber
// account bench/reports_data creates, when the server has that route.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BIN, FormClient, REPO_ROOT, http, runCli, serverEnv, sleep } from '../tests/support/server.mjs';

const ADMIN_EMAIL = 'reports-bench-admin@example.com';
const ADMIN_PASSWORD = 'Reports-Bench-Admin-4417';
const PLUMBER_EMAIL = 'reports-bench-plumber@example.com'; // set by bench/reports_data
const PLUMBER_PASSWORD = 'Reports-Bench-Plumber-2031';

function options() {
  const o = { runs: 20, warmup: 2, paths: '', presets: '', db: process.env.DATABASE_URL || '' };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const key = a[i].replace(/^--/, '');
    if (!(key in o)) throw new Error(`unknown option ${a[i]}`);
    o[key] = typeof o[key] === 'number' ? Number(a[i + 1]) : a[i + 1];
  }
  if (!o.db) throw new Error('give --db sqlite:PATH or --db postgres://…');
  return o;
}

// Dates in the server's terms: custom ranges are inclusive local dates, at most 731 days.
function isoDate(d) { return d.toISOString().slice(0, 10); }
function presetList() {
  const today = new Date();
  const back = (days) => isoDate(new Date(today.getTime() - days * 86400000));
  return [
    { name: '7d', query: 'preset=7d' },
    { name: '30d', query: 'preset=30d' },
    { name: '90d', query: 'preset=90d' },
    { name: 'this_month', query: 'preset=this_month' },
    { name: 'last_month', query: 'preset=last_month' },
    { name: 'year', query: `preset=custom&from=${back(364)}&to=${back(0)}` },
    { name: '2 years', query: `preset=custom&from=${back(729)}&to=${back(0)}` },
  ];
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function createAdmin(env) {
  return new Promise((resolve) => {
    const proc = spawn(BIN, ['create-admin', '--email', ADMIN_EMAIL], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    proc.on('close', (code) => resolve({ code, err }));
    proc.stdin.end(`${ADMIN_PASSWORD}\n`);
  });
}

function peakRssKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

const nearestRank = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function token(baseUrl, email, password) {
  const r = await http(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  return r.status === 200 ? r.json().access_token : '';
}

async function main() {
  const o = options();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-bench-'));
  const port = await freePort();
  const env = serverEnv({ url: o.db, dataDir }, {
    PLUMBLINE_LISTEN: `127.0.0.1:${port}`,
    PLUMBLINE_ADMIN_2FA: 'off',
    PLUMBLINE_ACCESS_LOG: 'off',
    PLUMBLINE_LOG_LEVEL: 'warn',
    // The in-process privacy job would anonymise the fixture's year-old requests (~450,000 rows
    // in one catch-up) while we measure, and it holds up shutdown: off for the benchmark.
    PLUMBLINE_HOMEOWNER_RETENTION_DAYS: '0',
    PLUMBLINE_METRICS_TOKEN: undefined,
  });
  const backend = o.db.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL';
  let t = Date.now();
  const migrated = await runCli(['migrate'], env, 1800000);
  if (migrated.code !== 0) throw new Error(`migrate: ${migrated.stderr}`);
  console.error(`${backend}: migrate ${Date.now() - t} ms`);
  const admin = await createAdmin(env);
  if (admin.code !== 0 && !/already|exists|taken/i.test(admin.err)) throw new Error(`create-admin: ${admin.err}`);

  const server = spawn(BIN, ['serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let serverErr = '';
  server.stderr.on('data', (d) => { serverErr += d; });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    t = Date.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error(`serve exited: ${serverErr.slice(-2000)}`);
      try { if ((await http(`${baseUrl}/healthz`, { timeoutMs: 2000 })).status === 200) break; } catch { /* not up yet */ }
      await sleep(200);
    }
    console.error(`${backend}: serving after ${Date.now() - t} ms`);
    const client = new FormClient(baseUrl);
    await client.get('/login');
    const login = await client.post('/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    if (login.status !== 303) throw new Error(`admin log-in: ${login.status} ${login.body.slice(0, 300)}`);
    const cookie = client.cookieHeader();
    const adminToken = await token(baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    if (!adminToken) throw new Error('no API token for the admin');

    // What to measure: [{label, preset, format, path, auth}]
    const targets = [];
    const presets = presetList().filter((p) => !o.presets || o.presets.split(',').includes(p.name));
    if (o.paths) {
      let plumberToken = '';
      for (const given of o.paths.split(',')) {
        const asPlumber = given.startsWith('plumber:');
        const p = asPlumber ? given.slice('plumber:'.length) : given;
        if (asPlumber && !plumberToken) plumberToken = await token(baseUrl, PLUMBER_EMAIL, PLUMBER_PASSWORD);
        const api = p.startsWith('/api/');
        targets.push({ label: given, preset: '', format: api ? 'json' : 'html', path: p,
          auth: asPlumber ? 'plumber' : api ? 'admin' : 'cookie', token: plumberToken });
      }
    } else {
      const list = await http(`${baseUrl}/api/v1/admin/reports`, { headers: { authorization: `Bearer ${adminToken}` } });
      if (list.status !== 200) throw new Error(`GET /api/v1/admin/reports: ${list.status} (use --paths before the reports are merged)`);
      const body = list.json();
      const items = Array.isArray(body) ? body : body.reports || body.items || [];
      const names = items.map((r) => (typeof r === 'string' ? r : r.name || r.slug || r.id)).filter(Boolean);
      if (!names.length) throw new Error(`no report names in ${list.body.slice(0, 300)}`);
      // The admin home shows the overview.
      targets.push({ label: 'admin home (overview)', preset: '30d', format: 'html', path: '/admin', auth: 'cookie' });
      for (const name of names)
        for (const p of presets) {
          targets.push({ label: name, preset: p.name, format: 'html', path: `/admin/reports/${name}?${p.query}`, auth: 'cookie' });
          targets.push({ label: name, preset: p.name, format: 'json', path: `/api/v1/admin/reports/${name}?${p.query}`, auth: 'admin' });
        }
      const plumberToken = await token(baseUrl, PLUMBER_EMAIL, PLUMBER_PASSWORD);
      if (plumberToken) targets.push({ label: 'my-area (plumber)', preset: '12 weeks', format: 'json', path: '/api/v1/reports/my-area', auth: 'plumber', token: plumberToken });
      else console.error('no plumber token: the my-area report is not measured');
    }

    const rows = [];
    let failures = 0;
    for (const target of targets) {
      const headers = target.auth === 'cookie' ? { cookie }
        : { authorization: `Bearer ${target.auth === 'plumber' ? target.token : adminToken}` };
      const times = [];
      let status = 0;
      let bytes = 0;
      for (let i = 0; i < o.warmup + o.runs; i++) {
        const t0 = process.hrtime.bigint();
        const r = await http(baseUrl + target.path, { headers, timeoutMs: 120000 });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        status = r.status;
        bytes = r.body.length;
        if (r.status !== 200) { failures++; console.error(`${target.path}: ${r.status} ${r.body.slice(0, 200)}`); break; }
        if (i >= o.warmup) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const row = times.length
        ? { ...target, status, bytes, p50: nearestRank(times, 50), p95: nearestRank(times, 95), max: times[times.length - 1] }
        : { ...target, status, bytes, p50: NaN, p95: NaN, max: NaN };
      rows.push(row);
      console.error(`${row.label} ${row.preset} ${row.format}: p95 ${row.p95.toFixed(1)} ms`);
    }

    const rss = peakRssKb(server.pid);
    const worst = rows.reduce((m, r) => Math.max(m, r.p95 || 0), 0);
    console.log(`### ${backend}: ${o.runs} runs after ${o.warmup} warm-ups, one request at a time (ms)\n`);
    console.log('| report | period | format | p50 | p95 | max | status | bytes |');
    console.log('|---|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(`| ${r.label} | ${r.preset} | ${r.format} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.status} | ${r.bytes} |`);
    console.log(`\nWorst p95: ${worst.toFixed(1)} ms (target < 300 ms). Server peak RSS (VmHWM): ${(rss / 1024).toFixed(0)} MiB. Failed requests: ${failures}.`);
    process.exitCode = failures ? 1 : 0;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.on('close', r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.message); process.exit(2); });
