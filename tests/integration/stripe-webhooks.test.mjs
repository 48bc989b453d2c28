// Stripe webhooks on SQLite and PostgreSQL: events signed by the official `stripe` package are
// verified by our C++ code and applied once; bad signatures and the wrong mode change nothing;
// replays, concurrency and every ordering of a subscription's events end in one state; payments,
// refunds and disputes are recorded; the ledger invariant holds throughout.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { BACKENDS, http } from '../support/server.mjs';
import { api, readyPlumber, startMarketplace } from '../support/marketplace.mjs';
import { assertLedgerInvariant, query } from '../support/db.mjs';

const stripe = new Stripe('sk_test_dummy'); // signing only: no network use
const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const nowS = () => Math.floor(Date.now() / 1000);
const rid = (prefix) => `${prefix}_${randomBytes(8).toString('hex')}`;

// What a webhook may change, for "no change" checks.
function paymentState(srv) {
  return JSON.stringify([
    query(srv, 'SELECT id, user_id, kind, amount, reference FROM credit_ledger ORDER BY id'),
    query(srv, 'SELECT user_id, balance FROM credit_balances ORDER BY user_id'),
    query(srv, "SELECT user_id, plan_status, coalesce(plan_id, ''), coalesce(stripe_customer_id, ''), "
      + "coalesce(stripe_subscription_id, ''), current_period_end, cancel_at_period_end FROM plumbers ORDER BY user_id"),
    query(srv, 'SELECT id FROM stripe_events ORDER BY id'),
    query(srv, 'SELECT * FROM payments ORDER BY id'),
  ]);
}

function billing(srv, userId) {
  const [row] = query(srv, "SELECT plan_status, coalesce(plan_id, ''), coalesce(stripe_customer_id, ''), "
    + `coalesce(stripe_subscription_id, ''), current_period_end FROM plumbers WHERE user_id = ${Number(userId)}`);
  const [status, plan, customer, subscription, periodEnd] = row;
  return { status, plan, customer, subscription, periodEnd: Number(periodEnd) };
}

// SQLite stores booleans as 0/1, PostgreSQL's psql prints t/f.
function cancelAtPeriodEnd(srv, userId) {
  const [[v]] = query(srv, `SELECT cancel_at_period_end FROM plumbers WHERE user_id = ${Number(userId)}`);
  return v === '1' || v === 't';
}

// The payments row recorded for a Checkout Session or invoice id, or undefined.
function payment(srv, stripeId) {
  const rows = query(srv, "SELECT user_id, kind, coalesce(payment_intent, ''), coalesce(charge_id, ''), item_id, "
    + 'description, credits, amount_cents, currency, receipt_url, amount_refunded_cents, dispute_status, '
    + `dispute_reason FROM payments WHERE stripe_id = '${stripeId.replace(/'/g, "''")}'`);
  if (rows.length === 0) return undefined;
  const [userId, kind, paymentIntent, chargeId, itemId, description, credits, amount, currency, receiptUrl,
    refunded, disputeStatus, disputeReason] = rows[0];
  return {
    userId: Number(userId), kind, paymentIntent, chargeId, itemId, description, credits: Number(credits),
    amount: Number(amount), currency, receiptUrl, refunded: Number(refunded), disputeStatus, disputeReason,
  };
}

function ledger(srv, userId) {
  return query(srv, `SELECT kind, amount, reference FROM credit_ledger WHERE user_id = ${Number(userId)} ORDER BY id`)
    .map(([kind, amount, reference]) => ({ kind, amount: Number(amount), reference }));
}

const event = (type, object, { id = rid('evt'), created = nowS(), livemode = false } = {}) => JSON.stringify({
  id, object: 'event', type, created, api_version: '2026-10-28.endive', livemode,
  pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object },
}, null, 2); // pretty-printed like Stripe's own deliveries: the signature covers the exact bytes

const packSession = (plumberId, { id = rid('cs_test'), pack = 'pack_5', paid = true, customer = rid('cus') } = {}) => ({
  id, object: 'checkout.session', mode: 'payment', status: 'complete',
  payment_status: paid ? 'paid' : 'unpaid', customer, client_reference_id: String(plumberId),
  metadata: { plumber_id: String(plumberId), pack_id: pack }, payment_intent: rid('pi'),
  amount_total: 5000, currency: 'usd', subscription: null, invoice: null,
});

