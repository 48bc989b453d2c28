// Stripe API client and reconciliation on SQLite and PostgreSQL, against the test-owned Stripe
// stand-in: events the webhook never received are applied by `plumbline stripe-reconcile` (and by the
// server's own reconciliation job) exactly once, through the webhook's code path; a later webhook
// delivery of the same events changes nothing; the ledger invariant holds throughout.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS, describeOnce, runCli, sleep } from '../support/server.mjs';
import { readyPlumber, startMarketplace } from '../support/marketplace.mjs';
import { API_VERSION, startStripeStandin } from '../support/stripe-standin.mjs';
import { assertLedgerInvariant, query } from '../support/db.mjs';

const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const API_KEY = `sk_test_${randomBytes(12).toString('hex')}`;

function ledger(srv, userId) {
  return query(srv, `SELECT kind, amount, reference FROM credit_ledger WHERE user_id = ${Number(userId)} ORDER BY id`)
    .map(([kind, amount, reference]) => ({ kind, amount: Number(amount), reference }));
}

function billing(srv, userId) {
  const [[status, plan, subscription]] = query(srv, "SELECT plan_status, coalesce(plan_id, ''), "
    + `coalesce(stripe_subscription_id, '') FROM plumbers WHERE user_id = ${Number(userId)}`);
  return { status, plan, subscription };
}

