// The audit matrix of the JSON staff API: every state-changing route of the `api-admin` and
// `api-staff` groups (from `plumbline routes`), sent once as a valid request, writes exactly one
// audit row whose action starts with the expected prefix, as the caller. A new staff API route
// without an entry here fails the first test (the forms' twin is in csrf_matrix.test.mjs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { routeTable } from '../support/accounts.mjs';
import { execute, query } from '../support/db.mjs';
import {
  INSURANCE_VALID_UNTIL, LICENCE_CHECKED_ON, api, approvePlumber, pendingDispute, profiledPlumber, signUpPlumber,
  startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { waitFor } from '../support/outbox.mjs';
import { auditRowsAfter, lastAuditId } from '../support/staff.mjs';

const STAFF_API_GROUPS = new Set(['api-admin', 'api-staff']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A request taken by phone in the console (held, no alerts yet); returns its id.
async function phoneInLead(ctx) {
  const { consent: _c, send_anyway: _s, ...fields } = validLeadFor();
  const made = await api(ctx.m.srv, 'POST', '/api/v1/admin/leads', {
    token: ctx.m.admin.token, body: { ...fields, consent_read: true, notify_now: false },
  });
  assert.equal(made.status, 201, made.body);
  return made.json().id;
}

// A homeowner's confirmation e-mail, once sent, put in `status` (dead: to retry; pending and due
// far ahead, so the worker leaves it: to cancel); returns its id.
async function messageIn(ctx, status) {
  await submitLead(ctx.m, validLeadFor());
  const id = Number(query(ctx.m.srv, "SELECT max(id) FROM outbox WHERE kind = 'lead_confirmation'")[0][0]);
  await waitFor(() => query(ctx.m.srv, `SELECT status FROM outbox WHERE id = ${id}`)[0][0] === 'sent',
    { timeoutMs: 60000, what: `message ${id} sent` });
  const due = Date.now() + 30 * 24 * 3600 * 1000;
  execute(ctx.m.srv, status === 'dead'
    ? `UPDATE outbox SET status = 'dead', last_error = '550 5.1.1 test' WHERE id = ${id}`
    : `UPDATE outbox SET status = 'pending', due_at = ${due}, lease_owner = '', lease_until = 0 WHERE id = ${id}`);
  return id;
}

// A template override saved by the API (what DELETE reverts).
async function overrideTemplate(ctx, name, txt) {
  const put = await api(ctx.m.srv, 'PUT', `/api/v1/admin/templates/${name}`, {
    token: ctx.m.admin.token, body: { parts: { txt }, reason: 'Audit matrix' },
  });
  assert.equal(put.status, 200, put.body);
}

// A platform webhook endpoint to a closed loopback port (the test allow-list admits it); its id.
async function platformWebhook(ctx, path) {
  const r = await api(ctx.m.srv, 'POST', '/api/v1/admin/webhooks', {
    token: ctx.m.admin.token, body: { url: `http://127.0.0.1:9/${path}`, events: ['review.created'] },
  });
  assert.equal(r.status, 201, r.body);
  return r.json().endpoint.id;
}

// A logged (failed) delivery of a platform endpoint, written directly: its id.
async function webhookDelivery(ctx) {
  const endpoint = await platformWebhook(ctx, 'redeliver');
  const key = `audit-redeliver-${endpoint}`;
  execute(ctx.m.srv, 'INSERT INTO outbox (kind, channel, recipient, template, data, idempotency_key, status, '
    + `event_at, due_at, created_at, updated_at) VALUES ('webhook', 'webhook', 'webhook:${endpoint}', 'review.created', `
    + `'{"id":"evt_audit","type":"review.created","created_at":0,"data":{}}', '${key}', 'dead', 0, 0, 0, 0)`);
  execute(ctx.m.srv, 'INSERT INTO webhook_deliveries (endpoint_id, message_id, event, event_id, attempt, status_code, '
    + `response_ms, error, created_at) SELECT ${endpoint}, id, 'review.created', 'evt_audit', 1, 500, 3, 'HTTP 500', 0 `
    + `FROM outbox WHERE idempotency_key = '${key}'`);
  return Number(query(ctx.m.srv, `SELECT max(id) FROM webhook_deliveries WHERE endpoint_id = ${endpoint}`)[0][0]);
}

// route key → { prefix: the audit action it must write, make(ctx) → {path, body} of a valid request }.
const REQUESTS = {
  'POST /api/v1/admin/webhooks': {
    prefix: 'webhook.create',
    make: async () => ({ path: '/api/v1/admin/webhooks', body: { url: 'http://127.0.0.1:9/create', events: ['lead.closed'] } }),
  },
  'DELETE /api/v1/admin/webhooks/{id}': {
    prefix: 'webhook.delete',
    make: async (ctx) => ({ path: `/api/v1/admin/webhooks/${await platformWebhook(ctx, 'delete')}` }),
  },
  'POST /api/v1/admin/webhooks/{id}/rotate-secret': {
    prefix: 'webhook.rotate',
    make: async (ctx) => ({ path: `/api/v1/admin/webhooks/${await platformWebhook(ctx, 'rotate')}/rotate-secret`, body: {} }),
  },
  'POST /api/v1/admin/webhooks/deliveries/{id}/redeliver': {
    prefix: 'webhook.redeliver',
    make: async (ctx) => ({ path: `/api/v1/admin/webhooks/deliveries/${await webhookDelivery(ctx)}/redeliver`, body: {} }),
  },
  'POST /api/v1/admin/plumbers/{id}/approve': {
    prefix: 'plumber.approve',
    make: async (ctx) => ({
      path: `/api/v1/admin/plumbers/${(await profiledPlumber(ctx.m, 'api-approve')).id}/approve`,
      body: { licence_verified_on: LICENCE_CHECKED_ON, insurance_valid_until: INSURANCE_VALID_UNTIL },
    }),
  },
  'POST /api/v1/admin/plumbers/{id}/reject': {
    prefix: 'plumber.reject',
    make: async (ctx) => ({ path: `/api/v1/admin/plumbers/${(await signUpPlumber(ctx.m, 'api-reject')).id}/reject`, body: { reason: 'No licence on file.' } }),
  },
  'POST /api/v1/admin/plumbers/{id}/suspend': {
    prefix: 'plumber.suspend',
    make: async (ctx) => {
      const p = await profiledPlumber(ctx.m, 'api-suspend');
      await approvePlumber(ctx.m, p);
      return { path: `/api/v1/admin/plumbers/${p.id}/suspend`, body: { reason: 'Complaints from homeowners.' } };
    },
  },
  'POST /api/v1/admin/plumbers/{id}/credits': {
    prefix: 'plumber.credits',
    make: async (ctx) => ({ path: `/api/v1/admin/plumbers/${(await ctx.plumber()).id}/credits`, body: { amount: 3, reason: 'Goodwill' } }),
  },
  'PUT /api/v1/admin/plumbers/{id}/plan': {
    prefix: 'plumber.plan',
    make: async (ctx) => ({ path: `/api/v1/admin/plumbers/${(await ctx.plumber()).id}/plan`, body: { status: 'active' } }),
  },
  'POST /api/v1/admin/plumbers/{id}/close': {
    prefix: 'plumber.close',
    make: async (ctx) => ({ path: `/api/v1/admin/plumbers/${(await signUpPlumber(ctx.m, 'api-close')).id}/close`, body: { reason: 'Duplicate account.' } }),
  },
  'POST /api/v1/admin/plumbers/{id}/reactivate': {
    prefix: 'plumber.reactivate',
    make: async (ctx) => {
      const p = await profiledPlumber(ctx.m, 'api-reactivate');
      await approvePlumber(ctx.m, p);
      const s = await api(ctx.m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/suspend`, { token: ctx.m.admin.token, body: { reason: 'Insurance lapsed.' } });
      assert.equal(s.status, 200, s.body);
      return { path: `/api/v1/admin/plumbers/${p.id}/reactivate`, body: { reason: 'Insurance renewed.' } };
    },
  },
  'PUT /api/v1/admin/plumbers/{id}/profile': {
    prefix: 'plumber.edit',
    make: async (ctx) => ({
      path: `/api/v1/admin/plumbers/${(await profiledPlumber(ctx.m, 'api-edit')).id}/profile`,
      body: { business_name: 'Renamed Pipes & Drains', reason: 'Typo in the business name.' },
    }),
  },
  'POST /api/v1/admin/plumbers/{id}/password-reset': {
    prefix: 'plumber.password_reset',
    make: async (ctx) => ({ path: `/api/v1/admin/plumbers/${(await ctx.plumber()).id}/password-reset`, body: { reason: 'Asked on the phone.' } }),
  },
  'POST /api/v1/admin/plumbers/{id}/end-sessions': {
    prefix: 'plumber.end_sessions',
    make: async (ctx) => ({ path: `/api/v1/admin/plumbers/${(await ctx.plumber()).id}/end-sessions`, body: { reason: 'Lost laptop.' } }),
  },
  'POST /api/v1/admin/leads': {
    prefix: 'lead.create',
    make: async () => {
      const { consent: _c, send_anyway: _s, ...fields } = validLeadFor();
      return { path: '/api/v1/admin/leads', body: { ...fields, consent_read: true, notify_now: false } };
    },
  },
  'PATCH /api/v1/admin/leads/{id}': {
    prefix: 'lead.edit',
    make: async (ctx) => ({ path: `/api/v1/admin/leads/${await phoneInLead(ctx)}`, body: { best_time: 'Noon', reason: 'Caller asked.' } }),
  },
  'POST /api/v1/admin/leads/{id}/rematch': {
    prefix: 'lead.rematch',
    make: async (ctx) => ({ path: `/api/v1/admin/leads/${await phoneInLead(ctx)}/rematch`, body: { reason: 'Held until now.' } }),
  },
  'POST /api/v1/admin/leads/{id}/notes': {
    prefix: 'lead.note',
    make: async (ctx) => ({ path: `/api/v1/admin/leads/${await phoneInLead(ctx)}/notes`, body: { body: 'Left a voicemail.' } }),
  },
  'POST /api/v1/admin/leads/{id}/resend-confirmation': {
    prefix: 'lead.resend_confirmation',
    make: async (ctx) => ({ path: `/api/v1/admin/leads/${await phoneInLead(ctx)}/resend-confirmation`, body: { reason: 'Lost the e-mail.' } }),
  },
  'POST /api/v1/admin/leads/{id}/close': {
    prefix: 'lead.close',
    make: async (ctx) => ({ path: `/api/v1/admin/leads/${await phoneInLead(ctx)}/close`, body: { close_as: 'spam', reason: 'Bot.' } }),
  },
  'POST /api/v1/admin/leads/{id}/reopen': {
    prefix: 'lead.reopen',
    make: async (ctx) => {
      const id = await phoneInLead(ctx);
      const closed = await api(ctx.m.srv, 'POST', `/api/v1/admin/leads/${id}/close`, { token: ctx.m.admin.token, body: { close_as: 'spam', reason: 'Bot.' } });
      assert.equal(closed.status, 200, closed.body);
      return { path: `/api/v1/admin/leads/${id}/reopen`, body: { reason: 'A real homeowner after all.' } };
    },
  },
  'POST /api/v1/admin/messages/{id}/retry': {
    prefix: 'message.retry',
    make: async (ctx) => ({ path: `/api/v1/admin/messages/${await messageIn(ctx, 'dead')}/retry`, body: { reason: 'Mailbox fixed.' } }),
  },
  'POST /api/v1/admin/messages/{id}/cancel': {
    prefix: 'message.cancel',
    make: async (ctx) => ({ path: `/api/v1/admin/messages/${await messageIn(ctx, 'pending')}/cancel`, body: { reason: 'Homeowner asked us not to write.' } }),
  },
  'PUT /api/v1/admin/templates/{name}': {
    prefix: 'template.update',
    make: async () => ({
      path: '/api/v1/admin/templates/sms.lead_claimed',
      body: { parts: { txt: '{{{business_name}}} will call you.' }, reason: 'Shorter SMS.' },
    }),
  },
  'DELETE /api/v1/admin/templates/{name}': {
    prefix: 'template.revert',
    make: async (ctx) => {
      await overrideTemplate(ctx, 'sms.lead_claimed', '{{{business_name}}} will call you soon.');
      return { path: '/api/v1/admin/templates/sms.lead_claimed?reason=undo' };
    },
  },
  'PUT /api/v1/admin/settings': {
    prefix: 'settings.update',
    make: async () => ({ path: '/api/v1/admin/settings', body: { settings: { platform_name: 'Plumbline Audit' }, reason: 'Audit matrix.' } }),
  },
  'PUT /api/v1/admin/catalog': {
    prefix: 'catalog.update',
    make: async (ctx) => {
      const cat = await api(ctx.m.srv, 'GET', '/api/v1/admin/catalog', { token: ctx.m.admin.token });
      assert.equal(cat.status, 200, cat.body);
      const leak = cat.json().services.find((x) => x.slug === 'leak_repair');
      return { path: '/api/v1/admin/catalog', body: { services: [{ ...leak, description: 'Dripping pipes and taps' }], reason: 'Clearer wording.' } };
    },
  },
  'POST /api/v1/admin/disputes/{id}/approve': {
    prefix: 'dispute.approve',
    make: async (ctx) => ({ path: `/api/v1/admin/disputes/${(await pendingDispute(ctx.m, { tag: 'api-dapprove' })).disputeId}/approve`, body: {} }),
  },
  'POST /api/v1/admin/disputes/{id}/deny': {
    prefix: 'dispute.deny',
    make: async (ctx) => ({ path: `/api/v1/admin/disputes/${(await pendingDispute(ctx.m, { tag: 'api-ddeny' })).disputeId}/deny`, body: { reason: 'We called: the number works.' } }),
  },
  'PUT /api/v1/admin/plans': {
    prefix: 'catalog.plan',
    make: async () => ({
      path: '/api/v1/admin/plans',
      body: { plans: [{ id: 'starter', name: 'Starter', price_cents: 4321, monthly_credits: 5, stripe_price_id: 'price_starter_monthly', active: true }] },
    }),
  },
  'PUT /api/v1/admin/packs': {
    prefix: 'catalog.pack',
    make: async () => ({
      path: '/api/v1/admin/packs',
      body: { packs: [{ id: 'pack_5', credits: 5, price_cents: 5123, stripe_price_id: 'price_pack_5', active: true }] },
    }),
  },
};

for (const [db, skip] of BACKENDS) {
  describe(`audit matrix of the staff API (${db})`, { skip }, () => {
    let m;
    let routes;
    const ctx = {};

    before(async () => {
      // The webhook routes register endpoints on loopback: the test allow-list admits it.
      m = await startMarketplace({ db, maildev: false, env: { PLUMBLINE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
      ctx.m = m;
      routes = (await routeTable(m.srv.env)).filter((r) => STAFF_API_GROUPS.has(r.group) && STATE_CHANGING.has(r.method));
      ctx.plumber = async () => { ctx.p ??= await signUpPlumber(m, 'api-target'); return ctx.p; };
    });
    after(async () => { await m?.close(); });

    it('has a valid request for every state-changing staff API route', () => {
      const missing = routes.filter((r) => !(r.key in REQUESTS)).map((r) => `add an audit-matrix request for "${r.key}" (group ${r.group})`);
      const stale = Object.keys(REQUESTS).filter((k) => !routes.some((r) => r.key === k)).map((k) => `remove the entry "${k}"`);
      assert.deepEqual([...missing, ...stale], []);
    });

    it('writes one audit row, as the caller, for each of them', async () => {
      const problems = [];
      for (const route of routes) {
        const entry = REQUESTS[route.key];
        if (!entry) continue; // reported above
        const { path, body } = await entry.make(ctx);
        const mark = lastAuditId(m.srv);
        const res = await api(m.srv, route.method, path, { token: m.admin.token, body });
        if (res.status < 200 || res.status > 299) {
          problems.push(`${route.key}: ${res.status} ${res.body.slice(0, 200)}`);
          continue;
        }
        const rows = auditRowsAfter(m.srv, mark);
        const mine = rows.filter((r) => r.action.startsWith(entry.prefix));
        if (mine.length !== 1 || mine[0].actorEmail !== m.admin.email)
          problems.push(`${route.key}: audit rows ${JSON.stringify(rows)}, expected one "${entry.prefix}" by ${m.admin.email}`);
      }
      assert.deepEqual(problems, []);
    });

    it('records a refused request nowhere', async () => {
      const p = await ctx.plumber();
      const mark = lastAuditId(m.srv);
      const r = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, { token: m.admin.token, body: { amount: 0, reason: '' } });
      assert.equal(r.status, 422);
      assert.deepEqual(auditRowsAfter(m.srv, mark), []);
    });
  });
}
