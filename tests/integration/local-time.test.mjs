// Issue 13 (local times, phones, no internal ids), on SQLite and PostgreSQL: a Los Angeles plumber
// reads the dashboard, my leads, a claimed lead, credits and billing in Pacific time; a New York
// homeowner reads the tracking page in Eastern time; the admin reads in PLUMBLINE_TIME_ZONE
// (Central here); phones read "(415) 555-0134" with tel:+1… links; the credit history and the
// admin's payments show no Stripe, pack or lead ids, and payments name the business.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, decodeHtml, describeOnce, freshDatabase, pathOf, runCli, serverEnv, sleep,
} from '../support/server.mjs';
import {
  api, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { logIn } from '../support/accounts.mjs';
import { localTimeText, timePairs } from '../support/local-time.mjs';

const PACIFIC = 'America/Los_Angeles', EASTERN = 'America/New_York', STAFF = 'America/Chicago';
const national = (e164) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
const INTERNAL_IDS = /\bcs_[A-Za-z0-9_]+|\bpi_[A-Za-z0-9_]+|\bin_[A-Za-z0-9]{6,}|\bpack_\d+|Lead #\d+|#\d+\b/;

// Every <time datetime="…Z">text</time> of a page reads as that instant in `zone` (and there is one).
function assertTimesIn(html, zone, page) {
  const pairs = timePairs(html);
  assert.ok(pairs.length > 0, `${page} shows at least one time`);
  for (const [iso, shown] of pairs) assert.equal(shown, localTimeText(iso, zone), `${page}: ${iso}`);
}

for (const [db, skip] of BACKENDS) {
  describe(`local times, phones and labels (${db})`, { skip }, () => {
    let m, la, ny, laClaim, nyLead, nyClaim, admin;

    before(async () => {
      m = await startMarketplace({
        db, maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on', PLUMBLINE_TIME_ZONE: STAFF },
      });
      la = await readyPlumber(m, 'losangeles', { profile: { base_zip: '90012', radius_miles: 15 } });
      ny = await readyPlumber(m, 'newyork', { profile: { base_zip: '10001', radius_miles: 15, licence_state: 'NY' } });
      // Two Los Angeles requests: one claimed, one left on the dashboard.
      await submitLead(m, validLeadFor({ zip: '90012', address: '200 N Spring St' }));
      const laLead = await newestAvailableLead(m, la);
      const claimed = await claimLead(m, la, laLead.id);
      assert.equal(claimed.status, 201, claimed.body);
      laClaim = claimed.json();
      await submitLead(m, validLeadFor({ zip: '90026', address: '1200 Sunset Blvd' }));
      nyLead = await submitLead(m, validLeadFor({ zip: '10001', address: '350 5th Ave' }));
      const nyCard = await newestAvailableLead(m, ny);
      const c = await claimLead(m, ny, nyCard.id);
      assert.equal(c.status, 201, c.body);
      nyClaim = c.json();
      admin = await m.adminClient();
    });
    after(async () => { await m?.close(); });

    it('the plumber reads my leads and the claimed lead in their base ZIP\'s zone, phones national', async () => {
      const list = (await la.client.get('/my-leads')).body;
      assertTimesIn(list, PACIFIC, '/my-leads');
      assert.ok(timePairs(list).some(([iso]) => iso === laClaim.claim.created_at), 'the claim time is listed');
      assert.match(localTimeText(laClaim.claim.created_at, PACIFIC), / P[SD]T$/);
      const e164 = laClaim.contact.phone;
      assert.match(e164, /^\+1\d{10}$/);
      assert.match(list, new RegExp(`<a [^>]*href="tel:\\${e164}"[^>]*>${national(e164).replace(/[()]/g, '\\$&')}</a>`), 'my leads: national phone, tel:+1 link');

      const one = await la.client.get(`/my-leads/${laClaim.claim.id}`);
      assert.equal(one.status, 200);
      assertTimesIn(one.body, PACIFIC, 'the claimed lead');
      assert.ok(one.body.includes(`<a href="tel:${e164}" id="contact-phone">${national(e164)}</a>`));
      assert.doesNotMatch(decodeHtml(one.body), /Lead #\d+/, 'no lead number on the claimed lead');
      assert.match(one.body, /<dt>Prefers<\/dt><dd>Phone call; best time: Mornings<\/dd>/, 'the contact method in words');
      assert.doesNotMatch(/<title>([^<]*)<\/title>/.exec(one.body)[1], /#\d/, 'the title names the job, not an id');
    });

    it('the dashboard gives each card its local sending time', async () => {
      const page = (await la.client.get('/dashboard')).body;
      const cards = [...page.matchAll(/<time datetime="([^"]+)" title="([^"]+)" class="lead-age">/g)];
      assert.ok(cards.length > 0, 'a lead card is shown');
      for (const [, iso, title] of cards) assert.equal(decodeHtml(title), localTimeText(iso, PACIFIC));
    });

    it('the credit history: local times, "20-credit pack" with its receipt, no Stripe, pack or lead ids', async () => {
      const started = await api(m.srv, 'POST', '/api/v1/billing/checkout', { token: la.token, body: { pack: 'pack_20' } });
      assert.equal(started.status, 200, started.body);
      const checkout = new FormClient(m.srv.baseUrl);
      const url = pathOf(started.json().url);
      await checkout.get(url);
      assert.equal((await checkout.post(url, { card_number: '4242 4242 4242 4242' })).status, 303);
      let entries = [];
      for (let i = 0; i < 300 && !entries.some((e) => e.kind === 'purchase'); i += 1) {
        if (i) await sleep(100);
        entries = (await api(m.srv, 'GET', '/api/v1/credits', { token: la.token })).json().entries;
      }
      assert.ok(entries.some((e) => e.kind === 'purchase'), 'the pack was paid');

      const res = await la.client.get('/credits');
      assert.equal(res.status, 200);
      assertTimesIn(res.body, PACIFIC, '/credits');
      const shown = new Set(timePairs(res.body).map(([iso]) => iso));
      for (const e of entries) assert.ok(shown.has(e.created_at), `entry ${e.kind} at ${e.created_at} is listed`);
      const page = decodeHtml(res.body.replace(/<[^>]+>/g, ' '));
      assert.doesNotMatch(page, INTERNAL_IDS);
      assert.match(res.body, /20-credit pack, <a href="[^"]+" rel="noopener noreferrer" target="_blank">receipt<\/a>/);
      assert.match(page, /Lead claimed: /);
      assert.match(page, /Credits added: Welcome credits/);
      assert.ok(res.body.includes(`href="/my-leads/${laClaim.claim.id}"`), 'the claim links to the claimed lead');

      const billing = await la.client.get('/billing');
      assert.equal(billing.status, 200);
      assertTimesIn(billing.body, PACIFIC, '/billing');
      assert.doesNotMatch(decodeHtml(billing.body.replace(/<[^>]+>/g, ' ')), INTERNAL_IDS);
    });

    it('the new-device e-mail gives the sign-in time in the plumber\'s zone', async () => {
      await logIn(m.srv, la.email, la.password); // a second browser: a new device
      const mails = await m.waitForMailsTo(la.email, (ms) => ms.some((x) => /new device/.test(x.text)),
        { what: 'the new-device notice' });
      const when = /When: (.+)/.exec(mails.find((x) => /new device/.test(x.text)).text)[1].trim();
      assert.match(when, /^\w{3} \d{1,2} \w{3} \d{4}, \d{1,2}:\d\d [ap]m P[SD]T$/);
    });

    it('the homeowner reads the tracking page in their request ZIP\'s zone, the plumber\'s phone national', async () => {
      const res = await nyLead.client.get(nyLead.path);
      assert.equal(res.status, 200);
      assertTimesIn(res.body, EASTERN, 'the tracking page');
      assert.ok(timePairs(res.body).some(([, shown]) => / E[SD]T$/.test(shown)));
      assert.ok(res.body.includes(`<a href="tel:${ny.phone_e164}">${national(ny.phone_e164)}</a>`), 'the claimant\'s phone');
      const claimed = localTimeText(nyClaim.claim.created_at, EASTERN);
      assert.ok(decodeHtml(res.body).includes(`Took on your request ${claimed}`), `claimed at ${claimed}`);
    });

    it('staff read admin pages in the platform zone; payments name the business, not an id', async () => {
      const res = await admin.get('/admin/billing');
      assert.equal(res.status, 200);
      assertTimesIn(res.body, STAFF, '/admin/billing');
      assert.ok(timePairs(res.body).every(([, shown]) => / C[SD]T$/.test(shown)));
      const row = /<table[^>]*id="admin-payments"[\s\S]*?<\/table>/.exec(res.body)[0];
      assert.ok(decodeHtml(row).includes(la.business_name), 'the payment names the business');
      assert.doesNotMatch(row, new RegExp(`>#${la.id}<`), 'no plumber id as the link text');
      const adminText = decodeHtml(res.body.replace(/<[^>]+>/g, ' '));
      assert.doesNotMatch(adminText, /\bpack_\d+|\bstarter\b|\bpro\b/, 'plans and packs by name, not by slug');
      assert.match(adminText, /Starter plan/);
      assert.match(adminText, /20-credit pack/);

      const plumber = decodeHtml((await admin.get(`/admin/plumbers/${la.id}`)).body);
      assert.ok(plumber.includes(national(la.phone_e164)), 'the admin sees the phone national');
      assert.match(plumber, /\d{1,2}:\d\d [ap]m C[SD]T/, 'the plumber page reads in Central time');
      assert.doesNotMatch(plumber, /\d\d:\d\d UTC/);
    });
  });
}

describeOnce('time zone settings', () => {
  for (const [name, value] of [
    ['PLUMBLINE_TIME_ZONE', 'Mars/Olympus'],
    ['PLUMBLINE_ZONEINFO_DIR', '/nonexistent/zoneinfo'],
  ]) {
    it(`the server refuses to start with ${name}=${value}`, async () => {
      const database = freshDatabase('sqlite');
      try {
        assert.equal((await runCli(['migrate'], serverEnv(database))).code, 0);
        const r = await runCli(['serve'], serverEnv(database, { [name]: value }), 20000);
        assert.notEqual(r.code, 0, 'refused');
        assert.ok(r.stderr.includes('unknown time zone') && r.stderr.includes(value), r.stderr);
        assert.ok(!r.stdout.includes('"listening"'), 'never listened');
      } finally {
        database.drop();
      }
    });
  }
});
