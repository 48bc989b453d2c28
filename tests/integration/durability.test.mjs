// Shutdown and crash safety: SIGTERM drains in-flight requests; kill -9 loses no acknowledged lead.
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  BACKENDS, connectionRefused, http, jsonLead, parseResponse, pathOf, postJson, sleep, startServer,
} from '../support/server.mjs';

const BURST = 1000;
const CONCURRENCY = 16;
const KILL_AFTER_ACKS = 300;

async function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

for (const [db, skip] of BACKENDS) {
  describe(`shutdown and crash safety (${db})`, { skip }, () => {
    let srv;
    afterEach(async () => { await srv?.close(); srv = null; });
    after(async () => { await srv?.close(); });

    it('SIGTERM lets a request whose body is still arriving finish, then exits 0', async () => {
      srv = await startServer({ db });
      const body = JSON.stringify(jsonLead({ description: 'Drain test: slow upload of this lead.' }));
      const head = `POST /api/v1/leads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
      const sock = net.connect(srv.port, '127.0.0.1');
      const chunks = [];
      const closed = new Promise((resolve) => sock.on('close', resolve));
      sock.on('data', (d) => chunks.push(d));
      sock.on('error', () => {});
      await new Promise((resolve, reject) => { sock.on('connect', resolve); sock.on('error', reject); });
      // Trickle in the head and the first part of the body.
      sock.write(head);
      let sent = 0;
      for (; sent < 40; sent += 10) { sock.write(body.slice(sent, sent + 10)); await sleep(50); }

      const signalledAt = Date.now();
      srv.proc.kill('SIGTERM');
      await waitFor(() => srv.logs.some((l) => l.msg === 'draining'), 5000, 'draining log line');
      assert.equal(await connectionRefused(srv.port), true, 'new connections are refused while draining');
      await sleep(300);
      assert.equal(srv.proc.exitCode, null, 'still running while the request is in flight');

      for (; sent < body.length; sent += 40) { sock.write(body.slice(sent, sent + 40)); await sleep(20); }
      await closed;
      const res = parseResponse(Buffer.concat(chunks));
      assert.equal(res.status, 201, res.raw.slice(0, 300));
      const created = JSON.parse(res.body);
      assert.equal(created.status, 'open');
      assert.match(created.tracking_url, /\/t\/[A-Za-z0-9_-]{22,}$/);

      const exit = await srv.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, 'clean exit');
      assert.ok(Date.now() - signalledAt < 8000, 'exited well within the grace period');
      assert.equal(await connectionRefused(srv.port), true, 'nothing listens afterwards');

      // The drained request really was stored.
      await srv.restart();
      const page = await http(srv.url(pathOf(created.tracking_url)));
      assert.equal(page.status, 200);
      assert.match(page.body, /Drain test: slow upload/);
    });

    it('SIGTERM and SIGINT on an idle server exit 0 promptly', async () => {
      for (const signal of ['SIGTERM', 'SIGINT']) {
        srv = await startServer({ db });
        await http(`${srv.baseUrl}/healthz`); // leaves an idle keep-alive connection open
        const started = Date.now();
        const exit = await srv.stop(signal, 10000);
        assert.deepEqual(exit, { code: 0, signal: null }, signal);
        assert.ok(Date.now() - started < 3000, `${signal}: exited in ${Date.now() - started} ms`);
        await srv.close();
        srv = null;
      }
    });

    it(`kill -9 during a burst of ${BURST} submissions loses no acknowledged lead`, async () => {
      srv = await startServer({ db, env: { PLUMBLINE_RATE_LIMIT: 'off' } });
      const baseUrl = srv.baseUrl;
      const acknowledged = []; // [tracking_url, description]
      let next = 0;
      let failed = 0;
      let killed = false;
      let inFlightAtKill = 0;
      let inFlight = 0;
      const worker = async () => {
        while (next < BURST) {
          const i = next++;
          const description = `Burst lead number ${i}: dripping tap in the bathroom.`;
          inFlight++;
          try {
            const res = await postJson(baseUrl,
              jsonLead({ description, phone: `(415) 555-${String(i).padStart(4, '0')}` }),
              { timeoutMs: 60000 });
            if (res.status === 201) acknowledged.push([res.json().tracking_url, description]);
            else failed++;
          } catch {
            failed++; // refused or reset by the killed server: not acknowledged
          } finally {
            inFlight--;
          }
          if (!killed && acknowledged.length >= KILL_AFTER_ACKS) {
            killed = true;
            inFlightAtKill = inFlight;
            srv.proc.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      assert.ok(killed, 'the server was killed mid-burst');
      assert.deepEqual(await srv.exited, { code: null, signal: 'SIGKILL' });
      assert.ok(acknowledged.length >= KILL_AFTER_ACKS && acknowledged.length < BURST,
        `acknowledged ${acknowledged.length} of ${BURST}`);
      assert.ok(inFlightAtKill > 0, 'requests were in flight at the kill');
      assert.equal(acknowledged.length + failed, BURST);

      await srv.restart(); // same database, new process
      assert.notEqual(srv.baseUrl, baseUrl, 'a new process on a new port');
      const missing = [];
      let idx = 0;
      const check = async () => {
        while (idx < acknowledged.length) {
          const [url, description] = acknowledged[idx++];
          const page = await http(srv.url(pathOf(url)));
          if (page.status !== 200 || !page.body.includes(description))
            missing.push(`${pathOf(url)} → ${page.status}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, check));
      assert.deepEqual(missing, [], `${missing.length} acknowledged leads lost`);
    });
  });
}
