// Every state-changing HTML route (from `plumbline routes`): forged, cross-site or token-less posts → 403 and no database change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BACKENDS, FormClient, http, jsonLead, pathOf, postJson, sleep, validLead } from '../support/server.mjs';
import {
  INSURANCE_VALID_UNTIL, LICENCE_CHECKED_ON, api, apiToken, approvePlumber, fillProfile, grantCredits, marketplaceOn,
  pendingDispute, profiledPlumber, setPlan, signUpPlumber,
} from '../support/marketplace.mjs';
import {
  PASSWORD, completeLogIn, dbSnapshot, formFields, linkPath, newPlumber, passwordStep, routeTable, signUp, snapshotDiff,
  startProductionLike, waitForMails,
} from '../support/accounts.mjs';
import { currentStep, enrolTwoFactor, nextSecondFactor, startTwoFactorSetup, totp } from '../support/two_factor.mjs';
import { auditRowsAfter, invite, lastAuditId } from '../support/staff.mjs';
import { execute } from '../support/db.mjs';

const NEW_PASSWORD = 'Fresh-Gasket-Lever-5520';
// Issue 17: a real photo for the upload route's scenario.
const PHOTO_PNG = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/images/small.png'));

// How to make one effective request per route: who sends it, and a fresh {path, fields} whose
// success changes the database. A new state-changing HTML route without a scenario fails the test.
const SCENARIOS = {
  'POST /t/{token}/cancel': { as: 'anonymous', make: async (ctx) => ({ path: `${await ctx.newLead()}/cancel`, fields: {} }) },
  'POST /request': { as: 'anonymous', make: async () => ({ path: '/request', fields: validLead() }) },
  'POST /signup': { as: 'anonymous', make: async () => ({ path: '/signup', fields: formFields(newPlumber('csrf')) }) },
  'POST /login': { as: 'anonymous', make: async (ctx) => ({ path: '/login', fields: { email: ctx.a.email, password: PASSWORD } }) },
  'POST /password/forgot': { as: 'anonymous', make: async (ctx) => ({ path: '/password/forgot', fields: { email: ctx.a.email } }) },
  'POST /password/reset/{token}': {
    as: 'anonymous',
    make: async (ctx) => ({ path: await ctx.resetLink(ctx.r), fields: { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD } }),
  },
  'POST /logout': { as: 'plumberA', make: async () => ({ path: '/logout', fields: {} }) },
  'POST /account/verify-email/resend': { as: 'unverified', make: async () => ({ path: '/account/verify-email/resend', fields: {} }) },
  'POST /account/email': {
    as: 'plumberA',
    make: async () => ({ path: '/account/email', fields: { email: newPlumber('moved').email, password: PASSWORD } }),
  },
  'POST /account/password': { // its own plumber: the genuine post changes the password
    as: 'plumberC',
    make: async () => ({ path: '/account/password', fields: { current_password: PASSWORD, new_password: NEW_PASSWORD } }),
  },
  // --- two-factor sign-in: T has it on; E sets it up; "pending" is a browser whose password was right ---
  'POST /login/two-factor': {
    as: 'pending', make: async (ctx) => ({ path: '/login/two-factor', fields: { code: await nextSecondFactor(ctx.t.email) } }),
  },
  'POST /account/two-factor/setup': { as: 'plumberA', make: async () => ({ path: '/account/two-factor/setup', fields: {} }) },
  'POST /account/two-factor/confirm': {
    as: 'plumberF',
    make: async (ctx) => { // set-up started in another browser of F; the code is checked in this one
      const { client } = await ctx.browser(ctx.f);
      const secret = await startTwoFactorSetup(client, ctx.f.email);
      return { path: '/account/two-factor/confirm', fields: { code: totp(secret, currentStep()) } };
    },
  },
  'POST /account/two-factor/disable': {
    as: 'plumberT', make: async (ctx) => ({ path: '/account/two-factor/disable', fields: { password: PASSWORD, code: await nextSecondFactor(ctx.t.email) } }),
  },
  'POST /logout/everywhere': {
    as: 'plumberA',
    make: async (ctx) => { await ctx.browser(ctx.a); return { path: '/logout/everywhere', fields: {} }; }, // a 2nd session to end
  },
  // --- marketplace: homeowner actions on the tracking page, admin pages ---
  'POST /t/{token}/details': {
    as: 'anonymous',
    make: async (ctx) => ({ path: `${await ctx.newLead()}/details`, fields: { details: 'The gate code is 4321; the dog is friendly.' } }),
  },
  'POST /t/{token}/hired': { as: 'anonymous', make: async (ctx) => ({ path: `${await ctx.newLead()}/hired`, fields: {} }) },
  'POST /t/{token}/never-requested': {
    as: 'anonymous', make: async (ctx) => ({ path: `${await ctx.newLead()}/never-requested`, fields: { confirm: 'yes' } }),
  },
  // --- issue 17 item 1: a form request's contact check (no Twilio on this server: the e-mailed link) ---
  'POST /t/{token}/verify': {
    as: 'anonymous',
    make: async (ctx) => { // a wrong texted code is counted: the request's code is made an SMS one
      const { tracking, leadId } = await verificationLead(ctx);
      execute(ctx.srv, `UPDATE lead_verification_codes SET channel = 'sms' WHERE lead_id = ${leadId}`);
      return { path: `${tracking}/verify`, fields: { code: '000000' } };
    },
  },
  'POST /t/{token}/verify/resend': {
    as: 'anonymous',
    make: async (ctx) => { // a new code may go a minute after the last
      const { tracking, leadId } = await verificationLead(ctx);
      execute(ctx.srv, `UPDATE lead_verification_codes SET created_at = created_at - 120000 WHERE lead_id = ${leadId}`);
      return { path: `${tracking}/verify/resend`, fields: {} };
    },
  },
  'POST /t/{token}/confirm/{secret}': {
    as: 'anonymous',
    make: async (ctx) => {
      const { email } = await verificationLead(ctx);
      const [mail] = await waitForMails(ctx.srv, { to: email, kind: 'lead_email_verification' });
      return { path: linkPath(mail, '/t/'), fields: {} };
    },
  },
  // --- request photos (issue 17): a multipart form with one real PNG ---
  'POST /t/{token}/photos': {
    as: 'anonymous',
    make: async (ctx) => ({ path: `${await ctx.newLead()}/photos`, fields: {} }),
    post: (client, p, fields, opts) => client.postMultipart(p, fields, [['photos', 'sink.png', PHOTO_PNG]], opts),
  },
  // --- privacy (issue 12): "Delete my details" of a cancelled request, closure by the plumber (its own: E) and by an admin ---
  'POST /t/{token}/delete': {
    as: 'anonymous',
    make: async (ctx) => {
      const lead = await ctx.newLead();
      const { client } = await ctx.anonymous();
      assert.equal((await client.post(`${lead}/cancel`, {})).status, 303);
      return { path: `${lead}/delete`, fields: { confirm: 'yes' } };
    },
  },
  'POST /account/close': { as: 'plumberE', make: async () => ({ path: '/account/close', fields: { password: PASSWORD } }) },
  'POST /admin/plumbers/{id}/close': {
    as: 'admin',
    make: async (ctx) => {
      const p = await signUpPlumber(ctx.m, 'closure');
      return { path: `/admin/plumbers/${p.id}/close`, fields: { reason: 'Duplicate of another account.' } };
    },
  },
  'POST /admin/plumbers/{id}/approve': {
    as: 'admin',
    make: async (ctx) => {
      const p = await profiledPlumber(ctx.m, 'approve');
      return { path: `/admin/plumbers/${p.id}/approve`, fields: { licence_verified_on: LICENCE_CHECKED_ON, insurance_valid_until: INSURANCE_VALID_UNTIL } };
    },
  },
  'POST /admin/plumbers/{id}/reject': {
    as: 'admin',
    make: async (ctx) => {
      const p = await signUpPlumber(ctx.m, 'reject');
      return { path: `/admin/plumbers/${p.id}/reject`, fields: { reason: 'The licence number is not on the state board.' } };
    },
  },
  'POST /admin/plumbers/{id}/suspend': {
    as: 'admin',
    make: async (ctx) => {
      const p = await profiledPlumber(ctx.m, 'suspend');
      await approvePlumber(ctx.m, p);
      return { path: `/admin/plumbers/${p.id}/suspend`, fields: { reason: 'Complaints from homeowners.' } };
    },
  },
  'POST /admin/plumbers/{id}/credits': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/plumbers/${ctx.aId}/credits`, fields: { amount: '5', reason: 'Goodwill credits' } }),
  },
  'POST /admin/plumbers/{id}/plan': {
    as: 'admin',
    make: async (ctx) => {
      ctx.plan = ctx.plan === 'active' ? 'canceled' : 'active';
      return { path: `/admin/plumbers/${ctx.aId}/plan`, fields: { status: ctx.plan } };
    },
  },
  // --- console: plumbers (issue 15); each success writes its audit row.
  'POST /admin/plumbers/{id}/reactivate': {
    as: 'admin',
    make: async (ctx) => {
      const p = await profiledPlumber(ctx.m, 'reactivate');
      await approvePlumber(ctx.m, p);
      const s = await api(ctx.m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/suspend`, { token: ctx.m.admin.token, body: { reason: 'Complaints.' } });
      assert.equal(s.status, 200, s.body);
      return { path: `/admin/plumbers/${p.id}/reactivate`, fields: { reason: 'Complaint withdrawn.' } };
    },
  },
  'POST /admin/plumbers/{id}/edit': {
    as: 'admin',
    make: async (ctx) => {
      const p = await profiledPlumber(ctx.m, 'edit');
      ctx.radius = ctx.radius === 30 ? 31 : 30; // a change every time
      return {
        path: `/admin/plumbers/${p.id}/edit`,
        fields: new URLSearchParams([['business_name', p.business_name], ['contact_name', p.contact_name], ['phone', p.phone],
          ['base_zip', '94110'], ['radius_miles', String(ctx.radius)], ['services', 'leak_repair'], ['reason', 'Asked by phone.']]),
      };
    },
  },
  'POST /admin/plumbers/{id}/password-reset': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/plumbers/${ctx.aId}/password-reset`, fields: { reason: 'Locked out, asked by phone.' } }),
  },
  'POST /admin/plumbers/{id}/end-sessions': {
    as: 'admin',
    make: async (ctx) => {
      const p = await signUpPlumber(ctx.m, 'sessions');
      return { path: `/admin/plumbers/${p.id}/end-sessions`, fields: { reason: 'Shared password.' } };
    },
  },
  // --- end console: plumbers ---
  'POST /admin/disputes/{id}/approve': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/disputes/${(await pendingDispute(ctx.m)).disputeId}/approve`, fields: {} }),
  },
  'POST /admin/disputes/{id}/deny': {
    as: 'admin',
    make: async (ctx) => ({ path: `/admin/disputes/${(await pendingDispute(ctx.m)).disputeId}/deny`, fields: { reason: 'The number works: we called it.' } }),
  },
  // --- requests by hand (issue 15): a phone-in, a correction (all fields, as the form posts them), re-run matching ---
  'POST /admin/leads/new': { as: 'admin', make: async () => ({ path: '/admin/leads/new', fields: { ...validLead(), notify_now: 'yes' } }) },
  'POST /admin/leads/{id}/edit': {
    as: 'admin',
    make: async (ctx) => {
      const lead = await postJson(ctx.m.srv.baseUrl, jsonLead({ contact_method: 'email' }));
      assert.equal(lead.status, 201, lead.body);
      const { consent: _c, send_anyway: _s, ...fields } = validLead({ description: 'The leak is under the bathroom sink, not the kitchen.' });
      return { path: `/admin/leads/${lead.json().id}/edit`, fields: { ...fields, reason: 'The homeowner called back.' } };
    },
  },
  'POST /admin/leads/{id}/rematch': {
    as: 'admin',
    make: async (ctx) => {
      const lead = await postJson(ctx.m.srv.baseUrl, jsonLead({ contact_method: 'email' }));
      assert.equal(lead.status, 201, lead.body);
      return { path: `/admin/leads/${lead.json().id}/rematch`, fields: { reason: 'A plumber joined the area.' } };
    },
  },
  // --- console: a request's page (a fresh claimed lead each time; reopen closes it first) ---
  'POST /admin/leads/{id}/notes': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/leads/${(await pendingDispute(ctx.m, { tag: 'noted' })).leadId}/notes`, fields: { body: 'Called the homeowner back.' } }),
  },
  'POST /admin/leads/{id}/resend-confirmation': {
    as: 'admin',
    make: async (ctx) => ({ path: `/admin/leads/${(await pendingDispute(ctx.m, { tag: 'resent' })).leadId}/resend-confirmation`, fields: { reason: 'Lost the e-mail.' } }),
  },
  'POST /admin/leads/{id}/close': {
    as: 'admin',
    make: async (ctx) => ({ path: `/admin/leads/${(await pendingDispute(ctx.m, { tag: 'fraud' })).leadId}/close`, fields: { close_as: 'fraud', reason: 'Fake number.' } }),
  },
  'POST /admin/leads/{id}/reopen': {
    as: 'admin',
    make: async (ctx) => {
      const { leadId } = await pendingDispute(ctx.m, { tag: 'reopened' });
      const closed = await api(ctx.m.srv, 'POST', `/api/v1/admin/leads/${leadId}/close`, { token: ctx.m.admin.token, body: { close_as: 'spam', reason: 'Looked like spam.' } });
      assert.equal(closed.status, 200, closed.body);
      return { path: `/admin/leads/${leadId}/reopen`, fields: { reason: 'It was genuine.' } };
    },
  },
  // --- marketplace: plumber pages (plumber A is made ready to claim on first use) ---
  'POST /profile': {
    as: 'plumberA',
    make: async (ctx) => ({
      path: '/profile',
      fields: new URLSearchParams([
        ['business_name', `Alpha Drains ${++ctx.serial}`], ['contact_name', 'Al Alpha'], ['phone', '(415) 555-0199'],
        ['licence_number', 'C36-445566'], ['licence_state', 'CA'], ['insurance_carrier', 'Golden State Mutual'],
        ['insurance_expires_on', '2030-12-31'], ['years_in_business', '9'], ['description', 'Leaks and drains.'],
        ['services', 'leak_repair'], ['services', 'drain_cleaning'], ['base_zip', '94110'], ['radius_miles', '25'],
        ['extra_zips', ''],
      ]),
    }),
  },
  'POST /settings': {
    as: 'plumberA',
    make: async (ctx) => ({
      path: '/settings',
      fields: { notify_email: 'yes', quiet_start: '22:00', quiet_end: '07:00', daily_cap: String(20 + (++ctx.serial)) },
    }),
  },
  'POST /leads/{id}/claim': { as: 'plumberA', make: async (ctx) => ({ path: `/leads/${await ctx.leadForA()}/claim`, fields: { confirm: 'yes' } }) },
  'POST /my-leads/{claim_id}/outcome': {
    as: 'plumberA',
    make: async (ctx) => ({ path: `/my-leads/${await ctx.claimForA()}/outcome`, fields: { outcome: 'contacted', job_value: '', notes: 'Left a voicemail.' } }),
  },
  'POST /my-leads/{claim_id}/dispute': {
    as: 'plumberA',
    make: async (ctx) => ({ path: `/my-leads/${await ctx.claimForA()}/dispute`, fields: { reason: 'wrong_contact', details: 'The number is not in service.' } }),
  },
  // --- test payments (PLUMBLINE_TEST_PAYMENTS=on, no Stripe key): the TEST MODE checkout and portal; their effect reaches the
  // database through a signed webhook delivery, so `settle` waits for it ---
  'POST /test-payments/checkout/{id}': {
    as: 'anonymous',
    make: async (ctx) => ({ path: pathOf((await ctx.testCheckout('payment')).url), fields: { card_number: '4242424242424242' } }),
    settle: (ctx) => ctx.stripeSettled(),
  },
  'POST /test-payments/portal/{id}': {
    as: 'anonymous',
    make: async (ctx) => ({ path: pathOf((await ctx.testPortal()).url), fields: { action: 'renew' } }),
    settle: (ctx) => ctx.stripeSettled(),
  },
  // --- payments (test-payments mode): each genuine post makes the Stripe customer or saves a price ---
  'POST /billing/checkout': { as: 'plumberA', make: async () => ({ path: '/billing/checkout', fields: { pack: 'pack_5' } }) },
  'POST /billing/portal': { as: 'plumberD', make: async () => ({ path: '/billing/portal', fields: {} }) }, // no customer yet
  'POST /admin/plans/{id}': {
    as: 'admin',
    make: async (ctx) => ({
      path: '/admin/plans/starter',
      fields: { name: 'Starter', price: String(49 + (++ctx.serial)), monthly_credits: '5', stripe_price_id: 'price_starter_monthly', active: 'yes' },
    }),
  },
  'POST /admin/packs/{id}': {
    as: 'admin',
    make: async (ctx) => ({
      path: '/admin/packs/pack_5',
      fields: { credits: '5', price: String(50 + (++ctx.serial)), stripe_price_id: 'price_pack_5', active: 'yes' },
    }),
  },
  // --- end payments ---
  // --- message templates (admins): save, preview, revert, test send ---
  'POST /admin/templates/{name}': {
    as: 'admin',
    make: async (ctx) => ({
      path: '/admin/templates/email.lead_alert',
      fields: { part_subject: `New lead ${++ctx.serial}: {{{service_label}}} in {{zip}}`, reason: 'CSRF matrix wording' },
    }),
  },
  'POST /admin/templates/{name}/preview': {
    as: 'admin', readsOnly: true, make: async () => ({ path: '/admin/templates/email.lead_alert/preview', fields: { part_subject: 'Preview {{zip}}' } }),
  },
  'POST /admin/templates/{name}/revert': {
    as: 'admin',
    make: async (ctx) => { // an override to revert, saved through the API
      const r = await api(ctx.m.srv, 'PUT', '/api/v1/admin/templates/sms.lead_claimed', {
        token: ctx.m.admin.token, body: { parts: { txt: `Claimed ${++ctx.serial}: {{{business_name}}}` }, reason: 'CSRF matrix' },
      });
      assert.equal(r.status, 200, r.body);
      return { path: '/admin/templates/sms.lead_claimed/revert', fields: { reason: 'Back to the shipped text' } };
    },
  },
  'POST /admin/templates/{name}/test': {
    as: 'admin', make: async () => ({ path: '/admin/templates/email.lead_alert/test', fields: {} }),
  },
  // --- end message templates ---
  // --- staff accounts (issue 15): each scenario invites its own staff member first ---
  'POST /admin/staff/invite': {
    as: 'admin', make: async (ctx) => ({ path: '/admin/staff/invite', fields: { email: ctx.staffEmail(), role: 'support' } }),
  },
  'POST /admin/staff/{id}/role': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/staff/${await ctx.invitedStaffId()}/role`, fields: { role: 'admin', reason: 'Covers billing' } }),
  },
  'POST /admin/staff/{id}/remove': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/staff/${await ctx.invitedStaffId()}/remove`, fields: { reason: 'Left the company' } }),
  },
  'POST /staff/invite/{token}': {
    as: 'anonymous',
    make: async (ctx) => {
      const link = await invite(srvOf(ctx), (await ctx.browser(ctx.admin)).client, ctx.staffEmail());
      return { path: link, fields: { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD } };
    },
  },
  // --- end staff ---
  // --- console: messages (issue 15): a new request's confirmation, put in the state the action needs ---
  'POST /admin/messages/{id}/retry': {
    as: 'admin',
    make: async (ctx) => ({ path: `/admin/messages/${await ctx.messageIn('dead')}/retry`, fields: { reason: 'The homeowner fixed the mailbox.' } }),
  },
  'POST /admin/messages/{id}/cancel': {
    as: 'admin',
    make: async (ctx) => ({ path: `/admin/messages/${await ctx.messageIn('pending')}/cancel`, fields: { reason: 'The homeowner asked us not to write.' } }),
  },
  // --- end console: messages ---
  // --- settings and catalog (issue 15): each genuine post changes a value, with a reason ---
  'POST /admin/settings': {
    as: 'admin',
    make: async (ctx) => ({
      path: '/admin/settings',
      fields: { section: 'business', postal_address: `${100 + (++ctx.serial)} Main St, Springfield`, reason: 'CSRF matrix' },
    }),
  },
  'POST /admin/catalog': {
    as: 'admin',
    make: async (ctx) => ({
      path: '/admin/catalog',
      fields: { urgency: 'flexible', ulabel_flexible: 'Flexible', surcharge_flexible: String(1 + (++ctx.serial % 50)), reason: 'CSRF matrix' },
    }),
  },
  // --- end settings and catalog ---
  // --- issue 17 (D): a review by its link, the plumber's reply, staff hiding (hires set up in SQL) ---
  'POST /reviews/{token}': {
    as: 'anonymous',
    make: async (ctx) => ({ path: `/reviews/${(await ctx.hiredClaimOfA()).token}`, fields: { punctuality: '5', quality: '4', price: '3', body: 'Tidy work.' } }),
  },
  'POST /my-reviews/{id}/reply': {
    as: 'plumberA', make: async (ctx) => ({ path: `/my-reviews/${await ctx.reviewOfA()}/reply`, fields: { reply: 'Thank you!' } }),
  },
  'POST /admin/reviews/{id}/hide': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/reviews/${await ctx.reviewOfA()}/hide`, fields: { reason: 'personal_data' } }),
  },
  // --- end issue 17 (D) ---
};

