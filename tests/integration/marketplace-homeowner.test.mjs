// The homeowner's tracking page in the marketplace: claimants with their checks (cleared when the claimant changes a checked fact, back after the admin's new check), add details (claimants told), hired, never requested (everyone refunded), bad tokens, CSRF.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS, FormClient, decodeHtml, http, startServer } from '../support/server.mjs';
import {
  INSURANCE_VALID_UNTIL, LICENCE_CHECKED_ON, api, balanceOf, claimLead, newestAvailableLead, readyPlumber,
  startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);

for (const [db, skip] of BACKENDS) {
  describe(`marketplace homeowner tracking page (${db})`, { skip }, () => {
    let m;
    let a; // two plumbers covering 94110
    let b;

    before(async () => {
      m = await startMarketplace({ db });
      a = await readyPlumber(m, 'anchor');
      b = await readyPlumber(m, 'bolt');
    });
    after(async () => { await m?.close(); });

    // A new request in 94110 claimed by each of `by`; returns {lead (submitLead), id, price}.
    async function claimedLead(by, overrides = {}) {
      const lead = await submitLead(m, validLeadFor(overrides));
      const card = await newestAvailableLead(m, a);
      assert.ok(card, 'the request matched plumber A');
      const id = card.id ?? card.lead_id;
      for (const p of by) {
        const r = await claimLead(m, p, id);
        assert.equal(r.status, 201, `claim by ${p.business_name}: ${r.status} ${r.body}`);
      }
      return { lead, id, price: card.price_credits };
    }

    const status = async (lead) => (await lead.client.get(lead.path)).body.match(/id="lead-status">([^<]*)</)?.[1];

    it('shows each claimant with phone, licence and what was verified, and nobody before a claim', async () => {
      const lead = await submitLead(m, validLeadFor());
      const empty = await lead.client.get(lead.path);
      assert.equal(empty.status, 200);
      assert.match(text(empty), /No plumber has taken on your request yet/);
      assert.ok(!text(empty).includes(a.business_name));

      const card = await newestAvailableLead(m, a);
      for (const p of [a, b]) assert.equal((await claimLead(m, p, card.id ?? card.lead_id)).status, 201);
      const page = await lead.client.get(lead.path);
      const t = text(page);
      for (const p of [a, b]) {
        assert.ok(t.includes(p.business_name), `shows ${p.business_name}`);
        assert.ok(t.includes(p.phone), `shows the phone ${p.phone}`);
        assert.ok(page.body.includes(`href="tel:${p.phone_e164}"`), 'a tel: link');
        assert.ok(t.includes(`${p.profile.licence_number} ${p.profile.licence_state}`), 'licence number and state');
      }
      assert.ok(t.includes(`Licence checked on ${LICENCE_CHECKED_ON}, insurance valid until ${INSURANCE_VALID_UNTIL}.`));
      assert.equal((page.body.match(/class="card mb-2 claimant"/g) || []).length, 2);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    });

    it('shows no licence check after the claimant changes the licence, until an admin checks it again', async () => {
      const c = await readyPlumber(m, 'changer');
      const lead = await submitLead(m, validLeadFor());
      const card = await newestAvailableLead(m, c);
      assert.equal((await claimLead(m, c, card.id ?? card.lead_id)).status, 201);
      const before = text(await lead.client.get(lead.path));
      assert.ok(before.includes(`Licence checked on ${LICENCE_CHECKED_ON}`), 'checked before the change');

      // The approved plumber changes the licence number through the API and stays approved.
      const oldLicence = c.profile.licence_number;
      const newLicence = `C36-<i>${String(Date.now()).slice(-6)}`;
      const put = await api(m.srv, 'PUT', '/api/v1/profile', { token: c.token, body: { ...c.profile, licence_number: newLicence } });
      assert.equal(put.status, 200, put.body);
      assert.equal(put.json().status, 'approved');
      assert.equal(put.json().licence_verified_on, '', 'the licence check is cleared');
      assert.equal(put.json().insurance_valid_until, INSURANCE_VALID_UNTIL, 'the insurance check stays');
      assert.deepEqual(put.json().waiting_for_check, ['licence_number']);

      // The homeowner sees the new licence and no date for it (the insurance check stays).
      const after = await lead.client.get(lead.path);
      const t = text(after);
      assert.ok(t.includes(newLicence), 'the new licence is shown');
      assert.ok(!after.body.includes('<i>'), 'escaped');
      assert.doesNotMatch(t, /Licence checked on/);
      assert.ok(t.includes(`Insurance valid until ${INSURANCE_VALID_UNTIL}.`));
      assert.match(t, /has not checked them yet/);

      // The plumber's page says what waits; the plumber keeps claiming.
      const own = text(await c.client.get('/profile'));
      assert.match(own, /Your new licence number is waiting for an administrator's check/);
      assert.doesNotMatch(own, /Licence checked on/);
      await submitLead(m, validLeadFor());
      const next = await newestAvailableLead(m, c);
      assert.equal((await claimLead(m, c, next.id ?? next.lead_id)).status, 201, 'still claims');

      // The admin sees the change with its old and new values in the API, the queue and the page.
      const v = await api(m.srv, 'GET', `/api/v1/admin/plumbers/${c.id}`, { token: m.admin.token });
      assert.equal(v.status, 200, v.body);
      const changes = v.json().profile_changes;
      assert.equal(changes.length, 1);
      assert.equal(changes[0].field, 'licence_number');
      assert.equal(changes[0].old_value, oldLicence);
      assert.equal(changes[0].new_value, newLicence);
      const queue = await api(m.srv, 'GET', '/api/v1/admin/plumbers?changes=pending&per_page=100', { token: m.admin.token });
      assert.ok(queue.json().plumbers.some((x) => x.id === c.id), 'the API queue lists the plumber');
      const admin = await m.adminClient();
      const home = await admin.get('/admin');
      assert.ok(Number(home.body.match(/id="profile-changes-count">(\d+)</)?.[1]) >= 1, 'the dashboard counts the change');
      assert.match(home.body, /href="\/admin\/plumbers\?changes=pending"/);
      assert.ok(text(await admin.get('/admin/plumbers?changes=pending')).includes(c.business_name), 'the queue page lists the plumber');
      const page = await admin.get(`/admin/plumbers/${c.id}`);
      assert.match(page.body, /id="profile-changes"/);
      assert.ok(text(page).includes(oldLicence) && text(page).includes(newLicence), 'old and new values');
      assert.ok(!page.body.includes('<i>'), 'escaped on the admin page');
      assert.ok(page.body.indexOf('id="profile-changes"') < page.body.indexOf('id="approve-form"'), 'above the review form');

      // The admin's new check closes the change and the homeowner sees the new date.
      const res = await admin.post(`/admin/plumbers/${c.id}/approve`, { licence_verified_on: '2026-12-01', insurance_valid_until: INSURANCE_VALID_UNTIL });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.equal(res.location, `/admin/plumbers/${c.id}?done=rechecked`);
      const checked = await api(m.srv, 'GET', `/api/v1/admin/plumbers/${c.id}`, { token: m.admin.token });
      assert.deepEqual(checked.json().profile_changes, []);
      assert.equal(checked.json().licence_verified_on, '2026-12-01');
      const queued = await api(m.srv, 'GET', '/api/v1/admin/plumbers?changes=pending&per_page=100', { token: m.admin.token });
      assert.ok(!queued.json().plumbers.some((x) => x.id === c.id), 'out of the queue');
      assert.ok(text(await lead.client.get(lead.path)).includes('Licence checked on 2026-12-01'));

      // Area and services stay freely editable: nothing waits, the checks stay.
      const area = await api(m.srv, 'PUT', '/api/v1/profile', {
        token: c.token, body: { ...c.profile, licence_number: newLicence, radius_miles: 40, services: ['leak_repair'] },
      });
      assert.equal(area.status, 200, area.body);
      assert.equal(area.json().licence_verified_on, '2026-12-01');
      assert.deepEqual(area.json().waiting_for_check, []);
    });

    it('adds details, shows them, and tells every claimant', async () => {
      const { lead } = await claimedLead([a, b]);
      const empty = await lead.client.post(`${lead.path}/details`, { details: '   ' });
      assert.equal(empty.status, 422, 'empty details are refused');
      assert.match(empty.body, /id="field-details-error"/);

      const details = `Gate code ${randomBytes(2).toString('hex')}; <b>the dog</b> is friendly.`;
      const res = await lead.client.post(`${lead.path}/details`, { details });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.equal(res.location, `${lead.path}?done=details`);
      const page = await lead.client.get(res.location);
      assert.match(text(page), /we added your details/);
      assert.ok(text(page).includes(details), 'the details are shown');
      assert.ok(!page.body.includes('<b>the dog</b>'), 'escaped');
      for (const p of [a, b])
        await m.waitForMailsTo(p.email, (ms) => ms.some((x) => x.text.includes(details)), { what: 'the added details' });
    });

    it('"I\'ve hired someone" closes the request for everyone', async () => {
      const { lead, id } = await claimedLead([a]);
      const res = await lead.client.post(`${lead.path}/hired`, {});
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const page = await lead.client.get(res.location);
      assert.match(text(page), /closed your request/);
      assert.match(page.body, /status-closed/);
      assert.doesNotMatch(page.body, /action="[^"]*\/hired"/, 'no more actions on a closed request');
      const avail = await api(m.srv, 'GET', '/api/v1/leads/available', { token: b.token });
      assert.ok(!JSON.stringify(avail.json()).includes(`"id":${id},`), 'B no longer sees it');
      const claim = await claimLead(m, b, id);
      assert.ok(claim.status >= 400, `B cannot claim a closed lead: ${claim.status}`);
    });

    it('"I never made this request" needs the confirmation, then closes and refunds every claimant', async () => {
      const balances = { a: await balanceOf(m, a), b: await balanceOf(m, b) };
      const { lead, price } = await claimedLead([a, b]);
      assert.equal(await balanceOf(m, a), balances.a - price);
      assert.equal(await balanceOf(m, b), balances.b - price);

      const unconfirmed = await lead.client.post(`${lead.path}/never-requested`, {});
      assert.equal(unconfirmed.status, 422);
      assert.match(text(unconfirmed), /Tick the box to confirm/);
      assert.notEqual(await status(lead), undefined);
      assert.doesNotMatch(await status(lead), /Closed/i, 'nothing changed without the confirmation');
      assert.equal(await balanceOf(m, a), balances.a - price);

      const res = await lead.client.post(`${lead.path}/never-requested`, { confirm: 'yes' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const page = await lead.client.get(res.location);
      assert.match(text(page), /had their credits back/);
      assert.match(text(page), /You told us you never made this request/);
      assert.match(page.body, /status-closed/);
      assert.equal(await balanceOf(m, a), balances.a, 'A refunded');
      assert.equal(await balanceOf(m, b), balances.b, 'B refunded');
      const again = await lead.client.post(`${lead.path}/never-requested`, { confirm: 'yes' });
      assert.ok(again.status === 303 || again.status === 409 || again.status === 422, `a second time: ${again.status}`);
      assert.equal(await balanceOf(m, a), balances.a, 'refunded once');
      // The refund e-mail sends the plumber to their credits, where the refund shows.
      const mails = await m.waitForMailsTo(a.email, (ms) => ms.some((x) => /^Refunded:/.test(x.subject)), { what: 'the refund e-mail' });
      const refund = mails.find((x) => /^Refunded:/.test(x.subject));
      assert.ok(refund.text.includes(`${m.srv.baseUrl}/credits`), `the refund mail links to the credits page: ${refund.text}`);
    });

    it('answers 404 for unknown, malformed and missing tokens', async () => {
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request');
      for (const token of [randomBytes(24).toString('base64url'), 'short', 'not-a-token', 'x'.repeat(300)]) {
        for (const action of ['details', 'hired', 'never-requested']) {
          const r = await client.post(`/t/${token}/${action}`, { details: 'More details here.', confirm: 'yes' });
          assert.equal(r.status, 404, `${action} with ${token.slice(0, 20)}: ${r.status}`);
        }
        assert.equal((await client.get(`/t/${token}`)).status, 404);
      }
      assert.ok([404, 405].includes((await client.post('/t//hired', {})).status), 'an empty token');
    });

    it('refuses the forms without a valid CSRF token and changes nothing', async () => {
      const { lead } = await claimedLead([a]);
      const stranger = new FormClient(m.srv.baseUrl);
      await stranger.get('/request');
      const before = await balanceOf(m, a);
      for (const [action, fields] of [['details', { details: 'Forged details text.' }], ['hired', {}], ['never-requested', { confirm: 'yes' }]]) {
        const none = await lead.client.post(`${lead.path}/${action}`, fields, { withToken: false });
        assert.equal(none.status, 403, `${action} without a token`);
        const foreign = await lead.client.post(`${lead.path}/${action}`, { ...fields, csrf_token: stranger.csrfToken });
        assert.equal(foreign.status, 403, `${action} with another visitor's token`);
        const cross = await lead.client.post(`${lead.path}/${action}`, fields, { headers: { origin: 'https://evil.example' } });
        assert.equal(cross.status, 403, `${action} from another origin`);
      }
      const page = await lead.client.get(lead.path);
      assert.ok(!text(page).includes('Forged details'));
      assert.doesNotMatch(page.body, /status-closed/);
      assert.equal(await balanceOf(m, a), before);
      const direct = await http(`${m.srv.baseUrl}${lead.path}/hired`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      assert.equal(direct.status, 403, 'no cookie, no token');
    });
  });

  describe(`per-IP limit on the tracking page's forms (${db})`, { skip }, () => {
    let srv;
    before(async () => {
      srv = await startServer({ db, env: { PLUMBLINE_RATE_LIMIT: 'on', PLUMBLINE_INTAKE_BURST: '3', PLUMBLINE_INTAKE_RATE_PER_MINUTE: '1' } });
    });
    after(async () => { await srv?.close(); });

    it('shares the intake bucket: 429 with Retry-After once the burst is used, pages still open', async () => {
      const client = new FormClient(srv.baseUrl);
      const sent = await client.submit(validLeadFor()); // 1 of 3
      assert.equal(sent.status, 303);
      const path = sent.location.replace(/\/sent$/, '');
      await client.get(path);
      for (let i = 0; i < 2; i++) { // 2 and 3 of 3
        const ok = await client.post(`${path}/details`, { details: `Detail number ${i + 1} for the plumbers.` });
        assert.equal(ok.status, 303, `within the burst: ${ok.status}`);
      }
      const limited = await client.post(`${path}/hired`, {});
      assert.equal(limited.status, 429);
      assert.match(limited.headers.get('content-type'), /^text\/html/);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      const page = await client.get(path);
      assert.equal(page.status, 200, 'reading the page is not limited');
      assert.doesNotMatch(page.body, /status-closed/, 'the limited post did nothing');
    });
  });
}
