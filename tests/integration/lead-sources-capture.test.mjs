// Lead sources at intake (issue 16, the Lead sources report): the request form carries the UTM
// parameters of the URL it was opened with and the browser's Referer through to the stored
// request, and POST /api/v1/leads stores the same four fields from its JSON body.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, decodeHtml, jsonLead, postJson, startServer, uniquePhone, validLead,
} from '../support/server.mjs';
import { query } from '../support/db.mjs';

const FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer'];

// The value of a hidden input of the form, decoded.
function hidden(html, name) {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `hidden field ${name}`);
  return decodeHtml(m[1]);
}

const stored = (srv, where) => query(srv,
  `SELECT utm_source, utm_medium, utm_campaign, referrer, source FROM leads WHERE ${where}`);

for (const [db, skip] of BACKENDS) {
  describe(`lead sources captured at intake (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('form: UTM parameters from the URL and the Referer reach the stored request', async () => {
      const client = new FormClient(srv.baseUrl);
      const referrer = 'https://www.google.com/search?q=plumber&x=<1>';
      const page = await client.get('/request?utm_source=google&utm_medium=cpc&utm_campaign=spring%20sale',
        { headers: { referer: referrer } });
      assert.equal(page.status, 200);
      const carried = Object.fromEntries(FIELDS.map((f) => [f, hidden(page.body, f)]));
      assert.deepEqual(carried, {
        utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring sale', referrer,
      });
      const email = `sources-${Date.now()}@example.com`;
      const res = await client.post('/request', { ...validLead({ email, phone: uniquePhone() }), ...carried });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.deepEqual(stored(srv, `email = '${email}'`),
        [['google', 'cpc', 'spring sale', referrer, 'web']]);
    });

    it('form: without UTM parameters or a Referer the request stores empty values', async () => {
      const client = new FormClient(srv.baseUrl);
      const page = await client.get('/request');
      for (const f of FIELDS) assert.equal(hidden(page.body, f), '', f);
      const email = `direct-${Date.now()}@example.com`;
      const res = await client.post('/request', validLead({ email, phone: uniquePhone() }));
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.deepEqual(stored(srv, `email = '${email}'`), [['', '', '', '', 'web']]);
    });

    it('API: the JSON fields are stored, trimmed and cut to their lengths', async () => {
      const lead = jsonLead({
        phone: uniquePhone(), utm_source: '  newsletter ', utm_medium: 'email',
        utm_campaign: 'x'.repeat(150), referrer: 'https://mail.example.com/inbox',
      });
      const res = await postJson(srv.baseUrl, lead);
      assert.equal(res.status, 201, res.body);
      const id = res.json().id;
      assert.deepEqual(stored(srv, `id = ${Number(id)}`),
        [['newsletter', 'email', 'x'.repeat(100), 'https://mail.example.com/inbox', 'api']]);
    });
  });
}
