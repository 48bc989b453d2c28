#!/usr/bin/env node
// Notification hand-off benchmark: a steady open-loop load of JSON lead submissions against
// `plumbline serve` with maildev (npm) as the local SMTP sink.
//
//   node bench/handoff.mjs [--db sqlite|postgres] [--rate 100] [--seconds 60] [--no-drain]
//
// Phase "busy": the in-process worker (PLUMBLINE_WORKER_THREADS=1) sends every confirmation while the
// load runs → hand-off latency p50/p95 (the worker's outbox_sent handoff_ms: lead stored → SMTP
// accepted, and submission start → arrival at maildev) and submission latency.
// Phase "idle": no worker in serve (PLUMBLINE_WORKER_THREADS=0), the same load → submission latency
// with nothing being sent. Then (unless --no-drain) `plumbline worker` drains that backlog → hand-off
// throughput of one worker thread.
// --db postgres needs TEST_PG_URL (a server where databases may be created); bench/handoff.sh starts one.
// Uses the binary PLUMBLINE_BIN (default build/release/plumbline). Prints a report; asserts nothing.
import os from 'node:os';
import fs from 'node:fs';
import { jsonLead, startServer, sleep } from '../tests/support/server.mjs';
import { startMaildev } from '../tests/support/maildev.mjs';
import { outboxList, startWorker, summary, uniqueEmail, waitFor } from '../tests/support/outbox.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const DB = opt('db', 'sqlite');
const RATE = Number(opt('rate', 100));
const SECONDS = Number(opt('seconds', 60));
const DRAIN = !args.includes('--no-drain');
const TOTAL = Math.round(RATE * SECONDS);

const CLK_TCK = 100; // Linux USER_HZ
const cpuSeconds = (pid) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime + stime
  } catch { return NaN; }
};

// Open loop: request i starts at t0 + i/RATE whatever happened to the earlier ones.
async function load(srv) {
  const interval = 1000 / RATE;
  const results = [];
  const inflight = [];
  let maxLag = 0;
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - due);
    const email = uniqueEmail('bench');
    const sentAt = Date.now();
    const start = performance.now();
    inflight.push(fetch(`${srv.baseUrl}/api/v1/leads`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(jsonLead({ email, contact_method: 'email' })), signal: AbortSignal.timeout(30000),
    }).then(async (res) => {
      await res.arrayBuffer();
      results.push({ email, sentAt, ms: performance.now() - start, status: res.status });
    }, (e) => results.push({ email, sentAt, ms: performance.now() - start, status: 0, error: String(e) })));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  return { results, elapsed, maxLag };
}

