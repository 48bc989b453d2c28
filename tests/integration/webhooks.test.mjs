// Issue 20 item 3 over HTTP: outbound webhooks to a test receiver on loopback (allowed only by the
// test allow-list). The receiver verifies every Plumbline-Signature; a receiver's 500s are retried
// with backoff (each gap at least the scheduled delay's lower bound, never an upper bound);
// claim.created carries the homeowner's contact to the claimant's endpoint only; redelivery sends
// the same event id; a rotated secret signs beside the new one; private targets are refused at
// registration and again at delivery.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import nodeHttp from 'node:http';
import { BACKENDS } from '../support/server.mjs';
import {
  api, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { execute } from '../support/db.mjs';
import { waitFor } from '../support/outbox.mjs';

// Checks a Plumbline-Signature header as docs/api.md tells receivers to: true when a v1 matches
// HMAC-SHA256(secret, t + "." + body).
function signedBy(header, secret, body) {
  const parts = header.split(',').map((p) => p.split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const got = Buffer.from(v, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// A receiver on 127.0.0.1: records {path, headers, body, at}; answers the next status of `plan`
// (then 200).
async function startReceiver() {
  const r = { requests: [], plan: [] };
  r.server = nodeHttp.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      r.requests.push({ path: req.url, headers: req.headers, body, json: JSON.parse(body), at: Date.now() });
      res.writeHead(r.plan.shift() ?? 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = (path) => `http://127.0.0.1:${r.server.address().port}${path}`;
  r.on = (path, type) => r.requests.filter((x) => x.path === path && x.json.type === type);
  return r;
}

for (const [db, skip] of BACKENDS) {
  describe(`outbound webhooks (${db})`, { skip }, () => {
    let m;
    let rx;
    let pat;
    let hook; // pat's endpoint: {endpoint, secret}
    let platform; // the platform's endpoint
    let leadId;

    before(async () => {
      rx = await startReceiver();
      m = await startMarketplace({
        db,
        maildev: false,
        env: { PLUMBLINE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', PLUMBLINE_WEBHOOK_RETRY_SECONDS: '1' },
      });
      pat = await readyPlumber(m, 'hooked');
    });
    after(async () => {
      await m?.close();
      rx?.server.close();
    });

    it('refuses private, loopback, link-local and metadata targets and plain http at registration', async () => {
      for (const url of ['https://169.254.169.254/latest/meta-data', 'https://10.0.0.8/hook', 'https://[::1]/hook',
        'https://localhost/hook', 'http://127.0.0.2/hook', 'http://hooks.example.com/hook', 'ftp://hooks.example.com/']) {
        const r = await api(m.srv, 'POST', '/api/v1/webhooks', { token: pat.token, body: { url, events: ['lead.matched'] } });
        assert.equal(r.status, 422, `${url}: ${r.status} ${r.body}`);
        assert.equal(r.json().error.details[0].field, 'url');
      }
      const bad = await api(m.srv, 'POST', '/api/v1/webhooks', {
        token: pat.token, body: { url: rx.url('/pat'), events: ['lead.exploded'] },
      });
      assert.equal(bad.status, 422, bad.body);
    });

    it('registers endpoints and shows each secret once', async () => {
      const r = await api(m.srv, 'POST', '/api/v1/webhooks', {
        token: pat.token, body: { url: rx.url('/pat'), events: ['claim.created', 'lead.matched'], description: 'CRM' },
      });
      assert.equal(r.status, 201, r.body);
      hook = r.json();
      assert.match(hook.secret, /^whsec_/);
      assert.deepEqual(hook.endpoint.events, ['lead.matched', 'claim.created']);
      const p = await api(m.srv, 'POST', '/api/v1/admin/webhooks', {
        token: m.admin.token, body: { url: rx.url('/platform'), events: ['claim.created', 'lead.closed'] },
      });
      assert.equal(p.status, 201, p.body);
      platform = p.json();
      const list = await api(m.srv, 'GET', '/api/v1/webhooks', { token: pat.token });
      assert.equal(list.status, 200);
      assert.deepEqual(list.json().endpoints.map((e) => e.id), [hook.endpoint.id]);
      assert.ok(!list.body.includes(hook.secret), 'the secret is not shown again');
      // The plumber cannot read the platform's endpoint.
      const theirs = await api(m.srv, 'GET', `/api/v1/webhooks/${platform.endpoint.id}`, { token: pat.token });
      assert.equal(theirs.status, 404);
    });

    it('signs lead.matched and retries after the receiver\'s 500s with backoff', async () => {
      rx.plan = [500, 500];
      await submitLead(m, validLeadFor());
      await waitFor(() => rx.on('/pat', 'lead.matched').length >= 3, { timeoutMs: 60000, what: 'three lead.matched attempts' });
      const got = rx.on('/pat', 'lead.matched');
      for (const x of got) assert.ok(signedBy(x.headers['plumbline-signature'], hook.secret, x.body), 'signature verifies');
      assert.ok(!signedBy(got[0].headers['plumbline-signature'], 'whsec_wrong', got[0].body));
      assert.equal(new Set(got.map((x) => x.json.id)).size, 1, 'one event id for every attempt');
      leadId = got[0].json.data.lead_id;
      assert.equal(got[0].json.data.plumber_id, pat.id);
      assert.equal(got[0].json.data.contact, undefined, 'no contact details before a claim');
      // 1 s then 2 s, each ±20 %: lower bounds only, as a slow machine only lengthens them.
      assert.ok(got[1].at - got[0].at >= 800, `first retry after ${got[1].at - got[0].at} ms`);
      assert.ok(got[2].at - got[1].at >= 1600, `second retry after ${got[2].at - got[1].at} ms`);
      const log = await api(m.srv, 'GET', `/api/v1/webhooks/${hook.endpoint.id}`, { token: pat.token });
      assert.equal(log.status, 200, log.body);
      const rows = log.json().deliveries.filter((d) => d.event === 'lead.matched');
      assert.deepEqual(rows.map((d) => d.status_code), [200, 500, 500]);
      assert.deepEqual(rows.map((d) => d.attempt), [3, 2, 1]);
      assert.ok(rows.every((d) => d.response_ms >= 0));
    });

    it('sends claim.created with the contact details to the claimant\'s endpoint only', async () => {
      const card = await newestAvailableLead(m, pat);
      assert.equal(card.id ?? card.lead_id, leadId);
      const claim = await claimLead(m, pat, leadId);
      assert.equal(claim.status, 201, claim.body);
      await waitFor(() => rx.on('/pat', 'claim.created').length >= 1 && rx.on('/platform', 'claim.created').length >= 1,
        { what: 'claim.created at both endpoints' });
      const mine = rx.on('/pat', 'claim.created')[0];
      const theirs = rx.on('/platform', 'claim.created')[0];
      assert.ok(signedBy(mine.headers['plumbline-signature'], hook.secret, mine.body));
      assert.ok(signedBy(theirs.headers['plumbline-signature'], platform.secret, theirs.body));
      assert.match(mine.json.data.contact.phone, /^\+1628555/);
      assert.equal(mine.json.data.contact.name, 'Grace Homeowner');
      assert.equal(theirs.json.data.contact, undefined);
      assert.ok(!theirs.body.includes('Grace Homeowner'));
      assert.equal(mine.json.id, theirs.json.id, 'one event, one id');
    });

    it('redelivers from the log, and signs with both secrets during a rotation\'s grace', async () => {
      const log = await api(m.srv, 'GET', `/api/v1/webhooks/${hook.endpoint.id}`, { token: pat.token });
      const row = log.json().deliveries.find((d) => d.event === 'claim.created');
      const before = rx.on('/pat', 'claim.created').length;
      const again = await api(m.srv, 'POST', `/api/v1/webhooks/deliveries/${row.id}/redeliver`, { token: pat.token, body: {} });
      assert.equal(again.status, 202, again.body);
      await waitFor(() => rx.on('/pat', 'claim.created').length > before, { what: 'the redelivery' });
      const re = rx.on('/pat', 'claim.created').at(-1);
      assert.equal(re.json.id, row.event_id);
      assert.ok(signedBy(re.headers['plumbline-signature'], hook.secret, re.body));

      const rotated = await api(m.srv, 'POST', `/api/v1/webhooks/${hook.endpoint.id}/rotate-secret`, { token: pat.token, body: {} });
      assert.equal(rotated.status, 200, rotated.body);
      const fresh = rotated.json().secret;
      assert.notEqual(fresh, hook.secret);
      assert.ok(rotated.json().endpoint.previous_secret_valid_until > Date.now());
      const n = rx.on('/pat', 'claim.created').length;
      const third = await api(m.srv, 'POST', `/api/v1/webhooks/deliveries/${row.id}/redeliver`, { token: pat.token, body: {} });
      assert.equal(third.status, 202, third.body);
      await waitFor(() => rx.on('/pat', 'claim.created').length > n, { what: 'the redelivery after rotation' });
      const last = rx.on('/pat', 'claim.created').at(-1);
      const header = last.headers['plumbline-signature'];
      assert.equal(header.split(',').filter((p) => p.startsWith('v1=')).length, 2, header);
      assert.ok(signedBy(header, fresh, last.body), 'the new secret verifies');
      assert.ok(signedBy(header, hook.secret, last.body), 'the old one too, during the grace');
      // Another plumber cannot redeliver it.
      const other = await readyPlumber(m, 'nosy');
      const nosy = await api(m.srv, 'POST', `/api/v1/webhooks/deliveries/${row.id}/redeliver`, { token: other.token, body: {} });
      assert.equal(nosy.status, 404);
    });

    it('refuses a target that became private by delivery time, and logs why', async () => {
      // What a DNS answer changed after registration would do: the stored host is now loopback.
      const port = new URL(rx.url('/')).port;
      execute(m.srv, `UPDATE webhook_endpoints SET url = 'https://127.0.0.2:${port}/platform' WHERE id = ${platform.endpoint.id}`);
      const closed = await api(m.srv, 'POST', `/api/v1/admin/leads/${leadId}/close`, {
        token: m.admin.token, body: { close_as: 'spam', reason: 'Webhook test' },
      });
      assert.equal(closed.status, 200, closed.body);
      let rows = [];
      await waitFor(async () => {
        const r = await api(m.srv, 'GET', `/api/v1/admin/webhooks/${platform.endpoint.id}`, { token: m.admin.token });
        rows = r.json().deliveries.filter((d) => d.event === 'lead.closed');
        return rows.length > 0;
      }, { what: 'the refused lead.closed delivery' });
      assert.equal(rows[0].status_code, 0);
      assert.match(rows[0].error, /^refused: /);
      assert.equal(rx.on('/platform', 'lead.closed').length, 0);
    });

    it('removes an endpoint: it hears nothing more', async () => {
      const del = await api(m.srv, 'DELETE', `/api/v1/webhooks/${hook.endpoint.id}`, { token: pat.token });
      assert.equal(del.status, 200, del.body);
      assert.equal(del.json().active, false);
      const list = await api(m.srv, 'GET', '/api/v1/webhooks', { token: pat.token });
      assert.deepEqual(list.json().endpoints, []);
    });
  });
}
