// Issue 13.2/13.3 and the pricing page: one plan status on every page and API (a demo plumber on
// a plan reads the same on /billing, /billing/done, the dashboard and the API); refusals a
// purchase can fix name the plan or pack and link to it on /billing; an approved plumber without
// a plan sees the leads they miss and the plans; /pricing shows the live price list, packs by size.
// The API's claim refusal carries the same fix ({kind, text, plan_id|pack_id, price_cents, credits,
// link_url}) when online payment is set up, and none when it is not.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, FormClient, pathOf, sleep } from '../support/server.mjs';
import { logIn } from '../support/accounts.mjs';
import {
  api, apiToken, newestAvailableLead, readyPlumber, setPlan, startMarketplace, submitLead,
  validLeadFor,
} from '../support/marketplace.mjs';
import { query } from '../support/db.mjs';

const DEMO_EMAIL = 'demo-plumber1@example.com';
const DEMO_PASSWORD = 'plumbline-demo-only';
const GOOD_CARD = '4242 4242 4242 4242';
const decode = (html) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=');
const textOf = (html, id) => {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m ? decode(m[1]).replace(/\s+/g, ' ').trim() : null;
};
const idsIn = (html, prefix) => [...html.matchAll(new RegExp(`id="${prefix}([a-z0-9_]+)"`, 'g'))].map((x) => x[1]);

