// Test support: a Stripe API stand-in owned by the tests. It serves exactly the calls Plumbline makes
// (customers, Checkout and portal sessions, subscriptions, payment intents, event and session lists)
// with Stripe's idempotency rules, injects faults, simulates payments, and posts the resulting events
// (endive shapes) to the app, signed by the official `stripe` package. Browser pages stand in for
// Stripe's hosted Checkout and portal.
//
//   const s = await startStripeStandin({ webhookUrl, webhookSecret, apiKey });
//   s.baseUrl                          // PLUMBLINE_STRIPE_API_BASE
//   s.dropNextResponse('POST', '/v1/customers'); s.failNext('GET', '/v1/events', 500);
//   await s.completeCheckout(cs)       // → { session, subscription?, events }
//   s.events, s.requests, s.created.customers
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export const API_VERSION = '2026-10-28.endive';
const DAY = 86400;
const signer = new Stripe('sk_test_signing_only'); // no network use

// The default plans and packs of migration 0006, by their placeholder price ids.
const DEFAULT_PRICES = {
  price_starter_monthly: { unit_amount: 4900, recurring: true },
  price_pro_monthly: { unit_amount: 12900, recurring: true },
  price_pack_5: { unit_amount: 5000, recurring: false },
  price_pack_20: { unit_amount: 18000, recurring: false },
  price_pack_50: { unit_amount: 40000, recurring: false },
};

const rid = (prefix) => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const nowS = () => Math.floor(Date.now() / 1000);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Form or query parameters: repeated names (types[]) become arrays, the rest strings.
function parseParams(text) {
  const out = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (k in out) out[k] = [].concat(out[k], v);
    else out[k] = v;
  }
  return out;
}

