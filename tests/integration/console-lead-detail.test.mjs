// The staff's request page (/admin/leads/{id}) and its JSON twin: every field, matches with the
// alert per channel, claims, notes; support notes and resends but may not close or reopen; a
// reason is required; the resend limit; closing as fraud refunds every claimant exactly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { execute, query } from '../support/db.mjs';
import { supportAgent } from '../support/staff.mjs';
import {
  api, balanceOf, claimLead, claimIdOf, newestAvailableLead, readyPlumber,
  startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);
const count = (srv, sql) => Number(query(srv, sql)[0][0]);

for (const [db, skip] of BACKENDS) {
  describe(`console: a request's page (${db})`, { skip }, () => {
    let m;
    let admin;
    let ann;
    let bob;
    let support;

    // A new request in 94110 that ann and bob are sent; returns {id, fields, token}.
    async function newLead(overrides = {}) {
      const fields = validLeadFor(overrides);
      const sent = await submitLead(m, fields);
      const card = await newestAvailableLead(m, ann);
      assert.ok(card, 'the request reaches ann');
      return { id: card.id ?? card.lead_id, fields, token: sent.token };
    }
    const leadRow = (id) => query(m.srv, `SELECT status, closed_reason FROM leads WHERE id = ${id}`)[0];
    const auditCount = (action, id) => count(m.srv,
      `SELECT count(*) FROM audit_log WHERE action = '${action}' AND target_id = '${id}'`);

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
      ann = await readyPlumber(m, 'ann', { credits: 50 });
      bob = await readyPlumber(m, 'bob', { credits: 30 });
      support = await supportAgent(m.srv, admin, { mailsTo: m.mailsTo });
    });
    after(async () => { await m?.close(); });

    it('shows every field, the consent, each match with its alerts, claims and notes', async () => {
      const lead = await newLead({ best_time: 'After 5 pm' });
      const claimed = await claimLead(m, ann, lead.id);
      assert.equal(claimed.status, 201, claimed.body);
      const note = await admin.post(`/admin/leads/${lead.id}/notes`, { body: 'Homeowner called: <gate code 4411>' });
      assert.equal(note.status, 303, note.body.slice(0, 300));
      assert.equal(note.location, `/admin/leads/${lead.id}?done=note`);
      assert.equal(auditCount('lead.note', lead.id), 1);

      const page = await admin.get(note.location);
      assert.equal(page.status, 200);
      const t = text(page);
      for (const want of [lead.fields.description, lead.fields.email, lead.fields.name, '500 Guerrero St',
        'After 5 pm', 'Note added', 'Homeowner called: <gate code 4411>'])
        assert.ok(t.includes(want), `the page shows "${want}"`);
      assert.ok(page.body.includes('&lt;gate code 4411&gt;'), 'the note is escaped');
      assert.match(page.body, /id="consent"/);
      for (const p of [ann, bob])
        assert.match(page.body, new RegExp(`<tr class="match" data-plumber="${p.id}"><td><a href="/admin/plumbers/${p.id}">`));
      assert.match(page.body, /class="alert-row" data-channel="email"><strong>E-mail<\/strong>: <span class="alert-status">(pending|sending|sent|dead)/);
      assert.match(page.body, new RegExp(`<tr class="claim" data-claim="${claimIdOf(claimed.json())}">`));
      assert.match(page.body, /data-kind="lead_confirmation" data-audience="homeowner"/);
      assert.match(page.body, /href="\/admin\/leads\/\d+\/edit"/, 'links to the edit form');

      const json = await api(m.srv, 'GET', `/api/v1/admin/leads/${lead.id}`, { token: m.admin.token });
      assert.equal(json.status, 200, json.body);
      const body = json.json();
      assert.equal(body.lead.email, lead.fields.email);
      assert.equal(body.lead.status, 'open');
      assert.equal(body.matches.length, 2);
      assert.ok(body.matches.every((x) => x.alerts.some((a) => a.channel === 'email')), 'each match has its e-mail alert');
      assert.equal(body.claims.length, 1);
      assert.equal(body.notes[0].body, 'Homeowner called: <gate code 4411>');
      assert.match(body.lead.created_at, /^\d{4}-\d\d-\d\dT/);
    });

    it('lets support note and resend, masks the contact, and refuses close and reopen (403)', async () => {
      const lead = await newLead();
      const page = await support.client.get(`/admin/leads/${lead.id}`);
      assert.equal(page.status, 200, page.body.slice(0, 200));
      assert.ok(!text(page).includes(lead.fields.email), 'support does not see the e-mail address');
      assert.match(text(page), /masked for support staff/);
      assert.doesNotMatch(page.body, /id="close-form"/);
      const note = await support.client.post(`/admin/leads/${lead.id}/notes`, { body: 'Left a voicemail' });
      assert.equal(note.status, 303);
      const resend = await support.client.post(`/admin/leads/${lead.id}/resend-confirmation`, { reason: 'Lost the e-mail' });
      assert.equal(resend.status, 303, resend.body.slice(0, 300));
      for (const action of ['close', 'reopen']) {
        const res = await support.client.post(`/admin/leads/${lead.id}/${action}`, { close_as: 'fraud', reason: 'No' });
        assert.equal(res.status, 403, `${action} by support`);
        const byApi = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/${action}`, { token: support.token, body: { close_as: 'fraud', reason: 'No' } });
        assert.equal(byApi.status, 403, `API ${action} by support`);
      }
      assert.deepEqual(leadRow(lead.id), ['open', '']);
      const viaApi = await api(m.srv, 'GET', `/api/v1/admin/leads/${lead.id}`, { token: support.token });
      assert.equal(viaApi.status, 200);
      assert.notEqual(viaApi.json().lead.email, lead.fields.email);
      assert.equal(auditCount('lead.close', lead.id), 0);
    });

    it('needs a reason (422, nothing changed) and answers 404 for a bad or unknown id', async () => {
      const lead = await newLead();
      const before = await balanceOf(m, ann);
      for (const [action, fields] of [['close', { close_as: 'fraud', reason: '' }], ['resend-confirmation', { reason: '  ' }],
        ['notes', { body: '' }], ['close', { close_as: 'hired', reason: 'x' }]]) {
        const res = await admin.post(`/admin/leads/${lead.id}/${action}`, fields);
        assert.equal(res.status, 422, `${action} ${JSON.stringify(fields)}`);
        assert.match(res.body, /class="alert alert-danger" role="alert"/);
      }
      const byApi = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/close`, { token: m.admin.token, body: { close_as: 'fraud' } });
      assert.equal(byApi.status, 422, byApi.body);
      assert.equal(byApi.json().error.code, 'invalid_input');
      assert.deepEqual(leadRow(lead.id), ['open', '']);
      assert.equal(count(m.srv, `SELECT count(*) FROM audit_log WHERE target_type = 'lead' AND target_id = '${lead.id}'`), 0);
      assert.equal(count(m.srv, `SELECT count(*) FROM lead_notes WHERE lead_id = ${lead.id}`), 0);
      assert.equal(await balanceOf(m, ann), before);

      for (const p of ['/admin/leads/abc', '/admin/leads/0', '/admin/leads/99999999'])
        assert.equal((await admin.get(p)).status, 404, p);
      assert.equal((await admin.post('/admin/leads/99999999/close', { close_as: 'fraud', reason: 'x' })).status, 404);
      assert.equal((await admin.post('/admin/leads/99999999/notes', { body: 'x' })).status, 404);
      assert.equal((await api(m.srv, 'GET', '/api/v1/admin/leads/99999999', { token: m.admin.token })).status, 404);
      assert.equal((await api(m.srv, 'POST', '/api/v1/admin/leads/nope/reopen', { token: m.admin.token, body: { reason: 'x' } })).status, 404);
    });

    it('resends the confirmation with its tracking link, at most 3 times an hour', async () => {
      const lead = await newLead();
      await m.waitForMailsTo(lead.fields.email, (ms) => ms.length >= 1, { what: 'the intake confirmation' });
      for (let i = 0; i < 3; i += 1) {
        const res = await admin.post(`/admin/leads/${lead.id}/resend-confirmation`, { reason: `Asked on the phone (${i})` });
        assert.equal(res.status, 303, res.body.slice(0, 300));
        assert.equal(res.location, `/admin/leads/${lead.id}?done=resent`);
      }
      const limited = await admin.post(`/admin/leads/${lead.id}/resend-confirmation`, { reason: 'Once more' });
      assert.equal(limited.status, 429);
      assert.match(text(limited), /resent 3 times in the last hour/);
      const byApi = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/resend-confirmation`, { token: m.admin.token, body: { reason: 'API' } });
      assert.equal(byApi.status, 429, byApi.body);
      assert.equal(auditCount('lead.resend_confirmation', lead.id), 3);
      const mails = await m.waitForMailsTo(lead.fields.email, (ms) => ms.length >= 4, { what: 'the resent confirmations' });
      assert.ok(mails.every((x) => x.text.includes(`/t/${lead.token}`)), 'each carries the same tracking link');
    });

    it('closes as fraud: every claimant refunded exactly, told by e-mail, the lead gone; reopen keeps refunds', async () => {
      const lead = await newLead();
      const before = [await balanceOf(m, ann), await balanceOf(m, bob)];
      const claims = [];
      for (const p of [ann, bob]) {
        const c = await claimLead(m, p, lead.id);
        assert.equal(c.status, 201, c.body);
        claims.push(claimIdOf(c.json()));
      }
      assert.ok(await balanceOf(m, ann) < before[0]);
      const res = await admin.post(`/admin/leads/${lead.id}/close`, { close_as: 'fraud', reason: 'Fake name and number' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.match(text(await admin.get(res.location)), /Request closed/);
      assert.deepEqual([await balanceOf(m, ann), await balanceOf(m, bob)], before);
      assert.deepEqual(leadRow(lead.id), ['closed', 'fraud']);
      for (const id of claims)
        assert.equal(count(m.srv, `SELECT count(*) FROM credit_ledger WHERE reference = 'refund:claim:${id}' AND kind = 'refund'`), 1);
      for (const p of [ann, bob])
        await m.waitForMailsTo(p.email, (ms) => ms.some((x) => /not a genuine request/.test(x.text)), { what: 'the refund e-mail' });
      const card = await newestAvailableLead(m, ann);
      assert.ok(!card || (card.id ?? card.lead_id) !== lead.id, 'the closed lead is not available');
      assert.equal(auditCount('lead.close', lead.id), 1);

      const again = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/close`, { token: m.admin.token, body: { close_as: 'spam', reason: 'Twice' } });
      assert.equal(again.status, 409, again.body);
      assert.deepEqual([await balanceOf(m, ann), await balanceOf(m, bob)], before);

      const reopened = await admin.post(`/admin/leads/${lead.id}/reopen`, { reason: 'Homeowner proved it is real' });
      assert.equal(reopened.status, 303, reopened.body.slice(0, 300));
      const page = await admin.get(reopened.location);
      assert.match(text(page), /Refunded claims stay refunded/);
      assert.equal(leadRow(lead.id)[0], 'open');
      assert.deepEqual([await balanceOf(m, ann), await balanceOf(m, bob)], before);
      assert.equal(auditCount('lead.reopen', lead.id), 1);
    });

    // Issue 15: expiry counts from the reopening (leads.live_since), so a request received longer
    // ago than the expiry window goes back on the market: no warning, and the matched plumber sees
    // it at the top of their available list (newest on the market) and can open it.
    it('reopens a request older than the expiry window onto the matched plumbers\' available list', async () => {
      const old = await newLead();
      const closed = await api(m.srv, 'POST', `/api/v1/admin/leads/${old.id}/close`, { token: m.admin.token, body: { close_as: 'spam', reason: 'Bot' } });
      assert.equal(closed.status, 200, closed.body);
      const past = 80 * 3600 * 1000; // past the 72 h expiry window
      execute(m.srv, `UPDATE leads SET created_at = created_at - ${past}, live_since = live_since - ${past} WHERE id = ${old.id}`);
      const newer = await newLead(); // on the market after the old one was received
      const page = await admin.get(`/admin/leads/${old.id}`);
      assert.match(page.body, /id="reopen-form"/);
      assert.doesNotMatch(page.body, /id="reopen-expiry-warning"/);
      assert.match(text(page), /expiry counts again from the reopening \(72 hours\)/);

      const reopened = await admin.post(`/admin/leads/${old.id}/reopen`, { reason: 'Homeowner called back' });
      assert.equal(reopened.status, 303, reopened.body.slice(0, 300));
      const [status, createdAt, liveSince] = query(m.srv, `SELECT status, created_at, live_since FROM leads WHERE id = ${old.id}`)[0];
      assert.equal(status, 'open');
      assert.ok(Number(liveSince) - Number(createdAt) >= past, 'live since the reopening; created_at stays');
      assert.match((await admin.get(`/admin/leads/${old.id}`)).body, /id="lead-live-since"/, 'the page says since when');
      const card = await newestAvailableLead(m, ann);
      assert.equal(card.id ?? card.lead_id, old.id, 'the reopened request heads the matched plumber\'s list');
      const list = await api(m.srv, 'GET', '/api/v1/leads/available?sort=newest', { token: ann.token });
      const ids = (list.json().leads ?? list.json()).map((c) => c.id ?? c.lead_id);
      assert.ok(ids.includes(newer.id) && ids.indexOf(old.id) < ids.indexOf(newer.id), ids.join(','));
      const dashboard = await ann.client.get('/dashboard');
      assert.equal(dashboard.status, 200);
      assert.match(dashboard.body, new RegExp(`/leads/${old.id}\\b`), 'on the dashboard\'s available list');
      const lead = await api(m.srv, 'GET', `/api/v1/leads/${old.id}`, { token: ann.token });
      assert.equal(lead.status, 200, lead.body);
    });

    it('adds notes and reads the request through the JSON API', async () => {
      const lead = await newLead();
      const note = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/notes`, { token: m.admin.token, body: { body: 'From the API' } });
      assert.equal(note.status, 201, note.body);
      assert.equal(note.json().body, 'From the API');
      const closed = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/close`, { token: m.admin.token, body: { close_as: 'spam', reason: 'Bot' } });
      assert.equal(closed.status, 200, closed.body);
      assert.equal(closed.json().lead.closed_reason, 'spam');
      const reopened = await api(m.srv, 'POST', `/api/v1/admin/leads/${lead.id}/reopen`, { token: m.admin.token, body: { reason: 'Real' } });
      assert.equal(reopened.status, 200, reopened.body);
      assert.equal(reopened.json().lead.status, 'open');
      assert.equal(reopened.json().notes[0].body, 'From the API');
    });
  });
}
