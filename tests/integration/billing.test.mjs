// Billing on SQLite and PostgreSQL against the test-owned Stripe stand-in: Checkout for plans and
// packs (303, exact params, Idempotency-Key), the success page that only reports what webhooks did,
// forged sessions, a dropped customer response, Stripe failures, the Portal, and the admin's plans
// and packs. The ledger invariant is checked after every test.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS, decodeHtml, describeOnce, http } from '../support/server.mjs';
import { api, readyPlumber, signUpPlumber, startMarketplace } from '../support/marketplace.mjs';
import { startStripeStandin } from '../support/stripe-standin.mjs';
import { assertLedgerInvariant, execute, query } from '../support/db.mjs';

const WEBHOOK_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const API_KEY = 'sk_test_x';

const credits = (srv, userId) => Number(query(srv,
  `SELECT coalesce((SELECT balance FROM credit_balances WHERE user_id = ${Number(userId)}), 0)`)[0][0]);
// '' when the plumber has no Stripe customer ('-' marks the row, so an empty id is still a row).
const customerOf = (srv, userId) => query(srv,
  `SELECT '-' || coalesce(stripe_customer_id, '') FROM plumbers WHERE user_id = ${Number(userId)}`)[0][0].slice(1);
const planOf = (srv, userId) => {
  const [status, plan] = query(srv,
    `SELECT plan_status, coalesce(plan_id, '') FROM plumbers WHERE user_id = ${Number(userId)}`)[0];
  return { status, plan };
};


