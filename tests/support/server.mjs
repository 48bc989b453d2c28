// Test support: runs the real plumbline binary on a fresh SQLite/PostgreSQL database; HTTP helpers.
import { spawn, spawnSync } from 'node:child_process';
import { describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { API_PREFIX, checkApiResponse } from './openapi.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.resolve(REPO_ROOT, process.env.PLUMBLINE_BIN || 'build/release/plumbline');
export const PG_URL = process.env.TEST_PG_URL || '';
const START_TIMEOUT_MS = Number(process.env.PLUMBLINE_TEST_START_TIMEOUT_MS || 120000);

// [backend, skip] pairs for describe(): every suite runs on SQLite, and on PostgreSQL when
// TEST_PG_URL is set. PLUMBLINE_TEST_BACKEND=sqlite|postgres keeps one of them, so that the test
// runner (tests/run-files.mjs --split-backends) can run a file's two halves side by side.
const ONLY_BACKEND = process.env.PLUMBLINE_TEST_BACKEND || '';
if (!['', 'sqlite', 'postgres'].includes(ONLY_BACKEND))
  throw new Error(`PLUMBLINE_TEST_BACKEND must be sqlite or postgres, not ${ONLY_BACKEND}`);
export const BACKENDS = [
  ['sqlite', false],
  ['postgres', PG_URL ? false : 'TEST_PG_URL is not set: PostgreSQL run skipped'],
].filter(([db]) => !ONLY_BACKEND || db === ONLY_BACKEND);

// describe() for a suite that does not depend on the backend: in a split run it runs once, with
// the SQLite half.
export function describeOnce(...args) {
  if (ONLY_BACKEND === 'postgres') return undefined;
  return describe(...args);
}

// ---- cleanup of everything this process started, even when a test fails or times out ----
const live = new Set(); // {kill(), cleanupSync()}
function cleanupAllSync() {
  for (const item of live) {
    try { item.cleanupSync(); } catch { /* best effort */ }
  }
  live.clear();
}
process.on('exit', cleanupAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => { cleanupAllSync(); process.kill(process.pid, sig); });
}

function psql(sql, timeoutMs = 120000) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', PG_URL, '-c', sql],
    { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`psql failed (${r.status ?? r.signal}): ${r.stderr || r.error}`);
}

// A fresh empty database plus a data folder: {url, dataDir, drop()}; nothing is migrated.
export function freshDatabase(db = 'sqlite') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-test-'));
  let url;
  let dropDb = () => {};
  if (db === 'sqlite') {
    url = `sqlite:${path.join(dataDir, 'plumbline.db')}`;
  } else if (db === 'postgres') {
    if (!PG_URL) throw new Error('TEST_PG_URL is not set');
    const name = `t_${randomBytes(6).toString('hex')}`;
    psql(`CREATE DATABASE ${name} STRATEGY FILE_COPY`); // a third faster than WAL_LOG here
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    throw new Error(`unknown backend ${db}`);
  }
  let dropped = false;
  const handle = {
    url,
    dataDir,
    drop() {
      if (dropped) return;
      dropped = true;
      live.delete(handle);
      try { dropDb(); } finally { fs.rmSync(dataDir, { recursive: true, force: true }); }
    },
    cleanupSync() { handle.drop(); },
  };
  live.add(handle);
  return handle;
}

// The bearer token test servers serve /metrics with on their public port (see metricsPage()).
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef0123';

// The environment for the binary: nothing inherited that could point it elsewhere. A key of
// `extra` set to undefined is left out (e.g. PLUMBLINE_METRICS_TOKEN: undefined for no /metrics).
export function serverEnv(database, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('PLUMBLINE_') && k !== 'DATABASE_URL') env[k] = v;
  const all = {
    ...env,
    DATABASE_URL: database.url,
    PLUMBLINE_DATA_DIR: database.dataDir,
    PLUMBLINE_LISTEN: '127.0.0.1:0',
    PLUMBLINE_TEMPLATES_DIR: path.join(REPO_ROOT, 'templates'),
    PLUMBLINE_STATIC_DIR: path.join(REPO_ROOT, 'static'),
    PLUMBLINE_ZIP_FILE: path.join(REPO_ROOT, 'data/generated/zips.tsv'),
    PLUMBLINE_OPENAPI_FILE: path.join(REPO_ROOT, 'docs/openapi.json'),
    PLUMBLINE_RATE_LIMIT: 'off',
    PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN,
    ...extra,
  };
  for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
  return all;
}

// Runs the binary to completion (killed after timeoutMs): {code, signal, stdout, stderr}.
export function runCli(args, env, timeoutMs = START_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    const item = { cleanupSync: () => proc.kill('SIGKILL') };
    live.add(item);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('error', (e) => { clearTimeout(timer); live.delete(item); reject(e); });
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(item);
      resolve({ code, signal, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
  });
}

