// Notifications, crash safety: `kill -9` of a separate `plumbline worker` in the middle of 500
// messages → every message ends sent or dead with a reason, none lost, at most one duplicate per
// kill. On PostgreSQL also two workers at once (FOR UPDATE SKIP LOCKED) → no duplicates at all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, jsonLead, postJson, sleep, startServer } from '../support/server.mjs';
import { startMaildev } from '../support/maildev.mjs';
import { outboxList, startWorker, uniqueEmail, waitFor } from '../support/outbox.mjs';

const MESSAGES = 500;
const KILL_AFTER = [120, 120]; // sends seen from each worker before its kill -9

// Submits n leads through the API, 16 at a time; returns their e-mail addresses.
async function submitMany(srv, n, tag) {
  const emails = Array.from({ length: n }, () => uniqueEmail(tag));
  let next = 0;
  const lane = async () => {
    while (next < emails.length) {
      const email = emails[next++];
      const res = await postJson(srv.baseUrl, jsonLead({ email, contact_method: 'email' }));
      assert.equal(res.status, 201, `POST /api/v1/leads: ${res.status} ${res.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  return emails;
}

// Waits until no message is pending or sending; returns the counts.
function queueDrained(env, timeoutMs) {
  return waitFor(async () => {
    const { counts } = await outboxList(env, { limit: 1 });
    return counts.pending === 0 && counts.sending === 0 ? counts : null;
  }, { timeoutMs, intervalMs: 300, what: 'an empty queue' });
}

// Per-address delivery counts at maildev, once its count has stopped changing.
async function deliveries(sink, emails) {
  let mails = await sink.list();
  for (let stable = 0; stable < 3;) {
    await sleep(300);
    const again = await sink.list();
    stable = again.length === mails.length ? stable + 1 : 0;
    mails = again;
  }
  const counts = new Map(emails.map((e) => [e, 0]));
  for (const m of mails) for (const t of m.to) if (counts.has(t.address)) counts.set(t.address, counts.get(t.address) + 1);
  return counts;
}

// Checks the end state: every message sent or dead with a reason, none lost, duplicates ≤ maxDup.
// base: the counts before these messages were queued.
async function checkOutcome(t, srv, sink, emails, maxDup, base) {
  const end = await queueDrained(srv.env, 60000);
  const counts = { sent: end.sent - base.sent, dead: end.dead - base.dead };
  assert.equal(counts.sent + counts.dead, emails.length, `every message ended sent or dead: ${JSON.stringify(end)}`);
  const dead = await outboxList(srv.env, { status: 'dead' });
  for (const r of dead.rows) assert.ok(r.lastError, `dead without a reason: ${r.line}`);
  const deadDomains = new Set(dead.rows.map((r) => r.recipient.split('@')[1]));
  const got = await deliveries(sink, emails);
  let duplicates = 0;
  const lost = [];
  for (const [email, n] of got) {
    if (n === 0 && !deadDomains.has(email.split('@')[1])) lost.push(email);
    if (n > 1) duplicates += n - 1;
  }
  t.diagnostic(`${counts.sent} sent, ${counts.dead} dead, ${duplicates} duplicate deliveries at maildev`);
  assert.deepEqual(lost, [], 'messages neither delivered nor dead');
  assert.ok(duplicates <= maxDup, `${duplicates} duplicates > ${maxDup}`);
  return { duplicates, counts };
}

for (const [db, skip] of BACKENDS) {
  describe(`outbox worker crash safety (${db})`, { skip }, () => {
    let sink;
    let srv;
    let workerEnv;
    before(async () => {
      sink = await startMaildev();
      srv = await startServer({
        db,
        env: {
          PLUMBLINE_SMTP_URL: sink.smtpUrl,
          PLUMBLINE_WORKER_THREADS: '0',
          PLUMBLINE_OUTBOX_LEASE_SECONDS: '2',
          PLUMBLINE_ACCESS_LOG: 'off',
        },
      });
      // The worker renders nothing with its own address, but give it the server's public URL anyway.
      workerEnv = { ...srv.env, PLUMBLINE_BASE_URL: srv.baseUrl };
    });
    after(async () => {
      try { await srv?.close(); } finally { await sink?.close(); }
    });

    it(`kill -9 of the worker twice during ${MESSAGES} messages: none lost, ≤ 1 duplicate per kill`, async (t) => {
      await sink.clear();
      const base = (await outboxList(srv.env, { limit: 1 })).counts;
      const started = Date.now();
      const emails = await submitMany(srv, MESSAGES, 'crash');
      const queued = await outboxList(srv.env, { limit: 1 });
      assert.equal(queued.counts.pending - base.pending, MESSAGES, 'all queued, none sent without a worker');
      t.diagnostic(`${MESSAGES} leads submitted in ${Date.now() - started} ms`);

      const kills = [];
      const workers = [];
      for (const after of KILL_AFTER) {
        const w = startWorker(workerEnv);
        workers.push(w);
        await waitFor(() => w.sent() >= after || w.proc.exitCode !== null, { timeoutMs: 60000, intervalMs: 5,
          what: `${after} sends from the worker` });
        assert.equal(w.proc.exitCode, null, `worker exited early: ${w.stderrText}`);
        await w.kill('SIGKILL');
        kills.push(w.sent());
      }
      const { counts } = await outboxList(srv.env, { limit: 1 });
      t.diagnostic(`killed after ${kills.join(' and ')} logged sends; then ${JSON.stringify(counts)}`);
      assert.ok(counts.pending + counts.sending > 0, 'the kills happened mid-batch');

      const last = startWorker(workerEnv);
      workers.push(last);
      try {
        const { duplicates } = await checkOutcome(t, srv, sink, emails, kills.length, base);
        t.diagnostic(`finished ${((Date.now() - started) / 1000).toFixed(1)} s after the first submission`
          + ` (${duplicates} duplicates for ${kills.length} kills)`);
      } finally {
        const r = await last.stop();
        assert.equal(r.code, 0, `worker exit after SIGTERM: ${r.code ?? r.signal} ${last.stderrText}`);
      }
      assert.ok(last.logs.some((l) => l?.msg === 'worker_stopped'), 'the worker logged its clean stop');
      for (const w of workers) {
        const text = JSON.stringify(w.logs) + w.stderrText;
        assert.ok(!/\/t\/[A-Za-z0-9_-]{20}/.test(text), 'a tracking link in the worker logs');
      }
    });

    it('two workers at once share the queue without duplicates', { skip: db !== 'postgres' && 'PostgreSQL only (SKIP LOCKED)' }, async (t) => {
      await sink.clear();
      const base = (await outboxList(srv.env, { limit: 1 })).counts;
      const emails = await submitMany(srv, MESSAGES, 'pair');
      const a = startWorker(workerEnv);
      const b = startWorker(workerEnv);
      try {
        await checkOutcome(t, srv, sink, emails, 0, base);
        t.diagnostic(`worker A sent ${a.sent()}, worker B sent ${b.sent()}`);
        assert.ok(a.sent() > 0 && b.sent() > 0, 'both workers took part');
        assert.equal(a.sent() + b.sent(), MESSAGES, 'each message sent by exactly one worker');
      } finally {
        const exits = await Promise.all([a.stop(), b.stop()]);
        for (const [i, r] of exits.entries())
          assert.equal(r.code, 0, `worker ${'AB'[i]} exit after SIGTERM: ${r.code ?? r.signal} ${[a, b][i].stderrText}`);
      }
    });
  });
}
