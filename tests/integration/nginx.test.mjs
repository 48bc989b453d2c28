// The shipped nginx config (deploy/nginx/plumbline.conf) in front of the real server: pages pass,
// big bodies stop at nginx, live events stream through without buffering, /metrics stays private.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { METRICS_TOKEN, http } from '../support/server.mjs';
import { startNginx } from '../support/nginx.mjs';
import { openEvents } from '../support/sse.mjs';
import { readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

describe('behind the shipped nginx config', () => {
  let m;
  let proxy;
  before(async () => {
    m = await startMarketplace({ db: 'sqlite', env: { PLUMBLINE_TRUSTED_PROXIES: '127.0.0.1' } });
    proxy = await startNginx(m.srv.port);
  });
  after(async () => {
    await proxy?.stop();
    await m?.close();
  });

  it('serves pages with the app’s own security headers', async () => {
    const r = await http(proxy.url('/'));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-security-policy') || '', /default-src/);
    assert.match(r.body, /Plumbline/);
  });

  it('never serves /metrics, even with the token the app itself would accept', async () => {
    const headers = { authorization: `Bearer ${METRICS_TOKEN}` };
    assert.equal((await http(m.srv.url('/metrics'), { headers })).status, 200, 'the app serves it with the token');
    for (const p of ['/metrics', '/metrics?x=1', '//metrics', '/%6detrics']) {
      const r = await http(proxy.url(p), { headers });
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body, /http_requests_total/, p);
    }
  });

  it('refuses a body over 1 MB before it reaches the app', async () => {
    const r = await http(proxy.url('/api/v1/leads'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'x'.repeat(1_200_000) }),
      contract: false, // nginx's own page, not the API's answer
    });
    assert.equal(r.status, 413);
  });

  it('caps requests in progress per client address at 64 (limit_conn): the next one gets 429', async () => {
    const held = [];
    const poll = async (want) => {
      let r;
      for (let i = 0; i < 100; i++) {
        r = await http(proxy.url('/healthz'));
        if (r.status === want) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      return r;
    };
    try {
      // 64 requests from one address whose bodies never come: nginx is still serving each.
      for (let i = 0; i < 64; i++) {
        const s = net.connect({ port: proxy.port, host: '127.0.0.1' });
        s.on('error', () => {});
        await new Promise((r) => s.once('connect', r));
        s.write('POST /api/v1/leads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n'
          + 'Content-Length: 100\r\n\r\n');
        held.push(s);
      }
      assert.equal((await poll(429)).status, 429);
      held.pop().destroy();
      assert.equal((await poll(200)).status, 200, 'a freed slot is usable again');
    } finally {
      for (const s of held) s.destroy();
    }
  });

  it('streams a new matched lead to an open event stream within 2 s, unbuffered', async () => {
    const p = await readyPlumber(m, 'nginx');
    const stream = await openEvents(proxy.url('/api/v1/events'), { authorization: `Bearer ${p.token}` });
    try {
      assert.equal(stream.status, 200, stream.body);
      assert.match(stream.headers.get('content-type') || '', /^text\/event-stream/);
      const sent = performance.now();
      await submitLead(m, validLeadFor());
      const ev = await stream.waitFor((e) => e.event === 'lead_new', 15000, 'lead_new through nginx');
      assert.ok(ev.at - sent < 2000, `arrived after ${Math.round(ev.at - sent)} ms`);
      const card = ev.json().lead;
      assert.equal(card.zip, '94110');
      assert.ok(!JSON.stringify(card).includes('Grace Homeowner'), 'no contact details in the event');
    } finally {
      stream.close();
    }
  });
});
