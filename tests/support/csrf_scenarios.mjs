// The CSRF matrix's scenarios: how to make one effective post per state-changing HTML route (who
// sends it, and a fresh {path, fields} whose success changes the database).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FormClient, jsonLead, pathOf, postJson, validLead } from '../support/server.mjs';
import { INSURANCE_VALID_UNTIL, LICENCE_CHECKED_ON, api, apiToken, approvePlumber, pendingDispute, profiledPlumber, signUpPlumber } from '../support/marketplace.mjs';
import { PASSWORD, formFields, linkPath, newPlumber, waitForMails } from '../support/accounts.mjs';
import { currentStep, nextSecondFactor, startTwoFactorSetup, totp } from '../support/two_factor.mjs';
import { invite } from '../support/staff.mjs';
import { execute, query } from '../support/db.mjs';

const NEW_PASSWORD = 'Fresh-Gasket-Lever-5520';

// Issue 20: a new partner lead source made on the console by the admin; its id.
async function partnerSource(ctx) {
  const admin = (await ctx.browser(ctx.admin)).client;
  await admin.get('/admin/sources');
  const res = await admin.post('/admin/sources', { name: `CSRF partner ${++ctx.serial} ${Date.now()}`, daily_cap: '0' });
  assert.equal(res.status, 303, res.body.slice(0, 300));
  return /\/admin\/sources\/(\d+)/.exec(res.location)[1];
}
// Issue 17: a real photo for the upload route's scenario.
const PHOTO_PNG = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/images/small.png'));

// Issue 20: a webhook endpoint of plumber A (or the platform's: `admin`) on a closed loopback port
// (the matrix's server allows loopback by PLUMBLINE_WEBHOOK_ALLOW_HOSTS); its id.
async function webhookOf(ctx, who) {
  const admin = who === 'admin';
  ctx.aToken ??= await apiToken(ctx.srv, ctx.a.email);
  const r = await api(ctx.srv, 'POST', admin ? '/api/v1/admin/webhooks' : '/api/v1/webhooks', {
    token: admin ? ctx.m.admin.token : ctx.aToken,
    body: { url: `http://127.0.0.1:9/csrf-${++ctx.serial}`, events: ['review.created'] },
  });
  assert.equal(r.status, 201, r.body);
  return r.json().endpoint.id;
}

// A logged (failed) delivery of such an endpoint, written directly; its id.
async function webhookDeliveryOf(ctx, who) {
  const endpoint = await webhookOf(ctx, who);
  const key = `csrf-redeliver-${endpoint}`;
  execute(ctx.srv, 'INSERT INTO outbox (kind, channel, recipient, template, data, idempotency_key, status, '
    + `event_at, due_at, created_at, updated_at) VALUES ('webhook', 'webhook', 'webhook:${endpoint}', 'review.created', `
    + `'{"id":"evt_csrf","type":"review.created","created_at":0,"data":{}}', '${key}', 'dead', 0, 0, 0, 0)`);
  execute(ctx.srv, 'INSERT INTO webhook_deliveries (endpoint_id, message_id, event, event_id, attempt, status_code, '
    + `response_ms, error, created_at) SELECT ${endpoint}, id, 'review.created', 'evt_csrf', 1, 500, 3, 'HTTP 500', 0 `
    + `FROM outbox WHERE idempotency_key = '${key}'`);
  return endpoint; // the delivery is the endpoint's only one
}

// The id of an endpoint's (only) logged delivery.
function deliveryOf(ctx, endpoint) {
  return Number(query(ctx.srv, `SELECT max(id) FROM webhook_deliveries WHERE endpoint_id = ${endpoint}`)[0][0]);
}