// Starts `plumbline serve [serveArgs]` on a fresh database, migrated first unless migrate: false.
// Returns {baseUrl, port, proc, logs, stderr(), stop(signal), restart(), close(), exited}.
export async function startServer({ db = 'sqlite', env = {}, migrate = true, serveArgs = [] } = {}) {
  const database = freshDatabase(db);
  const fullEnv = serverEnv(database, env);
  try {
    if (migrate) {
      const m = await runCli(['migrate'], fullEnv);
      if (m.code !== 0) throw new Error(`plumbline migrate failed (${m.code}): ${m.stderr}`);
    }
    const server = {
      db,
      serveArgs,
      database,
      env: fullEnv,
      logs: [], // every stdout line, parsed JSON when possible, across restarts
      stderrText: '',
      proc: null,
      port: 0,
      baseUrl: '',
      exited: null, // promise of {code, signal} for the current process
      stderr() { return server.stderrText; },
      url(p) { return server.baseUrl + p; },
      async stop(signal = 'SIGTERM', timeoutMs = 60000) {
        const proc = server.proc;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return server.exited;
        proc.kill(signal);
        let timer;
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => {
            proc.kill('SIGKILL');
            reject(new Error(`server did not exit within ${timeoutMs} ms of ${signal}`));
          }, timeoutMs);
        });
        try { return await Promise.race([server.exited, timeout]); } finally { clearTimeout(timer); }
      },
      async restart() {
        await server.stop('SIGTERM');
        await launch(server);
        return server;
      },
      // Stops a running server with SIGTERM (so sanitizer leak checks run) and drops the database;
      // throws when the server did not exit cleanly or a sanitizer reported anything.
      async close() {
        live.delete(server);
        const problems = [];
        const proc = server.proc;
        if (proc && proc.exitCode === null && proc.signalCode === null) {
          try {
            const r = await server.stop('SIGTERM', 15000);
            if (r.code !== 0) problems.push(`exit ${r.code ?? r.signal} after SIGTERM`);
          } catch (e) {
            problems.push(e.message);
          }
        }
        database.drop();
        const report = /(AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:)[^]*/
          .exec(server.stderrText);
        if (report) problems.push(`sanitizer report:\n${report[0].slice(0, 4000)}`);
        if (problems.length) throw new Error(`server on ${db}: ${problems.join('; ')}`);
      },
      cleanupSync() {
        if (server.proc && server.proc.exitCode === null) server.proc.kill('SIGKILL');
        database.drop();
      },
    };
    live.add(server);
    try {
      await launch(server);
    } catch (e) {
      await server.close().catch(() => {}); // the start-up error is the one to report
      throw e;
    }
    return server;
  } catch (e) {
    database.drop();
    throw e;
  }
}

function launch(server) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', ...server.serveArgs], {
      cwd: REPO_ROOT, env: server.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.proc = proc;
    server.port = 0;
    server.baseUrl = '';
    let settled = false;
    const finish = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) { proc.kill('SIGKILL'); reject(err); } else resolve(server);
    };
    const timer = setTimeout(() => finish(new Error(
      `server did not log "listening" within ${START_TIMEOUT_MS} ms; stderr: ${server.stderrText}`)),
    START_TIMEOUT_MS);
    server.exited = new Promise((res) => {
      proc.on('exit', (code, signal) => {
        finish(new Error(`server exited (${code ?? signal}) before listening: ${server.stderrText}`));
        res({ code, signal });
      });
      proc.on('error', (e) => { // e.g. the binary is missing: there will be no 'exit'
        finish(e);
        if (proc.pid === undefined) res({ code: null, signal: null, error: e });
      });
    });
    proc.stderr.on('data', (d) => { server.stderrText += d; });
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      let entry = line;
      try { entry = JSON.parse(line); } catch { /* keep the raw text */ }
      server.logs.push(entry);
      if (entry && entry.msg === 'listening' && !settled) {
        server.port = entry.port;
        server.baseUrl = `http://127.0.0.1:${entry.port}`;
        finish(null);
      }
    });
  });
}

