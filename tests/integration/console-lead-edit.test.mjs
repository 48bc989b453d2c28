// Requests by hand in the console (issue 15): a phone-in (source phone, consent read out, notify now or held), an edit with a reason (claimants told or not, audit of the changed fields), re-run matching (new matches only), their JSON twins, and every misuse refused with nothing changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, FormClient, decodeHtml } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { supportAgent } from '../support/staff.mjs';
import {
  api, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead,
  validLeadFor,
} from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);
const one = (srv, sql) => query(srv, sql)[0]?.[0];
const count = (srv, sql) => Number(one(srv, sql));
const leadIdFrom = (location) => Number(/^\/admin\/leads\/(\d+)\?done=created$/.exec(location || '')?.[1]);

// The form of a phone-in: the homeowner form's fields (no send_anyway), the consent box and notify now.
function phoneIn(overrides = {}) {
  const { send_anyway: _s, ...fields } = validLeadFor();
  return { ...fields, notify_now: 'yes', ...overrides };
}

// The fields of lead `id` as the edit form posts them (every field), with changes.
function editForm(srv, id, changes) {
  const [service_type, description, urgency, zip, address, name, phone, email, contact_method, best_time] = query(srv,
    `SELECT service_type, description, urgency, zip, address, name, phone_e164, email, contact_method, best_time FROM leads WHERE id = ${id}`)[0];
  return { service_type, description, urgency, zip, address, name, phone, email, contact_method, best_time, ...changes };
}

// Everything an edit or a re-run may change about lead `id`, as one string.
function leadState(srv, id) {
  return JSON.stringify([
    query(srv, `SELECT service_type, description, urgency, zip, city, state, address, name, phone_e164, email, contact_method, best_time, price_credits, updated_at FROM leads WHERE id = ${id}`),
    query(srv, `SELECT plumber_id FROM lead_matches WHERE lead_id = ${id} ORDER BY plumber_id`),
    query(srv, `SELECT count(*) FROM outbox WHERE lead_id = ${id}`),
    query(srv, `SELECT count(*) FROM audit_log WHERE target_type = 'lead' AND target_id = '${id}'`),
  ]);
}

