// Partner lead sources (issue 20): staff create a source and issue it a key on the console (shown
// once, stored hashed, audited); a partner posts requests with it to POST /api/v1/leads. Covers
// the key's scope (only that route), revocation, consent evidence (422 naming the field), the
// Idempotency-Key (same body → same answer; other body → 422; concurrent duplicates → one lead),
// the key's rate (429 + Retry-After) and the source's daily cap, on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  BACKENDS, FormClient, decodeHtml, http, jsonLead, postJson, uniquePhone, validLead,
} from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { api, startMarketplace } from '../support/marketplace.mjs';

const evidence = () => ({
  text: 'I agree that up to 3 plumbers may contact me about this job.',
  at: Date.now() - 60000,
  ip: '203.0.113.9',
  page_url: 'https://partner.example/get-quotes',
});

let sourceCounter = 0;

// Creates a source on the console; returns its id.
async function createSource(admin, fields = {}) {
  await admin.get('/admin/sources');
  sourceCounter += 1;
  const res = await admin.post('/admin/sources', {
    name: `Partner ${sourceCounter} ${Date.now()}`, contact: 'ann@partner.example', services: '',
    areas: '', daily_cap: '0', rate_per_minute: '60', terms: '$12 a lead', frame_origins: '', ...fields,
  });
  assert.equal(res.status, 303, res.body.slice(0, 500));
  const m = /^\/admin\/sources\/(\d+)\?done=created$/.exec(res.location);
  assert.ok(m, res.location);
  return Number(m[1]);
}

// Issues a key; returns the key shown once.
async function issueKey(admin, sourceId) {
  await admin.get(`/admin/sources/${sourceId}`);
  const res = await admin.post(`/admin/sources/${sourceId}/keys`);
  assert.equal(res.status, 200, res.body.slice(0, 500));
  const m = /id="new-key-value">([^<]+)</.exec(res.body);
  assert.ok(m, 'the new key is shown');
  return decodeHtml(m[1]);
}

const partnerPost = (srv, key, body, headers = {}) => postJson(srv.baseUrl,
  typeof body === 'string' ? body : JSON.stringify(body),
  { headers: { authorization: `Bearer ${key}`, ...headers } });

const partnerLead = (overrides = {}) => jsonLead({ phone: uniquePhone(), consent_evidence: evidence(), ...overrides });

