// Test support: maildev (npm) as a real SMTP sink on loopback, read back through its REST API.
//
//   const sink = await startMaildev();      // free ports, its own temp mail directory
//   env PLUMBLINE_SMTP_URL = sink.smtpUrl
//   await sink.waitForMail((m) => hasRecipient(m, addr));
//   await sink.stop(); … await sink.start(); // same ports and directory (the "sink down" case)
//   await sink.close();                       // stops it and removes its directory
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, sleep } from './server.mjs';

const MAILDEV_JS = path.join(REPO_ROOT, 'node_modules/maildev/dist/bin/maildev.js');
const START_TIMEOUT_MS = 60000;

// Everything started here is killed when the test process exits, even after a failure.
const live = new Set();
function killAll() {
  for (const p of live) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
  live.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, killAll);

// A port that was free a moment ago on 127.0.0.1.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Resolves with the first line a TCP server on port sends (the SMTP banner), or null.
function smtpBanner(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    let data = '';
    const done = (v) => { clearTimeout(timer); sock.destroy(); resolve(v); };
    const timer = setTimeout(() => done(null), timeoutMs);
    sock.on('data', (d) => {
      data += d;
      if (data.includes('\n')) { sock.write('QUIT\r\n'); done(data.split('\n')[0]); }
    });
    sock.on('error', () => done(null));
  });
}

export function recipients(mail) {
  return (mail.to || []).map((t) => t.address.toLowerCase());
}
export function hasRecipient(mail, address) {
  return recipients(mail).includes(address.toLowerCase());
}

export async function startMaildev({ smtpPort, webPort } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-maildev-'));
  const sink = {
    smtpPort: smtpPort || await freePort(),
    webPort: webPort || await freePort(),
    dir,
    proc: null,
    output: '',
    get smtpUrl() { return `smtp://127.0.0.1:${sink.smtpPort}`; },
    get apiUrl() { return `http://127.0.0.1:${sink.webPort}`; },
    running() { return !!sink.proc && sink.proc.exitCode === null && sink.proc.signalCode === null; },

    async start() {
      if (sink.running()) return sink;
      const env = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MAILDEV_')) env[k] = v;
      const proc = spawn(process.execPath, [MAILDEV_JS,
        '--smtp', String(sink.smtpPort), '--web', String(sink.webPort),
        '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--mail-directory', dir, '--silent'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] });
      sink.proc = proc;
      live.add(proc);
      proc.on('exit', () => live.delete(proc));
      proc.stdout.on('data', (d) => { sink.output += d; });
      proc.stderr.on('data', (d) => { sink.output += d; });
      const deadline = Date.now() + START_TIMEOUT_MS;
      for (;;) {
        if (!sink.running()) throw new Error(`maildev exited during start-up: ${sink.output.slice(-2000)}`);
        if (Date.now() > deadline) {
          proc.kill('SIGKILL');
          throw new Error(`maildev not ready within ${START_TIMEOUT_MS} ms: ${sink.output.slice(-2000)}`);
        }
        try {
          const res = await fetch(`${sink.apiUrl}/api/healthz`, { signal: AbortSignal.timeout(1000) });
          if (res.ok && /^220/.test(await smtpBanner(sink.smtpPort) || '')) return sink;
        } catch { /* not yet */ }
        await sleep(50);
      }
    },

    // SIGTERM, then SIGKILL after 5 s; the SMTP port refuses connections afterwards.
    async stop() {
      const proc = sink.proc;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },

    async close() {
      await sink.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },

    async api(p, { method = 'GET' } = {}) {
      const res = await fetch(sink.apiUrl + p, { method, signal: AbortSignal.timeout(60000) });
      if (!res.ok) throw new Error(`maildev ${method} ${p}: ${res.status}`);
      return res.json();
    },
    list() { return sink.api('/api/email'); },
    clear() { return sink.api('/api/email/all', { method: 'DELETE' }); },
    async source(id) {
      const res = await fetch(`${sink.apiUrl}/api/email/${id}/source`, { signal: AbortSignal.timeout(60000) });
      if (!res.ok) throw new Error(`maildev source ${id}: ${res.status}`);
      return res.text();
    },
    async to(address) { return (await sink.list()).filter((m) => hasRecipient(m, address)); },

    // Polls until pred(mails) is truthy (mails: every message held); returns its value.
    async waitUntil(pred, { timeoutMs = 60000, intervalMs = 100, what = 'condition' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mails = await sink.list();
        const v = pred(mails);
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`maildev: timed out after ${timeoutMs} ms waiting for ${what}`
          + ` (${mails.length} messages held)`);
        await sleep(intervalMs);
      }
    },
    // Waits for `count` messages to `address` and returns them.
    waitForMailTo(address, { count = 1, timeoutMs = 60000 } = {}) {
      return sink.waitUntil((mails) => {
        const mine = mails.filter((m) => hasRecipient(m, address));
        return mine.length >= count ? mine : null;
      }, { timeoutMs, what: `${count} message(s) to ${address}` });
    },
  };
  try {
    await sink.start();
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return sink;
}