for (const [db, skip] of BACKENDS) {
  describe(`console: requests by hand (${db})`, { skip }, () => {
    let m;
    let admin; // FormClient signed in as the admin
    let plumber; // ready to receive leads in 94110

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
      plumber = await readyPlumber(m, 'byhand');
    });
    after(async () => { await m?.close(); });

    it('takes a phone-in that notifies now: source phone, the consent read out, its creator, an alert and the confirmation', async () => {
      const page = await admin.get('/admin/leads/new');
      assert.equal(page.status, 200);
      const script = /id="consent-script">([^<]+)</.exec(page.body)?.[1];
      const formWording = /for="field-consent">([^<]+)</.exec((await new FormClient(m.srv.baseUrl).get('/request')).body)?.[1];
      assert.ok(script && script === formWording, 'the script to read is the wording of the request form');
      assert.match(text(page), /I read this to the caller and they agreed/);
      assert.match(page.body, /id="field-notify_now"[^>]* checked/, 'notify now is ticked by default');

      const fields = phoneIn();
      const res = await admin.post('/admin/leads/new', fields);
      assert.equal(res.status, 303, res.body.slice(0, 400));
      const id = leadIdFrom(res.location);
      assert.ok(id > 0, `redirect to the new request: ${res.location}`);
      const [source, createdBy, ip, agent, consent] = query(m.srv,
        `SELECT source, created_by, consent_ip, consent_user_agent, consent_text FROM leads WHERE id = ${id}`)[0];
      assert.equal(source, 'phone');
      assert.equal(Number(createdBy), m.admin.id);
      assert.ok(ip.length > 0, 'the staff member\'s address is the consent address');
      assert.equal(agent, `phone: read by ${m.admin.email}`);
      assert.equal(decodeHtml(script), consent);
      assert.equal(count(m.srv, `SELECT count(*) FROM lead_matches WHERE lead_id = ${id} AND plumber_id = ${plumber.id}`), 1);
      assert.ok(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_alert' AND lead_id = ${id}`) >= 1);
      assert.equal(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_confirmation' AND lead_id = ${id} AND recipient = '${fields.email}'`), 1);
      const [actor, after] = query(m.srv, `SELECT actor_user_id, after_json FROM audit_log WHERE action = 'lead.create' AND target_id = '${id}'`)[0];
      assert.equal(Number(actor), m.admin.id);
      assert.equal(JSON.parse(after).source, 'phone');
    });

    it('holds a phone-in without notify now until matching is re-run, which alerts only the plumbers not sent it', async () => {
      const res = await admin.post('/admin/leads/new', phoneIn({ notify_now: '' }));
      assert.equal(res.status, 303, res.body.slice(0, 400));
      const id = leadIdFrom(res.location);
      assert.equal(count(m.srv, `SELECT count(*) FROM lead_matches WHERE lead_id = ${id}`), 0, 'held: sent to nobody');
      assert.equal(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_alert' AND lead_id = ${id}`), 0);
      assert.equal(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_confirmation' AND lead_id = ${id}`), 1);

      await admin.get(`/admin/leads/${id}/edit`);
      const before = leadState(m.srv, id);
      const noReason = await admin.post(`/admin/leads/${id}/rematch`, { reason: ' ' });
      assert.equal(noReason.status, 422);
      assert.match(noReason.body, /id="rematch-error"/);
      assert.equal(leadState(m.srv, id), before, 'a re-run without a reason changes nothing');

      const run = await admin.post(`/admin/leads/${id}/rematch`, { reason: 'The caller confirmed the address.' });
      assert.equal(run.status, 303, run.body.slice(0, 400));
      assert.equal(run.location, `/admin/leads/${id}/edit?done=rematched`);
      assert.equal(count(m.srv, `SELECT count(*) FROM lead_matches WHERE lead_id = ${id}`), 1);
      const alerts = count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_alert' AND lead_id = ${id}`);
      assert.ok(alerts >= 1);
      await admin.get(`/admin/leads/${id}/edit`);
      assert.equal((await admin.post(`/admin/leads/${id}/rematch`, { reason: 'Once more.' })).status, 303);
      assert.equal(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_alert' AND lead_id = ${id}`), alerts, 'nobody alerted twice');
      const rows = query(m.srv, `SELECT reason, after_json FROM audit_log WHERE action = 'lead.rematch' AND target_id = '${id}' ORDER BY id`);
      assert.deepEqual(rows.map(([r, a]) => [r, JSON.parse(a).new_matches]), [['The caller confirmed the address.', 1], ['Once more.', 0]]);
    });

    it('refuses a phone-in without the consent box or with bad fields, naming each field, and stores nothing', async () => {
      await admin.get('/admin/leads/new');
      const leads = count(m.srv, 'SELECT count(*) FROM leads');
      const audits = count(m.srv, 'SELECT count(*) FROM audit_log');
      const { consent: _c, ...noConsent } = phoneIn({ zip: '9411', email: 'nobody' });
      const res = await admin.post('/admin/leads/new', noConsent);
      assert.equal(res.status, 422);
      for (const field of ['consent', 'zip', 'email']) assert.match(res.body, new RegExp(`id="field-${field}-error"`), field);
      assert.match(text(res), /Read the consent wording to the caller/);
      assert.match(res.body, /value="nobody"/, 'what was typed stays');
      assert.equal(count(m.srv, 'SELECT count(*) FROM leads'), leads);
      assert.equal(count(m.srv, 'SELECT count(*) FROM audit_log'), audits);
    });

    it('edits with a reason: the ZIP re-geocoded, claimants told when asked, the changed fields audited, the claim price kept', async () => {
      await submitLead(m, validLeadFor());
      const card = await newestAvailableLead(m, plumber);
      const id = card.id ?? card.lead_id;
      const claim = await claimLead(m, plumber, id);
      assert.equal(claim.status, 201, claim.body);
      const paid = one(m.srv, `SELECT price_credits FROM claims WHERE lead_id = ${id}`);

      const page = await admin.get(`/admin/leads/${id}/edit`);
      assert.equal(page.status, 200);
      assert.match(page.body, /value="94110"/);
      const before = leadState(m.srv, id);
      const noReason = await admin.post(`/admin/leads/${id}/edit`, editForm(m.srv, id, { zip: '94103' }));
      assert.equal(noReason.status, 422);
      assert.match(noReason.body, /id="field-reason-error"/);
      const badZip = await admin.post(`/admin/leads/${id}/edit`, editForm(m.srv, id, { zip: '00000', reason: 'Typo' }));
      assert.equal(badZip.status, 422);
      assert.match(badZip.body, /id="field-zip-error"/);
      assert.equal(leadState(m.srv, id), before, 'refused edits change nothing');

      const res = await admin.post(`/admin/leads/${id}/edit`,
        editForm(m.srv, id, { zip: '94103', urgency: 'emergency', reason: 'The homeowner called: wrong ZIP.', notify_claimants: 'yes' }));
      assert.equal(res.status, 303, res.body.slice(0, 400));
      assert.equal(res.location, `/admin/leads/${id}/edit?done=edited`);
      const [zip, city] = query(m.srv, `SELECT zip, city FROM leads WHERE id = ${id}`)[0];
      assert.deepEqual([zip, city], ['94103', 'San Francisco']);
      assert.equal(one(m.srv, `SELECT price_credits FROM claims WHERE lead_id = ${id}`), paid, 'the claim keeps its price');
      assert.equal(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_updated' AND lead_id = ${id} AND recipient = '${plumber.email}'`), 1);
      const told = await m.waitForMailsTo(plumber.email, (ms) => ms.some((x) => x.kind === 'lead_updated'), { what: 'the lead_updated e-mail' });
      assert.match(told.find((x) => x.kind === 'lead_updated').text, /What changed: how soon and the ZIP code\./);
      const [reason, b, a] = query(m.srv, `SELECT reason, before_json, after_json FROM audit_log WHERE action = 'lead.edit' AND target_id = '${id}'`)[0];
      assert.equal(reason, 'The homeowner called: wrong ZIP.');
      assert.equal(JSON.parse(b).zip, '94110');
      assert.equal(JSON.parse(a).zip, '94103');
      assert.equal(JSON.parse(a).urgency, 'emergency');
      assert.ok(!('name' in JSON.parse(a)) && !('email' in JSON.parse(b)), 'unchanged fields stay out of the audit row');

      await admin.get(`/admin/leads/${id}/edit`);
      const quiet = await admin.post(`/admin/leads/${id}/edit`, editForm(m.srv, id, { best_time: 'After 6 pm', reason: 'Caller asked.' }));
      assert.equal(quiet.status, 303);
      assert.equal(count(m.srv, `SELECT count(*) FROM outbox WHERE kind = 'lead_updated' AND lead_id = ${id}`), 1, 'not told this time');
    });

    it('has JSON twins: create by phone, PATCH, re-run matching, with field errors by name', async () => {
      const { consent: _c, notify_now: _n, ...fields } = phoneIn();
      const noConsent = await api(m.srv, 'POST', '/api/v1/admin/leads', { token: m.admin.token, body: fields });
      assert.equal(noConsent.status, 422);
      assert.ok(noConsent.json().error.details.some((d) => d.field === 'consent'));
      const made = await api(m.srv, 'POST', '/api/v1/admin/leads', { token: m.admin.token, body: { ...fields, consent_read: true, notify_now: false } });
      assert.equal(made.status, 201, made.body);
      assert.equal(made.json().held, true);
      const id = made.json().id;
      assert.equal(one(m.srv, `SELECT source FROM leads WHERE id = ${id}`), 'phone');

      const before = leadState(m.srv, id);
      const bad = await api(m.srv, 'PATCH', `/api/v1/admin/leads/${id}`, { token: m.admin.token, body: { zip: 'abc', reason: 'x' } });
      assert.equal(bad.status, 422);
      assert.deepEqual(bad.json().error.details.map((d) => d.field), ['zip']);
      const noReason = await api(m.srv, 'PATCH', `/api/v1/admin/leads/${id}`, { token: m.admin.token, body: { best_time: 'Noon' } });
      assert.equal(noReason.status, 422);
      assert.deepEqual(noReason.json().error.details.map((d) => d.field), ['reason']);
      assert.equal(leadState(m.srv, id), before);

      const patched = await api(m.srv, 'PATCH', `/api/v1/admin/leads/${id}`, { token: m.admin.token, body: { best_time: 'Noon', reason: 'Caller asked.' } });
      assert.equal(patched.status, 200, patched.body);
      assert.deepEqual(patched.json().changed, ['best_time']);
      const rerun = await api(m.srv, 'POST', `/api/v1/admin/leads/${id}/rematch`, { token: m.admin.token, body: { reason: 'Held until now.' } });
      assert.equal(rerun.status, 200, rerun.body);
      assert.equal(rerun.json().new_matches, 1);
    });

    it('refuses plumbers (403) and unknown or malformed ids (404)', async () => {
      const id = Number(one(m.srv, 'SELECT max(id) FROM leads'));
      const before = leadState(m.srv, id);
      for (const p of [`/admin/leads/new`, `/admin/leads/${id}/edit`])
        assert.equal((await plumber.client.get(p)).status, 403, p);
      await plumber.client.get('/dashboard');
      assert.equal((await plumber.client.post(`/admin/leads/${id}/edit`, editForm(m.srv, id, { reason: 'x', best_time: 'Never' }))).status, 403);
      assert.equal((await plumber.client.post(`/admin/leads/${id}/rematch`, { reason: 'x' })).status, 403);
      assert.equal((await api(m.srv, 'PATCH', `/api/v1/admin/leads/${id}`, { token: plumber.token, body: { best_time: 'Never', reason: 'x' } })).status, 403);
      assert.equal((await api(m.srv, 'POST', '/api/v1/admin/leads', { token: plumber.token, body: {} })).status, 403);
      assert.equal(leadState(m.srv, id), before);

      for (const bad of ['999999999', 'abc', '0']) {
        assert.equal((await admin.get(`/admin/leads/${bad}/edit`)).status, 404, bad);
        await admin.get('/admin/leads/new');
        assert.equal((await admin.post(`/admin/leads/${bad}/edit`, editForm(m.srv, id, { reason: 'x' }))).status, 404, bad);
        assert.equal((await admin.post(`/admin/leads/${bad}/rematch`, { reason: 'x' })).status, 404, bad);
        assert.equal((await api(m.srv, 'PATCH', `/api/v1/admin/leads/${bad}`, { token: m.admin.token, body: { reason: 'x' } })).status, 404, bad);
        assert.equal((await api(m.srv, 'POST', `/api/v1/admin/leads/${bad}/rematch`, { token: m.admin.token, body: { reason: 'x' } })).status, 404, bad);
      }
    });

    // Support agents take phone calls, but correcting a request and re-running matching are admins'.
    it('lets support take a phone-in, but not edit or re-run matching', async () => {
      const agent = await supportAgent(m.srv, admin, { mailsTo: m.mailsTo });
      const { client, token } = agent;
      const page = await client.get('/admin/leads/new');
      assert.equal(page.status, 200);
      const made = await client.post('/admin/leads/new', phoneIn());
      assert.equal(made.status, 303, made.body.slice(0, 300));
      const id = leadIdFrom(made.location);
      assert.equal(Number(one(m.srv, `SELECT created_by FROM leads WHERE id = ${id}`)), agent.id);
      const before = leadState(m.srv, id);
      assert.equal((await client.get(`/admin/leads/${id}/edit`)).status, 403);
      assert.equal((await client.post(`/admin/leads/${id}/edit`, editForm(m.srv, id, { reason: 'x', best_time: 'Never' }))).status, 403);
      assert.equal((await client.post(`/admin/leads/${id}/rematch`, { reason: 'x' })).status, 403);
      assert.equal((await api(m.srv, 'PATCH', `/api/v1/admin/leads/${id}`, { token, body: { best_time: 'Never', reason: 'x' } })).status, 403);
      assert.equal((await api(m.srv, 'POST', `/api/v1/admin/leads/${id}/rematch`, { token, body: { reason: 'x' } })).status, 403);
      assert.equal(leadState(m.srv, id), before);
    });
  });
}
