// Lead intake end to end: form submit → confirmation → tracking → cancel; JSON intake; duplicates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, decodeHtml, http, jsonLead, leadsCreated, metricsPage, pathOf, postJson, startServer,
  uniquePhone, validLead,
} from '../support/server.mjs';

const TOKEN_PATH = /^\/t\/([A-Za-z0-9_-]{22,})\/sent$/; // ≥ 128 bits of base64url


async function submitForm(srv, fields) {
  const client = new FormClient(srv.baseUrl);
  const res = await client.submit(fields);
  assert.equal(res.status, 303, `form submit: ${res.status} ${res.body.slice(0, 300)}`);
  const m = TOKEN_PATH.exec(res.location);
  assert.ok(m, `redirect to /t/<token>/sent, got ${res.location}`);
  return { client, token: m[1], location: res.location };
}

for (const [db, skip] of BACKENDS) {
  describe(`homeowner request flow (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('stores a form submission and shows the confirmation with its tracking link', async () => {
      const before = await leadsCreated(srv.baseUrl);
      const lead = validLead({ description: 'Form flow: water pooling under the dishwasher.' });
      const { client, token, location } = await submitForm(srv, lead);
      assert.equal(await leadsCreated(srv.baseUrl), before + 1);

      const sent = await client.get(location);
      assert.equal(sent.status, 200);
      assert.match(sent.headers.get('content-type'), /^text\/html/);
      const trackingUrl = `${srv.baseUrl}/t/${token}`;
      assert.ok(sent.body.includes(`value="${trackingUrl}"`), 'tracking URL shown in the input');
      assert.ok(sent.body.includes(`href="${trackingUrl}"`), 'tracking link present');
      assert.match(sent.body, /Request received/);
      assert.match(sent.body, /Leak repair/);
      assert.match(sent.body, /San Francisco/);
      assert.ok(sent.body.includes(lead.email), 'confirmation names the e-mail address');
      assert.doesNotMatch(sent.body, /similar request/, 'first request is not a duplicate');
    });

    it('serves a working tracking page for a form submission', async () => {
      const lead = validLead({ description: 'Tracking: the toilet keeps running all night.' });
      const { client, token } = await submitForm(srv, lead);
      const page = await client.get(`/t/${token}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /class="status-badge status-open"/);
      assert.ok(page.body.includes(lead.description));
      assert.match(page.body, /San Francisco/);
      assert.match(page.body, /CA 94110/);
      assert.match(page.body, /Within 24 hours/);
      assert.match(page.body, /<ol class="history">\s*<li>/, 'history has a row');
      assert.ok(page.body.includes(`action="/t/${token}/cancel"`), 'cancel form shown');
      assert.match(page.body, /name="csrf_token" value="[^"]+"/);
    });

    it('sends Referrer-Policy: no-referrer on pages whose URL is the secret', async () => {
      const { client, token, location } = await submitForm(srv, validLead());
      const sent = await client.get(location);
      assert.equal(sent.headers.get('referrer-policy'), 'no-referrer', 'confirmation page');
      const page = await client.get(`/t/${token}`);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer', 'tracking page');
    });

    it('escapes what the homeowner typed when showing it', async () => {
      const description = 'Pipe <script>alert("x")</script> & "quotes" leak';
      const { client, token } = await submitForm(srv, validLead({ description }));
      const page = await client.get(`/t/${token}`);
      assert.equal(page.status, 200);
      assert.ok(!page.body.includes('<script>alert'), 'raw markup must not appear');
      assert.ok(page.body.includes('&lt;script&gt;'), 'markup shown escaped');
      assert.ok(decodeHtml(page.body).includes(description));
    });

    it('cancels with the form token and then shows the request as cancelled', async () => {
      const { client, token } = await submitForm(srv, validLead());
      await client.get(`/t/${token}`); // picks up the csrf_token of the cancel form
      const res = await client.post(`/t/${token}/cancel`, {});
      assert.equal(res.status, 303);
      assert.equal(res.location, `/t/${token}?cancelled=1`);
      const page = await client.get(res.location);
      assert.equal(page.status, 200);
      assert.match(page.body, /Your request has been cancelled/);
      assert.match(page.body, /class="status-badge status-closed"/);
      assert.match(page.body, /Cancelled by the homeowner/);
      assert.ok(!page.body.includes(`action="/t/${token}/cancel"`), 'no cancel button any more');
      // Cancelling again is harmless.
      const again = await client.post(`/t/${token}/cancel`, {});
      assert.equal(again.status, 303);
    });

    it('refuses to cancel without the CSRF token (lead stays open)', async () => {
      const { client, token } = await submitForm(srv, validLead());
      await client.get(`/t/${token}`);
      const noToken = await client.post(`/t/${token}/cancel`, {}, { withToken: false });
      assert.equal(noToken.status, 403);
      const wrong = await client.post(`/t/${token}/cancel`, { csrf_token: 'A'.repeat(43) });
      assert.equal(wrong.status, 403);
      const crossSite = await client.post(`/t/${token}/cancel`, {},
        { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(crossSite.status, 403);
      const stranger = new FormClient(srv.baseUrl);
      await stranger.get('/request');
      const otherCookie = await stranger.post(`/t/${token}/cancel`,
        { csrf_token: client.csrfToken });
      assert.equal(otherCookie.status, 403, 'token bound to another cookie is refused');
      const page = await client.get(`/t/${token}`);
      assert.match(page.body, /status-badge status-open/, 'still open');
    });

    it('answers 404 for unknown tracking tokens', async () => {
      const client = new FormClient(srv.baseUrl);
      await client.get('/request');
      const fake = 'x'.repeat(32);
      assert.equal((await client.get(`/t/${fake}`)).status, 404);
      assert.equal((await client.get(`/t/${fake}/sent`)).status, 404);
      assert.equal((await client.post(`/t/${fake}/cancel`, {})).status, 404);
      assert.equal((await client.get('/t/short')).status, 404);
    });

    it('creates a lead from JSON: 201 with id, status, duplicate and tracking_url', async () => {
      const before = await leadsCreated(srv.baseUrl);
      const lead = jsonLead({
        description: 'JSON: water heater makes a banging noise.', service_type: 'water_heater',
        urgency: 'this_week', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring',
        referrer: 'https://search.example/',
      });
      const res = await postJson(srv.baseUrl, lead, { headers: { 'user-agent': 'test-agent/1' } });
      assert.equal(res.status, 201, res.body);
      assert.match(res.headers.get('content-type'), /^application\/json/);
      const body = res.json();
      assert.ok(Number.isInteger(body.id) && body.id > 0, `id: ${body.id}`);
      assert.equal(body.status, 'open');
      assert.equal(body.duplicate, false);
      assert.match(body.tracking_url, /^http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{22,}$/);
      assert.equal(new URL(body.tracking_url).port, String(srv.port));
      assert.equal(res.headers.get('location'), pathOf(body.tracking_url));
      assert.equal(await leadsCreated(srv.baseUrl), before + 1);

      const page = await http(srv.url(pathOf(body.tracking_url)));
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(lead.description));
      assert.match(page.body, /Water heater/);
      assert.match(page.body, /status-badge status-open/);

      const second = (await postJson(srv.baseUrl, jsonLead())).json();
      assert.notEqual(second.id, body.id, 'ids differ');
      assert.notEqual(second.tracking_url, body.tracking_url, 'tokens differ');
    });

    it('accepts a ZIP+4 and other phone spellings', async () => {
      const res = await postJson(srv.baseUrl, jsonLead({ zip: '94110-1234', phone: '+1 415.555.0199' }));
      assert.equal(res.status, 201, res.body);
    });

    it('stores a repeat (same phone and service within 7 days) but flags it duplicate', async () => {
      const phone = uniquePhone();
      const first = await postJson(srv.baseUrl, jsonLead({ phone, service_type: 'drain_cleaning' }));
      assert.equal(first.status, 201);
      assert.equal(first.json().duplicate, false);
      const before = await leadsCreated(srv.baseUrl);
      // Same number written differently still counts as the same phone.
      const digits = phone.replace(/\D/g, '');
      const samePhone = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
      const repeat = await postJson(srv.baseUrl,
        jsonLead({ phone: samePhone, service_type: 'drain_cleaning' }));
      assert.equal(repeat.status, 201);
      assert.equal(repeat.json().duplicate, true);
      assert.equal(repeat.json().status, 'open');
      assert.equal(await leadsCreated(srv.baseUrl), before + 1, 'the duplicate is stored too');
      const page = await http(srv.url(pathOf(repeat.json().tracking_url)));
      assert.equal(page.status, 200);
      assert.match(page.body, /repeats one you sent recently/);
      const firstPage = await http(srv.url(pathOf(first.json().tracking_url)));
      assert.doesNotMatch(firstPage.body, /repeats one you sent recently/);

      const otherService = await postJson(srv.baseUrl, jsonLead({ phone, service_type: 'gas_line' }));
      assert.equal(otherService.json().duplicate, false, 'another service is not a duplicate');
      const metrics = await metricsPage(srv.baseUrl);
      assert.match(metrics.body, /plumbline_leads_created_total\{duplicate="true"\} [1-9]/);
    });

    it('flags a duplicate form submission on the confirmation page', async () => {
      const phone = uniquePhone();
      await submitForm(srv, validLead({ phone, service_type: 'sump_pump' }));
      const { client, location } = await submitForm(srv, validLead({ phone, service_type: 'sump_pump' }));
      const sent = await client.get(location);
      assert.equal(sent.status, 200);
      assert.match(sent.body, /We already have a similar request/);
    });
  });
}