// How to make one effective request per route: who sends it, and a fresh {path, fields} whose
// success changes the database. A new state-changing HTML route without a scenario fails the test.
export const SCENARIOS = {
  // --- outbound webhooks (issue 20): plumber A's endpoints and the platform's ---
  'POST /account/webhooks': {
    as: 'plumberA', make: async (ctx) => ({ path: '/account/webhooks', fields: { url: `http://127.0.0.1:9/form-${++ctx.serial}`, events: 'lead.closed' } }),
  },
  'POST /account/webhooks/{id}/rotate': { as: 'plumberA', make: async (ctx) => ({ path: `/account/webhooks/${await webhookOf(ctx, 'a')}/rotate`, fields: {} }) },
  'POST /account/webhooks/{id}/delete': { as: 'plumberA', make: async (ctx) => ({ path: `/account/webhooks/${await webhookOf(ctx, 'a')}/delete`, fields: {} }) },
  'POST /account/webhooks/deliveries/{id}/redeliver': {
    as: 'plumberA',
    make: async (ctx) => {
      const endpoint = await webhookDeliveryOf(ctx, 'a');
      return { path: `/account/webhooks/deliveries/${deliveryOf(ctx, endpoint)}/redeliver`, fields: {} };
    },
  },
  'POST /admin/webhooks': {
    as: 'admin', make: async (ctx) => ({ path: '/admin/webhooks', fields: { url: `http://127.0.0.1:9/console-${++ctx.serial}`, events: 'lead.closed' } }),
  },
  'POST /admin/webhooks/{id}/rotate': { as: 'admin', make: async (ctx) => ({ path: `/admin/webhooks/${await webhookOf(ctx, 'admin')}/rotate`, fields: {} }) },
  'POST /admin/webhooks/{id}/delete': { as: 'admin', make: async (ctx) => ({ path: `/admin/webhooks/${await webhookOf(ctx, 'admin')}/delete`, fields: {} }) },
  'POST /admin/webhooks/deliveries/{id}/redeliver': {
    as: 'admin',
    make: async (ctx) => {
      const endpoint = await webhookDeliveryOf(ctx, 'admin');
      return { path: `/admin/webhooks/deliveries/${deliveryOf(ctx, endpoint)}/redeliver`, fields: {} };
    },
  },
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
  // --- partner lead sources (issue 20): admins create a source, issue and revoke its keys ---
  'POST /admin/sources': {
    as: 'admin', make: async (ctx) => ({ path: '/admin/sources', fields: { name: `CSRF source ${++ctx.serial} ${Date.now()}`, daily_cap: '0' } }),
  },
  'POST /admin/sources/{id}/keys': {
    as: 'admin', make: async (ctx) => ({ path: `/admin/sources/${await partnerSource(ctx)}/keys`, fields: {} }),
  },
  'POST /admin/sources/{id}/keys/{key_id}/revoke': {
    as: 'admin',
    make: async (ctx) => {
      const id = await partnerSource(ctx);
      const admin = (await ctx.browser(ctx.admin)).client;
      await admin.get(`/admin/sources/${id}`);
      assert.equal((await admin.post(`/admin/sources/${id}/keys`)).status, 200);
      const key = /id="key-(\d+)"/.exec((await admin.get(`/admin/sources/${id}`)).body)[1];
      return { path: `/admin/sources/${id}/keys/${key}/revoke`, fields: {} };
    },
  },
  // The embedded form's token is signed and bound to its path (no cookie in a third-party frame):
  // each post first opens the form, as the framed page would.
  'POST /embed/{id}/request': {
    as: 'anonymous',
    make: async (ctx) => ({ path: `/embed/${await partnerSource(ctx)}/request`, fields: validLead() }),
    post: async (client, p, f, opts) => { await client.get(p); return client.post(p, f, opts); },
  },
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
      const link = await invite(ctx.srv, (await ctx.browser(ctx.admin)).client, ctx.staffEmail());
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

// Issue 17: a request sent with the form (so it gets a contact check): its tracking path, id, e-mail.
async function verificationLead(ctx) {
  ctx.verifySerial = (ctx.verifySerial || 0) + 1;
  const email = `csrf-verify-${ctx.verifySerial}-${Date.now()}@example.com`;
  const res = await new FormClient(ctx.srv.baseUrl).submit(validLead({ email }));
  assert.equal(res.status, 303, res.body.slice(0, 300));
  const leadId = dbValue(ctx.srv, `SELECT id FROM leads WHERE email = '${email}'`);
  return { tracking: res.location.replace(/\/sent$/, ''), leadId, email };
}

// The first column of the first row of a query on the server's database.
export function dbValue(srv, sql) {
  const url = srv.database.url;
  const r = url.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', url.slice('sqlite:'.length), sql], { encoding: 'utf8', timeout: 240000 })
    : spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8', timeout: 240000 });
  if (r.status !== 0) throw new Error(`query failed: ${r.stderr || r.error}`);
  return r.stdout.split('\n')[0].split('|')[0];
}
