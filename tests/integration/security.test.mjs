// CSRF protection of the anonymous request form, and the per-IP rate limit on lead intake.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, http, jsonLead, leadsCreated, postJson, startServer, validLead,
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