const fmt = (s) => `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

async function phase(name, sink, workerThreads) {
  const srv = await startServer({
    db: DB,
    env: {
      PLUMBLINE_SMTP_URL: sink.smtpUrl,
      PLUMBLINE_WORKER_THREADS: String(workerThreads),
      PLUMBLINE_ACCESS_LOG: 'off',
    },
  });
  try {
    await sink.clear();
    // Warm-up: 2 s at the same rate, not counted.
    const warm = [];
    for (let i = 0; i < RATE * 2; i++) {
      warm.push(fetch(`${srv.baseUrl}/api/v1/leads`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(jsonLead({ email: uniqueEmail('warm'), contact_method: 'email' })),
      }).then((r) => r.arrayBuffer()));
      await sleep(1000 / RATE);
    }
    await Promise.all(warm);
    await sleep(1000);
    const logStart = srv.logs.length;
    const cpu0 = cpuSeconds(srv.proc.pid);
    const sinkCpu0 = cpuSeconds(sink.proc.pid);
    const { results, elapsed, maxLag } = await load(srv);
    const cpu = cpuSeconds(srv.proc.pid) - cpu0;
    const sinkCpu = cpuSeconds(sink.proc.pid) - sinkCpu0;
    const ok = results.filter((r) => r.status === 201);
    const sub = summary(ok.map((r) => r.ms));
    const out = {
      name, submitted: results.length, accepted: ok.length, elapsed, achievedRate: results.length / elapsed,
      maxLag, submission: sub, serverCpu: cpu / elapsed, sinkCpu: sinkCpu / elapsed,
    };
    console.log(`\n== ${name} (${DB}, worker threads in serve: ${workerThreads})`);
    console.log(`submitted ${results.length} in ${elapsed.toFixed(1)} s (${out.achievedRate.toFixed(1)}/s, `
      + `generator max lag ${maxLag.toFixed(1)} ms), ${ok.length} accepted (201)`);
    console.log(`submission latency: ${fmt(sub)}`);
    console.log(`CPU during the load: server ${(out.serverCpu * 100).toFixed(0)} % of a core, `
      + `maildev ${(out.sinkCpu * 100).toFixed(0)} %`);

    if (workerThreads > 0) {
      const emails = new Map(ok.map((r) => [r.email, r.sentAt]));
      await waitFor(async () => {
        const { counts } = await outboxList(srv.env, { limit: 1 });
        return counts.pending === 0 && counts.sending === 0;
      }, { timeoutMs: 120000, intervalMs: 500, what: 'the queue to drain' });
      const sent = srv.logs.slice(logStart).filter((l) => l?.msg === 'outbox_sent' && l.channel === 'email');
      const handoff = summary(sent.map((l) => l.handoff_ms));
      const mails = await sink.list();
      const arrival = [];
      for (const m of mails) {
        const at = emails.get(m.to[0]?.address);
        // maildev's own `time` has the Date header's 1 s resolution; the .eml file's mtime is exact.
        if (at !== undefined) arrival.push(fs.statSync(m.source).mtimeMs - at);
      }
      const arr = summary(arrival);
      out.handoff = handoff;
      out.arrival = arr;
      console.log(`hand-off (worker's handoff_ms, lead stored → SMTP accepted), ${handoff.n} messages: ${fmt(handoff)}`);
      console.log(`submission start → written by maildev (.eml mtime), ${arr.n} of ${ok.length} messages: ${fmt(arr)}`);
    } else if (DRAIN) {
      const { counts } = await outboxList(srv.env, { limit: 1 });
      const w = startWorker({ ...srv.env, PLUMBLINE_BASE_URL: srv.baseUrl });
      const t0 = performance.now();
      await waitFor(() => w.sent() >= counts.pending || w.proc.exitCode !== null,
        { timeoutMs: 300000, intervalMs: 50, what: 'the worker to drain the backlog' });
      const secs = (performance.now() - t0) / 1000;
      await w.stop();
      out.drain = { messages: w.sent(), seconds: secs, rate: w.sent() / secs };
      console.log(`backlog drained by \`plumbline worker\` (1 thread): ${w.sent()} messages in ${secs.toFixed(1)} s `
        + `(${out.drain.rate.toFixed(0)} messages/s, including start-up)`);
    }
    return out;
  } finally {
    await srv.close();
  }
}

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), `
  + `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, node ${process.version}`);
console.log(`load: ${RATE} JSON submissions/s for ${SECONDS} s (${TOTAL} requests, open loop) on ${DB}; `
  + 'sink: maildev 3 on loopback');
const sink = await startMaildev();
try {
  const busy = await phase('busy: worker sending during the load', sink, 1);
  const idle = await phase('idle: no worker during the load', sink, 0);
  console.log('\n== summary');
  console.log(`hand-off p50 ${busy.handoff.p50} ms, p95 ${busy.handoff.p95} ms (worker log); `
    + `submission → maildev p50 ${busy.arrival.p50.toFixed(1)} ms, p95 ${busy.arrival.p95.toFixed(1)} ms`);
  console.log(`submission p99: worker busy ${busy.submission.p99.toFixed(1)} ms, idle ${idle.submission.p99.toFixed(1)} ms`);
  if (idle.drain) console.log(`one worker thread drains ${idle.drain.rate.toFixed(0)} messages/s`);
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ DB, RATE, SECONDS, busy, idle }, null, 2));
} finally {
  await sink.close();
}