const invoice = (plumberId, sub, customer, { id = rid('in'), price = 'price_starter_monthly', end = nowS() + 30 * 86400 } = {}) => ({
  id, object: 'invoice', customer, status: 'paid', amount_paid: 4900, currency: 'usd',
  billing_reason: 'subscription_cycle', hosted_invoice_url: `https://invoice.stripe.com/i/${id}`,
  parent: { type: 'subscription_details', subscription_details: { subscription: sub, metadata: { plumber_id: String(plumberId) } } },
  lines: { object: 'list', data: [{ id: rid('il'), period: { start: end - 30 * 86400, end }, pricing: { price_details: { price } } }] },
  payments: { object: 'list', data: [{ payment: { type: 'payment_intent', payment_intent: `pi_${id}` } }] },
});

const subscription = (plumberId, sub, customer, status, { price = 'price_starter_monthly', end = nowS() + 30 * 86400, cancel = false } = {}) => ({
  id: sub, object: 'subscription', customer, status, cancel_at_period_end: cancel,
  metadata: { plumber_id: String(plumberId) },
  items: { object: 'list', data: [{ id: rid('si'), price: { id: price }, current_period_end: end }] },
});

for (const [db, skip] of BACKENDS) {
  describe(`Stripe webhooks (${db})`, { skip }, () => {
    let m;
    let url;
    before(async () => {
      m = await startMarketplace({ db, env: { PLUMBLINE_STRIPE_WEBHOOK_SECRET: SECRET } });
      url = m.srv.url('/webhooks/stripe');
    });
    after(async () => { await m?.close(); });
    afterEach(() => { if (m) assertLedgerInvariant(m.srv); });

    const sign = (payload, { secret = SECRET, timestamp = nowS() } = {}) =>
      stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    const post = (payload, header) => http(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { 'stripe-signature': header }) },
      body: payload,
    });
    const deliver = async (payload) => {
      const r = await post(payload, sign(payload));
      assert.equal(r.status, 200, `webhook: ${r.status} ${r.body}`);
      return r.json();
    };
    const plumber = (tag) => readyPlumber(m, tag, { credits: 0, plan: null });

    it('accepts an event signed by the stripe package and grants a pack once per session', async () => {
      const p = await plumber('pack');
      const session = packSession(p.id, { pack: 'pack_20' });
      const first = await deliver(event('checkout.session.completed', session));
      assert.equal(first.duplicate, false);
      assert.equal(first.outcome, 'purchase');
      // The same session again under another event id (Stripe may send both the completed and the
      // async_payment_succeeded event): still one purchase.
      const again = await deliver(event('checkout.session.async_payment_succeeded', session));
      assert.equal(again.duplicate, false);
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 20, reference: `purchase:${session.id}` }]);
      assert.equal(billing(m.srv, p.id).customer, session.customer, 'the customer is linked to the plumber');
      const credits = await api(m.srv, 'GET', '/api/v1/credits', { token: p.token });
      assert.equal(credits.json().balance, 20);
    });

    it('grants nothing for an unpaid session or an unknown pack', async () => {
      const p = await plumber('unpaid');
      assert.equal((await deliver(event('checkout.session.completed', packSession(p.id, { paid: false })))).outcome, 'unpaid');
      assert.equal((await deliver(event('checkout.session.completed', packSession(p.id, { pack: 'pack_7' })))).outcome, 'unknown_pack');
      assert.deepEqual(ledger(m.srv, p.id), []);
    });

    it('rejects tampered body, wrong secret, stale timestamp, missing or malformed header with 400 and no change', async () => {
      const p = await plumber('forged');
      const payload = event('checkout.session.completed', packSession(p.id, { pack: 'pack_50' }));
      const before = paymentState(m.srv);
      const cases = [
        ['tampered body', payload.replace('pack_50', 'pack_20'), sign(payload), 'signature_mismatch'],
        ['wrong secret', payload, sign(payload, { secret: 'whsec_not_ours' }), 'signature_mismatch'],
        ['stale timestamp', payload, sign(payload, { timestamp: nowS() - 301 }), 'signature_stale'],
        ['missing header', payload, undefined, 'signature_missing_header'],
        ['malformed header', payload, 'v1=abc', 'signature_malformed'],
      ];
      for (const [what, body, header, code] of cases) {
        const r = await post(body, header);
        assert.equal(r.status, 400, `${what}: ${r.status} ${r.body}`);
        assert.match(r.headers.get('content-type'), /application\/json/, what);
        assert.equal(r.json().error.code, code, `${what}: ${r.body}`);
      }
      assert.equal(paymentState(m.srv), before, 'nothing changed');
      // The same payload, correctly signed, then goes through: the rejections left no trace.
      assert.equal((await deliver(payload)).outcome, 'purchase');
      // During a secret roll Stripe sends one v1 per secret: any may match.
      const p2 = await plumber('roll');
      const rolled = event('checkout.session.completed', packSession(p2.id));
      const t = nowS();
      const v1 = (secret) => sign(rolled, { secret, timestamp: t }).split(',v1=')[1];
      const r = await post(rolled, `t=${t},v1=${v1('whsec_old_secret')},v1=${v1(SECRET)},v0=legacy`);
      assert.equal(r.status, 200, r.body);
    });

    it('applies the same event replayed 10 times in a row exactly once', async () => {
      const p = await plumber('replay');
      const payload = event('invoice.paid', invoice(p.id, rid('sub'), rid('cus')));
      const outcomes = [];
      for (let i = 0; i < 10; i++) outcomes.push(await deliver(payload));
      assert.equal(outcomes.filter((o) => !o.duplicate).length, 1);
      assert.deepEqual(ledger(m.srv, p.id).map((e) => e.amount), [5]);
    });

    it('applies the same event delivered 20 times concurrently exactly once', async () => {
      const p = await plumber('burst');
      const session = packSession(p.id, { pack: 'pack_5' });
      const payload = event('checkout.session.completed', session);
      const header = sign(payload);
      const results = await Promise.all(Array.from({ length: 20 }, () => post(payload, header)));
      for (const r of results) assert.equal(r.status, 200, r.body);
      assert.equal(results.filter((r) => !r.json().duplicate).length, 1);
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 5, reference: `purchase:${session.id}` }]);
      const [[count]] = query(m.srv, `SELECT count(*) FROM stripe_events WHERE id = '${JSON.parse(payload).id}'`);
      assert.equal(Number(count), 1);
    });

    it('different events for one session racing grant the pack once; a 5xx loser succeeds on retry', async () => {
      const p = await plumber('race');
      const session = packSession(p.id, { pack: 'pack_5' });
      const payloads = Array.from({ length: 10 }, () => event('checkout.session.completed', session));
      let results = await Promise.all(payloads.map((x) => post(x, sign(x))));
      for (const r of results) assert.ok(r.status === 200 || r.status >= 500, `${r.status} ${r.body}`);
      // Stripe retries a 5xx; a retry finds the purchase and records the event without a grant.
      const again = payloads.filter((_, i) => results[i].status !== 200);
      results = await Promise.all(again.map((x) => post(x, sign(x))));
      for (const r of results) assert.equal(r.status, 200, r.body);
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 5, reference: `purchase:${session.id}` }]);
      const ids = payloads.map((x) => `'${JSON.parse(x).id}'`).join(', ');
      assert.equal(Number(query(m.srv, `SELECT count(*) FROM stripe_events WHERE id IN (${ids})`)[0][0]), 10);
    });

    it('invoice.paid sets the plan active and grants its monthly credits once per invoice', async () => {
      const p = await plumber('paid');
      const sub = rid('sub');
      const cus = rid('cus');
      const end = nowS() + 30 * 86400;
      const inv = invoice(p.id, sub, cus, { price: 'price_pro_monthly', end });
      await deliver(event('invoice.paid', inv));
      await deliver(event('invoice.paid', inv)); // another event id for the same invoice
      assert.deepEqual(billing(m.srv, p.id), { status: 'active', plan: 'pro', customer: cus, subscription: sub, periodEnd: end });
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'grant', amount: 15, reference: `grant:invoice:${inv.id}` }]);
      assert.deepEqual(payment(m.srv, inv.id), {
        userId: p.id, kind: 'subscription', paymentIntent: `pi_${inv.id}`, chargeId: '', itemId: 'pro', description: 'Pro plan',
        credits: 15, amount: 4900, currency: 'usd', receiptUrl: inv.hosted_invoice_url, refunded: 0,
        disputeStatus: '', disputeReason: '',
      });
      // The next month's invoice grants again.
      const next = invoice(p.id, sub, cus, { price: 'price_pro_monthly', end: end + 30 * 86400 });
      await deliver(event('invoice.paid', next));
      assert.deepEqual(ledger(m.srv, p.id).map((e) => e.amount), [15, 15]);
      assert.equal(billing(m.srv, p.id).periodEnd, end + 30 * 86400);
      const me = await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token });
      assert.equal(me.json().plan_status ?? me.json().plumber?.plan_status, 'active');
    });

    it('invoice.payment_failed → past_due; subscription deleted → canceled', async () => {
      const p = await plumber('failing');
      const sub = rid('sub');
      const cus = rid('cus');
      const t = nowS();
      await deliver(event('invoice.paid', invoice(p.id, sub, cus), { created: t - 100 }));
      await deliver(event('invoice.payment_failed', { ...invoice(p.id, sub, cus), status: 'open', attempt_count: 1 }, { created: t - 50 }));
      assert.equal(billing(m.srv, p.id).status, 'past_due');
      await deliver(event('customer.subscription.deleted', subscription(p.id, sub, cus, 'canceled'), { created: t }));
      assert.equal(billing(m.srv, p.id).status, 'canceled');
      assert.deepEqual(ledger(m.srv, p.id).map((e) => e.amount), [5], 'the failure took nothing back');
    });

    it('subscription.updated maps Stripe statuses (unpaid → past_due) and finds the plumber by customer', async () => {
      const p = await plumber('mapped');
      const sub = rid('sub');
      const cus = rid('cus');
      const t = nowS();
      await deliver(event('customer.subscription.updated', subscription(p.id, sub, cus, 'trialing'), { created: t - 10 }));
      assert.equal(billing(m.srv, p.id).status, 'trialing');
      const noMeta = { ...subscription(p.id, sub, cus, 'unpaid'), metadata: {} };
      await deliver(event('customer.subscription.updated', noMeta, { created: t - 5 }));
      assert.equal(billing(m.srv, p.id).status, 'past_due');
      // An unknown customer is recorded and ignored.
      const stranger = { ...subscription(p.id, rid('sub'), rid('cus'), 'active'), metadata: {} };
      const r = await deliver(event('customer.subscription.updated', stranger, { created: t }));
      assert.equal(r.outcome, 'unknown_plumber');
      assert.equal(billing(m.srv, p.id).status, 'past_due');
    });

    it('all 24 orderings of created/paid/updated/deleted for one subscription end in the same state', async () => {
      const permutations = (xs) => (xs.length <= 1 ? [xs]
        : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));
      const orders = permutations(['created', 'paid', 'updated', 'deleted']);
      assert.equal(orders.length, 24);
      const finals = [];
      for (const order of orders) {
        const p = await plumber(`order-${order.join('-')}`);
        const sub = rid('sub');
        const cus = rid('cus');
        const t = nowS();
        const end = t + 30 * 86400;
        // Created, paid, then set to cancel at the period end, then ended: Stripe's own order.
        const events = {
          created: event('customer.subscription.created', subscription(p.id, sub, cus, 'active', { end }), { created: t - 30 }),
          paid: event('invoice.paid', invoice(p.id, sub, cus, { id: `in_${sub}`, end }), { created: t - 20 }),
          updated: event('customer.subscription.updated', subscription(p.id, sub, cus, 'active', { end, cancel: true }), { created: t - 10 }),
          deleted: event('customer.subscription.deleted', subscription(p.id, sub, cus, 'canceled', { end, cancel: true }), { created: t }),
        };
        for (const name of order) await deliver(events[name]);
        const b = billing(m.srv, p.id);
        finals.push({
          order: order.join(','), status: b.status, plan: b.plan, linked: b.subscription === sub && b.customer === cus,
          periodEnd: b.periodEnd === end, cancelAtPeriodEnd: cancelAtPeriodEnd(m.srv, p.id),
          ledger: ledger(m.srv, p.id).map((e) => `${e.kind}:${e.amount}`),
          payment: payment(m.srv, `in_${sub}`)?.amount,
        });
        assertLedgerInvariant(m.srv);
      }
      for (const f of finals)
        assert.deepEqual({ ...f, order: undefined }, {
          order: undefined, status: 'canceled', plan: 'starter', linked: true, periodEnd: true, cancelAtPeriodEnd: true,
          ledger: ['grant:5'], payment: 4900,
        }, `order ${f.order}`);
    });

    it('records a pack payment, then its refund and dispute, without taking credits back', async () => {
      const p = await plumber('refund');
      const session = packSession(p.id, { pack: 'pack_20' });
      await deliver(event('checkout.session.completed', session));
      assert.deepEqual(payment(m.srv, session.id), {
        userId: p.id, kind: 'pack', paymentIntent: session.payment_intent, chargeId: '', itemId: 'pack_20',
        description: '20 credits', credits: 20, amount: 5000, currency: 'usd', receiptUrl: '', refunded: 0,
        disputeStatus: '', disputeReason: '',
      });
      const chargeId = rid('ch');
      const charge = (refunded) => ({
        id: chargeId, object: 'charge', payment_intent: session.payment_intent, amount: 5000,
        amount_refunded: refunded, refunded: refunded === 5000, customer: session.customer,
        receipt_url: `https://pay.stripe.com/receipts/${chargeId}`,
      });
      const t = nowS();
      let r = await deliver(event('charge.refunded', charge(2000), { created: t - 10 }));
      assert.equal(r.outcome, 'refund_recorded');
      r = await deliver(event('charge.refunded', charge(1000), { created: t - 20 })); // late, smaller total
      assert.equal(r.outcome, 'refund_recorded');
      let got = payment(m.srv, session.id);
      assert.equal(got.refunded, 2000, 'cumulative: never decreases');
      assert.equal(got.chargeId, chargeId);
      assert.equal(got.receiptUrl, `https://pay.stripe.com/receipts/${chargeId}`);

      r = await deliver(event('charge.dispute.created', {
        id: rid('dp'), object: 'dispute', charge: chargeId, payment_intent: session.payment_intent, amount: 3000,
        reason: 'fraudulent', status: 'needs_response',
      }));
      assert.equal(r.outcome, 'dispute_recorded');
      got = payment(m.srv, session.id);
      assert.equal(got.disputeStatus, 'needs_response');
      assert.equal(got.disputeReason, 'fraudulent');
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 20, reference: `purchase:${session.id}` }],
        'the admin adjusts credits by hand');

      // A charge we never sold is recorded as an event and changes no payment.
      const before = JSON.stringify(query(m.srv, 'SELECT * FROM payments ORDER BY id'));
      r = await deliver(event('charge.refunded', { ...charge(5000), id: rid('ch'), payment_intent: rid('pi') }));
      assert.equal(r.outcome, 'unknown_payment');
      assert.equal(JSON.stringify(query(m.srv, 'SELECT * FROM payments ORDER BY id')), before);
    });

    it('refuses a live-mode event on a test-mode server with 400 wrong_livemode and no change', async () => {
      const p = await plumber('livemode');
      const session = packSession(p.id, { pack: 'pack_50' });
      const id = rid('evt');
      const live = event('checkout.session.completed', session, { id, livemode: true });
      const before = paymentState(m.srv);
      const r = await post(live, sign(live));
      assert.equal(r.status, 400, r.body);
      assert.equal(r.json().error.code, 'wrong_livemode');
      assert.equal(paymentState(m.srv), before, 'nothing changed, not even the event id');
      // The same event from the test-mode endpoint goes through.
      assert.equal((await deliver(event('checkout.session.completed', session, { id }))).outcome, 'purchase');
      assert.deepEqual(ledger(m.srv, p.id).map((e) => e.amount), [50]);
    });

    it('a subscription checkout links the customer and subscription without granting', async () => {
      const p = await plumber('subco');
      const cus = rid('cus');
      const sub = rid('sub');
      await deliver(event('checkout.session.completed', {
        id: rid('cs_test'), object: 'checkout.session', mode: 'subscription', status: 'complete',
        payment_status: 'paid', customer: cus, subscription: sub, client_reference_id: String(p.id),
        metadata: { plumber_id: String(p.id), plan_id: 'pro' },
      }));
      const b = billing(m.srv, p.id);
      assert.equal(b.customer, cus);
      assert.equal(b.subscription, sub);
      assert.equal(b.plan, 'pro');
      assert.equal(b.status, 'none', 'status waits for the invoice or subscription event');
      assert.deepEqual(ledger(m.srv, p.id), []);
    });
  });

  describe(`Stripe webhooks without a secret (${db})`, { skip }, () => {
    // With PLUMBLINE_TEST_PAYMENTS=on and no key the secret is derived; otherwise a missing webhook
    // secret leaves the endpoint unconfigured, with a Stripe key or without one.
    it('answers 503 not configured without a key and without test payments', async () => {
      const m = await startMarketplace({ db, maildev: false });
      try {
        const payload = event('invoice.paid', {});
        const r = await http(m.srv.url('/webhooks/stripe'), {
          method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) }, body: payload,
        });
        assert.equal(r.status, 503, r.body);
      } finally {
        await m.close();
      }
    });

    it('answers 503 not configured', async () => {
      const m = await startMarketplace({
        db, maildev: false, env: {
          PLUMBLINE_STRIPE_SECRET_KEY: 'sk_test_dummy', PLUMBLINE_STRIPE_API_BASE: 'http://127.0.0.1:9',
          PLUMBLINE_STRIPE_RECONCILE_SECONDS: '0',
        },
      });
      try {
        const payload = event('invoice.paid', {});
        const r = await http(m.srv.url('/webhooks/stripe'), {
          method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) }, body: payload,
        });
        assert.equal(r.status, 503, r.body);
      } finally {
        await m.close();
      }
    });
  });
}
