// The audit matrix of the JSON staff API: every state-changing route of the `api-admin` and
// `api-staff` groups (from `plumbline routes`), sent once as a valid request, writes exactly one
// audit row whose action starts with the expected prefix, as the caller. A new staff API route
// without an entry here fails the first test (the forms' twin is in csrf_matrix.test.mjs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { routeTable } from '../support/accounts.mjs';
import {
  INSURANCE_VALID_UNTIL, LICENCE_CHECKED_ON, api, approvePlumber, pendingDispute, profiledPlumber, signUpPlumber,
  startMarketplace,
} from '../support/marketplace.mjs';
import { auditRowsAfter, lastAuditId } from '../support/staff.mjs';

const STAFF_API_GROUPS = new Set(['api-admin', 'api-staff']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// route key → { prefix: the audit action it must write, make(ctx) → {path, body} of a valid request }.
const REQUESTS = {
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
      m = await startMarketplace({ db, maildev: false });
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
