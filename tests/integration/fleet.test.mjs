// Several instances on one PostgreSQL (issue 19): 3 `serve` behind the shipped nginx config (an
// upstream block of three) and 2 `plumbline worker`s; requests, claims and live streams under load;
// kill -9 of one instance and of the jobs' leader worker mid-load. Then: every 201 request stored
// once, every e-mail sent once (by Message-ID; only a message the killed worker held mid-hand-off
// may come twice), no claim over the cap, every stream resumed through nginx with Last-Event-ID
// with no event missing or repeated, and the other worker leading the periodic jobs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PG_URL, jsonLead, postJson, sleep } from '../support/server.mjs';
import { startNginx } from '../support/nginx.mjs';
import { startInstance } from '../support/fleet.mjs';
import { query } from '../support/db.mjs';
import { startWorker, waitFor } from '../support/outbox.mjs';
import { readyPlumber, startMarketplace } from '../support/marketplace.mjs';

const LEADS = 36;
const MAX_CLAIMS = 3;

// A live stream through nginx that resumes with Last-Event-ID whenever its connection ends (its
// instance died), as EventSource does. `ids`: every event id received, in order, across resumes.
function resumingStream(url, token) {
  const s = { ids: [], events: [], resumes: 0, stopped: false, ctrl: null };
  const headers = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
  s.done = (async () => {
    while (!s.stopped) {
      s.ctrl = new AbortController();
      try {
        const h = { ...headers };
        if (s.ids.length) h['last-event-id'] = String(s.ids.at(-1));
        const res = await fetch(url, { headers: h, signal: s.ctrl.signal });
        if (res.status !== 200) { await res.text(); await sleep(100); continue; }
        s.open = true;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = {};
            for (const line of block.split('\n')) {
              const c = line.indexOf(':');
              if (c <= 0) continue;
              ev[line.slice(0, c)] = line.slice(c + 1).replace(/^ /, '');
            }
            if (ev.id && ev.data !== undefined) {
              s.ids.push(Number(ev.id));
              s.events.push(ev);
            }
          }
        }
      } catch { /* aborted, or the instance died */ }
      s.open = false;
      if (!s.stopped) { s.resumes += 1; await sleep(50); }
    }
  })();
  s.stop = () => { s.stopped = true; s.ctrl?.abort(); return s.done; };
  return s;
}