// A call to the stand-in's API as Plumbline's billing code makes it (the app's checkout API is not
// needed to set up a session that is then paid).
async function stripeCall(standin, method, path, params, key = `test-${randomBytes(8).toString('hex')}`) {
  const body = new URLSearchParams(params).toString();
  const r = await fetch(standin.baseUrl + path + (method === 'GET' && body ? `?${body}` : ''), {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`, 'stripe-version': API_VERSION,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key } : {}),
    },
    body: method === 'POST' ? body : undefined,
  });
  const json = await r.json();
  assert.equal(r.status, 200, `${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

async function openSessions(standin, plumberId, { plan = 'starter', pack = 'pack_20' } = {}) {
  const customer = await stripeCall(standin, 'POST', '/v1/customers',
    { email: `p${plumberId}@example.com`, 'metadata[plumber_id]': String(plumberId) }, `plumbline-customer-${plumberId}`);
  const common = {
    'line_items[0][quantity]': '1', customer: customer.id, client_reference_id: `plumber_${plumberId}`,
    success_url: 'http://127.0.0.1/billing/done?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1/billing?checkout=canceled', 'metadata[plumber_id]': String(plumberId),
  };
  const subscription = await stripeCall(standin, 'POST', '/v1/checkout/sessions', {
    ...common, mode: 'subscription', 'line_items[0][price]': `price_${plan}_monthly`, 'metadata[plan_id]': plan,
    'subscription_data[metadata][plumber_id]': String(plumberId), 'subscription_data[metadata][plan_id]': plan,
  });
  const payment = await stripeCall(standin, 'POST', '/v1/checkout/sessions', {
    ...common, mode: 'payment', 'line_items[0][price]': `price_${pack}`, 'metadata[pack_id]': pack,
    'payment_intent_data[metadata][plumber_id]': String(plumberId), 'payment_intent_data[metadata][pack_id]': pack,
    'invoice_creation[enabled]': 'true',
  });
  return { customer, subscription, payment };
}

// Runs `plumbline stripe-reconcile` with the server's settings; its report is the last stdout line.
async function reconcile(srv, { expectOk = true } = {}) {
  const r = await runCli(['stripe-reconcile'], srv.env);
  const lines = r.stdout.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1]);
  assert.equal(r.code, expectOk ? 0 : 1, `stripe-reconcile exit ${r.code}: ${r.stdout} ${r.stderr}`);
  assert.equal(report.ok, expectOk, JSON.stringify(report));
  assert.ok(!r.stdout.includes(API_KEY) && !r.stderr.includes(API_KEY), 'the API key never reaches the output');
  return report;
}

// The stand-in keeps Stripe's idempotency rules, which the tests of the app rely on.
describeOnce('Stripe stand-in', () => {
  let standin;
  before(async () => { standin = await startStripeStandin({ webhookSecret: SECRET, apiKey: API_KEY }); });
  after(async () => { await standin?.close(); });
  const raw = (key, body, auth = `Bearer ${API_KEY}`) => fetch(`${standin.baseUrl}/v1/customers`, {
    method: 'POST',
    headers: { authorization: auth, 'stripe-version': API_VERSION,
      'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
    body,
  });

  it('replays a repeated key byte for byte, rejects it with other parameters, and checks the API key', async () => {
    const first = await raw('same-key', 'email=a%40example.com');
    const again = await raw('same-key', 'email=a%40example.com');
    assert.equal(first.status, 200);
    assert.equal(await again.text(), await first.text());
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const other = await raw('same-key', 'email=b%40example.com');
    assert.equal(other.status, 400);
    assert.equal((await other.json()).error.type, 'idempotency_error');
    assert.equal((await raw('k2', '', 'Bearer sk_test_wrong')).status, 401);
    assert.equal(standin.created.customers, 1);
  });

  it('a dropped response followed by a retry with the same key creates one object', async () => {
    const before = standin.created.customers;
    standin.dropNextResponse('POST', '/v1/customers');
    await assert.rejects(raw('drop-key', 'email=c%40example.com'));
    const retry = await raw('drop-key', 'email=c%40example.com');
    assert.equal(retry.status, 200);
    assert.equal(standin.created.customers, before + 1);
    assert.ok(standin.customers.has((await retry.json()).id));
  });
});

for (const [db, skip] of BACKENDS) {
  describe(`Stripe client and reconciliation (${db})`, { skip }, () => {
    let m;
    let standin;
    before(async () => {
      standin = await startStripeStandin({ webhookSecret: SECRET, apiKey: API_KEY });
      m = await startMarketplace({
        db,
        env: {
          PLUMBLINE_STRIPE_SECRET_KEY: API_KEY,
          PLUMBLINE_STRIPE_API_BASE: standin.baseUrl,
          PLUMBLINE_STRIPE_WEBHOOK_SECRET: SECRET,
          PLUMBLINE_STRIPE_RECONCILE_SECONDS: '0',
        },
      });
      standin.webhookUrl = m.srv.url('/webhooks/stripe');
    });
    after(async () => {
      await m?.close();
      await standin?.close();
    });
    afterEach(() => { if (m) assertLedgerInvariant(m.srv); });

    it('stripe-reconcile applies missed events once; a second run and late webhooks grant nothing', async () => {
      const p = await readyPlumber(m, 'recon', { credits: 0, plan: null });
      const { subscription, payment } = await openSessions(standin, p.id);
      // Paid at Stripe, but the webhook never heard of it.
      const sub = await standin.completeCheckout(subscription.id, { deliver: false });
      const pack = await standin.completeCheckout(payment.id, { deliver: false });
      const missed = [...sub.events, ...pack.events].map((e) => e.id);
      assert.deepEqual(sub.events.map((e) => e.type),
        ['customer.subscription.created', 'checkout.session.completed', 'invoice.paid']);
      assert.deepEqual(ledger(m.srv, p.id), [], 'nothing is granted before reconciliation');

      const first = await reconcile(m.srv);
      assert.ok(first.events_applied >= missed.length, JSON.stringify(first));
      assert.equal(first.sessions_seen >= 2, true, JSON.stringify(first));
      const granted = [
        { kind: 'grant', amount: 5, reference: `grant:invoice:${sub.invoice.id}` },
        { kind: 'purchase', amount: 20, reference: `purchase:${payment.id}` },
      ];
      const sorted = (rows) => [...rows].sort((a, b) => a.reference.localeCompare(b.reference));
      assert.deepEqual(sorted(ledger(m.srv, p.id)), sorted(granted));
      assert.deepEqual(billing(m.srv, p.id), { status: 'active', plan: 'starter', subscription: sub.subscription.id });
      // The pass asked for every event type the webhook handles, from the lookback window on.
      const list = standin.requestsTo('GET', '/v1/events').at(-1);
      assert.deepEqual([].concat(list.params['types[]']).sort(), [
        'charge.dispute.closed', 'charge.dispute.created', 'charge.dispute.updated', 'charge.refunded', 'checkout.session.async_payment_succeeded',
        'checkout.session.completed', 'customer.subscription.created', 'customer.subscription.deleted',
        'customer.subscription.updated', 'invoice.paid', 'invoice.payment_failed',
      ]);
      assert.equal(list.params.limit, '100');
      const hours72 = 72 * 3600;
      assert.ok(Math.abs(Number(list.params['created[gte]']) - (Math.floor(Date.now() / 1000) - hours72)) < 600);
      assert.equal(standin.requestsTo('GET', '/v1/checkout/sessions').at(-1).params.status, 'complete');

      const second = await reconcile(m.srv);
      assert.equal(second.events_applied, 0, JSON.stringify(second));
      assert.equal(second.sessions_applied, 0, JSON.stringify(second));
      assert.deepEqual(sorted(ledger(m.srv, p.id)), sorted(granted));

      // Stripe's own (late) deliveries of the same events find them applied.
      const late = await standin.deliver(missed, { order: 'reverse' });
      for (const d of late) {
        assert.equal(d.status, 200, d.body);
        assert.equal(JSON.parse(d.body).duplicate, true, d.body);
      }
      assert.deepEqual(sorted(ledger(m.srv, p.id)), sorted(granted));
    });

    it('a paid session whose event is gone is still fulfilled from the session list, once', async () => {
      const p = await readyPlumber(m, 'sess', { credits: 0, plan: null });
      const { payment } = await openSessions(standin, p.id, { pack: 'pack_5' });
      const paid = await standin.completeCheckout(payment.id, { deliver: false });
      // As if the event had aged out of the event list: only the session remains.
      standin.events.splice(standin.events.findIndex((e) => e.id === paid.events[0].id), 1);
      const first = await reconcile(m.srv);
      assert.ok(first.sessions_applied >= 1, JSON.stringify(first));
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 5, reference: `purchase:${payment.id}` }]);
      assert.equal((await reconcile(m.srv)).sessions_applied, 0);
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 5, reference: `purchase:${payment.id}` }]);
    });

    it('follows has_more across pages of events', async () => {
      const p = await readyPlumber(m, 'pages', { credits: 0, plan: null });
      const { subscription } = await openSessions(standin, p.id);
      const { subscription: sub, invoice } = await standin.completeCheckout(subscription.id, { deliver: false });
      const renewals = [];
      for (let i = 0; i < 3; i++) renewals.push(await standin.renew(sub.id, { deliver: false }));
      // 100 newer events push the invoices off the first page (Stripe lists newest first).
      for (let i = 0; i < 100; i++) await standin.cancelAtPeriodEnd(sub.id, { deliver: false });
      const report = await reconcile(m.srv);
      assert.ok(report.events_seen > 100, JSON.stringify(report));
      assert.ok(standin.requestsTo('GET', '/v1/events').some((r) => r.params.starting_after), 'a second page was asked for');
      const grants = ledger(m.srv, p.id).filter((e) => e.kind === 'grant').map((e) => e.reference).sort();
      assert.deepEqual(grants, [invoice, ...renewals.map((r) => r.invoice)].map((x) => `grant:invoice:${x.id}`).sort());
    });

    it('a failing Stripe call fails the pass (exit 1) without hiding it; the next pass catches up', async () => {
      const p = await readyPlumber(m, 'fail', { credits: 0, plan: null });
      const { payment } = await openSessions(standin, p.id, { pack: 'pack_50' });
      await standin.completeCheckout(payment.id, { deliver: false });
      standin.failNext('GET', '/v1/events', 400);
      standin.failNext('GET', '/v1/checkout/sessions', 401);
      const failed = await reconcile(m.srv, { expectOk: false });
      assert.match(failed.error, /HTTP 400/);
      assert.deepEqual(ledger(m.srv, p.id), []);
      // A 500 is retried by the client within the same pass.
      standin.failNext('GET', '/v1/events', 500);
      const before = standin.requestsTo('GET', '/v1/events').length;
      await reconcile(m.srv);
      assert.equal(standin.requestsTo('GET', '/v1/events').length - before >= 2, true);
      assert.deepEqual(ledger(m.srv, p.id), [{ kind: 'purchase', amount: 50, reference: `purchase:${payment.id}` }]);
    });

    it("every API request of the app carries the Bearer key and the pinned version", async () => {
      await reconcile(m.srv);
      const fromApp = standin.requests.filter((r) => r.method === 'GET');
      assert.ok(fromApp.length > 0);
      for (const r of fromApp) {
        assert.equal(r.authorization, `Bearer ${API_KEY}`);
        assert.equal(r.stripeVersion, API_VERSION);
      }
    });
  });

  describe(`Reconciliation job inside the server (${db})`, { skip }, () => {
    let m;
    let standin;
    before(async () => {
      standin = await startStripeStandin({ webhookSecret: SECRET, apiKey: API_KEY });
      m = await startMarketplace({
        db,
        env: {
          PLUMBLINE_STRIPE_SECRET_KEY: API_KEY,
          PLUMBLINE_STRIPE_API_BASE: standin.baseUrl,
          PLUMBLINE_STRIPE_WEBHOOK_SECRET: SECRET,
          PLUMBLINE_STRIPE_RECONCILE_SECONDS: '1',
        },
      });
      standin.webhookUrl = m.srv.url('/webhooks/stripe');
    });
    after(async () => {
      await m?.close();
      await standin?.close();
    });
    afterEach(() => { if (m) assertLedgerInvariant(m.srv); });

    it('applies an event the webhook missed on its own schedule, once', async () => {
      const p = await readyPlumber(m, 'job', { credits: 0, plan: null });
      const { payment } = await openSessions(standin, p.id, { pack: 'pack_20' });
      await standin.completeCheckout(payment.id, { deliver: false });
      const want = [{ kind: 'purchase', amount: 20, reference: `purchase:${payment.id}` }];
      // Waits for the job's next passes (it runs every second); the assertion is on state, not time.
      for (let i = 0; i < 300 && ledger(m.srv, p.id).length === 0; i++) await sleep(100);
      assert.deepEqual(ledger(m.srv, p.id), want);
      const passes = standin.requestsTo('GET', '/v1/events').length;
      for (let i = 0; i < 300 && standin.requestsTo('GET', '/v1/events').length < passes + 2; i++) await sleep(100);
      assert.ok(standin.requestsTo('GET', '/v1/events').length >= passes + 2, 'the job keeps running');
      assert.deepEqual(ledger(m.srv, p.id), want, 'later passes grant nothing more');
      assert.ok(!JSON.stringify(m.srv.logs).includes(API_KEY), 'the API key never reaches the logs');
    });
  });
}