// fetch with a deadline and no redirects; returns {status, headers, body, location, json()}. An
// answer from /api/v1 must match the API's contract (support/openapi.mjs), or this throws;
// contract: false is for an answer that is not the server's (a proxy's own refusal).
export async function http(url, { method = 'GET', headers = {}, body, timeoutMs = 60000, contract = true } = {}) {
  const res = await fetch(url, {
    method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (contract && url.includes(API_PREFIX)) checkApiResponse(method, url, { status: res.status, headers: res.headers, body: text });
  return {
    status: res.status,
    headers: res.headers,
    body: text,
    location: res.headers.get('location'),
    setCookies: res.headers.getSetCookie(),
    json: () => JSON.parse(text),
  };
}

export function postJson(baseUrl, payload, { headers = {}, timeoutMs } = {}) {
  return http(`${baseUrl}/api/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    timeoutMs,
  });
}

// Decodes the HTML character references a template engine emits.
export function decodeHtml(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return String.fromCodePoint(code);
    }
    return named[ref.toLowerCase()] ?? m;
  });
}

export function csrfFrom(html) {
  const m = /name="csrf_token" value="([^"]*)"/.exec(html);
  return m ? m[1] : null;
}

// A browser-like form client: keeps cookies, reads csrf_token from the form, never follows
// redirects.
export class FormClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
    this.csrfToken = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, p, { headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.cookies.size && !('cookie' in h)) h.cookie = this.cookieHeader();
    const res = await http(this.baseUrl + p, { method, headers: h, body });
    for (const c of res.setCookies) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const token = csrfFrom(res.body);
    if (token) this.csrfToken = token;
    return res;
  }

  get(p, opts) { return this.request('GET', p, opts); }

  // fields: object or URLSearchParams (the csrf_token from the last page is added unless given),
  // or a string sent as it is.
  async post(p, fields = {}, { headers = {}, withToken = true } = {}) {
    let body = fields;
    if (typeof fields !== 'string') {
      const params = new URLSearchParams(fields);
      if (withToken && !params.has('csrf_token') && this.csrfToken)
        params.set('csrf_token', this.csrfToken);
      body = params.toString();
    }
    return this.request('POST', p, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
  }

  // Issue 17: a multipart/form-data POST (a form with files): fields as in post(), files as
  // [field, filename, bytes]; fetch writes the boundary.
  async postMultipart(p, fields = {}, files = [], { headers = {}, withToken = true } = {}) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    if (withToken && !('csrf_token' in fields) && this.csrfToken) fd.append('csrf_token', this.csrfToken);
    for (const [name, filename, bytes] of files)
      fd.append(name, new Blob([bytes], { type: 'application/octet-stream' }), filename);
    return this.request('POST', p, { headers, body: fd });
  }

  // GET /request then POST it: the usual homeowner submission.
  async submit(fields, opts) {
    const page = await this.get('/request');
    if (page.status !== 200) throw new Error(`GET /request: ${page.status}`);
    return this.post('/request', fields, opts);
  }
}

let phoneCounter = randomBytes(2).readUInt16BE() % 5000;
// A distinct valid US phone number per call, so leads are not flagged duplicate by accident.
export function uniquePhone() {
  phoneCounter = (phoneCounter + 1) % 10000;
  return `(415) 555-${String(phoneCounter).padStart(4, '0')}`;
}

// A valid lead (form field names); consent 'yes' for forms; use jsonLead() for the API.
export function validLead(overrides = {}) {
  const lead = {
    service_type: 'leak_repair',
    description: 'Water is leaking from the pipe under the kitchen sink.',
    urgency: 'within_24h',
    zip: '94110',
    address: '1 Valencia St',
    name: 'Ada Homeowner',
    phone: uniquePhone(),
    email: 'ada@example.com',
    contact_method: 'phone',
    best_time: 'Weekdays after 5 pm',
    consent: 'yes',
    // Most suites run without a plumber covering the ZIP: the homeowner sends it anyway (the
    // form asks first; tests/integration/homeowner-truth.test.mjs tests the question itself).
    send_anyway: 'yes',
    ...overrides,
  };
  // Questions per service (issue 17): the form says which service's questions the homeowner saw;
  // without it POST /request answers with them (the second step without JavaScript).
  if (!('questions_for' in overrides)) lead.questions_for = lead.service_type;
  return lead;
}

export function jsonLead(overrides = {}) {
  const { send_anyway: _formOnly, questions_for: _asked, ...fields } = validLead();
  return { ...fields, consent: true, ...overrides };
}

// GET /metrics on the public port with the test servers' bearer token.
export function metricsPage(baseUrl) {
  return http(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
}

// Sum of plumbline_leads_created_total over its labels.
export async function leadsCreated(baseUrl) {
  const res = await metricsPage(baseUrl);
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
  let sum = 0;
  for (const line of res.body.split('\n'))
    if (line.startsWith('plumbline_leads_created_total')) sum += Number(line.split(' ').pop());
  return sum;
}

// Path part of an absolute URL (tracking URLs carry the port of the process that made them).
export function pathOf(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

// Raw TCP exchange: writes `data` (string/Buffer or array of chunks), reads until the server
// closes; localAddress picks the client address (127.0.0.2 is another loopback client on Linux).
// Returns {raw, status, headers (lower-case), body, elapsedMs, error}.
export function rawExchange(port, data, { timeoutMs = 10000, endAfterWrite = false, localAddress } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const sock = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    const chunks = [];
    let error = null;
    const timer = setTimeout(() => { error = new Error('timeout'); sock.destroy(); }, timeoutMs);
    sock.on('connect', () => {
      for (const c of Array.isArray(data) ? data : [data]) sock.write(c);
      if (endAfterWrite) sock.end();
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => { error = error || e; });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks)), elapsedMs: Date.now() - started, error });
    });
  });
}

export function parseResponse(buf) {
  const raw = buf.toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { raw, status: 0, headers: {}, body: '' };
  const lines = raw.slice(0, end).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { raw, status, headers, body: raw.slice(end + 4) };
}

// Resolves true when a TCP connection to port is refused (or reset at once), false if accepted.
export function connectionRefused(port, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => { sock.destroy(); resolve(false); }, timeoutMs);
    sock.on('connect', () => { clearTimeout(timer); sock.destroy(); resolve(false); });
    sock.on('error', (e) => { clearTimeout(timer); resolve(e.code === 'ECONNREFUSED'); });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
