// Test support for the notification suites: the `plumbline outbox` CLI parsed, polling, unique
// recipients, separate `plumbline worker` processes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';
import { BIN, REPO_ROOT, runCli, sleep } from './server.mjs';

const RUN = randomBytes(3).toString('hex');
let emailCounter = 0;
// An address of its own per call, with its own domain: the CLI masks the local part
// ("a***@domain"), so the domain alone identifies the message in `outbox list`.
export function uniqueEmail(tag = 'ho') {
  emailCounter += 1;
  return `ada@${tag}-${RUN}-${emailCounter}.example.com`;
}

let phoneCounter = 1000 + (randomBytes(2).readUInt16BE() % 7000);
// A US number whose last four digits are unique in this process ("***1234" in `outbox list`).
// Area code 628 keeps clear of server.mjs's uniquePhone() (415 555-xxxx).
export function uniqueSmsPhone() {
  phoneCounter += 1;
  if (phoneCounter > 9999) phoneCounter = 1000;
  const last4 = String(phoneCounter).padStart(4, '0');
  return { display: `(628) 555-${last4}`, e164: `+1628555${last4}`, last4 };
}

// Polls fn until it returns a truthy value; throws after timeoutMs with `what` and the last value.
export async function waitFor(fn, { timeoutMs = 60000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// `plumbline outbox list [--status S] [--limit N]` → {counts:{pending,sending,sent,dead}, rows:[…], raw}.
// A row: {id, status, channel, kind, recipient (masked), attempts, lastError, line}.
export async function outboxList(env, { status, limit = 10000 } = {}) {
  const args = ['outbox', 'list', '--limit', String(limit)];
  if (status) args.push('--status', status);
  const r = await runCli(args, env);
  if (r.code !== 0) throw new Error(`outbox list failed (${r.code ?? r.signal}): ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim());
  const head = /pending (\d+), sending (\d+), sent (\d+), dead (\d+)/.exec(lines[0] || '');
  if (!head) throw new Error(`outbox list: unexpected first line ${JSON.stringify(lines[0])}`);
  const counts = { pending: +head[1], sending: +head[2], sent: +head[3], dead: +head[4] };
  const rows = [];
  for (const line of lines.slice(1)) {
    const m = /^\s*(\d+)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) throw new Error(`outbox list: unexpected line ${JSON.stringify(line)}`);
    const err = /\blast error: (.*)$/.exec(line);
    rows.push({
      id: Number(m[1]), status: m[2], channel: m[3], kind: m[4],
      recipient: (/\bto (\S+)/.exec(line) || [])[1] || '',
      attempts: Number((/\battempts (\d+)/.exec(line) || [])[1]),
      lastError: err ? err[1].trim() : '',
      line,
    });
  }
  return { counts, rows, raw: r.stdout };
}

// `plumbline outbox show ID` → {status, attempts (number), lastError, providerId, deliveryStatus, raw, fields}.
export async function outboxShow(env, id) {
  const r = await runCli(['outbox', 'show', String(id)], env);
  if (r.code !== 0) throw new Error(`outbox show ${id} failed (${r.code ?? r.signal}): ${r.stderr}`);
  const fields = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^([a-z][a-z ]*):\s?(.*)$/.exec(line);
    if (m) fields[m[1].trim()] = m[2].trim();
  }
  return {
    fields,
    raw: r.stdout,
    status: fields.status,
    attempts: Number((fields.attempts || '').split(' ')[0]),
    lastError: fields['last error'] || '',
    providerId: fields['provider id'] || '',
    deliveryStatus: fields['delivery status'] || '',
  };
}

// The outbox rows of one recipient: an e-mail address (matched on its domain) or a phone's last four.
export function rowsFor(list, { email, last4, channel, kind } = {}) {
  return list.rows.filter((r) => (!channel || r.channel === channel) && (!kind || r.kind === kind)
    && (email ? r.recipient.endsWith(`@${email.split('@')[1]}`) : true)
    && (last4 ? r.recipient.endsWith(last4) && !r.recipient.includes('@') : true));
}

// Waits until the single row matching `match` satisfies pred(row); returns the row.
export function waitForRow(env, match, pred, { timeoutMs = 60000, what = 'outbox row' } = {}) {
  return waitFor(async () => {
    const rows = rowsFor(await outboxList(env), match);
    return rows.length === 1 && pred(rows[0]) ? rows[0] : null;
  }, { timeoutMs, intervalMs: 150, what });
}

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), max: s[s.length - 1] };
}

const workers = new Set();
process.on('exit', () => { for (const p of workers) try { p.kill('SIGKILL'); } catch { /* gone */ } });

// Starts `plumbline worker [--threads N]` with env; its JSON log lines are collected.
// Returns {proc, logs, sent() (count of outbox_sent lines), exited, kill(signal), stop()}.
export function startWorker(env, { threads } = {}) {
  const args = ['worker'];
  if (threads) args.push('--threads', String(threads));
  const proc = spawn(BIN, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const w = {
    proc,
    logs: [],
    stderrText: '',
    exited: new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal }))),
    sent() { return w.logs.filter((l) => l && l.msg === 'outbox_sent').length; },
    kill(signal = 'SIGKILL') { proc.kill(signal); return w.exited; },
    async stop(timeoutMs = 60000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return w.exited;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      try { return await w.exited; } finally { clearTimeout(timer); }
    },
  };
  proc.stderr.on('data', (d) => { w.stderrText += d; });
  readline.createInterface({ input: proc.stdout }).on('line', (line) => {
    let entry = line;
    try { entry = JSON.parse(line); } catch { /* raw */ }
    w.logs.push(entry);
  });
  workers.add(proc);
  proc.on('exit', () => workers.delete(proc));
  return w;
}
