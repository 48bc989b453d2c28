// CSRF protection of the anonymous request form, the per-IP rate limit on lead intake, and the
// Host check (421 for names that are not ours: DNS rebinding).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, describeOnce, http, jsonLead, leadsCreated, postJson, rawExchange,
  startServer, validLead,
} from '../support/server.mjs';

for (const [db, skip] of BACKENDS) {
  describe(`CSRF on the request form (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('issues an HttpOnly SameSite=Lax cookie and a token in the form', async () => {
      const client = new FormClient(srv.baseUrl);
      const page = await client.get('/request');
      assert.equal(page.status, 200);
      const cookie = page.setCookies.find((c) => c.startsWith('plumbline_csrf='));
      assert.ok(cookie, `Set-Cookie: ${page.setCookies}`);
      assert.match(cookie, /;\s*HttpOnly/i);
      assert.match(cookie, /;\s*SameSite=Lax/i);
      assert.match(cookie, /;\s*Path=\//i);
      assert.ok(client.csrfToken && client.csrfToken.length >= 22, 'token in the form');
      assert.notEqual(client.csrfToken, client.cookies.get('plumbline_csrf'),
        'the form token is not the cookie itself');
      // The same cookie is kept on later pages (no new Set-Cookie).
      const again = await client.get('/request');
      assert.equal(again.setCookies.filter((c) => c.startsWith('plumbline_csrf=')).length, 0);
    });

    const refusals = [
      ['no cookie and no token', async () => {
        const c = new FormClient(srv.baseUrl);
        return c.post('/request', validLead());
      }],
      ['a cookie but no token', async () => {
        const c = new FormClient(srv.baseUrl);
        await c.get('/request');
        return c.post('/request', validLead(), { withToken: false });
      }],
      ['a wrong token', async () => {
        const c = new FormClient(srv.baseUrl);
        await c.get('/request');
        return c.post('/request', { ...validLead(), csrf_token: 'x'.repeat(43) });
      }],
      ['a token but no cookie', async () => {
        const c = new FormClient(srv.baseUrl);
        await c.get('/request');
        c.cookies.clear();
        return c.post('/request', validLead());
      }],
      ["another visitor's token", async () => {
        const mine = new FormClient(srv.baseUrl);
        await mine.get('/request');
        const theirs = new FormClient(srv.baseUrl);
        await theirs.get('/request');
        return mine.post('/request', { ...validLead(), csrf_token: theirs.csrfToken });
      }],
      ['a valid token sent cross-site (Sec-Fetch-Site)', async () => {
        const c = new FormClient(srv.baseUrl);
        await c.get('/request');
        return c.post('/request', validLead(), { headers: { 'sec-fetch-site': 'cross-site' } });
      }],
      ['a valid token from a foreign Origin', async () => {
        const c = new FormClient(srv.baseUrl);
        await c.get('/request');
        return c.post('/request', validLead(), { headers: { origin: 'https://evil.example' } });
      }],
      ['a valid token with Origin: null', async () => {
        const c = new FormClient(srv.baseUrl);
        await c.get('/request');
        return c.post('/request', validLead(), { headers: { origin: 'null' } });
      }],
    ];

    for (const [what, attempt] of refusals) {
      it(`refuses ${what} with 403 and stores nothing`, async () => {
        const before = await leadsCreated(srv.baseUrl);
        const res = await attempt();
        assert.equal(res.status, 403, res.body.slice(0, 200));
        assert.match(res.headers.get('content-type'), /^text\/html/);
        assert.match(res.body, /expired or came from another site/);
        assert.equal(await leadsCreated(srv.baseUrl), before, 'no lead created');
      });
    }

    it('accepts the real thing, also with same-origin Origin and Sec-Fetch-Site', async () => {
      const before = await leadsCreated(srv.baseUrl);
      const plain = new FormClient(srv.baseUrl);
      assert.equal((await plain.submit(validLead())).status, 303);
      const browser = new FormClient(srv.baseUrl);
      const res = await browser.submit(validLead(), {
        headers: { origin: srv.baseUrl, 'sec-fetch-site': 'same-origin' },
      });
      assert.equal(res.status, 303, res.body.slice(0, 200));
      const header = new FormClient(srv.baseUrl);
      await header.get('/request');
      const viaHeader = await header.post('/request', validLead(),
        { withToken: false, headers: { 'x-csrf-token': header.csrfToken } });
      assert.equal(viaHeader.status, 303, 'token in X-CSRF-Token');
      assert.equal(await leadsCreated(srv.baseUrl), before + 3);
    });

    it('does not ask the cookie-less JSON API for a CSRF token', async () => {
      const res = await postJson(srv.baseUrl, jsonLead());
      assert.equal(res.status, 201);
      assert.deepEqual(res.setCookies, [], 'the API sets no cookie');
    });
  });

  describe(`rate limit on intake (${db})`, { skip }, () => {
    let srv;
    before(async () => {
      srv = await startServer({
        db,
        env: {
          PLUMBLINE_RATE_LIMIT: 'on', PLUMBLINE_INTAKE_BURST: '3',
          PLUMBLINE_INTAKE_RATE_PER_MINUTE: '1',
        },
      });
    });
    after(async () => { await srv?.close(); });

    it('answers 429 with Retry-After once the burst is used, on the API and the form', async () => {
      for (let i = 0; i < 3; i++) {
        const ok = await postJson(srv.baseUrl, jsonLead());
        assert.equal(ok.status, 201, `request ${i + 1} within the burst`);
      }
      const limited = await postJson(srv.baseUrl, jsonLead());
      assert.equal(limited.status, 429);
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After: ${retry}`);
      const { error } = limited.json();
      assert.equal(error.code, 'rate_limited');

      // The form shares the per-IP bucket, and answers with an HTML page.
      const client = new FormClient(srv.baseUrl);
      const form = await client.submit(validLead());
      assert.equal(form.status, 429);
      assert.match(form.headers.get('content-type'), /^text\/html/);
      assert.ok(Number(form.headers.get('retry-after')) >= 1);

      assert.equal(await leadsCreated(srv.baseUrl), 3, 'only the allowed requests stored');
      // Reading pages is not limited.
      for (let i = 0; i < 5; i++) assert.equal((await http(`${srv.baseUrl}/`)).status, 200);
    });
  });
}

