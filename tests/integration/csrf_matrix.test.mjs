// Every state-changing HTML route (from `plumbline routes`): forged, cross-site or token-less posts → 403 and no database change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BACKENDS, FormClient, http, jsonLead, pathOf, postJson, sleep } from '../support/server.mjs';
import { api, apiToken, approvePlumber, fillProfile, grantCredits, marketplaceOn, setPlan } from '../support/marketplace.mjs';
import { PASSWORD, completeLogIn, dbSnapshot, linkPath, newPlumber, passwordStep, routeTable, signUp, snapshotDiff, startProductionLike, waitForMails } from '../support/accounts.mjs';
import { enrolTwoFactor } from '../support/two_factor.mjs';
import { auditRowsAfter, invite, lastAuditId } from '../support/staff.mjs';
import { execute } from '../support/db.mjs';
import { SCENARIOS, dbValue } from '../support/csrf_scenarios.mjs';

// The audit matrix for forms: a staff or admin form's genuine post writes exactly one audit row,
// whose action starts with the route's noun (/admin/plumbers/{id}/credits → "plumber."), or with
// the action named here where the noun differs. A new staff route that records nothing fails.
const AUDITED_GROUPS = new Set(['staff', 'admin']);
const AUDIT_ACTION_PREFIX = {
  'POST /admin/plans/{id}': 'catalog.plan',
  'POST /admin/packs/{id}': 'catalog.pack',
  'POST /admin/settings': 'settings.', // the settings are one thing: settings.update
  'POST /admin/sources': 'partner_source.', // issue 20: partner lead sources and their keys
  'POST /admin/sources/{id}/keys': 'partner_key.',
  'POST /admin/sources/{id}/keys/{key_id}/revoke': 'partner_key.',
};
function auditPrefix(route) {
  if (AUDIT_ACTION_PREFIX[route.key]) return AUDIT_ACTION_PREFIX[route.key];
  const noun = route.pattern.split('/')[2] || '';
  return `${noun.endsWith('s') ? noun.slice(0, -1) : noun}.`;
}