// Pays a pack through the test Stripe's checkout page as the signed-in client; returns the
// /billing/done page once the webhook has been applied.
async function buyPack(client, pack) {
  await client.get('/billing');
  const start = await client.post('/billing/checkout', { pack });
  assert.equal(start.status, 303, start.body.slice(0, 300));
  const pay = pathOf(start.location);
  assert.match(pay, /^\/test-payments\/checkout\//);
  await client.get(pay);
  const paid = await client.post(pay, { card_number: GOOD_CARD });
  assert.equal(paid.status, 303, paid.body.slice(0, 300));
  const done = pathOf(paid.location);
  assert.match(done, /^\/billing\/done\?session_id=cs_/);
  for (let i = 0; i < 600; i += 1) {
    const page = await client.get(done);
    assert.equal(page.status, 200);
    if (/data-complete="true"/.test(page.body)) return page;
    await sleep(50);
  }
  throw new Error('the checkout never completed');
}

for (const [db, skip] of BACKENDS) {
  describe(`plan status, purchase fixes and pricing (${db})`, { skip }, () => {
    let m;
    before(async () => {
      m = await startMarketplace({
        db, maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on', PLUMBLINE_DEMO_DATA: 'on' },
      });
    });
    after(async () => { await m?.close(); });

    it('a demo plumber on a plan reads the same plan and status on /billing, /billing/done, the dashboard and the API', async () => {
      const client = await logIn(m.srv, DEMO_EMAIL, DEMO_PASSWORD);
      const done = decode((await buyPack(client, 'pack_5')).body);
      assert.equal(textOf(done, 'checkout-plan-status'), 'Active');
      assert.equal(textOf(done, 'checkout-plan-name'), '(Starter)');

      const billing = decode((await client.get('/billing')).body);
      assert.doesNotMatch(billing, /No plan yet/, 'the contradiction of issue 13.2');
      assert.equal(textOf(billing, 'plan-status'), 'Active');
      assert.match(billing, /<strong>Starter<\/strong>/);
      assert.match(billing, /5 credits each month/);
      assert.match(billing, /id="plan-starter"[\s\S]*?Your current plan/);

      const dashboard = decode((await client.get('/dashboard')).body);
      assert.match(dashboard, /id="dashboard-plan">Your plan: <a href="\/billing">Starter: Active<\/a>/);
      assert.doesNotMatch(dashboard, /id="plan-offer"/, 'no plan offer for a plumber on a plan');
      const credits = decode((await client.get('/credits')).body);
      assert.match(credits, /id="credits-plan">Your plan: <a href="\/billing">Starter: Active<\/a>, 5 credits each month\./);

      const token = await apiToken(m.srv, DEMO_EMAIL, DEMO_PASSWORD);
      const b = (await api(m.srv, 'GET', '/api/v1/billing', { token })).json();
      assert.deepEqual([b.plan, b.plan_name, b.status, b.status_label, b.credits_per_month], ['starter', 'Starter', 'active', 'Active', 5]);
      const profile = (await api(m.srv, 'GET', '/api/v1/profile', { token })).json();
      assert.equal(profile.plan_status, 'active');
      assert.deepEqual([profile.plan.name, profile.plan.status_label], ['Starter', 'Active']);
      const [[planId, status]] = query(m.srv, `SELECT coalesce(plan_id, ''), plan_status FROM plumbers p JOIN users u ON u.id = p.user_id WHERE u.email = '${DEMO_EMAIL}'`);
      assert.deepEqual([planId, status], ['starter', 'active'], 'the demo data names its plan');
      const [[id]] = query(m.srv, `SELECT id FROM users WHERE email = '${DEMO_EMAIL}'`);
      const admin = decode((await (await m.adminClient()).get(`/admin/plumbers/${id}`)).body);
      assert.equal(textOf(admin, 'plumber-plan'), 'Active');
      assert.equal(textOf(admin, 'plumber-plan-name'), '(Starter)');
    });

    it('a plan set by an administrator is a plan everywhere, named as such', async () => {
      const p = await readyPlumber(m, 'adminplan', { credits: 0, plan: 'active' });
      const billing = decode((await p.client.get('/billing')).body);
      assert.equal(textOf(billing, 'plan-status'), 'Active');
      assert.match(billing, /<strong>Plan set by an administrator<\/strong>/);
      assert.doesNotMatch(billing, /No plan yet/);
      const dashboard = decode((await p.client.get('/dashboard')).body);
      assert.match(dashboard, /Your plan: <a href="\/billing">Plan set by an administrator: Active<\/a>/);
      const admin = await m.adminClient();
      const page = decode((await admin.get(`/admin/plumbers/${p.id}`)).body);
      assert.equal(textOf(page, 'plumber-plan'), 'Active');
      assert.equal(textOf(page, 'plumber-plan-name'), '(Plan set by an administrator)');
      const b = (await api(m.srv, 'GET', '/api/v1/billing', { token: p.token })).json();
      assert.deepEqual([b.status, b.plan, b.plan_name], ['active', null, 'Plan set by an administrator']);
    });

    it('an approved plumber without a plan sees the leads of the last 30 days in their area and services, and the plans to choose', async () => {
      const area = { base_zip: '60601', radius_miles: 5, services: ['sewer_line', 'gas_line'] };
      const p = await readyPlumber(m, 'noplan', { credits: 0, plan: null, profile: area });
      const before = decode((await p.client.get('/dashboard')).body);
      assert.match(before, /id="missed-leads" data-count="0"/);
      for (const fields of [
        { zip: '60601', service_type: 'sewer_line' }, { zip: '60602', service_type: 'gas_line' },
        { zip: '60601', service_type: 'leak_repair' }, // a service not offered
        { zip: '10001', service_type: 'sewer_line' }, // outside the area
      ]) await submitLead(m, validLeadFor({ address: '1 Main St', ...fields }));
      const html = decode((await p.client.get('/dashboard')).body);
      assert.match(html, /id="missed-leads" data-count="2">2 requests for the services you offer came from your area in the last 30 days/);
      assert.match(html, /id="plan-offer-plans"/);
      const offer = html.slice(html.indexOf('id="plan-offer"'), html.indexOf('end plan offer'));
      assert.match(offer, /Starter[\s\S]*?\$49 a month · 5 credits a month \(\$9\.80 a credit\)/);
      assert.match(offer, /Pro[\s\S]*?\$129 a month · 15 credits a month \(\$8\.60 a credit\)/);
      assert.ok(offer.indexOf('Starter') < offer.indexOf('Pro'), 'cheapest first');
      assert.match(offer, /Starter <span class="badge text-bg-success">Cheapest<\/span>/);
      assert.match(offer, /<a id="plan-offer-link" href="\/billing#plan-starter">Choose Starter on the Billing page<\/a>/);
      assert.equal((offer.match(/action="\/billing\/checkout"/g) || []).length, 2, 'a button per plan');
      // The button starts Checkout for that plan.
      const chosen = await p.client.post('/billing/checkout', { plan: 'starter' });
      assert.equal(chosen.status, 303);
      assert.match(chosen.location, /\/test-payments\/checkout\/cs_/);
      // The link's target names the plan.
      const billing = decode((await p.client.get('/billing')).body);
      assert.match(billing, /id="plan-starter"[\s\S]*?Starter[\s\S]*?Choose Starter/);
    });

    it('a claim refused for want of a plan names the cheapest plan covering it and links to it on /billing', async () => {
      const p = await readyPlumber(m, 'lapsed', { credits: 0, plan: 'active' });
      await submitLead(m, validLeadFor());
      const lead = await newestAvailableLead(m, p);
      await setPlan(m, p, 'canceled');
      await p.client.get('/dashboard');
      const refused = await p.client.post(`/leads/${lead.id}/claim`, { confirm: 'yes' });
      assert.equal(refused.status, 403, refused.body.slice(0, 300));
      const body = decode(refused.body);
      assert.match(body, /id="claim-fix">What fixes it: Starter, \$49\/month, 5 credits a month\./);
      assert.match(body, /href="\/billing#plan-starter">Choose Starter on the Billing page</);
      // The lead page and the claim step say the same before any click.
      for (const path of [`/leads/${lead.id}`, `/leads/${lead.id}/claim`]) {
        const before = decode((await p.client.get(path)).body);
        assert.match(before, /Starter, \$49\/month, 5 credits a month/, path);
        assert.match(before, /href="\/billing#plan-starter"/, path);
      }
      // The API refusal stays one error, and names the same plan; nothing was taken.
      const r = await api(m.srv, 'POST', `/api/v1/leads/${lead.id}/claim`, { token: p.token, body: {} });
      assert.equal(r.status, 403, r.body);
      const { error } = r.json();
      assert.equal(error.code, 'not_eligible');
      assert.match(error.fix.text, /^What fixes it: Starter, \$49\/month, 5 credits a month\./);
      assert.deepEqual({ ...error.fix, text: undefined }, {
        kind: 'plan', text: undefined, plan_id: 'starter', price_cents: 4900, credits: 5,
        link_url: `${m.srv.baseUrl}/billing#plan-starter`,
      });
      const seen = (await api(m.srv, 'GET', `/api/v1/leads/${lead.id}`, { token: p.token })).json();
      assert.equal(seen.can_claim, false);
      assert.ok(seen.refusal);
      assert.deepEqual(seen.fix, error.fix, 'the lead says the same before the claim');
      assert.equal(query(m.srv, `SELECT count(*) FROM claims WHERE plumber_id = ${p.id}`)[0][0], '0');
    });

    it('a claim refused for want of credits names the smallest pack covering the shortfall', async () => {
      const p = await readyPlumber(m, 'short', { credits: 1, plan: 'active' });
      await submitLead(m, validLeadFor({ urgency: 'emergency', service_type: 'repiping' }));
      const lead = await newestAvailableLead(m, p);
      assert.ok(lead.price_credits > 1 && lead.price_credits <= 6, `price ${lead.price_credits}`);
      await p.client.get('/dashboard');
      const refused = await p.client.post(`/leads/${lead.id}/claim`, { confirm: 'yes' });
      assert.equal(refused.status, 402, refused.body.slice(0, 300));
      const body = decode(refused.body);
      const short = lead.price_credits - 1;
      assert.match(body, new RegExp(`What fixes it: the 5-credit pack, \\$50\\. You need ${short} credits? more for this lead\\.`));
      assert.match(body, /href="\/billing#pack-pack_5">Buy the 5-credit pack on the Billing page</);
      assert.match(decode((await p.client.get('/billing')).body), /id="pack-pack_5"/);
      // The API names the same pack, and keeps its status and error code.
      const r = await api(m.srv, 'POST', `/api/v1/leads/${lead.id}/claim`, { token: p.token, body: {} });
      assert.equal(r.status, 402, r.body);
      const { error } = r.json();
      assert.equal(error.code, 'insufficient_credits');
      assert.match(error.fix.text, new RegExp(`^What fixes it: the 5-credit pack, \\$50\\. You need ${short} credits? more for this lead\\.$`));
      assert.deepEqual({ ...error.fix, text: undefined }, {
        kind: 'pack', text: undefined, pack_id: 'pack_5', price_cents: 5000, credits: 5,
        link_url: `${m.srv.baseUrl}/billing#pack-pack_5`,
      });
      const seen = (await api(m.srv, 'GET', `/api/v1/leads/${lead.id}`, { token: p.token })).json();
      assert.deepEqual([seen.can_claim, seen.fix], [false, error.fix]);
    });

    it('/pricing, for anyone: every service × urgency price from the live catalog, plans and packs by size with per-credit prices, refund rules and the claims cap', async () => {
      const anonymous = new FormClient(m.srv.baseUrl);
      for (const path of ['/', '/signup']) {
        const page = await anonymous.get(path);
        assert.match(page.body, /href="\/pricing"/, `${path} links to the pricing page`);
        assert.match(page.body, /<footer[\s\S]*href="\/pricing"/, `${path}: the footer links to it`);
      }
      let page = await anonymous.get('/pricing');
      assert.equal(page.status, 200);
      let html = decode(page.body);
      assert.match(html, /Price in credits = the service's base price \+ the urgency surcharge/);
      const services = query(m.srv, 'SELECT label, base_price_credits FROM service_types WHERE active ORDER BY sort_order');
      const urgencies = query(m.srv, 'SELECT label, surcharge_credits FROM urgencies ORDER BY sort_order');
      const table = html.slice(html.indexOf('id="lead-prices"'), html.indexOf('</table>', html.indexOf('id="lead-prices"')));
      for (const [label, base] of services) {
        const row = new RegExp(`<th scope="row">${label.replace(/[()]/g, '\\$&')}</th><td class="text-end">${base}</td>${urgencies.map(([, s]) => `<td class="text-end">${Number(base) + Number(s)}</td>`).join('')}</tr>`);
        assert.match(table, row, label);
      }
      assert.deepEqual(idsIn(html, 'pricing-pack-'), ['pack_5', 'pack_20', 'pack_50'], 'packs by size');
      assert.deepEqual(idsIn(html, 'pricing-plan-'), ['starter', 'pro'], 'plans cheapest first');
      assert.match(html, /<th scope="row">20 credits<\/th><td class="text-end">\$180<\/td><td class="text-end">\$9\.00<\/td>/);
      assert.match(html, /dispute a claimed lead within 14 days/);
      assert.match(html, /at most <strong>3<\/strong> of them can claim it/);

      // An admin changes a pack: the page follows, still sorted by size.
      const put = await api(m.srv, 'PUT', '/api/v1/admin/packs', {
        token: m.admin.token,
        body: { packs: [{ id: 'pack_10', credits: 10, price_cents: 9500, stripe_price_id: 'price_pack_10', active: true }] },
      });
      assert.equal(put.status, 200, put.body);
      html = decode((await anonymous.get('/pricing')).body);
      assert.deepEqual(idsIn(html, 'pricing-pack-'), ['pack_5', 'pack_10', 'pack_20', 'pack_50']);
      assert.match(html, /<th scope="row">10 credits<\/th><td class="text-end">\$95<\/td><td class="text-end">\$9\.50<\/td>/);
      const admin = await m.adminClient();
      const adminBilling = (await admin.get('/admin/billing')).body;
      const order = ['pack_5', 'pack_10', 'pack_20', 'pack_50'].map((id) => adminBilling.indexOf(`/admin/packs/${id}"`));
      assert.ok(order.every((x, i) => x > 0 && (i === 0 || x > order[i - 1])), `admin billing lists packs by size: ${order}`);
    });
  });

  describe(`refusals without online payment (${db})`, { skip }, () => {
    let m;
    before(async () => { m = await startMarketplace({ db, maildev: false }); });
    after(async () => { await m?.close(); });

    it('the API refusal names no purchase when nothing can be bought online', async () => {
      const lapsed = await readyPlumber(m, 'offlapsed', { credits: 0, plan: 'active' });
      await submitLead(m, validLeadFor());
      const first = await newestAvailableLead(m, lapsed);
      await setPlan(m, lapsed, 'canceled');
      let r = await api(m.srv, 'POST', `/api/v1/leads/${first.id}/claim`, { token: lapsed.token, body: {} });
      assert.equal(r.status, 403, r.body);
      assert.equal(r.json().error.code, 'not_eligible');
      assert.equal(r.json().error.fix, undefined);
      let seen = (await api(m.srv, 'GET', `/api/v1/leads/${first.id}`, { token: lapsed.token })).json();
      assert.ok(seen.refusal);
      assert.equal(seen.fix, null);

      const short = await readyPlumber(m, 'offshort', { credits: 1, plan: 'active' });
      await submitLead(m, validLeadFor({ urgency: 'emergency', service_type: 'repiping' }));
      const lead = await newestAvailableLead(m, short);
      r = await api(m.srv, 'POST', `/api/v1/leads/${lead.id}/claim`, { token: short.token, body: {} });
      assert.equal(r.status, 402, r.body);
      assert.equal(r.json().error.code, 'insufficient_credits');
      assert.equal(r.json().error.fix, undefined);
      seen = (await api(m.srv, 'GET', `/api/v1/leads/${lead.id}`, { token: short.token })).json();
      assert.deepEqual([seen.can_claim, seen.fix], [false, null]);
    });
  });
}