for (const [db, skip] of BACKENDS) {
  describe(`billing (${db})`, { skip }, () => {
    let m;
    let stripe;
    before(async () => {
      stripe = await startStripeStandin({ webhookSecret: WEBHOOK_SECRET, apiKey: API_KEY });
      m = await startMarketplace({
        db,
        env: {
          PLUMBLINE_STRIPE_SECRET_KEY: API_KEY,
          PLUMBLINE_STRIPE_API_BASE: stripe.baseUrl,
          PLUMBLINE_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          PLUMBLINE_STRIPE_RECONCILE_SECONDS: '0',
        },
      });
      stripe.webhookUrl = m.srv.url('/webhooks/stripe');
    });
    after(async () => {
      try { await m?.close(); } finally { await stripe?.close(); }
    });
    afterEach(() => { if (m) assertLedgerInvariant(m.srv); });

    const requestsTo = (method, path) => stripe.requests.filter((r) => r.method === method && r.path === path);

    // Plumber p's browser posts the billing form; returns the response (303 to Stripe on success).
    async function checkout(p, fields) {
      const page = await p.client.get('/billing');
      assert.equal(page.status, 200, page.body.slice(0, 300));
      return p.client.post('/billing/checkout', fields);
    }

    const sessionIdOf = (location) => {
      const s = [...stripe.sessions.values()].find((o) => o.url === location);
      assert.ok(s, `a checkout session at the stand-in with url ${location}`);
      return s.id;
    };
    const customersOf = (p) => [...stripe.customers.values()].filter((c) => c.metadata?.plumber_id === String(p.id));

    it('plan checkout: 303 to Stripe with the documented params; paying makes the plan active with 5 credits', async () => {
      const p = await readyPlumber(m, 'plan', { credits: 0, plan: null });
      const res = await checkout(p, { plan: 'starter' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.ok(res.location.startsWith(stripe.baseUrl), `redirect to the stand-in, got ${res.location}`);
      const cs = sessionIdOf(res.location);

      const [customerReq] = requestsTo('POST', '/v1/customers');
      assert.equal(customerReq.idempotencyKey, `plumbline-customer-${p.id}`);
      assert.equal(customerReq.params['metadata[plumber_id]'], String(p.id));
      assert.equal(customerReq.params.email, p.email);
      const sessionReq = requestsTo('POST', '/v1/checkout/sessions').at(-1);
      assert.match(sessionReq.idempotencyKey, new RegExp(`^plumbline-checkout-${p.id}-[0-9a-f]{16}$`));
      assert.equal(sessionReq.authorization, `Bearer ${API_KEY}`);
      assert.equal(sessionReq.stripeVersion, '2026-10-28.endive');
      const { params } = sessionReq;
      // The public base URL is the server's setting; both URLs must use it.
      const base = params.success_url.slice(0, params.success_url.indexOf('/billing/done'));
      assert.match(base, /^https?:\/\/[^/]+$/);
      assert.deepEqual(params, {
        mode: 'subscription',
        'line_items[0][price]': 'price_starter_monthly',
        'line_items[0][quantity]': '1',
        customer: customerOf(m.srv, p.id),
        client_reference_id: `plumber_${p.id}`,
        success_url: `${base}/billing/done?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${base}/billing?checkout=canceled`,
        'metadata[plumber_id]': String(p.id),
        'metadata[plan_id]': 'starter',
        'subscription_data[metadata][plumber_id]': String(p.id),
        'subscription_data[metadata][plan_id]': 'starter',
      });

      // Before payment: the success page (even with the real session id) grants nothing.
      const waiting = await p.client.get(`/billing/done?session_id=${cs}`);
      assert.equal(waiting.status, 200);
      assert.match(waiting.body, /Payment processing/);
      assert.match(waiting.body, /<noscript><meta http-equiv="refresh" content="3"><\/noscript>/);
      assert.match(waiting.body, /js\/billing-done\.[^"]*js|billing-done\.js/);
      assert.equal(credits(m.srv, p.id), 0);
      let state = await api(m.srv, 'GET', `/api/v1/billing/checkout/${cs}`, { token: p.token });
      assert.equal(state.status, 200, state.body);
      assert.equal(state.json().status, 'processing');

      await stripe.completeCheckout(cs);
      assert.deepEqual(planOf(m.srv, p.id), { status: 'active', plan: 'starter' });
      assert.equal(credits(m.srv, p.id), 5);
      // The page polls the API with its session cookie.
      state = await http(m.srv.url(`/api/v1/billing/checkout/${cs}`), { headers: { cookie: p.client.cookieHeader() } });
      assert.equal(state.status, 200, state.body);
      assert.deepEqual(state.json(), { status: 'complete', mode: 'subscription', plan_status: 'active', plan_name: 'Starter', credits: 5 });
      const done = await p.client.get(`/billing/done?session_id=${cs}`);
      assert.match(done.body, /Payment received/);
      assert.doesNotMatch(done.body, /http-equiv="refresh"/);
      // Reloading the success page changes nothing.
      assert.equal(credits(m.srv, p.id), 5);

      const billing = await api(m.srv, 'GET', '/api/v1/billing', { token: p.token });
      assert.equal(billing.status, 200, billing.body);
      const b = billing.json();
      assert.equal(b.plan, 'starter');
      assert.equal(b.status, 'active');
      assert.equal(b.credits, 5);
      assert.equal(b.cancel_at_period_end, false);
      assert.match(b.renewal, /^\d{4}-\d{2}-\d{2}T/);
      assert.ok(b.movements.some((e) => e.amount === 5));
      const page = await p.client.get('/billing');
      assert.match(page.body, /Manage card, plan or cancel/);
      assert.match(page.body, /renews on (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}/); // in the plumber's zone
    });

    it('pack checkout: payment mode params; credits granted once', async () => {
      const p = await readyPlumber(m, 'pack', { credits: 0, plan: null });
      const res = await checkout(p, { pack: 'pack_20' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const cs = sessionIdOf(res.location);
      const { params } = requestsTo('POST', '/v1/checkout/sessions').at(-1);
      assert.equal(params.mode, 'payment');
      assert.equal(params['line_items[0][price]'], 'price_pack_20');
      assert.equal(params['metadata[pack_id]'], 'pack_20');
      assert.equal(params['payment_intent_data[metadata][plumber_id]'], String(p.id));
      assert.equal(params['payment_intent_data[metadata][pack_id]'], 'pack_20');
      assert.equal(params['invoice_creation[enabled]'], 'true');
      assert.equal(params['subscription_data[metadata][plumber_id]'], undefined);

      await stripe.completeCheckout(cs);
      assert.equal(credits(m.srv, p.id), 20);
      const state = await api(m.srv, 'GET', `/api/v1/billing/checkout/${cs}`, { token: p.token });
      assert.equal(state.json().status, 'complete');
      assert.equal(state.json().credits, 20);
      for (let i = 0; i < 3; i++) await p.client.get(`/billing/done?session_id=${cs}`);
      assert.equal(credits(m.srv, p.id), 20);
      const page = await p.client.get('/billing');
      assert.match(page.body, /id="credit-balance">20</);
    });

    it('refuses a pack that would take the balance past 10,000,000,000 credits, before anyone pays (issue 12.7)', async () => {
      const p = await readyPlumber(m, 'packcap', { credits: 0, plan: null });
      const near = 9_999_999_990; // pack_20 would pass the cap by 10; pack_5 fits
      // No grant gets there (one moves at most 100,000 credits): written the way a migrated account would be.
      execute(m.srv, 'BEGIN; '
        + `INSERT INTO credit_ledger (user_id, kind, amount, reason, created_at) VALUES (${p.id}, 'adjustment', ${near}, 'Migrated balance', 0); `
        + `INSERT INTO credit_balances (user_id, balance, updated_at) VALUES (${p.id}, ${near}, 0) `
        + `ON CONFLICT (user_id) DO UPDATE SET balance = credit_balances.balance + ${near}; COMMIT;`);
      const sessions = requestsTo('POST', '/v1/checkout/sessions').length;
      const res = await checkout(p, { pack: 'pack_20' });
      assert.equal(res.status, 422, res.body.slice(0, 300));
      assert.match(decodeHtml(res.body), /above the maximum of 10,000,000,000 credits/);
      assert.match(res.body, /id="credit-balance">9999999990</);
      const byApi = await api(m.srv, 'POST', '/api/v1/billing/checkout', { token: p.token, body: { pack: 'pack_20' } });
      assert.equal(byApi.status, 422, byApi.body);
      assert.deepEqual(byApi.json().error.details.map((d) => d.field), ['pack']);
      assert.equal(requestsTo('POST', '/v1/checkout/sessions').length, sessions, 'no Checkout Session was made');
      assert.equal(credits(m.srv, p.id), near);
      assert.equal((await checkout(p, { pack: 'pack_5' })).status, 303, 'a pack that fits is sold');
    });

    it('a forged or another plumber’s session id: 404 on the page and the API, and no credits', async () => {
      const owner = await readyPlumber(m, 'owner', { credits: 0, plan: null });
      const other = await readyPlumber(m, 'other', { credits: 0, plan: null });
      const res = await checkout(owner, { pack: 'pack_5' });
      assert.equal(res.status, 303);
      const cs = sessionIdOf(res.location);
      for (const id of [cs, `cs_test_${randomBytes(12).toString('hex')}`, 'nonsense']) {
        const page = await other.client.get(`/billing/done?session_id=${encodeURIComponent(id)}`);
        assert.equal(page.status, 404, id);
        assert.match(page.body, /no such checkout/i);
        const apiRes = await api(m.srv, 'GET', `/api/v1/billing/checkout/${encodeURIComponent(id)}`, { token: other.token });
        assert.equal(apiRes.status, 404, id);
      }
      const forged = await owner.client.get(`/billing/done?session_id=cs_test_${randomBytes(12).toString('hex')}`);
      assert.equal(forged.status, 404);
      assert.equal(credits(m.srv, owner.id), 0);
      assert.equal(credits(m.srv, other.id), 0);
    });

    it('a dropped response on POST /v1/customers: the retry makes exactly one customer and checkout works', async () => {
      const p = await readyPlumber(m, 'dropped', { credits: 0, plan: null });
      stripe.dropNextResponse('POST', '/v1/customers');
      const res = await checkout(p, { pack: 'pack_5' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const mine = customersOf(p);
      assert.equal(mine.length, 1);
      assert.equal(customerOf(m.srv, p.id), mine[0].id);
      const keys = requestsTo('POST', '/v1/customers').filter((r) => r.params['metadata[plumber_id]'] === String(p.id))
        .map((r) => r.idempotencyKey);
      assert.ok(keys.length >= 2, 'the client retried');
      assert.ok(keys.every((k) => k === `plumbline-customer-${p.id}`), keys.join(', '));
      // A second checkout reuses the stored customer.
      const again = await checkout(p, { pack: 'pack_5' });
      assert.equal(again.status, 303);
      assert.equal(customersOf(p).length, 1);
    });

    it('Stripe answering 500 on sessions: a 503 page for people, nothing recorded, no credits', async () => {
      const p = await readyPlumber(m, 'fail', { credits: 0, plan: null });
      const before = stripe.created.checkout_sessions;
      const countSessions = () => Number(query(m.srv, 'SELECT count(*) FROM checkout_sessions')[0][0]);
      const recorded = countSessions();
      for (let i = 0; i < 3; i++) stripe.failNext('POST', '/v1/checkout/sessions', 500); // every attempt of the client
      const res = await checkout(p, { plan: 'pro' });
      assert.equal(res.status, 503, res.body.slice(0, 300));
      assert.match(res.body, /Payments are unavailable right now and nothing was charged/);
      assert.equal(countSessions(), recorded);
      assert.equal(stripe.created.checkout_sessions, before);
      assert.equal(credits(m.srv, p.id), 0);
      assert.equal(planOf(m.srv, p.id).status, 'none');
    });

    it('choosing nothing, both, or an unknown item: 422 and no call to Stripe', async () => {
      const p = await readyPlumber(m, 'choice', { credits: 0, plan: null });
      const calls = stripe.requests.length;
      for (const fields of [{}, { plan: 'starter', pack: 'pack_5' }, { plan: 'gold' }, { pack: 'pack_999' }]) {
        const res = await checkout(p, fields);
        assert.equal(res.status, 422, JSON.stringify(fields));
      }
      const apiRes = await api(m.srv, 'POST', '/api/v1/billing/checkout', { token: p.token, body: { plan: 'gold' } });
      assert.equal(apiRes.status, 422);
      assert.equal(stripe.requests.length, calls);
    });

    it('the API checkout answers {url}; the canceled notice shows on return', async () => {
      const p = await readyPlumber(m, 'apicheckout', { credits: 0, plan: null });
      const r = await api(m.srv, 'POST', '/api/v1/billing/checkout', { token: p.token, body: { pack: 'pack_5' } });
      assert.equal(r.status, 200, r.body);
      assert.ok(r.json().url.startsWith(stripe.baseUrl));
      const back = await p.client.get('/billing?checkout=canceled');
      assert.match(back.body, /Checkout canceled; nothing was charged/);
    });

    it('portal: 303 to the portal url with the return url', async () => {
      const p = await readyPlumber(m, 'portal', { credits: 0, plan: null });
      await p.client.get('/billing');
      const res = await p.client.post('/billing/portal', {});
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const portal = [...stripe.portalSessions.values()].find((o) => o.url === res.location);
      assert.ok(portal, `a portal session at ${res.location}`);
      const req = requestsTo('POST', '/v1/billing_portal/sessions').at(-1);
      assert.equal(req.params.customer, customerOf(m.srv, p.id));
      assert.match(req.params.return_url, /^https?:\/\/[^/]+\/billing$/);
      assert.match(req.idempotencyKey, new RegExp(`^plumbline-portal-${p.id}-[0-9a-f]{16}$`));
      const apiRes = await api(m.srv, 'POST', '/api/v1/billing/portal', { token: p.token, body: {} });
      assert.equal(apiRes.status, 200, apiRes.body);
      assert.match(apiRes.json().url, /^https?:\/\//);
    });

    it('a suspended plumber cannot start a checkout', async () => {
      const p = await readyPlumber(m, 'suspended', { credits: 0, plan: null });
      const s = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/suspend`, { token: m.admin.token, body: { reason: 'Complaints.' } });
      assert.equal(s.status, 200, s.body);
      const r = await api(m.srv, 'POST', '/api/v1/billing/checkout', { token: p.token, body: { pack: 'pack_5' } });
      assert.equal(r.status, 403, r.body);
      assert.equal(customerOf(m.srv, p.id), '');
    });

    it('admin PUT plans/packs: everything validated first, saved in one transaction; others get 403', async () => {
      const admin = m.admin.token;
      const plansBefore = (await api(m.srv, 'GET', '/api/v1/admin/plans', { token: admin })).json().plans;
      assert.ok(plansBefore.some((p) => p.id === 'starter'));
      const bad = await api(m.srv, 'PUT', '/api/v1/admin/plans', {
        token: admin,
        body: { plans: [
          { id: 'starter', name: 'Starter', price_cents: 5900, monthly_credits: 6, stripe_price_id: 'price_starter_monthly', active: true },
          { id: 'Bad Id', name: '', price_cents: 0, monthly_credits: 5000, stripe_price_id: 'prod_1' },
        ] },
      });
      assert.equal(bad.status, 422, bad.body);
      const fields = bad.json().error.details.map((d) => d.field);
      assert.deepEqual(fields, ['plans[1].id', 'plans[1].name', 'plans[1].price_cents', 'plans[1].monthly_credits', 'plans[1].stripe_price_id']);
      const plansAfter = (await api(m.srv, 'GET', '/api/v1/admin/plans', { token: admin })).json().plans;
      assert.deepEqual(plansAfter, plansBefore, 'the valid first plan was not saved either');

      const good = await api(m.srv, 'PUT', '/api/v1/admin/packs', {
        token: admin,
        body: { packs: [
          { id: 'pack_5', credits: 5, price_cents: 5500, stripe_price_id: 'price_pack_5', active: true },
          { id: 'pack_100', credits: 100, price_cents: 75000, stripe_price_id: 'price_pack_100', active: true },
        ] },
      });
      assert.equal(good.status, 200, good.body);
      const packs = good.json().packs;
      assert.equal(packs.find((p) => p.id === 'pack_5').price_cents, 5500);
      assert.equal(packs.find((p) => p.id === 'pack_100').credits, 100);

      // Two packs cannot sell one Stripe price, and an empty price id is refused: 422, nothing saved.
      for (const packsBody of [
        [{ id: 'pack_dup', credits: 7, price_cents: 7000, stripe_price_id: 'price_pack_100', active: true }],
        [{ id: 'pack_none', credits: 7, price_cents: 7000, stripe_price_id: '', active: false }],
      ]) {
        const r = await api(m.srv, 'PUT', '/api/v1/admin/packs', { token: admin, body: { packs: packsBody } });
        assert.equal(r.status, 422, r.body);
        assert.match(r.json().error.details.map((d) => d.field).join(), /stripe_price_id/);
      }
      const packsNow = (await api(m.srv, 'GET', '/api/v1/admin/packs', { token: admin })).json().packs;
      assert.deepEqual(packsNow, packs);

      const p = await signUpPlumber(m, 'notadmin');
      for (const [method, path] of [['GET', '/api/v1/admin/plans'], ['PUT', '/api/v1/admin/plans'], ['GET', '/api/v1/admin/packs'],
        ['PUT', '/api/v1/admin/packs'], ['GET', '/api/v1/admin/payments']]) {
        const r = await api(m.srv, method, path, { token: p.token, body: method === 'PUT' ? { plans: [], packs: [] } : undefined });
        assert.equal(r.status, 403, `${method} ${path}`);
      }
      const page = await p.client.get('/admin/billing');
      assert.equal(page.status, 403);

      // The admin page's form saves one pack; a wrong price re-renders with the field marked.
      const ac = await m.adminClient();
      const adminPage = await ac.get('/admin/billing');
      assert.equal(adminPage.status, 200);
      const wrong = await ac.post('/admin/packs/pack_5', { credits: '5', price: 'fifty', stripe_price_id: 'price_pack_5', active: 'yes' });
      assert.equal(wrong.status, 422);
      const saved = await ac.post('/admin/packs/pack_5', { credits: '5', price: '52.50', stripe_price_id: 'price_pack_5', active: 'yes' });
      assert.equal(saved.status, 303);
      const list = (await api(m.srv, 'GET', '/api/v1/admin/packs', { token: admin })).json().packs;
      assert.equal(list.find((x) => x.id === 'pack_5').price_cents, 5250);
    });
  });
}

// The billing forms call Stripe on every post, so they are limited per client IP (100 a minute,
// burst 100): past the burst a plumber gets 429 and Stripe is not called.
describeOnce('billing forms are rate limited per IP (sqlite)', () => {
  let m;
  let standin;
  before(async () => {
    const apiKey = 'sk_test_limit';
    const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
    standin = await startStripeStandin({ webhookSecret, apiKey });
    m = await startMarketplace({
      db: 'sqlite',
      maildev: false,
      env: {
        PLUMBLINE_RATE_LIMIT: 'on',
        PLUMBLINE_AUTH_BURST: '50',
        PLUMBLINE_STRIPE_SECRET_KEY: apiKey,
        PLUMBLINE_STRIPE_API_BASE: standin.baseUrl,
        PLUMBLINE_STRIPE_WEBHOOK_SECRET: webhookSecret,
        PLUMBLINE_STRIPE_RECONCILE_SECONDS: '0',
      },
    });
  });
  after(async () => {
    await m?.close();
    await standin?.close();
  });

  it('answers 429 once the burst is spent, without calling Stripe', async () => {
    const p = await signUpPlumber(m, 'limited');
    const statuses = [];
    for (let i = 0; i < 110; i += 1) statuses.push((await p.client.post('/billing/checkout', {})).status);
    assert.ok(statuses.includes(422), 'the first posts reach the handler (nothing chosen: 422)');
    // The burst is spent after ~100 posts; a token refills every 0.6 s, so on a slow machine an
    // occasional later post gets through again — but most of the last ten are refused.
    const first = statuses.indexOf(429);
    assert.ok(first >= 90, `the burst is honoured before refusing (first 429 at ${first})`);
    assert.ok(statuses.slice(-10).filter((x) => x === 429).length >= 5, `the last posts are refused: ${statuses.slice(-10)}`);
    assert.equal(standin.requestsTo('POST', '/v1/checkout/sessions').length, 0);
  });
});
