// Test-payments mode (PLUMBLINE_TEST_PAYMENTS=on, no Stripe key) on SQLite and PostgreSQL: the built-in Stripe's API answers
// only the locally derived key and replays Idempotency-Keys; its TEST MODE checkout pays or declines
// with test cards, and what it emits reaches the real webhook path signed with the local secret;
// its portal renews and cancels. The ledger invariant holds after every test.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { BACKENDS, FormClient, http, pathOf, sleep } from '../support/server.mjs';
import { readyPlumber, startMarketplace } from '../support/marketplace.mjs';
import { assertLedgerInvariant, paymentState, query } from '../support/db.mjs';

const SECRET_KEY = randomBytes(32).toString('hex');
const API_KEY = `sk_test_local_${createHmac('sha256', SECRET_KEY).update('plumbline test-payments api').digest('hex')}`;
const DECLINED = '4000 0000 0000 0002';
const NO_FUNDS = '4000 0000 0000 9995';
const GOOD = '4242 4242 4242 4242';

const planOf = (srv, userId) => {
  const [[status, plan, subscription]] = query(srv, "SELECT plan_status, coalesce(plan_id, ''), "
    + `coalesce(stripe_subscription_id, '') FROM plumbers WHERE user_id = ${Number(userId)}`);
  return { status, plan, subscription };
};
const ledger = (srv, userId) => query(srv, `SELECT kind, amount, reference FROM credit_ledger WHERE user_id = ${Number(userId)} ORDER BY id`)
  .map(([kind, amount, reference]) => ({ kind, amount: Number(amount), reference }));
const balance = (srv, userId) => ledger(srv, userId).reduce((s, e) => s + e.amount, 0);
const priceOf = (srv, table, id) => query(srv, `SELECT stripe_price_id FROM ${table} WHERE id = '${id}'`)[0][0];

