// Test support for the account suites: plumbers, the .eml mailbox, log-in, create-admin, route table, DB snapshots.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, FormClient, REPO_ROOT, http, runCli, sleep, startServer } from './server.mjs';
import { enrolTwoFactor, nextSecondFactor } from './two_factor.mjs';

// Not on the common-password list, not the e-mail: accepted at sign-up.
export const PASSWORD = 'Tap-Water-Valve-2931';
const RUN = randomBytes(3).toString('hex');
let counter = randomBytes(2).readUInt16BE() % 8000;

// A plumber's sign-up answers (phone_e164 is what the server stores; not a form field).
export function newPlumber(tag = 'pat', overrides = {}) {
  counter += 1;
  const last4 = String(1000 + (counter % 9000));
  return {
    business_name: `${tag} Pipes ${RUN}${counter}`,
    contact_name: `${tag} Contact ${RUN}${counter}`,
    email: `${tag}-${RUN}-${counter}@plumbers.example.com`,
    phone: `(510) 555-${last4}`,
    phone_e164: `+1510555${last4}`,
    password: PASSWORD,
    ...overrides,
  };
}

export function formFields(p) {
  const { business_name, contact_name, email, phone, password } = p;
  return { business_name, contact_name, email, phone, password };
}

// `plumbline serve` on 127.0.0.2: still loopback, but not an address the demo mailbox (/dev/mail)
// opens on, so the server behaves as in production (links are read from the .eml files instead).
export async function startProductionLike({ db = 'sqlite', env = {} } = {}) {
  const srv = await startServer({ db, env: { PLUMBLINE_LISTEN: '127.0.0.2:0', ...env } });
  srv.baseUrl = `http://127.0.0.2:${srv.port}`;
  return srv;
}

// ---- the mailbox: .eml files written when no SMTP server is configured ----

