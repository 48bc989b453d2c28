// Ending a plumber's sessions (issue 15) stops their API access tokens at once, not after the
// 15 minutes they live: staff's "end all sessions" in the console, then the same bearer token gets
// 401 sessions_ended on every API route; a new sign-in works; other users' tokens are untouched.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { api, apiToken, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

for (const [db, skip] of BACKENDS) {
  describe(`ending sessions ends API access tokens (${db})`, { skip }, () => {
    let m;
    let admin;

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
    });
    after(async () => { await m?.close(); });

    it('refuses the old token at once after staff end the sessions; a new sign-in works', async () => {
      const p = await readyPlumber(m, 'endtok');
      const other = await readyPlumber(m, 'keeptok');
      const token = await apiToken(m.srv, p.email);
      for (const path of ['/api/v1/me', '/api/v1/credits'])
        assert.equal((await api(m.srv, 'GET', path, { token })).status, 200, path);

      // A bad request changes nothing: the token still works.
      await admin.get(`/admin/plumbers/${p.id}`);
      const noReason = await admin.post(`/admin/plumbers/${p.id}/end-sessions`, { reason: '' });
      assert.equal(noReason.status, 422, noReason.body.slice(0, 300));
      assert.equal((await api(m.srv, 'GET', '/api/v1/me', { token })).status, 200);

      await admin.get(`/admin/plumbers/${p.id}`);
      const ended = await admin.post(`/admin/plumbers/${p.id}/end-sessions`, { reason: 'Phone stolen' });
      assert.equal(ended.status, 303, ended.body.slice(0, 300));
      for (const path of ['/api/v1/me', '/api/v1/credits', '/api/v1/leads/available']) {
        const r = await api(m.srv, 'GET', path, { token });
        assert.equal(r.status, 401, `${path}: ${r.body}`);
        assert.equal(r.json().error.code, 'sessions_ended', path);
        assert.match(r.json().error.message, /Sign in again/);
        assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/);
      }
      assert.equal((await api(m.srv, 'GET', '/api/v1/me', { token: other.token })).status, 200, 'another plumber keeps theirs');

      const fresh = await apiToken(m.srv, p.email);
      const me = await api(m.srv, 'GET', '/api/v1/me', { token: fresh });
      assert.equal(me.status, 200, me.body);
      assert.equal(me.json().id, p.id);
    });

    it('a token that is no token at all still gets the plain unauthorized code', async () => {
      const r = await api(m.srv, 'GET', '/api/v1/me', { token: 'not-a-jwt' });
      assert.equal(r.status, 401);
      assert.equal(r.json().error.code, 'unauthorized');
    });
  });
}