for (const [db, skip] of BACKENDS) {
  describe(`partner lead sources (${db})`, { skip }, () => {
    let m;
    let admin;
    before(async () => {
      m = await startMarketplace({ db, maildev: false });
      admin = await m.adminClient();
    });
    after(async () => { await m?.close(); });

    it('a key posts a lead that carries its source and the consent evidence; only the hash is kept', async () => {
      const id = await createSource(admin);
      const key = await issueKey(admin, id);
      assert.match(key, /^plk_[A-Za-z0-9_-]{43}$/);
      const res = await partnerPost(m.srv, key, partnerLead());
      assert.equal(res.status, 201, res.body);
      const leadId = Number(res.json().id);
      const ev = evidence();
      const [stored] = query(m.srv, `SELECT partner_source_id, consent_ip, consent_page_url, source FROM leads WHERE id = ${leadId}`);
      assert.deepEqual([Number(stored[0]), ...stored.slice(1)], [id, ev.ip, ev.page_url, 'api']);
      const sha = createHash('sha256').update(key).digest('hex');
      assert.equal(Number(query(m.srv, `SELECT count(*) FROM partner_keys WHERE key_hash = '${sha}'`)[0][0]), 1);
      // The key itself is nowhere in its row, nor in the audit trail.
      assert.equal(Number(query(m.srv, `SELECT count(*) FROM partner_keys WHERE key_hash = '${key}' OR hint = '${key}' OR scopes LIKE '%${key.slice(4, 20)}%'`)[0][0]), 0);
      assert.equal(Number(query(m.srv, `SELECT count(*) FROM audit_log WHERE after_json LIKE '%${key.slice(4)}%'`)[0][0]), 0);
      const actions = query(m.srv, `SELECT action FROM audit_log WHERE target_type = 'partner_source' AND target_id = '${id}' ORDER BY id`).map((r) => r[0]);
      assert.deepEqual(actions, ['partner_source.create', 'partner_key.issue']);
      // The Lead sources report names the partner in its table of intake sources.
      const name = query(m.srv, `SELECT name FROM partner_sources WHERE id = ${id}`)[0][0];
      const report = await api(m.srv, 'GET', '/api/v1/admin/reports/sources', { token: m.admin.token });
      assert.equal(report.status, 200, report.body);
      const bySource = report.json().tables.find((t) => t.key === 'by_source');
      const row = bySource.rows.find((r) => r[0] === `Partner: ${name}`);
      assert.ok(row, `a row for the partner in ${JSON.stringify(bySource.rows.map((r) => r[0]))}`);
      assert.equal(Number(row[1]), 1);
      // The console shows the key's first characters only.
      const page = await admin.get(`/admin/sources/${id}`);
      assert.ok(page.body.includes(key.slice(0, 8)));
      assert.ok(!page.body.includes(key));
    });

    it('the key is scoped to leads:create: other routes refuse it, and a wrong key is 401', async () => {
      const key = await issueKey(admin, await createSource(admin));
      for (const path of ['/api/v1/me', '/api/v1/admin/reports', '/api/v1/leads/available']) {
        const res = await http(`${m.srv.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(res.status, 401, `${path}: ${res.body}`);
      }
      const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      const res = await partnerPost(m.srv, wrong, partnerLead());
      assert.equal(res.status, 401, res.body);
      assert.equal(res.json().error.code, 'unauthorized');
      assert.match(res.headers.get('www-authenticate') || '', /Bearer/);
      const noScheme = await postJson(m.srv.baseUrl, partnerLead(), { headers: { authorization: key } });
      assert.equal(noScheme.status, 401, noScheme.body);
    });

    it('a revoked key is refused, and the revocation is audited', async () => {
      const id = await createSource(admin);
      const key = await issueKey(admin, id);
      assert.equal((await partnerPost(m.srv, key, partnerLead())).status, 201);
      const keyId = query(m.srv, `SELECT id FROM partner_keys WHERE source_id = ${id}`)[0][0];
      await admin.get(`/admin/sources/${id}`);
      const revoke = await admin.post(`/admin/sources/${id}/keys/${keyId}/revoke`);
      assert.equal(revoke.status, 303, revoke.body.slice(0, 300));
      const res = await partnerPost(m.srv, key, partnerLead());
      assert.equal(res.status, 401, res.body);
      assert.equal(query(m.srv, `SELECT action FROM audit_log WHERE target_type = 'partner_source' AND target_id = '${id}' ORDER BY id DESC LIMIT 1`)[0][0], 'partner_key.revoke');
    });

    it('consent evidence is required: each missing field is named', async () => {
      const key = await issueKey(admin, await createSource(admin));
      const none = partnerLead();
      delete none.consent_evidence;
      let res = await partnerPost(m.srv, key, none);
      assert.equal(res.status, 422, res.body);
      assert.deepEqual(res.json().error.details.map((d) => d.field).sort(),
        ['consent_evidence.at', 'consent_evidence.ip', 'consent_evidence.page_url', 'consent_evidence.text']);
      res = await partnerPost(m.srv, key, partnerLead({ consent_evidence: { ...evidence(), page_url: '' } }));
      assert.equal(res.status, 422, res.body);
      assert.deepEqual(res.json().error.details.map((d) => d.field), ['consent_evidence.page_url']);
    });

    it('Idempotency-Key: same body → same answer, other body → 422, concurrent duplicates → one lead', async () => {
      const id = await createSource(admin);
      const key = await issueKey(admin, id);
      const body = JSON.stringify(partnerLead());
      const first = await partnerPost(m.srv, key, body, { 'idempotency-key': 'order-1' });
      assert.equal(first.status, 201, first.body);
      const again = await partnerPost(m.srv, key, body, { 'idempotency-key': 'order-1' });
      assert.equal(again.status, 201, again.body);
      assert.deepEqual(again.json(), first.json());
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const other = await partnerPost(m.srv, key, partnerLead(), { 'idempotency-key': 'order-1' });
      assert.equal(other.status, 422, other.body);
      assert.equal(other.json().error.details[0].field, 'Idempotency-Key');
      const burstBody = JSON.stringify(partnerLead());
      const burst = await Promise.all(Array.from({ length: 6 },
        () => partnerPost(m.srv, key, burstBody, { 'idempotency-key': 'burst-7' })));
      for (const r of burst) assert.equal(r.status, 201, r.body);
      assert.equal(new Set(burst.map((r) => r.json().id)).size, 1);
      assert.equal(Number(query(m.srv, `SELECT count(*) FROM leads WHERE partner_source_id = ${id}`)[0][0]), 2);
    });

    it("a key's rate answers 429 with Retry-After", async () => {
      const key = await issueKey(admin, await createSource(admin, { rate_per_minute: '1' }));
      assert.equal((await partnerPost(m.srv, key, partnerLead())).status, 201);
      const res = await partnerPost(m.srv, key, partnerLead());
      assert.equal(res.status, 429, res.body);
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
    });

    it("the source's daily cap answers 429 once reached", async () => {
      const id = await createSource(admin, { daily_cap: '2' });
      const key = await issueKey(admin, id);
      for (let i = 0; i < 2; i += 1) assert.equal((await partnerPost(m.srv, key, partnerLead())).status, 201);
      const res = await partnerPost(m.srv, key, partnerLead());
      assert.equal(res.status, 429, res.body);
      assert.match(res.json().error.message, /daily cap of 2/);
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
      assert.equal(Number(query(m.srv, `SELECT count(*) FROM leads WHERE partner_source_id = ${id}`)[0][0]), 2);
    });

    it('refuses a service or an area the source may not send, naming the field', async () => {
      const key = await issueKey(admin, await createSource(admin, { services: 'drain_cleaning', areas: '100' }));
      const res = await partnerPost(m.srv, key, partnerLead());
      assert.equal(res.status, 422, res.body);
      assert.deepEqual(res.json().error.details.map((d) => d.field), ['service_type']);
    });

    it('the embedded form may be framed by the listed origins only; its posts need its signed token', async () => {
      const id = await createSource(admin, { frame_origins: 'https://partner.example http://127.0.0.1:8081' });
      const page = await http(`${m.srv.baseUrl}/embed/${id}/request`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy'), /frame-ancestors https:\/\/partner\.example http:\/\/127\.0\.0\.1:8081$/);
      assert.equal(page.headers.get('x-frame-options'), null);
      assert.equal(page.setCookies.length, 0, 'no cookie: a third-party frame would not send it back');
      const closed = await http(`${m.srv.baseUrl}/embed/${await createSource(admin)}/request`);
      assert.match(closed.headers.get('content-security-policy'), /frame-ancestors 'none'$/);
      assert.equal(closed.headers.get('x-frame-options'), 'DENY');
      // Everything else keeps its framing policy.
      const form = await http(`${m.srv.baseUrl}/request`);
      assert.match(form.headers.get('content-security-policy'), /frame-ancestors 'none'$/);
      assert.equal(form.headers.get('x-frame-options'), 'DENY');
      // A post without the form's token, or with another form's, is refused; with it, stored with the source.
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request'); // a cookie-bound token of the site's own form
      let res = await client.post(`/embed/${id}/request`, validLead({ email: 'framed-api@example.com' }));
      assert.equal(res.status, 403, res.body.slice(0, 200));
      await client.get(`/embed/${id}/request`);
      res = await client.post(`/embed/${id}/request`, validLead({ email: 'framed-api@example.com' }));
      assert.equal(res.status, 200, res.body.slice(0, 300));
      assert.match(res.body, /Request sent/);
      assert.equal(Number(query(m.srv, "SELECT partner_source_id FROM leads WHERE email = 'framed-api@example.com'")[0][0]), id);
    });

    it('the source page shows the embed snippet', async () => {
      const id = await createSource(admin);
      const res = await admin.get(`/admin/sources/${id}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('/embed/'), 'the page shows the embed snippet');
    });
  });
}