function decodeBody(body, encoding) {
  if (/quoted-printable/i.test(encoding || '')) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (/base64/i.test(encoding || '')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return Buffer.from(body, 'latin1').toString('utf8');
}

function splitHead(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

// {file, to, subject, kind, text, html} of one .eml file.
export function parseEml(file) {
  return { file: path.basename(file), ...parseMail(fs.readFileSync(file, 'latin1')) };
}

// {to, subject, kind, text, html} of one raw message (latin1 text: an .eml file, SMTP DATA).
export function parseMail(raw) {
  const { headers, body } = splitHead(raw);
  const mail = { to: headers.to || '', subject: headers.subject || '',
    kind: headers['x-plumbline-kind'] || '', text: '', html: '' };
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  const parts = boundary ? body.split(`--${boundary[1]}`).slice(1, -1) : [body];
  for (const part of parts) {
    const p = boundary ? splitHead(part.replace(/^\r?\n/, '')) : { headers, body };
    const decoded = decodeBody(p.body, p.headers['content-transfer-encoding']);
    if (/text\/html/i.test(p.headers['content-type'] || '')) mail.html = decoded;
    else mail.text = decoded;
  }
  return mail;
}

export function mailbox(srv) {
  const dir = path.join(srv.database.dataDir, 'mail');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => parseEml(path.join(dir, f)));
}

// The mails to `to` (of `kind` when given), oldest first, once there are at least `count`.
export async function waitForMails(srv, { to, kind, count = 1, timeoutMs = 60000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailbox(srv).filter((m) => m.to.includes(to) && (!kind || m.kind === kind));
    if (found.length >= count) return found;
    if (Date.now() > deadline)
      throw new Error(`no ${kind || ''} mail #${count} to ${to} within ${timeoutMs} ms (have ${found.length})`);
    await sleep(50);
  }
}

export async function waitForMail(srv, opts) {
  const all = await waitForMails(srv, opts);
  return all[all.length - 1];
}

// The path of the first link in the text part whose path starts with prefix.
export function linkPath(mail, prefix) {
  for (const m of mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const u = new URL(m[0]);
    if (u.pathname.startsWith(prefix)) return u.pathname + u.search;
  }
  throw new Error(`no ${prefix} link in mail "${mail.subject}" to ${mail.to}:\n${mail.text}`);
}

// ---- accounts over HTTP ----

// Signs a plumber up by the form (which logs them in); verifies the address from the e-mail unless
// verify is false. verifyLink(email) finds the link (default: the .eml mailbox). Returns the
// signed-in FormClient with the session's CSRF token loaded.
export async function signUp(srv, plumber, { verify = true, verifyLink = (email) => emlVerifyLink(srv, email) } = {}) {
  const client = new FormClient(srv.baseUrl);
  await client.get('/signup');
  const res = await client.post('/signup', formFields(plumber));
  if (res.status !== 303) throw new Error(`sign-up of ${plumber.email}: ${res.status} ${res.body.slice(0, 300)}`);
  if (verify) {
    const v = await client.get(await verifyLink(plumber.email));
    if (v.status !== 200) throw new Error(`verification of ${plumber.email}: ${v.status}`);
  }
  await client.get('/request'); // loads the CSRF token bound to the new session
  return client;
}

// The /verify/ link of the newest verification mail to `email` in the .eml mailbox.
async function emlVerifyLink(srv, email) {
  return linkPath(await waitForMail(srv, { to: email, kind: 'verify_email' }), '/verify/');
}

// The password step of a log-in in a fresh browser (srv: anything with a baseUrl):
// {client, res (the answer to POST /login), loginPageToken (the anonymous CSRF token it sent)}.
export async function passwordStep(srv, email, password = PASSWORD, extra = {}) {
  const client = new FormClient(srv.baseUrl);
  await client.get('/login');
  const loginPageToken = client.csrfToken;
  const res = await client.post('/login', { email, password, ...extra });
  return { client, res, loginPageToken };
}

// The rest of a log-in after passwordStep: the code step when the account has two-factor on
// (support/two_factor.mjs answers it), then the session's CSRF token. Returns the FormClient.
export async function completeLogIn({ client, res }, email) {
  let answer = res;
  if (answer.status === 303 && answer.location.startsWith('/login/two-factor')) {
    const code = await nextSecondFactor(email);
    if (!code) throw new Error(`log-in of ${email} asks for a code, but the tests never enrolled it`);
    await client.get(answer.location);
    answer = await client.post('/login/two-factor', { code });
  }
  if (answer.status !== 303) throw new Error(`log-in of ${email}: ${answer.status} ${answer.body.slice(0, 300)}`);
  await client.get('/request');
  return client;
}

// Logs in with a fresh browser; returns the FormClient (session cookie and bound token loaded).
export async function logIn(srv, email, password = PASSWORD) {
  return completeLogIn(await passwordStep(srv, email, password), email);
}

export const sessionOf = (client) => client.cookies.get('plumbline_session') || '';

// True when the client's session cookie still signs it in.
export async function sessionAlive(srv, cookieValue) {
  if (!cookieValue) return false;
  const res = await http(`${srv.baseUrl}/account/verify-email`, { headers: { cookie: `plumbline_session=${cookieValue}` } });
  return !(res.status === 303 && res.location.startsWith('/login'));
}

// A JSON request with an optional bearer token: {status, body, json(), …}.
export function api(srv, method, p, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  return http(`${srv.baseUrl}${p}`, {
    method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// The same with the JSON content type sent even without a body (the auth API's requests).
export function apiJson(srv, method, p, payload, headers = {}) {
  return api(srv, method, p, { body: payload, headers: { 'content-type': 'application/json', ...headers } });
}

// `plumbline create-admin --email E` with the password on one line of stdin: {code, stdout, stderr}.
// Unless `enrol` is false (or the server runs with PLUMBLINE_ADMIN_2FA=off), the new admin then
// signs in once and sets up two-factor sign-in for real, as an admin must at the first sign-in;
// logIn and the API-token helpers answer the code step from then on.
export async function createAdmin(srv, email, password, timeoutMs = 120000, { enrol = true } = {}) {
  const made = await runCreateAdmin(srv, email, password, timeoutMs);
  if (made.code === 0 && enrol && srv.baseUrl && srv.env?.PLUMBLINE_ADMIN_2FA !== 'off') {
    const client = await logIn(srv, email, password);
    await enrolTwoFactor(client, email);
  }
  return made;
}

function runCreateAdmin(srv, email, password, timeoutMs) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['create-admin', '--email', email], { cwd: REPO_ROOT, env: srv.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
    proc.stdin.end(`${password}\n`);
  });
}

// The router's own table from `plumbline routes`: [{method, pattern, group, key: "METHOD PATTERN"}].
export async function routeTable(env) {
  const r = await runCli(['routes'], env);
  if (r.code !== 0) throw new Error(`plumbline routes failed (${r.code ?? r.signal}): ${r.stderr}`);
  const routes = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^([A-Z]+) (\/\S*) (\S+)$/.exec(line.trim());
    if (m) routes.push({ method: m[1], pattern: m[2], group: m[3], key: `${m[1]} ${m[2]}` });
  }
  if (routes.length < 10) throw new Error(`plumbline routes printed too little:\n${r.stdout}`);
  return routes;
}

// ---- database snapshots: everything a request could change, minus what time alone changes ----

const SNAPSHOT = [
  'SELECT id, email, password_hash, role, email_verified_at, locked_until FROM users ORDER BY id',
  'SELECT user_id, business_name, contact_name, phone_e164, status, status_reason, plan_status FROM plumbers ORDER BY user_id',
  'SELECT id_hash, user_id FROM sessions ORDER BY id_hash',
  'SELECT token_hash, purpose, used_at, expires_at FROM auth_tokens ORDER BY token_hash',
  'SELECT count(*) FROM login_attempts',
  'SELECT token_hash, used_at, revoked_at FROM refresh_tokens ORDER BY token_hash',
  'SELECT id, status, closed_reason, flag, extra_details, claims_count FROM leads ORDER BY id',
  'SELECT count(*) FROM lead_history',
  'SELECT id, kind, recipient FROM outbox ORDER BY id',
  'SELECT count(*) FROM sms_opt_outs',
  // two-factor sign-in
  'SELECT user_id, secret_sealed, enabled_at, last_step, failures FROM two_factor ORDER BY user_id',
  'SELECT user_id, code_hash, used_at FROM two_factor_recovery_codes ORDER BY user_id, code_hash',
  'SELECT token_hash, failures FROM two_factor_challenges ORDER BY token_hash',
  // marketplace
  'SELECT id, user_id, kind, amount FROM credit_ledger ORDER BY id',
  'SELECT id, lead_id, plumber_id, refunded_at, outcome, notes FROM claims ORDER BY id',
  'SELECT user_id, daily_cap, paused, quiet_start_minute, utc_offset_minutes FROM plumbers ORDER BY user_id',
  'SELECT id, status, resolution FROM disputes ORDER BY id',
  // payments
  'SELECT id, name, price_cents, monthly_credits, stripe_price_id, active FROM plans ORDER BY id',
  'SELECT id, credits, price_cents, stripe_price_id, active FROM packs ORDER BY id',
  'SELECT user_id, stripe_customer_id FROM plumbers ORDER BY user_id',
  // privacy (migration 0012)
  'SELECT id, closed_at, closed_reason, anonymised_at FROM users ORDER BY id',
  'SELECT id, name, phone_e164, email, address, anonymised_at FROM leads ORDER BY id',
  // message templates staff override (migration 0021)
  'SELECT name, body, updated_at FROM message_template_overrides ORDER BY name',
  // staff notes on a request (migration 0018)
  'SELECT id, lead_id, body FROM lead_notes ORDER BY id',
  // outbound webhooks (migration 0044)
  'SELECT id, url, secret_sealed, previous_secret_sealed, active FROM webhook_endpoints ORDER BY id',
  // audit trail (migration 0014): a refused request records no action
  'SELECT count(*) FROM audit_log',
  // the console's staff actions (issue 15): each writes an audit row
  'SELECT count(*) FROM audit_log',
  // settings and the catalog (migration 0016)
  'SELECT key, value, updated_at FROM settings ORDER BY key',
  'SELECT slug, label, base_price_credits, active, sort_order, description FROM service_types ORDER BY slug',
  'SELECT slug, label, surcharge_credits FROM urgencies ORDER BY slug',
  // verified homeowner phone (issue 17, migration 0033)
  'SELECT id, lead_id, channel, expires_at, attempts, used_at FROM lead_verification_codes ORDER BY id',
  'SELECT id, phone_verified_at, email_verified_at, awaiting_verification FROM leads ORDER BY id',
  // hires, review links and reviews (issue 17, migration 0036)
  'SELECT id, hired_claim_id, hired_at FROM leads ORDER BY id',
  'SELECT claim_id, used_at FROM review_invites ORDER BY claim_id',
  'SELECT id, reply, hidden_reason FROM reviews ORDER BY id',
];

export function dbSnapshot(srv) {
  const url = srv.database.url;
  let r;
  if (url.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-bail', url.slice('sqlite:'.length), SNAPSHOT.map((q) => `${q};`).join('\nSELECT \'--\';\n')],
      { encoding: 'utf8', timeout: 240000 });
  } else {
    const args = ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url];
    for (const q of SNAPSHOT) args.push('-c', q, '-c', "SELECT '--'");
    r = spawnSync('psql', args, { encoding: 'utf8', timeout: 240000 });
  }
  if (r.status !== 0) throw new Error(`database snapshot failed (${r.status ?? r.signal}): ${r.stderr || r.error}`);
  return r.stdout;
}

// A readable first difference of two snapshots (for assertion messages).
export function snapshotDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i}: ${JSON.stringify(x[i])} → ${JSON.stringify(y[i])}`;
  return 'no difference';
}