for (const [db, skip] of BACKENDS) {
  describe(`CSRF on every state-changing form (${db})`, { skip }, () => {
    let srv;
    let routes;
    const ctx = {};

    before(async () => {
      // Test payments on: their TEST MODE checkout and portal forms are state-changing routes too.
      // The webhook scenarios register endpoints on loopback: the test allow-list admits it.
      srv = await startProductionLike({ db, env: { PLUMBLINE_TEST_PAYMENTS: 'on', PLUMBLINE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
      routes = (await routeTable(srv.env))
        .filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !r.group.startsWith('api') && r.group !== 'webhooks');
      ctx.a = newPlumber('alpha');
      ctx.b = newPlumber('bravo');
      ctx.u = newPlumber('unverified');
      ctx.r = newPlumber('reset');
      ctx.c = newPlumber('charlie');
      ctx.d = newPlumber('delta');
      ctx.e = newPlumber('echo'); // closes its own account (POST /account/close)
      ctx.f = newPlumber('foxtrot'); // sets up two-factor (POST /account/two-factor/confirm)
      ctx.t = newPlumber('tango');
      await signUp(srv, ctx.f);
      await enrolTwoFactor(await signUp(srv, ctx.t), ctx.t.email);
      await signUp(srv, ctx.a);
      await signUp(srv, ctx.c);
      await signUp(srv, ctx.d);
      await signUp(srv, ctx.e);
      await signUp(srv, ctx.b);
      await signUp(srv, ctx.r);
      await signUp(srv, ctx.u, { verify: false });
      // Marketplace: an admin (logs in with PASSWORD like the others) and plumber A's id.
      ctx.m = await marketplaceOn(srv, { adminPassword: PASSWORD });
      ctx.srv = srv;
      // Staff scenarios: a fresh address each time; an invited support agent's user id.
      ctx.staffEmail = () => `staff-${++ctx.serial}-${Date.now()}@plumbline.example.com`;
      ctx.invitedStaffId = async () => {
        const email = ctx.staffEmail();
        await invite(srv, (await ctx.browser(ctx.admin)).client, email);
        return Number(dbValue(srv, `SELECT id FROM users WHERE email = '${email}'`));
      };
      ctx.admin = { email: ctx.m.admin.email };
      ctx.aId = (await http(`${srv.baseUrl}/api/v1/me`, {
        headers: { authorization: `Bearer ${await apiToken(srv, ctx.a.email)}` },
      })).json().id;
      // Marketplace: plumber A ready to claim (profile, approval, credits, plan), a lead matched to A, a claim of A's.
      ctx.serial = 0;
      ctx.readyA = async () => {
        if (ctx.aReady) return ctx.aReady;
        const p = { ...ctx.a, id: ctx.aId, token: await apiToken(srv, ctx.a.email) };
        await fillProfile(ctx.m, p);
        await approvePlumber(ctx.m, p);
        await grantCredits(ctx.m, p, 100, 'CSRF matrix credits');
        ctx.aReady = p;
        return p;
      };
      ctx.leadForA = async () => {
        const p = await ctx.readyA();
        await setPlan(ctx.m, p, 'active'); // the admin plan scenario toggles A's plan from ctx.plan
        ctx.plan = 'active';
        await ctx.newLead();
        const r = await api(srv, 'GET', '/api/v1/leads/available?sort=newest', { token: p.token });
        assert.equal(r.status, 200, r.body);
        return r.json().leads[0].id;
      };
      ctx.claimForA = async () => {
        const p = await ctx.readyA();
        const id = await ctx.leadForA();
        const r = await api(srv, 'POST', `/api/v1/leads/${id}/claim`, { token: p.token, body: {} });
        assert.equal(r.status, 201, r.body);
        return r.json().claim.id;
      };
      // Issue 17: a claim of A that the homeowner hired, with a review link {claim, token} (SQL:
      // the worker would send the link days later), and a review of A on such a hire (its id).
      ctx.hiredClaimOfA = async () => {
        const claim = await ctx.claimForA();
        const token = `rv${randomBytes(16).toString('hex')}`;
        const hash = createHash('sha256').update(token).digest('hex');
        // The invite first: once the lead is hired, the server's review sweep would insert one of
        // its own for the claim (hired_at = 1 is long past), and ours would then collide with it.
        execute(srv, 'INSERT INTO review_invites (claim_id, lead_id, plumber_id, token_hash, sent_at, expires_at) '
          + `SELECT id, lead_id, plumber_id, '${hash}', 1, 4102444800000 FROM claims WHERE id = ${claim}`);
        execute(srv, `UPDATE leads SET hired_claim_id = ${claim}, hired_at = 1 WHERE id = (SELECT lead_id FROM claims WHERE id = ${claim})`);
        return { claim, token };
      };
      ctx.reviewOfA = async () => {
        const { claim } = await ctx.hiredClaimOfA();
        execute(srv, 'INSERT INTO reviews (claim_id, lead_id, plumber_id, punctuality, quality, price, body, created_at) '
          + `SELECT id, lead_id, plumber_id, 4, 4, 4, 'Fine.', 1 FROM claims WHERE id = ${claim}`);
        return dbValue(srv, `SELECT id FROM reviews WHERE claim_id = ${claim}`);
      };
      // A browser signed in as `p`: {client, preLoginToken} (the anonymous token it had on the log-in page).
      // The admin's browser is kept: each new admin sign-in spends a fresh two-factor code, and a
      // code works once, so signing in for every staff scenario would wait ~30 s per route.
      let adminBrowser = null;
      ctx.browser = async (p) => {
        if (p === ctx.admin && adminBrowser) return adminBrowser;
        const step = await passwordStep(srv, p.email, p.password || PASSWORD);
        const client = await completeLogIn(step, p.email);
        assert.notEqual(client.csrfToken, step.loginPageToken, 'a new token once signed in');
        const browser = { client, preLoginToken: step.loginPageToken };
        if (p === ctx.admin) adminBrowser = browser;
        return browser;
      };
      // A browser whose password step was right for T (two-factor on): the code page is next.
      ctx.pending = async () => {
        const { client, res } = await passwordStep(srv, ctx.t.email);
        assert.equal(res.status, 303);
        assert.ok(res.location.startsWith('/login/two-factor'), res.location);
        await client.get(res.location);
        return { client, preLoginToken: null };
      };
      ctx.anonymous = async () => {
        const client = new FormClient(srv.baseUrl);
        await client.get('/request');
        return { client, preLoginToken: null };
      };
      ctx.newLead = async () => {
        const res = await postJson(srv.baseUrl, jsonLead({ contact_method: 'email' }));
        assert.equal(res.status, 201, res.body);
        return res.location;
      };
      // --- console (issue 15): a new request's confirmation once sent, then made dead or pending (due in
      // 2100, so the worker leaves it) in the database: states no request makes at once ---
      ctx.messageIn = async (status) => {
        const res = await postJson(srv.baseUrl, jsonLead({ contact_method: 'email' }));
        assert.equal(res.status, 201, res.body);
        let id = '';
        for (let i = 0; i < 600 && !id; i++) {
          id = dbValue(srv, `SELECT id FROM outbox WHERE lead_id = ${res.json().id} AND status = 'sent'`);
          if (!id) await sleep(100);
        }
        assert.ok(id, 'the confirmation was sent');
        execute(srv, `UPDATE outbox SET status = '${status}', due_at = 4102444800000 WHERE id = ${id}`);
        return id;
      };
      // --- test payments: the stand-in's API with the key derived from the server's secret key ---
      const secretKey = fs.readFileSync(path.join(srv.database.dataDir, 'secret.key'), 'utf8').trim();
      const stripeKey = `sk_test_local_${createHmac('sha256', secretKey).update('plumbline test-payments api').digest('hex')}`;
      ctx.stripe = async (method, p, params = []) => {
        const body = new URLSearchParams(params).toString();
        const r = await http(`${srv.baseUrl}/test-payments/stripe${p}${method === 'GET' ? `?${body}` : ''}`, {
          method,
          headers: { authorization: `Bearer ${stripeKey}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: method === 'POST' ? body : undefined,
        });
        assert.equal(r.status, 200, `${method} ${p}: ${r.body}`);
        return r.json();
      };
      // Until every event the stand-in emitted was applied by the webhook.
      ctx.stripeSettled = async () => {
        let emitted = 0;
        for (let after = null, more = true; more;) {
          const page = await ctx.stripe('GET', '/v1/events', [['limit', '100'], ...(after ? [['starting_after', after]] : [])]);
          emitted += page.data.length;
          more = page.has_more;
          after = page.data.at(-1)?.id;
        }
        for (let i = 0; i < 200; i += 1) {
          if (Number(dbValue(srv, 'SELECT count(*) FROM stripe_events')) === emitted) return;
          await sleep(25);
        }
        assert.fail(`the webhook did not apply all ${emitted} test-payments events`);
      };
      ctx.testCustomer = async () => {
        ctx.customer ??= await ctx.stripe('POST', '/v1/customers', [['email', ctx.a.email], ['metadata[plumber_id]', String(ctx.aId)]]);
        return ctx.customer;
      };
      ctx.testCheckout = async (mode) => {
        const customer = await ctx.testCustomer();
        const [table, item, meta] = mode === 'payment' ? ['packs', 'pack_5', 'pack_id'] : ['plans', 'starter', 'plan_id'];
        return ctx.stripe('POST', '/v1/checkout/sessions', [
          ['mode', mode], ['line_items[0][price]', dbValue(srv, `SELECT stripe_price_id FROM ${table} WHERE id = '${item}'`)],
          ['line_items[0][quantity]', '1'], ['customer', customer.id], ['success_url', `${srv.baseUrl}/billing/done?session_id={CHECKOUT_SESSION_ID}`],
          ['metadata[plumber_id]', String(ctx.aId)], [`metadata[${meta}]`, item],
          [`${mode === 'payment' ? 'payment_intent_data' : 'subscription_data'}[metadata][plumber_id]`, String(ctx.aId)],
        ]);
      };
      ctx.testPortal = async () => { // plumber A subscribed, so that a renewal grants credits
        const session = await ctx.testCheckout('subscription');
        const { client } = await ctx.anonymous();
        await client.get(pathOf(session.url));
        assert.equal((await client.post(pathOf(session.url), { card_number: '4242424242424242' })).status, 303);
        await ctx.stripeSettled();
        return ctx.stripe('POST', '/v1/billing_portal/sessions', [['customer', (await ctx.testCustomer()).id], ['return_url', `${srv.baseUrl}/billing`]]);
      };
      ctx.resetLink = async (p) => {
        const before = (await waitForMails(srv, { to: p.email, count: 0 })).filter((m) => m.kind === 'password_reset').length;
        const { client } = await ctx.anonymous();
        assert.equal((await client.post('/password/forgot', { email: p.email })).status, 200);
        const mails = await waitForMails(srv, { to: p.email, kind: 'password_reset', count: before + 1 });
        return linkPath(mails[mails.length - 1], '/password/reset/');
      };
    });
    after(async () => { await srv?.close(); });

    it('has a scenario for every state-changing HTML route of the router', () => {
      const missing = routes.filter((r) => !(r.key in SCENARIOS)).map((r) => `add a CSRF scenario for "${r.key}" (group ${r.group})`);
      const stale = Object.keys(SCENARIOS).filter((k) => !routes.some((r) => r.key === k)).map((k) => `remove the scenario "${k}"`);
      assert.deepEqual([...missing, ...stale], []);
    });

    it('refuses each forgery with 403 and changes nothing; the genuine post works', async () => {
      const problems = [];
      const otherSession = await ctx.browser(ctx.b); // plumber B: a real, different session
      for (const route of routes) {
        const scenario = SCENARIOS[route.key];
        if (!scenario) continue; // reported by the test above
        const me = scenario.as === 'anonymous' ? await ctx.anonymous()
          : scenario.as === 'pending' ? await ctx.pending()
            : await ctx.browser({ plumberA: ctx.a, plumberC: ctx.c, plumberD: ctx.d, plumberE: ctx.e, plumberF: ctx.f, plumberT: ctx.t, unverified: ctx.u, admin: ctx.admin }[scenario.as]);
        const { path, fields } = await scenario.make(ctx);
        // A scenario may post its own way (issue 17: a multipart form with a photo).
        const post = scenario.post ?? ((client, p, f, opts) => client.post(p, f, opts));
        const foreignToken = scenario.as === 'anonymous' ? (await ctx.anonymous()).client.csrfToken : otherSession.client.csrfToken;
        const attacks = [
          ['no token', () => post(me.client, path, fields, { withToken: false })],
          ['an empty token', () => post(me.client, path, { ...fields, csrf_token: '' })],
          [`a token of another ${scenario.as === 'anonymous' ? 'visitor' : 'session'}`,
            () => post(me.client, path, { ...fields, csrf_token: foreignToken })],
          ['Sec-Fetch-Site: cross-site with a valid token',
            () => post(me.client, path, fields, { headers: { 'sec-fetch-site': 'cross-site' } })],
          ['a foreign Origin with a valid token',
            () => post(me.client, path, fields, { headers: { origin: 'https://evil.example' } })],
        ];
        if (me.preLoginToken) // the anonymous token this browser had before logging in is dead now
          attacks.push(['the pre-log-in token of the same browser', () => post(me.client, path, { ...fields, csrf_token: me.preLoginToken })]);

        const before = dbSnapshot(srv);
        for (const [what, attack] of attacks) {
          const res = await attack();
          const where = `${route.key} as ${scenario.as} with ${what}`;
          if (res.status !== 403) problems.push(`${where}: ${res.status}, expected 403`);
          else if (!/expired or came from another site/.test(res.body)) problems.push(`${where}: 403 without the CSRF message`);
          const now = dbSnapshot(srv);
          if (now !== before) problems.push(`${where}: the database changed (${snapshotDiff(before, now)})`);
        }
        // The same request with the real token is accepted and has its effect: the checks above were CSRF.
        const auditMark = lastAuditId(srv);
        const ok = await post(me.client, path, fields);
        if (scenario.settle && ok.status !== 403) await scenario.settle(ctx);
        if (ok.status === 403) problems.push(`${route.key} as ${scenario.as}: the genuine post was refused (${ok.body.slice(0, 120)})`);
        else if (scenario.readsOnly) { // a POST only because of its body size (a preview): it must work and change nothing
          if (ok.status >= 400) problems.push(`${route.key} as ${scenario.as}: the genuine post failed (${ok.status})`);
          else if (dbSnapshot(srv) !== before) problems.push(`${route.key} as ${scenario.as}: the preview changed the database`);
        } else if (dbSnapshot(srv) === before) problems.push(`${route.key} as ${scenario.as}: the genuine post (${ok.status}) changed nothing`);
        if (AUDITED_GROUPS.has(route.group) && ok.status !== 403 && !scenario.readsOnly) {
          const prefix = auditPrefix(route);
          const rows = auditRowsAfter(srv, auditMark);
          const mine = rows.filter((r) => r.action.startsWith(prefix));
          if (mine.length !== 1)
            problems.push(`${route.key}: the genuine post wrote ${mine.length} audit rows starting "${prefix}", expected 1 (new rows: ${rows.map((r) => r.action).join(', ') || 'none'})`);
        }
      }
      assert.deepEqual(problems, []);
    });
  });
}