for (const [db, skip] of BACKENDS) {
  describe(`Test payments (${db})`, { skip }, () => {
    let m;
    before(async () => {
      // Reconciliation runs once at start (no events yet), then not again within this suite: only
      // deliveries reach the webhook, so applied events can be counted.
      m = await startMarketplace({
        db, env: { PLUMBLINE_TEST_PAYMENTS: 'on', PLUMBLINE_SECRET_KEY: SECRET_KEY, PLUMBLINE_STRIPE_RECONCILE_SECONDS: '3600' },
      });
    });
    after(async () => { await m?.close(); });
    afterEach(() => { if (m) assertLedgerInvariant(m.srv); });

    // The fake Stripe API, form-encoded like the app's client.
    const stripe = (method, path, params = [], { key = API_KEY, idempotencyKey } = {}) => {
      const body = new URLSearchParams(params).toString();
      const headers = { 'stripe-version': '2026-10-28.endive' };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
      return http(m.srv.url(`/test-payments/stripe${path}${method === 'GET' && body ? `?${body}` : ''}`), {
        method, headers, body: method === 'POST' ? body : undefined,
      });
    };
    const ok = async (promise) => {
      const r = await promise;
      assert.equal(r.status, 200, `${r.status} ${r.body}`);
      return r.json();
    };
    const allEvents = async () => {
      const out = [];
      let after = '';
      for (;;) {
        const page = await ok(stripe('GET', '/v1/events', [['limit', '100'], ...(after ? [['starting_after', after]] : [])]));
        out.push(...page.data);
        if (!page.has_more) return out;
        after = page.data.at(-1).id;
      }
    };
    // Deliveries are asynchronous, as from Stripe: wait until every emitted event was applied.
    const settled = async () => {
      const emitted = (await allEvents()).length;
      for (let i = 0; i < 200; i += 1) {
        if (Number(query(m.srv, 'SELECT count(*) FROM stripe_events')[0][0]) === emitted) return emitted;
        await sleep(25);
      }
      assert.fail(`the webhook did not receive all ${emitted} emitted events`);
    };

    const customerFor = async (p) => ok(stripe('POST', '/v1/customers', [
      ['email', p.email], ['name', p.business_name ?? p.email], ['metadata[plumber_id]', String(p.id)],
    ], { idempotencyKey: `plumbline-customer-${p.id}` }));

    const base = () => m.srv.baseUrl;
    const checkout = async (p, customer, { plan, pack }) => {
      const common = [
        ['line_items[0][price]', plan ? priceOf(m.srv, 'plans', plan) : priceOf(m.srv, 'packs', pack)],
        ['line_items[0][quantity]', '1'], ['customer', customer.id], ['client_reference_id', `plumber_${p.id}`],
        ['success_url', `${base()}/billing/done?session_id={CHECKOUT_SESSION_ID}`],
        ['cancel_url', `${base()}/billing?checkout=canceled`], ['metadata[plumber_id]', String(p.id)],
      ];
      const params = plan
        ? [['mode', 'subscription'], ...common, ['metadata[plan_id]', plan],
          ['subscription_data[metadata][plumber_id]', String(p.id)], ['subscription_data[metadata][plan_id]', plan]]
        : [['mode', 'payment'], ...common, ['metadata[pack_id]', pack],
          ['payment_intent_data[metadata][plumber_id]', String(p.id)], ['payment_intent_data[metadata][pack_id]', pack],
          ['invoice_creation[enabled]', 'true']];
      const s = await ok(stripe('POST', '/v1/checkout/sessions', params, { idempotencyKey: randomBytes(8).toString('hex') }));
      assert.match(s.id, /^cs_/);
      assert.equal(s.status, 'open');
      assert.ok(s.url.startsWith(`${base()}/test-payments/checkout/`), s.url);
      return s;
    };
    const payPage = async (s) => {
      const browser = new FormClient(base());
      const page = await browser.get(pathOf(s.url));
      assert.equal(page.status, 200, page.body.slice(0, 300));
      assert.match(page.body, /TEST MODE/);
      return browser;
    };
    const subscribed = async (tag) => {
      const p = await readyPlumber(m, tag, { credits: 0, plan: null });
      const customer = await customerFor(p);
      const s = await checkout(p, customer, { plan: 'starter' });
      const browser = await payPage(s);
      assert.equal((await browser.post(pathOf(s.url), { card_number: GOOD })).status, 303);
      await settled();
      assert.equal(planOf(m.srv, p.id).status, 'active');
      return { p, customer, session: s };
    };

    it('answers only the local API key, in Stripe error shape', async () => {
      for (const key of [null, 'sk_test_wrong', `${API_KEY}x`]) {
        const r = await stripe('GET', '/v1/events', [], { key });
        assert.equal(r.status, 401, `key ${key}`);
        assert.equal(r.json().error.type, 'invalid_request_error');
      }
      const r = await stripe('POST', '/v1/customers', [['email', 'x@example.com']], { key: 'sk_test_wrong', idempotencyKey: 'k-unauth' });
      assert.equal(r.status, 401);
      assert.equal((await ok(stripe('GET', '/v1/events'))).object, 'list');
      assert.equal(m.srv.logs.filter((l) => l?.msg === 'test_payments_mode').length, 1, 'one test-mode warning');
    });

    it("reaches the test Stripe through the app's own Stripe client (reconciliation at start)", async () => {
      let pass;
      for (let i = 0; i < 200 && !pass; i += 1) {
        pass = m.srv.logs.find((l) => l?.msg === 'stripe_reconcile');
        if (!pass) await sleep(25);
      }
      assert.ok(pass, 'a reconciliation pass ran');
      assert.equal(pass.ok, true, `the client's calls succeeded: ${pass.error}`);
    });

    it('replays a customer creation with the same Idempotency-Key and refuses other parameters on it', async () => {
      const key = `plumbline-customer-test-${randomBytes(4).toString('hex')}`;
      const params = [['email', 'idem@example.com'], ['metadata[plumber_id]', '999']];
      const first = await stripe('POST', '/v1/customers', params, { idempotencyKey: key });
      assert.equal(first.status, 200);
      assert.match(first.json().id, /^cus_/);
      assert.equal(first.json().metadata.plumber_id, '999');
      const again = await stripe('POST', '/v1/customers', params, { idempotencyKey: key });
      assert.equal(again.status, 200);
      assert.equal(again.body, first.body, 'the first answer, replayed');
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const other = await stripe('POST', '/v1/customers', [['email', 'other@example.com']], { idempotencyKey: key });
      assert.equal(other.status, 400);
      assert.equal(other.json().error.type, 'idempotency_error');
      const fresh = await ok(stripe('POST', '/v1/customers', params, { idempotencyKey: `${key}-2` }));
      assert.notEqual(fresh.id, first.json().id);
    });

    it('subscription: declined cards change nothing; 4242 activates Starter with 5 credits, once', async () => {
      const p = await readyPlumber(m, 'tpsub', { credits: 0, plan: null });
      const customer = await customerFor(p);
      const s = await checkout(p, customer, { plan: 'starter' });
      const browser = await payPage(s);
      const eventsBefore = (await allEvents()).length;
      const before = paymentState(m.srv);
      for (const [card, message] of [[DECLINED, /declined/], [NO_FUNDS, /insufficient funds/]]) {
        const r = await browser.post(pathOf(s.url), { card_number: card });
        assert.equal(r.status, 402, card);
        assert.match(r.body, message);
        assert.match(r.body, /TEST MODE/);
      }
      assert.equal((await allEvents()).length, eventsBefore, 'a declined card emits nothing');
      assert.equal(paymentState(m.srv), before, 'a declined card changes nothing');
      assert.equal((await ok(stripe('GET', `/v1/checkout/sessions/${s.id}`))).status, 'open');

      const paid = await browser.post(pathOf(s.url), { card_number: GOOD });
      assert.equal(paid.status, 303);
      assert.equal(paid.location, `${base()}/billing/done?session_id=${s.id}`);
      const emitted = await allEvents();
      assert.deepEqual(emitted.slice(0, 3).map((e) => e.type).reverse(),
        ['customer.subscription.created', 'checkout.session.completed', 'invoice.paid']);
      const invoice = emitted[0].data.object;
      assert.equal(invoice.billing_reason, 'subscription_create');
      assert.equal(invoice.parent.subscription_details.metadata.plumber_id, String(p.id));
      await settled();
      const session = await ok(stripe('GET', `/v1/checkout/sessions/${s.id}`));
      assert.equal(session.status, 'complete');
      assert.equal(session.payment_status, 'paid');
      assert.deepEqual(planOf(m.srv, p.id), { status: 'active', plan: 'starter', subscription: session.subscription });
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'grant', amount: 5, reference: `grant:invoice:${invoice.id}` }]);
      const sub = await ok(stripe('GET', `/v1/subscriptions/${session.subscription}`));
      assert.equal(sub.status, 'active');
      assert.equal(sub.items.data[0].price.id, priceOf(m.srv, 'plans', 'starter'));

      // A completed session cannot be paid twice.
      const count = (await allEvents()).length;
      const twice = await browser.post(pathOf(s.url), { card_number: GOOD });
      assert.equal(twice.status, 409);
      assert.match(twice.body, /cannot be paid/);
      assert.equal((await allEvents()).length, count);
      assert.equal(balance(m.srv, p.id), 5);
    });

    it('pack: 4242 buys 20 credits once; the payment intent carries the receipt', async () => {
      const p = await readyPlumber(m, 'tppack', { credits: 0, plan: null });
      const customer = await customerFor(p);
      const s = await checkout(p, customer, { pack: 'pack_20' });
      const browser = await payPage(s);
      const page = await browser.get(pathOf(s.url));
      assert.match(page.body, /\$180\.00/);
      assert.equal((await browser.post(pathOf(s.url), { card_number: DECLINED })).status, 402);
      assert.equal((await browser.post(pathOf(s.url), { card_number: GOOD })).status, 303);
      await settled();
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 20, reference: `purchase:${s.id}` }]);
      const session = await ok(stripe('GET', `/v1/checkout/sessions/${s.id}`));
      assert.match(session.payment_intent, /^pi_/);
      const pi = await ok(stripe('GET', `/v1/payment_intents/${session.payment_intent}`, [['expand[]', 'latest_charge']]));
      assert.equal(pi.metadata.pack_id, 'pack_20');
      assert.match(pi.latest_charge.id, /^ch_/);
      assert.equal((await http(pi.latest_charge.receipt_url)).status, 200);
      // The webhook fetched the charge through the app's Stripe client: the payment has its receipt.
      const payment = () => query(m.srv, 'SELECT charge_id, receipt_url, amount_cents, amount_refunded_cents, dispute_status '
        + `FROM payments WHERE stripe_id = '${s.id}'`)[0];
      assert.deepEqual(payment().slice(0, 3), [pi.latest_charge.id, pi.latest_charge.receipt_url, '18000']);
      // Refund and dispute from the portal reach the payment record.
      const bps = await ok(stripe('POST', '/v1/billing_portal/sessions', [['customer', customer.id], ['return_url', `${base()}/billing`]]));
      const portal = new FormClient(base());
      await portal.get(pathOf(bps.url));
      assert.equal((await portal.post(pathOf(bps.url), { action: 'refund' })).status, 303);
      await portal.get(pathOf(bps.url));
      assert.equal((await portal.post(pathOf(bps.url), { action: 'dispute' })).status, 303);
      await settled();
      assert.deepEqual(payment().slice(3), ['18000', 'needs_response']);
      // Reconciliation lists completed sessions newest first.
      const listed = await ok(stripe('GET', '/v1/checkout/sessions', [['limit', '100'], ['status', 'complete']]));
      assert.ok(listed.data.some((x) => x.id === s.id));
      assert.ok(listed.data.every((x) => x.status === 'complete'));
    });

    it('portal: renewal grants the monthly credits once more, a failed one is past_due, cancel ends it', async () => {
      const { p, customer } = await subscribed('tpportal');
      const bps = await ok(stripe('POST', '/v1/billing_portal/sessions',
        [['customer', customer.id], ['return_url', `${base()}/billing`]], { idempotencyKey: randomBytes(8).toString('hex') }));
      assert.match(bps.id, /^bps_/);
      const browser = new FormClient(base());
      const page = await browser.get(pathOf(bps.url));
      assert.equal(page.status, 200);
      assert.match(page.body, /TEST MODE/);
      assert.match(page.body, new RegExp(`href="${base()}/billing"`));
      const act = async (action) => {
        const r = await browser.post(pathOf(bps.url), { action });
        assert.equal(r.status, 303, `${action}: ${r.status} ${r.body.slice(0, 300)}`);
        await browser.get(r.location); // the next form's CSRF token
        await settled();
      };

      await act('renew');
      assert.equal(balance(m.srv, p.id), 10);
      assert.equal(ledger(m.srv, p.id).filter((e) => e.kind === 'grant').length, 2);
      const [renewal] = (await ok(stripe('GET', '/v1/events', [['types[]', 'invoice.paid'], ['limit', '1']]))).data;
      assert.equal(renewal.data.object.billing_reason, 'subscription_cycle');

      await act('fail_renewal');
      assert.equal(planOf(m.srv, p.id).status, 'past_due');
      assert.equal(balance(m.srv, p.id), 10, 'a failed renewal grants nothing');
      await act('renew');
      assert.equal(planOf(m.srv, p.id).status, 'active');
      assert.equal(balance(m.srv, p.id), 15);

      await act('cancel_at_period_end');
      const [scheduled] = (await ok(stripe('GET', '/v1/events', [['limit', '1']]))).data;
      assert.equal(scheduled.type, 'customer.subscription.updated');
      assert.equal(scheduled.data.object.cancel_at_period_end, true);
      assert.equal(planOf(m.srv, p.id).status, 'active', 'active until the period ends');
      await act('resume');
      await act('refund');
      const [refund] = (await ok(stripe('GET', '/v1/events', [['limit', '1']]))).data;
      assert.equal(refund.type, 'charge.refunded');
      assert.equal(refund.data.object.refunded, true);
      const again = await browser.post(pathOf(bps.url), { action: 'refund' });
      assert.equal(again.status, 409, 'a refunded payment cannot be refunded again');
      await act('cancel_now');
      assert.equal(planOf(m.srv, p.id).status, 'canceled');
      assert.equal(balance(m.srv, p.id), 15);
    });

    it('keeps unknown sessions and forged forms out', async () => {
      assert.equal((await http(m.srv.url('/test-payments/checkout/cs_test_nope'))).status, 404);
      assert.equal((await http(m.srv.url('/test-payments/portal/bps_nope'))).status, 404);
      const p = await readyPlumber(m, 'tpcsrf', { credits: 0, plan: null });
      const s = await checkout(p, await customerFor(p), { pack: 'pack_5' });
      const r = await http(s.url, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `card_number=${encodeURIComponent(GOOD)}`,
      });
      assert.equal(r.status, 403, 'no CSRF token, no payment');
      assert.equal((await ok(stripe('GET', `/v1/checkout/sessions/${s.id}`))).status, 'open');
      const bad = await stripe('POST', '/v1/checkout/sessions', [['mode', 'payment'], ['line_items[0][price]', 'price_nope'],
        ['line_items[0][quantity]', '1'], ['success_url', `${base()}/x`]]);
      assert.equal(bad.status, 400);
      assert.equal(bad.json().error.code, 'resource_missing');
    });
  });
}