// The audit matrix for forms: a staff or admin form's genuine post writes exactly one audit row,
// whose action starts with the route's noun (/admin/plumbers/{id}/credits → "plumber."), or with
// the action named here where the noun differs. A new staff route that records nothing fails.
const AUDITED_GROUPS = new Set(['staff', 'admin']);
const AUDIT_ACTION_PREFIX = {
  'POST /admin/plans/{id}': 'catalog.plan',
  'POST /admin/packs/{id}': 'catalog.pack',
  'POST /admin/settings': 'settings.', // the settings are one thing: settings.update
};
function auditPrefix(route) {
  if (AUDIT_ACTION_PREFIX[route.key]) return AUDIT_ACTION_PREFIX[route.key];
  const noun = route.pattern.split('/')[2] || '';
  return `${noun.endsWith('s') ? noun.slice(0, -1) : noun}.`;
}
const srvOf = (ctx) => ctx.srv;

// The first column of the first row of a query on the server's database.
// Issue 17: a request sent with the form (so it gets a contact check): its tracking path, id, e-mail.
async function verificationLead(ctx) {
  ctx.verifySerial = (ctx.verifySerial || 0) + 1;
  const email = `csrf-verify-${ctx.verifySerial}-${Date.now()}@example.com`;
  const res = await new FormClient(ctx.srv.baseUrl).submit(validLead({ email }));
  assert.equal(res.status, 303, res.body.slice(0, 300));
  const leadId = dbValue(ctx.srv, `SELECT id FROM leads WHERE email = '${email}'`);
  return { tracking: res.location.replace(/\/sent$/, ''), leadId, email };
}

function dbValue(srv, sql) {
  const url = srv.database.url;
  const r = url.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', url.slice('sqlite:'.length), sql], { encoding: 'utf8', timeout: 240000 })
    : spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8', timeout: 240000 });
  if (r.status !== 0) throw new Error(`query failed: ${r.stderr || r.error}`);
  return r.stdout.split('\n')[0].split('|')[0];
}

for (const [db, skip] of BACKENDS) {
  describe(`CSRF on every state-changing form (${db})`, { skip }, () => {
    let srv;
    let routes;
    const ctx = {};

    before(async () => {
      // Test payments on: their TEST MODE checkout and portal forms are state-changing routes too.
      srv = await startProductionLike({ db, env: { PLUMBLINE_TEST_PAYMENTS: 'on' } });
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
        execute(srv, `UPDATE leads SET hired_claim_id = ${claim}, hired_at = 1 WHERE id = (SELECT lead_id FROM claims WHERE id = ${claim})`);
        execute(srv, 'INSERT INTO review_invites (claim_id, lead_id, plumber_id, token_hash, sent_at, expires_at) '
          + `SELECT id, lead_id, plumber_id, '${hash}', 1, 4102444800000 FROM claims WHERE id = ${claim}`);
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