// Nested metadata from bracket params: prefix 'subscription_data[metadata]' → {plumber_id: '4'}.
function nested(params, prefix) {
  const out = {};
  const re = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[([^\\]]+)\\]$`);
  for (const [k, v] of Object.entries(params)) {
    const m = re.exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}

function stripeError(status, type, message, extra = {}) {
  return { status, body: { error: { type, message, ...extra } } };
}

export async function startStripeStandin({ webhookUrl = '', webhookSecret, apiKey, prices = {} } = {}) {
  const priceTable = { ...DEFAULT_PRICES, ...prices };
  const customers = new Map();
  const sessions = new Map();
  const portalSessions = new Map();
  const subscriptions = new Map();
  const paymentIntents = new Map();
  const charges = new Map();
  const invoices = new Map();
  const idempotency = new Map(); // key → {fingerprint, status, text}
  const faults = []; // {kind: 'drop'|'fail', method, prefix, status, shouldRetry}
  let eventSeq = 0;

  const s = {
    baseUrl: '',
    webhookUrl,
    apiKey,
    requests: [], // {method, path, params, idempotencyKey, stripeVersion, authorization}
    events: [], // every emitted event object, in emission order
    deliveries: [], // {eventId, status, body}
    created: { customers: 0, checkout_sessions: 0, billing_portal_sessions: 0, subscriptions: 0 },
    customers, sessions, portalSessions, subscriptions, paymentIntents, charges, invoices,

    // The next matching request is executed (objects created, the reply stored for its key), then
    // its connection is destroyed without an answer.
    dropNextResponse(method, pathPrefix) { faults.push({ kind: 'drop', method, prefix: pathPrefix }); },
    // The next matching request gets `status` with a Stripe error body and changes nothing (Stripe
    // saves no idempotent result for a request that never started executing).
    failNext(method, pathPrefix, status, { shouldRetry } = {}) {
      faults.push({ kind: 'fail', method, prefix: pathPrefix, status, shouldRetry });
    },
    requestsTo(method, pathPrefix) {
      return s.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
    },
    addPrice(id, unitAmount, { recurring = false } = {}) { priceTable[id] = { unit_amount: unitAmount, recurring }; },

    // Pays an open session as Stripe would, emitting its events (delivered unless deliver: false).
    // fail: true is a declined card: nothing changes and nothing is emitted.
    async completeCheckout(sessionId, { fail = false, deliver = true } = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no such session ${sessionId}`);
      if (fail || session.status !== 'open') return { session, events: [] };
      const now = nowS();
      const price = session._price;
      const amount = priceTable[price].unit_amount;
      const events = [];
      session.status = 'complete';
      session.payment_status = 'paid';
      session.amount_total = amount;
      session.amount_subtotal = amount;
      if (session.mode === 'subscription') {
        const sub = {
          id: rid('sub'), object: 'subscription', customer: session.customer, status: 'active',
          cancel_at_period_end: false, cancel_at: null, canceled_at: null, ended_at: null,
          created: now, currency: 'usd', livemode: false, metadata: { ...session._subscriptionMetadata },
          items: {
            object: 'list',
            data: [{
              id: rid('si'), object: 'subscription_item', quantity: 1,
              price: { id: price, object: 'price', unit_amount: amount, currency: 'usd', recurring: { interval: 'month' } },
              current_period_start: now, current_period_end: now + 30 * DAY,
            }],
          },
          latest_invoice: null,
        };
        subscriptions.set(sub.id, sub);
        s.created.subscriptions += 1;
        session.subscription = sub.id;
        const inv = payInvoice(sub, 'subscription_create', now, now + 30 * DAY);
        session.invoice = inv.id;
        events.push(emit('customer.subscription.created', sub));
        events.push(emit('checkout.session.completed', session));
        events.push(emit('invoice.paid', inv));
        if (deliver) await s.deliver(events.map((e) => e.id));
        return { session: pub(session), subscription: structuredClone(sub), invoice: structuredClone(inv), events };
      }
      const pi = charge(session.customer, amount, { ...session._paymentIntentMetadata });
      session.payment_intent = pi.id;
      events.push(emit('checkout.session.completed', session));
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { session: pub(session), paymentIntent: structuredClone(pi), events };
    },

    // A successful monthly renewal: the next period, a paid invoice (subscription_cycle).
    async renew(subId, { deliver = true } = {}) {
      const sub = mustSub(subId);
      const item = sub.items.data[0];
      const start = item.current_period_end;
      item.current_period_start = start;
      item.current_period_end = start + 30 * DAY;
      sub.status = 'active';
      const inv = payInvoice(sub, 'subscription_cycle', start, start + 30 * DAY);
      const events = [emit('invoice.paid', inv)];
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { subscription: structuredClone(sub), invoice: structuredClone(inv), events };
    },

    // A declined renewal: an open invoice with a failed attempt, and the subscription past_due.
    async failRenewal(subId, { deliver = true } = {}) {
      const sub = mustSub(subId);
      const item = sub.items.data[0];
      const inv = invoiceFor(sub, 'subscription_cycle', item.current_period_end, item.current_period_end + 30 * DAY);
      Object.assign(inv, { status: 'open', amount_paid: 0, attempt_count: 1, next_payment_attempt: nowS() + 3 * DAY });
      invoices.set(inv.id, inv);
      const previous = sub.status;
      sub.status = 'past_due';
      const events = [emit('invoice.payment_failed', inv),
        emit('customer.subscription.updated', sub, { previous_attributes: { status: previous } })];
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { subscription: structuredClone(sub), invoice: structuredClone(inv), events };
    },

    async cancelAtPeriodEnd(subId, { deliver = true } = {}) {
      const sub = mustSub(subId);
      sub.cancel_at_period_end = true;
      sub.cancel_at = sub.items.data[0].current_period_end;
      const events = [emit('customer.subscription.updated', sub, { previous_attributes: { cancel_at_period_end: false, cancel_at: null } })];
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { subscription: structuredClone(sub), events };
    },

    async cancelNow(subId, { deliver = true } = {}) {
      const sub = mustSub(subId);
      const now = nowS();
      Object.assign(sub, { status: 'canceled', canceled_at: now, ended_at: now,
        cancellation_details: { reason: 'cancellation_requested' } });
      const events = [emit('customer.subscription.deleted', sub)];
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { subscription: structuredClone(sub), events };
    },

    // Refunds amountCents more of the payment intent's charge (cumulative, capped at the amount).
    async refund(paymentIntentId, amountCents, { deliver = true } = {}) {
      const ch = chargeOf(paymentIntentId);
      ch.amount_refunded = Math.min(ch.amount, ch.amount_refunded + (amountCents ?? ch.amount));
      ch.refunded = ch.amount_refunded === ch.amount;
      const events = [emit('charge.refunded', ch)];
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { charge: structuredClone(ch), events };
    },

    async dispute(paymentIntentId, { reason = 'fraudulent', deliver = true } = {}) {
      const ch = chargeOf(paymentIntentId);
      ch.disputed = true;
      const dp = {
        id: rid('dp'), object: 'dispute', charge: ch.id, payment_intent: paymentIntentId, amount: ch.amount,
        currency: ch.currency, reason, status: 'needs_response', created: nowS(), livemode: false, metadata: {},
      };
      const events = [emit('charge.dispute.created', dp)];
      if (deliver) await s.deliver(events.map((e) => e.id));
      return { dispute: dp, events };
    },

    // Changes what GET /v1/subscriptions/{id} answers, without any event.
    setSubscriptionStatus(subId, status) {
      const sub = mustSub(subId);
      sub.status = status;
      return structuredClone(sub);
    },

    // (Re)delivers recorded events, one after the other, in the order given (order: 'reverse'
    // flips it). Resolves to [{eventId, status, body}].
    async deliver(eventIds, { order } = {}) {
      const ids = order === 'reverse' ? [...eventIds].reverse() : [...eventIds];
      const results = [];
      for (const id of ids) {
        const ev = s.events.find((e) => e.id === id);
        if (!ev) throw new Error(`no such event ${id}`);
        results.push(await post(ev));
      }
      return results;
    },

    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };

  function mustSub(id) {
    const sub = subscriptions.get(id);
    if (!sub) throw new Error(`no such subscription ${id}`);
    return sub;
  }

  function chargeOf(paymentIntentId) {
    const pi = paymentIntents.get(paymentIntentId);
    if (!pi) throw new Error(`no such payment intent ${paymentIntentId}`);
    return charges.get(pi.latest_charge);
  }

  // A succeeded PaymentIntent with its Charge.
  function charge(customer, amount, metadata) {
    const pi = {
      id: rid('pi'), object: 'payment_intent', amount, amount_received: amount, currency: 'usd', customer,
      status: 'succeeded', metadata, created: nowS(), livemode: false, latest_charge: null,
    };
    const ch = {
      id: rid('ch'), object: 'charge', amount, amount_captured: amount, amount_refunded: 0, currency: 'usd',
      customer, payment_intent: pi.id, paid: true, captured: true, refunded: false, disputed: false,
      status: 'succeeded', metadata, created: nowS(), livemode: false, receipt_url: '',
    };
    ch.receipt_url = `${s.baseUrl}/receipts/${ch.id}`;
    pi.latest_charge = ch.id;
    paymentIntents.set(pi.id, pi);
    charges.set(ch.id, ch);
    return pi;
  }

  function invoiceFor(sub, billingReason, start, end) {
    const item = sub.items.data[0];
    const id = rid('in');
    return {
      id, object: 'invoice', customer: sub.customer, status: 'draft', currency: 'usd',
      amount_due: item.price.unit_amount, amount_paid: 0, amount_remaining: item.price.unit_amount,
      billing_reason: billingReason, created: nowS(), livemode: false, attempt_count: 0,
      hosted_invoice_url: `${s.baseUrl}/invoices/${id}`,
      parent: { type: 'subscription_details', quote_details: null,
        subscription_details: { subscription: sub.id, metadata: { ...sub.metadata } } },
      lines: { object: 'list', has_more: false, data: [{
        id: rid('il'), object: 'line_item', amount: item.price.unit_amount, currency: 'usd', quantity: 1,
        period: { start, end },
        pricing: { type: 'price_details', price_details: { price: item.price.id, product: `prod_${item.price.id}` } },
        parent: { type: 'subscription_item_details',
          subscription_item_details: { subscription: sub.id, subscription_item: item.id } },
      }] },
      payments: { object: 'list', has_more: false, data: [] },
    };
  }

  function payInvoice(sub, billingReason, start, end) {
    const inv = invoiceFor(sub, billingReason, start, end);
    const pi = charge(sub.customer, inv.amount_due, {});
    Object.assign(inv, { status: 'paid', amount_paid: inv.amount_due, amount_remaining: 0, attempt_count: 1 });
    inv.payments.data.push({ id: rid('inpay'), object: 'invoice_payment', status: 'paid',
      amount_paid: inv.amount_due, payment: { type: 'payment_intent', payment_intent: pi.id } });
    invoices.set(inv.id, inv);
    sub.latest_invoice = inv.id;
    return inv;
  }

  // Records an event: an immutable snapshot of the object, as Stripe's events are.
  function emit(type, object, { previous_attributes } = {}) {
    eventSeq += 1;
    const ev = {
      id: rid('evt'), object: 'event', type, created: nowS(), api_version: API_VERSION, livemode: false,
      pending_webhooks: 1, request: { id: null, idempotency_key: null },
      data: { object: pub(object), ...(previous_attributes ? { previous_attributes } : {}) },
    };
    Object.defineProperty(ev, '_seq', { value: eventSeq });
    s.events.push(ev);
    return ev;
  }

  async function post(ev) {
    if (!s.webhookUrl) throw new Error('stripe stand-in: no webhookUrl to deliver to');
    const payload = JSON.stringify(ev, null, 2);
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    const r = await fetch(s.webhookUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload,
    });
    const result = { eventId: ev.id, status: r.status, body: await r.text() };
    s.deliveries.push(result);
    // Said in the file's log: a test that then finds no change shows why.
    if (r.status >= 300) console.error(`stripe stand-in: ${ev.type} ${ev.id} answered ${r.status}: ${result.body.slice(0, 300)}`);
    return result;
  }

  // The public view of an object (internal fields start with "_").
  function pub(o) {
    return JSON.parse(JSON.stringify(o, (k, v) => (k.startsWith('_') ? undefined : v)));
  }

  function list(items, params, path) {
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10)));
    const gte = params['created[gte]'] !== undefined ? Number(params['created[gte]']) : -Infinity;
    let all = items.filter((o) => o.created >= gte);
    if (params.starting_after) {
      const i = all.findIndex((o) => o.id === params.starting_after);
      if (i < 0) return stripeError(400, 'invalid_request_error', `No such object: '${params.starting_after}'`, { param: 'starting_after' });
      all = all.slice(i + 1);
    }
    return { status: 200, body: { object: 'list', url: path, has_more: all.length > limit, data: all.slice(0, limit).map(pub) } };
  }

  // API routes: (method, path, params) → {status, body}.
  function route(method, path, params) {
    let m;
    if (method === 'POST' && path === '/v1/customers') {
      const c = {
        id: rid('cus'), object: 'customer', email: params.email ?? null, name: params.name ?? null,
        metadata: nested(params, 'metadata'), created: nowS(), livemode: false,
      };
      customers.set(c.id, c);
      s.created.customers += 1;
      return { status: 200, body: c };
    }
    if (method === 'GET' && (m = /^\/v1\/customers\/([^/]+)$/.exec(path))) {
      const c = customers.get(m[1]);
      return c ? { status: 200, body: c } : missing('customer', m[1]);
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') return createSession(params);
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      const all = [...sessions.values()].filter((x) => !params.status || x.status === params.status)
        .sort((a, b) => b.created - a.created || b._seq - a._seq);
      return list(all, params, path);
    }
    if (method === 'GET' && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) {
      const x = sessions.get(m[1]);
      return x ? { status: 200, body: pub(x) } : missing('checkout.session', m[1]);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!params.customer) return stripeError(400, 'invalid_request_error', 'Missing required param: customer.', { param: 'customer' });
      if (!customers.has(params.customer)) return missing('customer', params.customer, 'customer');
      const id = rid('bps');
      const b = {
        id, object: 'billing_portal.session', customer: params.customer, return_url: params.return_url ?? null,
        url: `${s.baseUrl}/portal/${id}`, created: nowS(), livemode: false,
      };
      portalSessions.set(id, b);
      s.created.billing_portal_sessions += 1;
      return { status: 200, body: b };
    }
    if (method === 'GET' && (m = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      const x = subscriptions.get(m[1]);
      return x ? { status: 200, body: pub(x) } : missing('subscription', m[1]);
    }
    if (method === 'GET' && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const pi = paymentIntents.get(m[1]);
      if (!pi) return missing('payment_intent', m[1]);
      const out = pub(pi);
      if ([].concat(params['expand[]'] ?? []).includes('latest_charge')) out.latest_charge = pub(charges.get(pi.latest_charge));
      return { status: 200, body: out };
    }
    if (method === 'GET' && path === '/v1/events') {
      const types = [].concat(params['types[]'] ?? []);
      const all = s.events.filter((e) => types.length === 0 || types.includes(e.type))
        .sort((a, b) => b.created - a.created || b._seq - a._seq);
      return list(all, params, path);
    }
    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  function missing(kind, id, param = 'id') {
    return stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });
  }

  function createSession(params) {
    const mode = params.mode;
    if (mode !== 'subscription' && mode !== 'payment')
      return stripeError(400, 'invalid_request_error', 'Invalid mode.', { param: 'mode' });
    const price = params['line_items[0][price]'];
    if (!price || !priceTable[price]) return missing('price', price, 'line_items[0][price]');
    if (priceTable[price].recurring !== (mode === 'subscription'))
      return stripeError(400, 'invalid_request_error', `The price ${price} does not fit mode ${mode}.`, { param: 'line_items[0][price]' });
    if (params['line_items[0][quantity]'] !== '1')
      return stripeError(400, 'invalid_request_error', 'Quantity must be 1.', { param: 'line_items[0][quantity]' });
    for (const p of ['success_url', 'cancel_url', 'customer'])
      if (!params[p]) return stripeError(400, 'invalid_request_error', `Missing required param: ${p}.`, { param: p });
    if (!customers.has(params.customer)) return missing('customer', params.customer, 'customer');
    const id = rid('cs');
    const now = nowS();
    const x = {
      id, object: 'checkout.session', url: `${s.baseUrl}/pay/${id}`, status: 'open', mode,
      payment_status: 'unpaid', customer: params.customer, client_reference_id: params.client_reference_id ?? null,
      metadata: nested(params, 'metadata'), success_url: params.success_url, cancel_url: params.cancel_url,
      created: now, expires_at: now + DAY, currency: 'usd', amount_total: priceTable[price].unit_amount,
      amount_subtotal: priceTable[price].unit_amount, subscription: null, payment_intent: null, invoice: null,
      livemode: false,
    };
    Object.defineProperties(x, {
      _price: { value: price },
      _seq: { value: ++eventSeq },
      _subscriptionMetadata: { value: nested(params, 'subscription_data[metadata]') },
      _paymentIntentMetadata: { value: nested(params, 'payment_intent_data[metadata]') },
    });
    sessions.set(id, x);
    s.created.checkout_sessions += 1;
    return { status: 200, body: pub(x) };
  }

  function send(res, status, text, extra = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': rid('req'), ...extra });
    res.end(text);
  }

  function api(req, res, path, query, bodyText) {
    const method = req.method;
    const params = method === 'POST' ? parseParams(bodyText) : parseParams(query);
    const key = req.headers['idempotency-key'] ?? null;
    s.requests.push({ method, path, params, idempotencyKey: key,
      stripeVersion: req.headers['stripe-version'] ?? null, authorization: req.headers.authorization ?? null });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, 401, JSON.stringify({ error: { type: 'invalid_request_error',
        message: 'Invalid API Key provided.' } }));
    }
    if (req.headers['stripe-version'] !== API_VERSION) {
      return send(res, 400, JSON.stringify({ error: { type: 'invalid_request_error',
        message: `This stand-in needs Stripe-Version: ${API_VERSION}.` } }));
    }
    const fi = faults.findIndex((f) => f.method === method && path.startsWith(f.prefix));
    const fault = fi >= 0 ? faults.splice(fi, 1)[0] : null;
    if (fault?.kind === 'fail') {
      const headers = fault.shouldRetry === undefined ? {} : { 'stripe-should-retry': String(fault.shouldRetry) };
      const type = fault.status >= 500 ? 'api_error' : 'invalid_request_error';
      return send(res, fault.status, JSON.stringify({ error: { type, message: `Injected ${fault.status}.` } }), headers);
    }
    let reply;
    if (method === 'POST') {
      if (!key) {
        reply = stripeError(400, 'invalid_request_error', 'This stand-in requires an Idempotency-Key on every POST.');
      } else {
        const fingerprint = `${method} ${path} ${JSON.stringify(Object.entries(params).sort())}`;
        const saved = idempotency.get(key);
        if (saved && saved.fingerprint !== fingerprint) {
          reply = stripeError(400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same '
            + 'parameters they were first used with. Try using a key other than '
            + `'${key}' if you meant to execute a different request.`);
        } else if (saved) {
          if (fault?.kind === 'drop') return req.socket.destroy();
          return send(res, saved.status, saved.text, { 'idempotent-replayed': 'true' });
        } else {
          const r = route(method, path, params);
          const text = JSON.stringify(r.body);
          idempotency.set(key, { fingerprint, status: r.status, text });
          if (fault?.kind === 'drop') return req.socket.destroy();
          return send(res, r.status, text);
        }
      }
    } else {
      reply = route(method, path, params);
    }
    if (fault?.kind === 'drop') return req.socket.destroy();
    return send(res, reply.status, JSON.stringify(reply.body));
  }

  function page(res, status, title, body) {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>`
      + `<body><h1>${esc(title)}</h1>${body}</body></html>`);
  }

  async function payPage(req, res, id, bodyText) {
    const x = sessions.get(id);
    if (!x) return page(res, 404, 'Checkout session not found', '');
    const what = `${x.mode === 'subscription' ? 'Subscribe' : 'Pay'}: ${x._price}, $${(priceTable[x._price].unit_amount / 100).toFixed(2)}`;
    const form = (msg) => `${msg ? `<p role="alert">${esc(msg)}</p>` : ''}<p>${esc(what)}</p>`
      + `<form method="post" action="/pay/${esc(id)}"><label>Card number <input name="card" autocomplete="off"></label>`
      + '<button type="submit">Pay</button></form>'
      + `<p><a href="${esc(x.cancel_url)}">Cancel</a></p>`;
    if (x.status !== 'open') return page(res, 400, 'This checkout session is no longer available', '');
    if (req.method === 'GET') return page(res, 200, 'Stripe stand-in checkout', form(''));
    const card = String(parseParams(bodyText).card ?? '').replace(/\s+/g, '');
    if (card === '4000000000000002') return page(res, 402, 'Stripe stand-in checkout', form('Your card was declined.'));
    if (card !== '4242424242424242') return page(res, 400, 'Stripe stand-in checkout', form('Your card number is invalid.'));
    await s.completeCheckout(id);
    res.writeHead(303, { location: x.success_url.replace('{CHECKOUT_SESSION_ID}', id) });
    return res.end();
  }

  async function portalPage(req, res, id, action) {
    const b = portalSessions.get(id);
    if (!b) return page(res, 404, 'Portal session not found', '');
    const subs = [...subscriptions.values()].filter((x) => x.customer === b.customer && x.status !== 'canceled');
    if (req.method === 'POST' && action === 'cancel') {
      for (const sub of subs) if (!sub.cancel_at_period_end) await s.cancelAtPeriodEnd(sub.id);
      res.writeHead(303, { location: `/portal/${id}` });
      return res.end();
    }
    const rows = subs.map((x) => `<li>${esc(x.items.data[0].price.id)}: ${esc(x.status)}`
      + `${x.cancel_at_period_end ? ' (cancels at period end)' : ''}</li>`).join('');
    return page(res, 200, 'Stripe stand-in billing portal', `<ul>${rows}</ul>`
      + `<form method="post" action="/portal/${esc(id)}/cancel"><button type="submit">Cancel subscription at period end</button></form>`
      + `<p><a href="${esc(b.return_url ?? '/')}">Return</a></p>`);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      const [path, query = ''] = req.url.split(/\?(.*)/s);
      try {
        let m;
        if (path.startsWith('/v1/')) return api(req, res, path, query, bodyText);
        if ((m = /^\/pay\/([^/]+)$/.exec(path))) return await payPage(req, res, m[1], bodyText);
        if ((m = /^\/portal\/([^/]+)(?:\/(cancel))?$/.exec(path))) return await portalPage(req, res, m[1], m[2]);
        if ((m = /^\/(receipts|invoices)\/([^/]+)$/.exec(path))) return page(res, 200, `Stand-in ${m[1].slice(0, -1)} ${m[2]}`, '');
        return page(res, 404, 'Not found', '');
      } catch (e) {
        if (!res.headersSent) send(res, 500, JSON.stringify({ error: { type: 'api_error', message: String(e.message) } }));
        else res.destroy();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  s.baseUrl = `http://127.0.0.1:${server.address().port}`;
  return s;
}
