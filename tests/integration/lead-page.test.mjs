// The lead decision (issue 13): the lead page before claiming (every field, never contact details, 404 to anyone not
// matched), prices in dollars at the plumber's plan, last pack or neither, the confirmation step (a post without it
// debits nothing), quality signals, and the alert e-mail with the description and the lead's own link.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, FormClient, decodeHtml, pathOf, sleep } from '../support/server.mjs';
import {
  api, balanceOf, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);
const GOOD_CARD = '4242 4242 4242 4242';

// Submits a lead and returns its id as plumber p sees it (the lead new to p's available list).
async function leadFor(m, p, fields) {
  const ids = async () => (await api(m.srv, 'GET', '/api/v1/leads/available?per_page=100', { token: p.token })).json().leads.map((l) => l.id);
  const before = new Set(await ids());
  await submitLead(m, fields);
  const id = (await ids()).find((x) => !before.has(x));
  assert.ok(id, `the new lead is available to ${p.email}`);
  return id;
}

// Buys a plan or pack through the TEST MODE checkout, then waits for the signed webhook to apply it.
async function buy(m, p, item) {
  const start = await p.client.post('/billing/checkout', item);
  assert.equal(start.status, 303, start.body.slice(0, 300));
  const page = pathOf(start.location);
  assert.match(page, /^\/test-payments\/checkout\//);
  await p.client.get(page);
  const paid = await p.client.post(page, { card_number: GOOD_CARD });
  assert.equal(paid.status, 303, paid.body.slice(0, 300));
}

// GET /api/v1/billing of p once `ready(body)` holds: the signed webhook applies a purchase asynchronously.
async function billingWhen(m, p, ready, what) {
  for (let i = 0; i < 800; i += 1) {
    const r = await api(m.srv, 'GET', '/api/v1/billing', { token: p.token });
    assert.equal(r.status, 200, r.body);
    if (ready(r.json())) return r.json();
    await sleep(25);
  }
  assert.fail(`${what} never applied for ${p.email}`);
}

for (const [db, skip] of BACKENDS) {
  describe(`the lead decision (${db})`, { skip }, () => {
    let m;
    before(async () => {
      m = await startMarketplace({ db, maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on' } });
    });
    after(async () => { await m?.close(); });

    it('shows the whole request before a claim and never the contact details; 404 to a plumber it did not reach', async () => {
      const p = await readyPlumber(m, 'seer', { profile: { base_zip: '98101', radius_miles: 10, extra_zips: ['99201'] } });
      const stranger = await readyPlumber(m, 'stranger', { profile: { base_zip: '33130' } });
      const fields = validLeadFor({
        zip: '98109', service_type: 'water_heater', urgency: 'emergency', name: 'Orla Quinteros',
        address: '1500 Quarry Lane', best_time: 'Weekday mornings',
        description: 'No hot water since Sunday; the <b>tank</b> is leaking & the pilot light keeps going out.',
      });
      const id = await leadFor(m, p, fields);
      const page = await p.client.get(`/leads/${id}`);
      assert.equal(page.status, 200, page.body.slice(0, 300));
      const t = text(page);
      assert.ok(page.body.includes('the &lt;b&gt;tank&lt;/b&gt; is leaking &amp; the pilot'), 'the full description, escaped');
      for (const bit of ['Water heater', 'Emergency (now)', 'Weekday mornings', 'Seattle, WA 98109', 'mi from your base',
        '1 plumber was told, nobody has claimed it yet', '3 of 3 slots left', 'Duplicate check passed', 'Consent recorded',
        'You offer Water heater.', 'inside your 10-mile radius', 'Approximate area', 'not the homeowner\'s address',
        '4 credits', 'Claim for 4 credits'])
        assert.ok(t.includes(bit), `the lead page shows "${bit}"`);
      assert.match(t, /<dt>Sent<\/dt><dd><time datetime="[^"]+">(just now|\d+ min ago)<\/time> \([A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d\d [ap]m P[SD]T\)/, 'in the plumber\'s zone (Seattle: Pacific)');
      assert.match(page.body, /id="lead-map"[^>]*data-lat="47\.\d+"[^>]*data-lng="-122\.\d+"/);
      assert.match(page.body, /leaflet\.js/);
      assert.match(page.body, /href="\/pricing"/, 'no purchase yet: credits only, with the pricing page');
      assert.doesNotMatch(t, /\$\d/, 'no dollar price without a plan or a pack');
      for (const secret of ['Orla', 'Quinteros', '1500 Quarry', fields.email, fields.phone, fields.phone.replace(/\D/g, '').slice(-7)])
        assert.ok(!t.includes(secret), `no "${secret}" before the claim`);
      const confirm = await p.client.get(`/leads/${id}/claim`);
      assert.equal(confirm.status, 200);
      for (const secret of ['Orla', '1500 Quarry', fields.email]) assert.ok(!text(confirm).includes(secret), secret);

      // The extra-ZIP rule is named as such.
      const far = await leadFor(m, p, validLeadFor({ zip: '99201', service_type: 'leak_repair' }));
      assert.match(text(await p.client.get(`/leads/${far}`)), /ZIP 99201 is one of your extra ZIP codes/);

      // Not matched, not signed in, not a number: nothing is acknowledged.
      for (const path of [`/leads/${id}`, `/leads/${id}/claim`]) {
        const r = await stranger.client.get(path);
        assert.equal(r.status, 404, path);
        assert.ok(!r.body.includes('pilot light'), path);
      }
      assert.equal((await stranger.client.get('/leads/abc')).status, 404);
      const anonymous = new FormClient(m.srv.baseUrl);
      const anon = await anonymous.get(`/leads/${id}`);
      const anonMissing = await anonymous.get('/leads/999999999');
      assert.equal(anon.status, 303);
      assert.equal(anon.location, `/login?next=/leads/${id}`);
      assert.equal(anonMissing.location, '/login?next=/leads/999999999', 'the same answer whether the lead exists or not');
      assert.ok(!anon.body.includes('pilot light'));

      // An admin reads it too, without a claim button.
      const admin = await m.adminClient();
      const seen = await admin.get(`/leads/${id}`);
      assert.equal(seen.status, 200);
      assert.ok(text(seen).includes('pilot light keeps going out'));
      assert.doesNotMatch(seen.body, /lead-claim-link/);

      // The API gives the same decision fields.
      const body = (await api(m.srv, 'GET', `/api/v1/leads/${id}`, { token: p.token })).json();
      assert.equal(body.plumbers_told, 1);
      assert.equal(body.why.within_radius, true);
      assert.equal(body.why.extra_zip, false);
      assert.deepEqual(body.quality.map((q) => q.slug), ['duplicate_check_passed', 'consent_recorded']);
      assert.equal(body.price_cents, null);
      assert.equal(body.contact, undefined);
      assert.equal(body.can_claim, true);
    });

    it('shows prices in dollars at the plan\'s rate, else the last pack\'s, else credits only', async () => {
      const planned = await readyPlumber(m, 'planned', { credits: 0, plan: null, profile: { base_zip: '60601' } });
      const packed = await readyPlumber(m, 'packed', { credits: 0, plan: 'active', profile: { base_zip: '60601' } });
      const neither = await readyPlumber(m, 'neither', { credits: 10, profile: { base_zip: '60601' } });
      await buy(m, planned, { plan: 'starter' }); // $49.00 for 5 credits: $9.80 a credit
      await buy(m, packed, { pack: 'pack_20' }); // $180.00 for 20 credits: $9.00 a credit
      await billingWhen(m, planned, (b) => b.plan === 'starter' && b.status === 'active', 'the Starter plan');
      await billingWhen(m, packed, (b) => b.credits === 20, 'the 20-credit pack');
      const fields = validLeadFor({ zip: '60614', service_type: 'water_heater', urgency: 'emergency' }); // 3 + 1 credits
      const id = await leadFor(m, neither, fields);
      const priceFor = async (p) => {
        const r = await api(m.srv, 'GET', `/api/v1/leads/${id}`, { token: p.token });
        assert.equal(r.status, 200, r.body);
        assert.equal(r.json().price_credits, 4);
        return r.json().price_cents;
      };
      assert.equal(await priceFor(planned), 3920);
      assert.equal(await priceFor(packed), 3600);
      assert.equal(await priceFor(neither), null);

      const planPage = text(await planned.client.get(`/leads/${id}`));
      assert.match(planPage, /4 credits<\/span> <span class="lead-price-dollars">\(about \$39\.20\)/, 'the plan plumber sees dollars');
      assert.ok(planPage.includes('At $9.80 a credit (your Starter plan).'));
      const packConfirm = text(await packed.client.get(`/leads/${id}/claim`));
      assert.ok(packConfirm.includes('(about $36.00 at $9.00 a credit (your 20-credit pack))'), `the pack plumber, on the confirmation: ${/<dl[\s\S]*?<\/dl>/.exec(packConfirm)}`);
      const packCard = text(await packed.client.get('/dashboard'));
      assert.ok(packCard.includes('(about $36.00)'), 'and on the dashboard card');
      assert.ok(packCard.includes('Dollar prices are at $9.00 a credit (your 20-credit pack).'));
      const neitherCard = await neither.client.get('/dashboard');
      assert.doesNotMatch(text(neitherCard), /\(about \$/);
      assert.match(neitherCard.body, /<a href="\/pricing">see what credits cost<\/a>/);
    });

    it('claims only from the confirmation step: an older form without it debits nothing and leads there', async () => {
      const p = await readyPlumber(m, 'confirmer', { credits: 10, profile: { base_zip: '80202' } });
      const id = await leadFor(m, p, validLeadFor({ zip: '80205', service_type: 'leak_repair', urgency: 'within_24h' }));
      const dash = await p.client.get('/dashboard');
      assert.match(dash.body, new RegExp(`<a class="btn btn-primary lead-claim" href="/leads/${id}/claim">Claim for 2 credits</a>`));
      assert.match(dash.body, new RegExp(`href="/leads/${id}">View lead`));
      assert.match(dash.body, /data-signal="duplicate_check_passed"/);

      const old = await p.client.post(`/leads/${id}/claim`, {});
      assert.equal(old.status, 303);
      assert.equal(old.location, `/leads/${id}/claim`);
      assert.equal(await balanceOf(m, p), 10, 'no credits taken without the confirmation');
      const wrong = await p.client.post(`/leads/${id}/claim`, { confirm: 'no' });
      assert.equal(wrong.location, `/leads/${id}/claim`);
      assert.equal(await balanceOf(m, p), 10);

      const page = await p.client.get(`/leads/${id}/claim`);
      const t = text(page);
      assert.ok(t.includes('You would be plumber 1 of at most 3 to claim it.'));
      assert.ok(t.includes('10 credits; 8 credits after this claim'));
      assert.match(t, /dispute the claim from My leads within 14 days: an approved dispute gives the credits back\./);
      assert.match(page.body, /name="confirm" value="yes"/);
      const done = await p.client.post(`/leads/${id}/claim`, { confirm: 'yes' });
      assert.equal(done.status, 303);
      assert.match(done.location, /^\/my-leads\/\d+\?claimed=1$/);
      assert.equal(await balanceOf(m, p), 8);
      // Claimed: the lead page hands over to the claim with its contact details.
      const after = await p.client.get(`/leads/${id}`);
      assert.equal(after.status, 303);
      assert.match(after.location, /^\/my-leads\/\d+$/);
      // A plumber who cannot pay is told on the confirmation, with the way to fix it, and gets no button.
      const poor = await readyPlumber(m, 'poorconfirm', { credits: 1, profile: { base_zip: '80202' } });
      const id2 = await leadFor(m, poor, validLeadFor({ zip: '80205', service_type: 'leak_repair' }));
      const refused = await poor.client.get(`/leads/${id2}/claim`);
      assert.match(text(refused), /This lead costs 2 credits and you have 1 credit/);
      assert.match(refused.body, /href="\/billing"/);
      assert.doesNotMatch(refused.body, /id="claim-confirm"/);
    });

    it('e-mails the alert with the description, the checks and that lead\'s link', async () => {
      const p = await readyPlumber(m, 'alerted', { profile: { base_zip: '02108' } });
      const description = 'Basement drain backs up when it rains <hard>; smells of sewage & the floor is wet.';
      const id = await leadFor(m, p, validLeadFor({ zip: '02115', service_type: 'drain_cleaning', description }));
      const mails = await m.waitForMailsTo(p.email, (ms) => ms.some((x) => x.kind === 'lead_alert'), { what: 'the lead alert' });
      const alert = mails.find((x) => x.kind === 'lead_alert');
      assert.ok(alert.text.includes(description), 'the description in the text part, as typed');
      assert.ok(alert.html.includes('Basement drain backs up when it rains &lt;hard&gt;; smells of sewage &amp; the floor is wet.'),
        'the description in the HTML part, escaped');
      for (const part of [alert.text, alert.html]) {
        assert.ok(part.includes('Duplicate check passed'));
        assert.ok(part.includes('Consent recorded'));
        assert.ok(part.includes(`${m.srv.baseUrl}/leads/${id}`), 'the lead\'s own page');
        assert.ok(!part.includes('/dashboard'), 'not the dashboard');
      }
    });
  });
}