// One raw HTTP/1.1 request (fetch cannot choose the Host header); `host` null sends none.
function rawRequest(port, { method = 'GET', target = '/', host, headers = {}, body = '' }) {
  const lines = [`${method} ${target} HTTP/1.1`];
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  lines.push('Connection: close');
  return rawExchange(port, `${lines.join('\r\n')}\r\n\r\n${body}`);
}

describeOnce('Host check: names other than the base URL\'s and PLUMBLINE_ALLOWED_HOSTS get 421', () => {
  let srv; // loopback base URL (the default), two extra hosts
  let pub; // a public base URL, as behind a TLS-terminating proxy
  before(async () => {
    srv = await startServer({ env: { PLUMBLINE_ALLOWED_HOSTS: 'plumbline.test, api.plumbline.test:8443' } });
    pub = await startServer({ env: { PLUMBLINE_BASE_URL: 'https://plumbline.example.com' } });
  });
  after(async () => { await srv?.close(); await pub?.close(); });

  it('refuses another name on a page, the API and /dev/mail before routing; nothing is stored', async () => {
    const evil = `evil.example:${srv.port}`;
    const mailbox = await rawRequest(srv.port, { target: '/dev/mail', host: `127.0.0.1:${srv.port}` });
    assert.equal(mailbox.status, 200, 'the local mailbox is on for loopback');
    const before = await leadsCreated(srv.baseUrl);
    for (const [target, host] of [['/', evil], ['/dev/mail', evil], ['/dev/mail', `localhost.evil.example:${srv.port}`],
      ['/no-such-page', evil]]) {
      const r = await rawRequest(srv.port, { target, host });
      assert.equal(r.status, 421, `${target} for ${host}: ${r.raw.slice(0, 120)}`);
      assert.match(r.headers['content-type'], /^text\/html/, target);
      assert.match(r.body, /Misdirected Request/, target);
      assert.doesNotMatch(r.body, /\.eml/, `${target}: no mailbox listing`);
      assert.match(r.headers['content-security-policy'] || '', /default-src 'self'/, `${target}: security headers`);
    }
    const lead = JSON.stringify(jsonLead());
    const api = await rawRequest(srv.port, {
      method: 'POST', target: '/api/v1/leads', host: evil, headers: { 'Content-Type': 'application/json' }, body: lead,
    });
    assert.equal(api.status, 421, api.raw.slice(0, 200));
    assert.equal(JSON.parse(api.body).error.code, 'misdirected_request');
    // An absolute-form target names the host instead of the Host header (RFC 9112 §3.2.2).
    const absolute = await rawRequest(srv.port, { target: `http://${evil}/dev/mail`, host: `127.0.0.1:${srv.port}` });
    assert.equal(absolute.status, 421, absolute.raw.slice(0, 120));
    assert.equal(await leadsCreated(srv.baseUrl), before, 'no lead stored');
    assert.ok(srv.logs.some((l) => l.msg === 'host_rejected' && l.host === evil), 'host_rejected logged');
    assert.ok(srv.logs.some((l) => l.msg === 'request' && l.status === 421), 'counted in the access log');
  });

  it('serves any loopback name on a loopback base URL, and the allowed extra hosts', async () => {
    for (const host of ['localhost', `127.0.0.1:${srv.port}`, '127.0.0.2', `[::1]:${srv.port}`, 'LOCALHOST:1',
      'plumbline.test', `PLUMBLINE.TEST:${srv.port}`, 'api.plumbline.test:8443', 'api.plumbline.test']) {
      const r = await rawRequest(srv.port, { target: '/about', host });
      assert.equal(r.status, 200, `${host}: ${r.raw.slice(0, 120)}`);
    }
    assert.equal((await rawRequest(srv.port, { target: '/about', host: 'api.plumbline.test:9999' })).status, 421);
    assert.equal((await rawRequest(srv.port, { target: '/about', host: 'www.plumbline.test' })).status, 421);
    assert.equal((await rawRequest(srv.port, { target: 'http://plumbline.test/about', host: 'evil.example' })).status, 200,
      'the absolute-form target wins over Host');
    const before = await leadsCreated(srv.baseUrl);
    const created = await rawRequest(srv.port, {
      method: 'POST', target: '/api/v1/leads', host: 'plumbline.test', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(jsonLead()),
    });
    assert.equal(created.status, 201, created.raw.slice(0, 200));
    assert.equal(await leadsCreated(srv.baseUrl), before + 1);
  });

  it('answers 400 to a request without a Host header or with two', async () => {
    const none = await rawRequest(srv.port, { target: '/about', host: null });
    assert.equal(none.status, 400, none.raw.slice(0, 120));
    const two = await rawRequest(srv.port, { target: '/about', host: 'localhost', headers: { Host: 'evil.example' } });
    assert.equal(two.status, 400, two.raw.slice(0, 120));
    const api = await rawRequest(srv.port, { target: '/api/v1/me', host: null });
    assert.equal(JSON.parse(api.body).error.code, 'bad_request', 'JSON under /api/');
  });

  it('behind a proxy: only the public name is served, health checks by IP still answer', async () => {
    assert.equal((await rawRequest(pub.port, { target: '/about', host: 'plumbline.example.com' })).status, 200);
    assert.equal((await rawRequest(pub.port, { target: '/about', host: 'Plumbline.Example.com:443' })).status, 200);
    for (const host of [`127.0.0.1:${pub.port}`, 'localhost', 'plumbline.example.com:8443', 'evil.example'])
      assert.equal((await rawRequest(pub.port, { target: '/about', host })).status, 421, host);
    for (const target of ['/healthz', '/readyz']) {
      const probe = await rawRequest(pub.port, { target, host: `10.0.0.7:${pub.port}` });
      assert.equal(probe.status, 200, `${target} probed by IP`);
      assert.equal((await rawExchange(pub.port, `GET ${target} HTTP/1.0\r\n\r\n`)).status, 200, `${target} over HTTP/1.0 without Host`);
    }
  });
});