// PostgreSQL only (SQLite serves one process): one run, not one per backend.
const db = 'postgres';
{
  describe('several instances on one database (postgres)', { skip: !PG_URL && 'TEST_PG_URL is not set' }, () => {
    let m;
    let proxy;
    const instances = [];
    const workers = [];
    before(async () => {
      m = await startMarketplace({
        db,
        env: {
          PLUMBLINE_WORKER_THREADS: '0', // the two `plumbline worker`s send and run the jobs
          PLUMBLINE_TRUSTED_PROXIES: '127.0.0.1',
          PLUMBLINE_OUTBOX_LEASE_SECONDS: '2',
          PLUMBLINE_LEADER_CHECK_MS: '200',
          // Only NOTIFY can bring another instance's events within this test.
          PLUMBLINE_LIVE_POLL_MS: '600000',
          PLUMBLINE_ACCESS_LOG: 'off',
          PLUMBLINE_FLEET_SIZE: '3',
        },
      });
      const workerEnv = { ...m.srv.env, PLUMBLINE_BASE_URL: m.srv.baseUrl };
      workers.push(startWorker(workerEnv), startWorker(workerEnv));
      instances.push(m.srv, await startInstance(m.srv.env), await startInstance(m.srv.env));
      proxy = await startNginx(instances.map((i) => i.port));
    });
    after(async () => {
      await proxy?.stop();
      for (const i of instances.slice(1)) await i.stop();
      for (const w of workers) await w.stop();
      await m?.close();
    });

    it('keeps every request, message, claim cap and live event through kill -9 of an instance and a worker', async (t) => {
      const plumbers = [];
      for (const tag of ['fa', 'fb', 'fc', 'fd']) plumbers.push(await readyPlumber(m, tag, { credits: 500 }));
      const [w1, w2] = workers;
      const leaderOf = (w) => w.logs.filter((l) => l?.msg === 'jobs_leader_elected').length;
      const leader = await waitFor(() => workers.find((w) => leaderOf(w) > 0), { what: 'a jobs leader' });
      const follower = leader === w1 ? w2 : w1;
      assert.equal(leaderOf(follower), 0, 'one leader at a time');
      const baseline = Number(query(m.srv, 'SELECT COALESCE(max(id), 0) FROM live_events')[0][0]);

      // Six streams opened one after another: nginx's round robin puts two on each instance.
      const streams = [];
      for (const [k, p] of [...plumbers, plumbers[0], plumbers[1]].entries()) {
        const s = resumingStream(proxy.url('/api/v1/events'), p.token);
        s.plumber = p;
        s.n = k;
        streams.push(s);
        await waitFor(() => s.open, { what: 'the stream to open' });
      }
      for (const i of instances) // each feed started with its first stream
        await waitFor(() => i.logs.some((l) => l?.msg === 'live_listening'), { what: 'every instance to LISTEN' });

      // Plumbers claim every lead they are told about (through nginx, on any instance).
      const claims = [];
      const claimed = new Set();
      const claimer = setInterval(() => {
        for (const s of streams) {
          for (const ev of s.events) {
            if (ev.event !== 'lead_new') continue;
            const leadId = JSON.parse(ev.data).lead.id;
            const key = `${s.plumber.id}:${leadId}`;
            if (claimed.has(key)) continue;
            claimed.add(key);
            claims.push(fetch(proxy.url(`/api/v1/leads/${leadId}/claim`), {
              method: 'POST',
              headers: { authorization: `Bearer ${s.plumber.token}`, 'content-type': 'application/json' },
              body: '{}',
            }).then((r) => ({ status: r.status, leadId, plumber: s.plumber.id })).catch(() => ({ status: 0, leadId })));
          }
        }
      }, 20);

      // The load: leads through nginx, 6 at a time; the kills come a third of the way in.
      const created = [];
      let next = 0;
      const victim = instances[1];
      let killedOwner = null;
      let inFlightAtKill = [];
      const kills = (async () => {
        await waitFor(() => created.length >= LEADS / 3, { intervalMs: 5, what: 'a third of the leads' });
        await victim.kill('SIGKILL');
        await waitFor(() => leader.sent() > 0, { intervalMs: 5, what: 'the leader to send' });
        await leader.kill('SIGKILL');
        killedOwner = `%:${leader.proc.pid}:%`; // host:pid:thread
        // What the dead worker held mid-hand-off may reach the sink twice (its lease runs out and
        // the other worker sends it again); nothing else may.
        inFlightAtKill = query(m.srv, `SELECT id FROM outbox WHERE status = 'sending' AND lease_owner LIKE '${killedOwner}'`).map((r) => Number(r[0]));
      })();
      const lane = async () => {
        while (next < LEADS) {
          const n = next++;
          const email = `fleet-${randomBytes(4).toString('hex')}-${n}@homeowners.example.com`;
          const r = await fetch(proxy.url('/api/v1/leads'), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(jsonLead({ email, contact_method: 'email' })),
          }).catch(() => null);
          if (r) await r.text();
          if (r?.status === 201) created.push(email);
          else if (r?.status !== 502) assert.fail(`POST /api/v1/leads: ${r?.status}`);
        }
      };
      await Promise.all(Array.from({ length: 6 }, lane));
      await kills;
      t.diagnostic(`${created.length} of ${LEADS} leads answered 201; ${inFlightAtKill.length} messages in the killed worker's hands`);

      // Every 201 request stored exactly once.
      const stored = new Map(query(m.srv, `SELECT email, count(*) FROM leads WHERE email LIKE 'fleet-%'`
        + ' GROUP BY email').map(([e, c]) => [e, Number(c)]));
      for (const email of created) assert.equal(stored.get(email), 1, `lead ${email} stored once`);

      // The other worker leads the periodic jobs now.
      await waitFor(() => leaderOf(follower) > 0, { what: 'the surviving worker to lead the jobs' });

      // Every stream: the ids its plumber's matched events have, in order, none missing or repeated.
      const expected = (plumberId) => query(m.srv, 'SELECT e.id FROM live_events e JOIN lead_matches lm'
        + ` ON lm.lead_id = e.lead_id WHERE lm.plumber_id = ${plumberId} AND e.id > ${baseline} ORDER BY e.id`).map((r) => Number(r[0]));
      const quiet = async () => { // no new live event for a while: the claims are done
        let last = -1;
        for (let same = 0; same < 5;) {
          await sleep(200);
          const n = Number(query(m.srv, 'SELECT count(*) FROM live_events')[0][0]);
          same = n === last ? same + 1 : 0;
          last = n;
        }
      };
      await quiet();
      clearInterval(claimer);
      const results = await Promise.all(claims);
      for (const s of streams) {
        const want = expected(s.plumber.id);
        await waitFor(() => s.ids.length >= want.length && s.ids.at(-1) >= want.at(-1),
          { timeoutMs: 30000, what: `stream ${s.n} to catch up (${s.ids.length}/${want.length})` })
          .catch(() => {});
        assert.deepEqual(s.ids, want, `stream ${s.n}: every event once, in order (${s.resumes} resumes)`);
      }
      const resumed = streams.filter((s) => s.resumes > 0).length;
      t.diagnostic(`${resumed} streams resumed on another instance; ${results.filter((r) => r.status === 201).length} claims`);
      assert.ok(resumed >= 1, 'a stream on the killed instance resumed elsewhere');
      await Promise.all(streams.map((s) => s.stop()));

      // No claim over the cap; every 201 claim stored once.
      const perLead = query(m.srv, 'SELECT lead_id, count(*) FROM claims GROUP BY lead_id').map(([l, c]) => [Number(l), Number(c)]);
      for (const [lead, n] of perLead) assert.ok(n <= MAX_CLAIMS, `lead ${lead} has ${n} claims`);
      const claimRows = new Set(query(m.srv, 'SELECT lead_id, plumber_id FROM claims').map(([l, p]) => `${l}:${p}`));
      for (const r of results.filter((x) => x.status === 201))
        assert.ok(claimRows.has(`${r.leadId}:${r.plumber}`), `claim ${r.leadId} by ${r.plumber} stored`);
      assert.ok(results.some((r) => r.status === 201), 'claims went through');

      // Every message sent once, by Message-ID.
      const messages = await waitFor(() => {
        const rows = query(m.srv, "SELECT id, created_at, status FROM outbox WHERE channel = 'email'");
        return rows.every((r) => r[2] === 'sent' || r[2] === 'dead') ? rows : null;
      }, { timeoutMs: 30000, what: 'the outbox to drain' });
      const mails = await m.sink.list();
      const seen = new Map();
      for (const mail of mails) {
        const id = mail.messageId || mail.headers?.['message-id'];
        seen.set(id, (seen.get(id) || 0) + 1);
      }
      let repeats = 0;
      for (const [id, created_at, status] of messages) {
        if (status !== 'sent') continue;
        const mid = [...seen.keys()].find((k) => k && k.includes(`outbox.${id}.${created_at}@`));
        assert.ok(mid, `message ${id} reached the sink`);
        if (seen.get(mid) > 1) {
          repeats += 1;
          assert.ok(inFlightAtKill.includes(Number(id)), `message ${id} sent ${seen.get(mid)} times`);
        }
      }
      t.diagnostic(`${messages.length} e-mails, ${repeats} sent again after the kill`);
      assert.ok(messages.some((r) => r[2] === 'sent'), 'mail went out');
    });

    it('gives each instance its share of a rate-limit budget (PLUMBLINE_FLEET_SIZE, decision 0014)', async () => {
      const one = await startInstance({
        ...m.srv.env,
        PLUMBLINE_RATE_LIMIT: 'on',
        PLUMBLINE_INTAKE_BURST: '6',
        PLUMBLINE_INTAKE_RATE_PER_MINUTE: '1',
        PLUMBLINE_FLEET_SIZE: '3',
      });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await postJson(one.url(''), jsonLead())).status);
        assert.deepEqual(statuses, [201, 201, 429], 'a burst of 6 over 3 instances: 2 here');
      } finally {
        await one.stop();
      }
    });
  });
}
