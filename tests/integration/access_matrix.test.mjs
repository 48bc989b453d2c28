// Route × role matrix from the router's own table (`plumbline routes`): every route as every role, exact statuses, no data leak;
// with test payments on (every route) and off (the test-payment routes absent, checkout refused).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS, FormClient, describeOnce, http, jsonLead, postJson } from '../support/server.mjs';
import {
  apiJson, createAdmin, logIn, mailbox, newPlumber, routeTable, sessionAlive, sessionOf, signUp,
  startProductionLike,
} from '../support/accounts.mjs';
import { nextSecondFactor } from '../support/two_factor.mjs';
import { staffMember } from '../support/staff.mjs';

const ROLES = ['anonymous', 'unverified', 'plumberA', 'plumberB', 'admin', 'support'];
const same = (e) => [e, e, e, e, e];
const LOGIN = (p) => `303 /login?next=${p}`;
const LOGIN_HERE = '303 /login?next={path}'; // {path}: the concrete path requested
const VERIFY = '303 /account/verify-email';

// Expected response per role, in ROLES order: a status, or "STATUS LOCATION" for redirects.
// Rows may list 5 values (anonymous … admin): support's is then derived from the route's group
// (supportExpectation below); a 6th value overrides it.
// HTML POSTs carry only a valid CSRF token for the role's session; JSON POSTs carry "{}".
// Every route of the router must have an entry: a new route without one fails the first test.
const EXPECTED = {
  'GET /': same(200),
  'GET /about': same(200),
  'GET /pricing': same(200),
  'GET /request': same(200),
  'GET /request/coverage': same(200), // the form's ZIP check, yes or no; no ZIP: an empty answer
  'GET /request/questions': same(200), // issue 17: the chosen service's questions (catalog data)
  'GET /t/{token}': same(200), // a real tracking token: the link itself is the homeowner's key
  'GET /t/{token}/sent': same(200),
  'POST /t/{token}/cancel': same(404), // dummy token
  'GET /signup': [200, '303 /dashboard', '303 /dashboard', '303 /dashboard', '303 /admin'],
  'GET /login': same(200),
  'GET /verify/{token}': same(404),
  'GET /password/forgot': same(200),
  'GET /password/reset/{token}': same(200), // the form; the token is checked on POST
  'GET /unlock/{token}': same(404),
  'GET /account/email/confirm/{token}': same(404),
  'POST /request': same(422),
  'POST /signup': same(422),
  'POST /login': same(401),
  'POST /password/forgot': same(200), // same answer for any address, even none
  'POST /password/reset/{token}': same(404),
  'GET /account/verify-email': [LOGIN('/account/verify-email'), 200, '303 /dashboard', '303 /dashboard', '303 /admin'],
  'POST /logout': [LOGIN('/logout'), '303 /login?bye=1', '303 /login?bye=1', '303 /login?bye=1', '303 /login?bye=1'],
  'POST /account/verify-email/resend': [LOGIN('/account/verify-email/resend'), 200, 200, 200, 200],
  'GET /account': [LOGIN('/account'), VERIFY, 200, 200, 200],
  'POST /account/email': [LOGIN('/account/email'), VERIFY, 422, 422, 422],
  'POST /account/password': [LOGIN('/account/password'), VERIFY, 422, 422, 422], // no current password
  'POST /logout/everywhere': [LOGIN('/logout/everywhere'), VERIFY, 200, 200, 200],
  // --- two-factor sign-in (the admin set it up at its first sign-in; the plumbers have it off) ---
  'GET /login/two-factor': same('303 /login'), // no password step in progress
  'POST /login/two-factor': same(401), // no password step in progress: log in again
  'GET /account/two-factor': [LOGIN('/account/two-factor'), VERIFY, 200, 200, 200],
  'POST /account/two-factor/setup': [LOGIN('/account/two-factor/setup'), VERIFY, '303 /account/two-factor', '303 /account/two-factor', 422], // on already
  'POST /account/two-factor/confirm': [LOGIN('/account/two-factor/confirm'), VERIFY, 422, 422, 422], // no code
  'POST /account/two-factor/disable': [LOGIN('/account/two-factor/disable'), VERIFY, 422, 422, 403], // admins keep it on
  'GET /dashboard': [LOGIN('/dashboard'), VERIFY, 200, 200, 403],
  'GET /admin': [LOGIN('/admin'), VERIFY, 403, 403, 200],
  'POST /api/v1/leads': same(422),
  'POST /api/v1/auth/signup': same(422),
  'POST /api/v1/auth/token': same(401),
  'POST /api/v1/auth/refresh': same(401),
  'GET /api/v1/me': [401, 401, 200, 200, 200], // bearer tokens; the unverified plumber has only a cookie
  'GET /api/v1/openapi.json': same(200), // the API's contract (issue 20), open to anyone
  'GET /api/docs': same(200), // its reader (Swagger UI), open to anyone
  'POST /webhooks/twilio/status': same(403), // no Twilio signature
  'POST /webhooks/twilio/inbound': same(403),
  'POST /webhooks/stripe': same(400), // no Stripe-Signature; cookies do not help
  'GET /dev/mail': same(404), // the demo mailbox is off unless served on 127.0.0.1/::1 without SMTP
  'GET /dev/mail/{name}': same(404), // plumber A's own verification e-mail
  'GET /dev/mail/{name}/html': same(404), // its HTML part, framed on /dev/mail/{name}
  'GET /favicon.ico': same(301),
  'GET /manifest.webmanifest': same(200), // the installable app (issue 13)
  'GET /sw.js': same(200),
  'GET /offline': same(200), // the page the service worker shows without a network
  'GET /static/{hash}/{path...}': same(200),
  'GET /healthz': same(200),
  'GET /readyz': same(200),
  'GET /metrics': same(401), // only with PLUMBLINE_METRICS_TOKEN (the test servers set one), which no role has
  // --- marketplace: homeowner actions and admin (pages and API) ---
  'POST /t/{token}/details': same(404), // dummy token
  'POST /t/{token}/hired': same(404),
  'POST /t/{token}/never-requested': same(404),
  // --- issue 17 (D): reviews and public profiles (dummy tokens, ids and slugs) ---
  'GET /reviews/{token}': same(404),
  'POST /reviews/{token}': same(404),
  'GET /my-reviews': [LOGIN('/my-reviews'), VERIFY, 200, 200, 403],
  'POST /my-reviews/{id}/reply': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'GET /admin/reviews': [LOGIN('/admin/reviews'), VERIFY, 403, 403, 200],
  'POST /admin/reviews/{id}/hide': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /pros/{slug}': same(404),
  // --- end issue 17 (D) ---
  // --- privacy (issue 12): homeowner deletion, plumber export and closure, admin closure ---
  'POST /t/{token}/delete': same(404), // dummy token
  // --- issue 17 item 1: the homeowner's phone (or e-mail) confirmation; dummy tokens ---
  'GET /t/{token}/verify': same(404),
  'POST /t/{token}/verify': same(404),
  'POST /t/{token}/verify/resend': same(404),
  'GET /t/{token}/confirm/{secret}': same(404),
  'POST /t/{token}/confirm/{secret}': same(404),
  // --- request photos (issue 17): dummy tokens and ids (not 128-bit hex) are the same 404 for all ---
  'POST /t/{token}/photos': same(404),
  'GET /t/{token}/photos/{id}': same(404),
  'GET /t/{token}/photos/{id}/thumb': same(404),
  'GET /photos/{id}': same(404),
  'GET /photos/{id}/thumb': same(404),
  'GET /account/export': [LOGIN('/account/export'), VERIFY, 200, 200, 403], // each plumber's own ZIP
  'POST /account/close': [LOGIN('/account/close'), VERIFY, 422, 422, 403], // no password: nothing closed
  'POST /admin/plumbers/{id}/close': [LOGIN_HERE, VERIFY, 403, 403, 422], // no reason: nothing closed
  'GET /api/v1/me/export': [401, 401, 200, 200, 403],
  'POST /api/v1/admin/plumbers/{id}/close': [401, 401, 403, 403, 422], // no reason: nothing closed
  'GET /admin/plumbers': [LOGIN('/admin/plumbers'), VERIFY, 403, 403, 200],
  'GET /admin/plumbers/{id}': [LOGIN_HERE, VERIFY, 403, 403, 200], // plumber A
  'POST /admin/plumbers/{id}/approve': [LOGIN_HERE, VERIFY, 403, 403, 422], // profile incomplete, no dates
  'POST /admin/plumbers/{id}/reject': [LOGIN_HERE, VERIFY, 403, 403, 422], // no reason
  'POST /admin/plumbers/{id}/suspend': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'POST /admin/plumbers/{id}/credits': [LOGIN_HERE, VERIFY, 403, 403, 422], // no amount
  'POST /admin/plumbers/{id}/plan': [LOGIN_HERE, VERIFY, 403, 403, 422], // no status
  'GET /admin/disputes': [LOGIN('/admin/disputes'), VERIFY, 403, 403, 200],
  // --- requests by hand (issue 15): a phone-in is staff's; editing and re-matching are admins' ---
  'GET /admin/leads/new': [LOGIN_HERE, VERIFY, 403, 403, 200],
  'POST /admin/leads/new': [LOGIN_HERE, VERIFY, 403, 403, 422], // empty form: fields and consent
  'GET /admin/leads/{id}/edit': [LOGIN_HERE, VERIFY, 403, 403, 404], // dummy id
  'POST /admin/leads/{id}/edit': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/leads/{id}/rematch': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /api/v1/admin/leads': [401, 401, 403, 403, 422], // {}: every field missing
  'PATCH /api/v1/admin/leads/{id}': [401, 401, 403, 403, 404], // dummy id
  'POST /api/v1/admin/leads/{id}/rematch': [401, 401, 403, 403, 404],
  'POST /admin/disputes/{id}/approve': [LOGIN_HERE, VERIFY, 403, 403, 404], // dummy id
  'POST /admin/disputes/{id}/deny': [LOGIN_HERE, VERIFY, 403, 403, 404],
  // The console's request list (P3).
  'GET /admin/leads': [LOGIN('/admin/leads'), VERIFY, 403, 403, 200],
  'GET /admin/leads.csv': [LOGIN('/admin/leads.csv'), VERIFY, 403, 403, 200],
  'GET /api/v1/admin/plumbers': [401, 401, 403, 403, 200],
  'GET /api/v1/admin/plumbers/{id}': [401, 401, 403, 403, 200],
  'POST /api/v1/admin/plumbers/{id}/approve': [401, 401, 403, 403, 422],
  'POST /api/v1/admin/plumbers/{id}/reject': [401, 401, 403, 403, 422],
  'POST /api/v1/admin/plumbers/{id}/suspend': [401, 401, 403, 403, 422],
  'POST /api/v1/admin/plumbers/{id}/credits': [401, 401, 403, 403, 422],
  'PUT /api/v1/admin/plumbers/{id}/plan': [401, 401, 403, 403, 422],
  // --- console: plumbers (issue 15): pages for staff; the CSV (contact data) and actions for admins.
  // The actions need a reason: an empty one is a 422 and changes nothing.
  'GET /admin/plumbers.csv': [LOGIN('/admin/plumbers.csv'), VERIFY, 403, 403, 200],
  'POST /admin/plumbers/{id}/reactivate': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'POST /admin/plumbers/{id}/edit': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'POST /admin/plumbers/{id}/password-reset': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'POST /admin/plumbers/{id}/end-sessions': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'GET /api/v1/admin/plumbers/search': [401, 401, 403, 403, 200],
  'GET /api/v1/admin/plumbers/{id}/dossier': [401, 401, 403, 403, 200],
  'POST /api/v1/admin/plumbers/{id}/reactivate': [401, 401, 403, 403, 422],
  'PUT /api/v1/admin/plumbers/{id}/profile': [401, 401, 403, 403, 422],
  'POST /api/v1/admin/plumbers/{id}/password-reset': [401, 401, 403, 403, 422],
  'POST /api/v1/admin/plumbers/{id}/end-sessions': [401, 401, 403, 403, 422],
  // --- end console: plumbers ---
  'GET /api/v1/admin/disputes': [401, 401, 403, 403, 200],
  'POST /api/v1/admin/disputes/{id}/approve': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/disputes/{id}/deny': [401, 401, 403, 403, 404],
  // --- console: a request's page (dummy ids: 404 once past the role check) ---
  'GET /admin/leads/{id}': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/leads/{id}/notes': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/leads/{id}/resend-confirmation': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/leads/{id}/close': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/leads/{id}/reopen': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /api/v1/admin/leads/{id}': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/leads/{id}/notes': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/leads/{id}/resend-confirmation': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/leads/{id}/close': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/leads/{id}/reopen': [401, 401, 403, 403, 404],
  'GET /api/v1/admin/leads': [401, 401, 403, 403, 200],
  // --- end marketplace ---
  // --- console: messages and system status (issue 15, points 7 and 8); dummy message ids ---
  'GET /admin/messages': [LOGIN('/admin/messages'), VERIFY, 403, 403, 200],
  'GET /admin/messages/{id}': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /admin/messages/{id}/html': [LOGIN_HERE, VERIFY, 403, 403, 404], // framed on /admin/messages/{id}
  'POST /admin/messages/{id}/retry': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/messages/{id}/cancel': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /admin/status': [LOGIN('/admin/status'), VERIFY, 403, 403, 200],
  'GET /api/v1/admin/messages': [401, 401, 403, 403, 200],
  'GET /api/v1/admin/messages/{id}': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/messages/{id}/retry': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/messages/{id}/cancel': [401, 401, 403, 403, 404],
  // --- outbound webhooks (issue 20): a plumber's own; the platform's (staff read and redeliver) ---
  'GET /api/v1/webhooks': [401, 401, 200, 200, 403],
  'POST /api/v1/webhooks': [401, 401, 422, 422, 403], // {} has no url
  'POST /api/v1/webhooks/deliveries/{id}/redeliver': [401, 401, 404, 404, 403],
  'GET /api/v1/webhooks/{id}': [401, 401, 404, 404, 403],
  'DELETE /api/v1/webhooks/{id}': [401, 401, 404, 404, 403],
  'POST /api/v1/webhooks/{id}/rotate-secret': [401, 401, 404, 404, 403],
  'GET /api/v1/admin/webhooks': [401, 401, 403, 403, 200],
  'POST /api/v1/admin/webhooks': [401, 401, 403, 403, 422], // {} has no url
  'POST /api/v1/admin/webhooks/deliveries/{id}/redeliver': [401, 401, 403, 403, 404],
  'GET /api/v1/admin/webhooks/{id}': [401, 401, 403, 403, 404],
  'DELETE /api/v1/admin/webhooks/{id}': [401, 401, 403, 403, 404],
  'POST /api/v1/admin/webhooks/{id}/rotate-secret': [401, 401, 403, 403, 404],
  // --- end console: messages and system status ---
  // --- marketplace: plumber pages and API (plumbers A and B are pending: no profile yet) ---
  'GET /dashboard/events': [LOGIN('/dashboard/events'), VERIFY, 200, 200, 403], // SSE: headers only
  'GET /profile': [LOGIN('/profile'), VERIFY, 200, 200, 403],
  'POST /profile': [LOGIN('/profile'), VERIFY, 422, 422, 403], // empty form
  'GET /settings': [LOGIN('/settings'), VERIFY, 200, 200, 403],
  'POST /settings': [LOGIN('/settings'), VERIFY, 422, 422, 403], // empty form
  'GET /leads/{id}': [LOGIN_HERE, VERIFY, 404, 404, 404], // dummy id; admins may read any lead
  'GET /leads/{id}/claim': [LOGIN_HERE, VERIFY, 404, 404, 403], // the confirmation step
  'POST /leads/{id}/claim': [LOGIN_HERE, VERIFY, 404, 404, 403], // dummy id
  'GET /my-leads': [LOGIN('/my-leads'), VERIFY, 200, 200, 403],
  'GET /my-leads.csv': [LOGIN('/my-leads.csv'), VERIFY, 200, 200, 403],
  'GET /my-leads/{claim_id}': [LOGIN_HERE, VERIFY, 404, 404, 403], // dummy id
  'POST /my-leads/{claim_id}/outcome': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'POST /my-leads/{claim_id}/dispute': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'GET /credits': [LOGIN('/credits'), VERIFY, 200, 200, 403],
  // --- outbound webhooks (issue 20): the plumber's own endpoints (dummy ids: 404) ---
  'GET /account/webhooks': [LOGIN('/account/webhooks'), VERIFY, 200, 200, 403],
  'POST /account/webhooks': [LOGIN('/account/webhooks'), VERIFY, 422, 422, 403], // empty form: no URL
  'POST /account/webhooks/deliveries/{id}/redeliver': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'GET /account/webhooks/{id}': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'POST /account/webhooks/{id}/rotate': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'POST /account/webhooks/{id}/delete': [LOGIN_HERE, VERIFY, 404, 404, 403],
  'GET /reports/my-area': [LOGIN('/reports/my-area'), VERIFY, 200, 200, 403], // issue 16
  'GET /api/v1/reports/my-area': [401, 401, 200, 200, 403], // issue 16
  'GET /api/v1/profile': [401, 401, 200, 200, 403],
  'PUT /api/v1/profile': [401, 401, 200, 200, 403], // {} keeps the profile as it is
  'GET /api/v1/settings': [401, 401, 200, 200, 403],
  'PUT /api/v1/settings': [401, 401, 200, 200, 403],
  'GET /api/v1/leads/available': [401, 401, 200, 200, 403],
  'GET /api/v1/leads/{id}': [401, 401, 404, 404, 404], // dummy id; admins may read any lead
  'POST /api/v1/leads/{id}/claim': [401, 401, 404, 404, 403],
  'GET /api/v1/claims': [401, 401, 200, 200, 403],
  'PATCH /api/v1/claims/{id}': [401, 401, 404, 404, 403],
  'POST /api/v1/claims/{id}/dispute': [401, 401, 404, 404, 403],
  'GET /api/v1/credits': [401, 401, 200, 200, 403],
  'GET /api/v1/events': [401, 401, 200, 200, 403], // SSE: headers only
  // --- end marketplace: plumber ---
  // --- test payments (PLUMBLINE_TEST_PAYMENTS=on, no Stripe key): the stand-in's API wants its own key; dummy ids ---
  'GET /test-payments/stripe/{path...}': same(401),
  'POST /test-payments/stripe/{path...}': same(401),
  'GET /test-payments/checkout/{id}': same(404),
  'POST /test-payments/checkout/{id}': same(404),
  'GET /test-payments/portal/{id}': same(404),
  'POST /test-payments/portal/{id}': same(404),
  'GET /test-payments/receipts/{id}': same(404),
  // --- end test payments ---
  // --- payments: billing pages and API (test-payments mode: no Stripe key; plumbers A and B pending;
  // PAYMENTS_OFF below: the rows that change without test payments) ---
  'GET /billing': [LOGIN('/billing'), VERIFY, 200, 200, 403],
  'POST /billing/checkout': [LOGIN('/billing/checkout'), VERIFY, 422, 422, 403], // neither plan nor pack
  'POST /billing/portal': [LOGIN('/billing/portal'), VERIFY, 303, 303, 403], // to the (test) Stripe portal
  'GET /billing/done': [LOGIN('/billing/done'), VERIFY, 404, 404, 403], // no session id
  'GET /admin/billing': [LOGIN('/admin/billing'), VERIFY, 403, 403, 200],
  'POST /admin/plans/{id}': [LOGIN_HERE, VERIFY, 403, 403, 422], // empty form
  'POST /admin/packs/{id}': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'GET /api/v1/billing': [401, 401, 200, 200, 403],
  'POST /api/v1/billing/checkout': [401, 401, 422, 422, 403],
  'POST /api/v1/billing/portal': [401, 401, 200, 200, 403],
  'GET /api/v1/billing/checkout/{id}': [401, 403, 404, 404, 403], // session cookie (the success page polls it); dummy id
  'GET /api/v1/admin/plans': [401, 401, 403, 403, 200],
  'PUT /api/v1/admin/plans': [401, 401, 403, 403, 422], // {} has no "plans"
  'GET /api/v1/admin/packs': [401, 401, 403, 403, 200],
  'PUT /api/v1/admin/packs': [401, 401, 403, 403, 422],
  'GET /api/v1/admin/payments': [401, 401, 403, 403, 200],
  // --- end payments ---
  // --- message templates (admins only; {name} is email.lead_alert) ---
  'GET /admin/templates': [LOGIN('/admin/templates'), VERIFY, 403, 403, 200],
  'GET /admin/templates/{name}': [LOGIN_HERE, VERIFY, 403, 403, 200],
  'GET /admin/templates/{name}/html': [LOGIN_HERE, VERIFY, 403, 403, 200], // framed on the editor
  'POST /admin/templates/{name}': [LOGIN_HERE, VERIFY, 403, 403, 422], // no reason, no text
  'POST /admin/templates/{name}/preview': [LOGIN_HERE, VERIFY, 403, 403, 200], // the saved text
  'POST /admin/templates/{name}/revert': [LOGIN_HERE, VERIFY, 403, 403, 409], // nothing to revert
  'POST /admin/templates/{name}/test': [LOGIN_HERE, VERIFY, 403, 403, 303], // queued to the admin
  'GET /api/v1/admin/templates': [401, 401, 403, 403, 200],
  'GET /api/v1/admin/templates/{name}': [401, 401, 403, 403, 200],
  'PUT /api/v1/admin/templates/{name}': [401, 401, 403, 403, 422], // {} has no "parts"
  'DELETE /api/v1/admin/templates/{name}': [401, 401, 403, 403, 409], // nothing to revert
  // --- end message templates ---
  // --- staff accounts and the audit trail (issue 15): admins only; dummy ids and tokens ---
  'GET /admin/staff': [LOGIN('/admin/staff'), VERIFY, 403, 403, 200],
  'POST /admin/staff/invite': [LOGIN('/admin/staff/invite'), VERIFY, 403, 403, 422], // empty form: nobody invited
  'POST /admin/staff/{id}/role': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/staff/{id}/remove': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /staff/invite/{token}': same(404), // the invitation link is the key: a dummy one is not valid
  'POST /staff/invite/{token}': same(404),
  'GET /admin/audit': [LOGIN('/admin/audit'), VERIFY, 403, 403, 200],
  // --- outbound webhooks (issue 20): the platform's endpoints; support reads and redelivers ---
  'GET /admin/webhooks': [LOGIN('/admin/webhooks'), VERIFY, 403, 403, 200],
  'POST /admin/webhooks': [LOGIN('/admin/webhooks'), VERIFY, 403, 403, 422], // empty form: no URL
  'POST /admin/webhooks/deliveries/{id}/redeliver': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /admin/webhooks/{id}': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/webhooks/{id}/rotate': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/webhooks/{id}/delete': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /admin/audit.csv': [LOGIN('/admin/audit.csv'), VERIFY, 403, 403, 200],
  'GET /api/v1/admin/audit': [401, 401, 403, 403, 200],
  // --- end staff ---
  // --- settings and catalog (issue 15): admins only; an empty form or {} lacks a reason ---
  'GET /terms': same(200),
  'GET /privacy': same(200),
  'GET /admin/settings': [LOGIN('/admin/settings'), VERIFY, 403, 403, 200],
  'POST /admin/settings': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'GET /admin/catalog': [LOGIN('/admin/catalog'), VERIFY, 403, 403, 200],
  'POST /admin/catalog': [LOGIN_HERE, VERIFY, 403, 403, 422],
  'GET /api/v1/admin/settings': [401, 401, 403, 403, 200],
  'PUT /api/v1/admin/settings': [401, 401, 403, 403, 422], // {} has no "settings"
  'GET /api/v1/admin/catalog': [401, 401, 403, 403, 200],
  'PUT /api/v1/admin/catalog': [401, 401, 403, 403, 422], // no reason
  // --- end settings and catalog ---
  // --- partner lead sources (issue 20): staff read, admins act; dummy ids; the embedded form ---
  'GET /admin/sources': [LOGIN('/admin/sources'), VERIFY, 403, 403, 200],
  'POST /admin/sources': [LOGIN('/admin/sources'), VERIFY, 403, 403, 422], // empty form: no name
  'GET /admin/sources/{id}': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/sources/{id}/keys': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'POST /admin/sources/{id}/keys/{key_id}/revoke': [LOGIN_HERE, VERIFY, 403, 403, 404],
  'GET /embed/{id}/request': same(404), // no such source
  'POST /embed/{id}/request': same(403), // the session's token is not the framed form's signed one
  // --- end partner lead sources ---
  // --- reports (issue 16): staff read them; {name} is overview ---
  'GET /admin/reports': [LOGIN('/admin/reports'), VERIFY, 403, 403, 200],
  'GET /admin/reports/{name}': [LOGIN_HERE, VERIFY, 403, 403, 200],
  'GET /admin/reports/{name}/csv': [LOGIN_HERE, VERIFY, 403, 403, 404], // no ?table=: no such table
  'GET /api/v1/admin/reports': [401, 401, 403, 403, 200],
  'GET /api/v1/admin/reports/{name}': [401, 401, 403, 403, 200],
  // --- end reports ---
};

// Test payments off (the default without a Stripe key): the test-payment routes are not mounted,
// and Checkout and the Portal are refused (409 payments_not_set_up); every other row is the same.
const TEST_PAYMENT_ROUTES = Object.keys(EXPECTED).filter((k) => k.includes(' /test-payments/'));
const PAYMENTS_OFF = {
  'POST /billing/checkout': [LOGIN('/billing/checkout'), VERIFY, 409, 409, 403],
  'POST /billing/portal': [LOGIN('/billing/portal'), VERIFY, 409, 409, 403],
  'POST /api/v1/billing/checkout': [401, 401, 409, 409, 403],
  'POST /api/v1/billing/portal': [401, 401, 409, 409, 403],
};
function expectedRows(testPayments) {
  if (testPayments) return EXPECTED;
  const rows = { ...EXPECTED, ...PAYMENTS_OFF };
  for (const k of TEST_PAYMENT_ROUTES) delete rows[k];
  return rows;
}

// Server-sent-event routes: only the response head is read, then the stream is dropped.
const STREAM_ROUTES = new Set(['GET /dashboard/events', 'GET /api/v1/events']);

// Groups whose routes need a signed-in user: they must never be cached.
// Groups authenticated by an API bearer token (sent for the roles that have one).
const BEARER_GROUPS = new Set(['api-user', 'api-staff', 'api-admin', 'api-plumber']);

const SIGNED_IN_GROUPS = new Set(['signed-in', 'signed-in-limited', 'account', 'two-factor', 'two-factor-limited', 'plumber', 'plumber-limited', 'admin']);

// A support agent (staff, two-factor on) answers like the admin everywhere except the admin-only
// groups, which refuse them: the staff groups (`staff`, `api-staff`) admit both roles, the
// admin-only groups (`admin`, `api-admin`: money, settings, roles, closure, the audit trail) answer
// 403, and every other group (public, account, two-factor, plumber, …) treats them as it treats
// the admin, since both are staff (not plumbers) with two-factor on.
function supportExpectation(route, row) {
  if (row.length > 5) return row[5];
  if (route.group === 'admin' || route.group === 'api-admin') return 403;
  return row[4];
}

function parseExpected(e) {
  if (typeof e === 'number') return { status: e, location: null };
  const [status, location] = e.split(' ');
  return { status: Number(status), location };
}

// The matrix on one backend, with test payments on (every route) or off (no test-payment routes).
function matrixSuite(describeFn, db, skip, testPayments) {
  const EXPECTED = expectedRows(testPayments);
  const mode = testPayments ? 'test payments on' : 'test payments off';
  describeFn(`route × role matrix (${db}, ${mode})`, { skip }, () => {
    let srv;
    let routes;
    const people = {}; // role → {plumber, email, password}
    const clients = {}; // role → FormClient (anonymous: CSRF cookie only)
    const bearer = {}; // role → access token
    const params = {}; // "{name}" values: real objects of plumber A where a route takes one

    async function relogin(role) {
      clients[role] = await logIn(srv, people[role].email, people[role].password);
    }
    // Issue 15: ending a role's sessions (log out everywhere) ends its API access token too.
    async function newBearer(role) {
      const t = await apiJson(srv, 'POST', '/api/v1/auth/token', {
        email: people[role].email, password: people[role].password, totp: await nextSecondFactor(people[role].email),
      });
      assert.equal(t.status, 200, t.body);
      bearer[role] = t.json().access_token;
    }

    before(async () => {
      srv = await startProductionLike({
        db,
        env: { // Twilio configured (unreachable API), so the webhooks check their signature
          PLUMBLINE_TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
          PLUMBLINE_TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
          PLUMBLINE_TWILIO_FROM: '+15005550006',
          PLUMBLINE_TWILIO_API_BASE: 'http://127.0.0.1:9',
          PLUMBLINE_STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
          ...(testPayments ? { PLUMBLINE_TEST_PAYMENTS: 'on' } : {}),
        },
      });
      routes = await routeTable(srv.env);
      const a = newPlumber('aardvark');
      const b = newPlumber('badger');
      const u = newPlumber('unverified');
      people.plumberA = { plumber: a, email: a.email, password: a.password };
      people.plumberB = { plumber: b, email: b.email, password: b.password };
      people.unverified = { plumber: u, email: u.email, password: u.password };
      people.admin = { email: `root-${randomBytes(3).toString('hex')}@plumbline.example.com`, password: 'Admin-Pass-Quarry-8812' };
      clients.plumberA = await signUp(srv, a);
      clients.plumberB = await signUp(srv, b);
      clients.unverified = await signUp(srv, u, { verify: false });
      const made = await createAdmin(srv, people.admin.email, people.admin.password);
      assert.equal(made.code, 0, made.stderr);
      await relogin('admin');
      const support = await staffMember(srv, clients.admin, `desk-${randomBytes(3).toString('hex')}@plumbline.example.com`, 'support');
      people.support = { email: support.email, password: support.password };
      clients.support = support.client;
      clients.anonymous = new FormClient(srv.baseUrl);
      await clients.anonymous.get('/request');
      for (const role of ['plumberA', 'plumberB', 'admin', 'support']) await newBearer(role);
      const lead = await postJson(srv.baseUrl, jsonLead({ contact_method: 'email' }));
      assert.equal(lead.status, 201, lead.body);
      const home = await http(`${srv.baseUrl}/`);
      const asset = /\/static\/([^/"]+)\/([^"]+\.css)/.exec(home.body);
      assert.ok(asset, 'a stylesheet link on the home page');
      params.token = { 'GET /t/{token}': lead.location.slice(3), 'GET /t/{token}/sent': lead.location.slice(3) };
      params.name = mailbox(srv).find((m) => m.to.includes(a.email) && m.kind === 'verify_email').file;
      // Message templates: {name} is a template key on their routes, the mail file elsewhere.
      params.name = Object.fromEntries(Object.keys(EXPECTED).filter((k) => k.includes('{name}'))
        .map((k) => [k, k.includes('/templates/') ? 'email.lead_alert'
          : k.includes('/reports/') ? 'overview' : params.name]));
      params.hash = asset[1];
      params['path...'] = asset[2];
      params.claim_id = {}; // plumber routes: dummy claim ids (404)
      params.secret = {}; // issue 17: a dummy e-mail link secret (404 with the dummy token)
      params.slug = {}; // issue 17: a dummy slug names no plumber (404)
      params.key_id = {}; // issue 20: a dummy partner key id (404)
      // --- marketplace: {id} is plumber A's user id on the admin plumber routes ---
      const me = await http(`${srv.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${bearer.plumberA}` } });
      params.id = params.id || {};
      for (const key of Object.keys(EXPECTED))
        if (/\/admin\/plumbers\/\{id\}/.test(key)) params.id[key] = String(me.json().id);
    });
    after(async () => { await srv?.close(); });

    function concretePath(route) {
      return route.pattern.replace(/\{([^}]+)\}/g, (_, name) => {
        const v = params[name];
        if (v === undefined) throw new Error(`no value for {${name}} of ${route.key}: add one to params (a real object of plumber A)`);
        if (typeof v === 'string') return v;
        return v[route.key] ?? `dummy${randomBytes(16).toString('hex')}`;
      });
    }

    // The head of an event stream (the body never ends): {status, headers, location, body: ''}.
    async function streamHead(client, p, headers) {
      const ctrl = new AbortController();
      const res = await fetch(srv.baseUrl + p, {
        headers: { ...headers, cookie: client.cookieHeader() }, redirect: 'manual', signal: ctrl.signal,
      });
      const stream = (res.headers.get('content-type') || '').startsWith('text/event-stream');
      const body = stream ? '' : await res.text();
      ctrl.abort();
      return { status: res.status, headers: res.headers, location: res.headers.get('location'), body };
    }

    async function send(route, role, p) {
      const client = clients[role];
      const json = route.group.startsWith('api') || route.group === 'webhooks';
      const headers = {};
      if (BEARER_GROUPS.has(route.group) && bearer[role]) headers.authorization = `Bearer ${bearer[role]}`;
      if (STREAM_ROUTES.has(route.key)) return streamHead(client, p, headers);
      if (route.method === 'GET') return client.get(p, { headers });
      if (json) return client.request(route.method, p, { headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      return client.post(p, {}, { headers });
    }

    it('has an expected row for every route of the router, and no stale rows', () => {
      const keys = new Set(routes.map((r) => r.key));
      const missing = routes.filter((r) => !(r.key in EXPECTED)).map((r) => `add an entry for "${r.key}" (group ${r.group})`);
      const stale = Object.keys(EXPECTED).filter((k) => !keys.has(k)).map((k) => `remove the entry for "${k}": no such route`);
      assert.deepEqual([...missing, ...stale], []);
      assert.equal(routes.length, Object.keys(EXPECTED).length);
    });

    it('answers every route × role with the expected status, never leaking plumber A to others', async () => {
      const a = people.plumberA.plumber;
      const markers = [a.email, a.phone_e164, a.phone_e164.slice(2), a.phone, a.business_name, a.contact_name];
      const problems = [];
      let requests = 0;
      for (const route of routes) {
        const row = EXPECTED[route.key];
        if (!row) continue; // reported by the test above
        for (const [i, role] of ROLES.entries()) {
          const want = parseExpected(role === 'support' ? supportExpectation(route, row) : row[i]);
          const p = concretePath(route);
          if (want.location) want.location = want.location.replace('{path}', p);
          const res = await send(route, role, p);
          requests += 1;
          const where = `${route.key} as ${role}`;
          if (res.status !== want.status) problems.push(`${where}: ${res.status}, expected ${want.status} (${res.location || res.body.slice(0, 120)})`);
          else if (want.location !== null && res.location !== want.location) problems.push(`${where}: Location ${res.location}, expected ${want.location}`);
          if (SIGNED_IN_GROUPS.has(route.group) && res.headers.get('cache-control') !== 'no-store')
            problems.push(`${where}: Cache-Control ${res.headers.get('cache-control')}, expected no-store`);
          if (['anonymous', 'unverified', 'plumberB'].includes(role)) {
            const text = `${res.location || ''}\n${res.body}`;
            for (const m of markers) if (text.includes(m)) problems.push(`${where}: response shows plumber A's "${m}"`);
          }
          // A request may have ended the role's session (log-out): sign in again for the next route.
          if (role !== 'anonymous' && route.method !== 'GET' && !(await sessionAlive(srv, sessionOf(clients[role]))))
            await relogin(role);
          if (bearer[role] && route.method !== 'GET') {
            const still = await http(`${srv.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${bearer[role]}` } });
            if (still.status === 401) await newBearer(role);
          }
        }
      }
      assert.deepEqual(problems, []);
      assert.equal(requests, routes.length * ROLES.length);
    });

    it('answers /api/v1/me with the caller itself, and ignores session cookies there', async () => {
      for (const role of ['plumberA', 'plumberB', 'admin']) {
        const me = await http(`${srv.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${bearer[role]}` } });
        assert.equal(me.status, 200);
        assert.equal(me.json().email, people[role].email);
      }
      const cookieOnly = await http(`${srv.baseUrl}/api/v1/me`, { headers: { cookie: clients.plumberA.cookieHeader() } });
      assert.equal(cookieOnly.status, 401);
      assert.match(cookieOnly.headers.get('www-authenticate') || '', /^Bearer/);
      assert.ok(await sessionAlive(srv, sessionOf(clients.plumberA)), 'the cookie itself is alive');
    });

    if (!testPayments) {
      it('mounts the test-payment routes only with PLUMBLINE_TEST_PAYMENTS=on; off, their paths answer 404', async () => {
        const off = routes.map((r) => r.key);
        const on = (await routeTable({ ...srv.env, PLUMBLINE_TEST_PAYMENTS: 'on' })).map((r) => r.key);
        assert.deepEqual(on.filter((k) => !off.includes(k)).sort(), [...TEST_PAYMENT_ROUTES].sort());
        assert.deepEqual(off.filter((k) => !on.includes(k)), []);
        assert.equal(off.filter((k) => k.includes('/test-payments')).length, 0);
        for (const key of TEST_PAYMENT_ROUTES) {
          const [method, pattern] = key.split(' ');
          const p = pattern.replace('{path...}', 'v1/customers').replace('{id}', 'cs_test_1');
          for (const role of ROLES) {
            const res = method === 'GET' ? await clients[role].get(p) : await clients[role].post(p, {});
            assert.equal(res.status, 404, `${key} as ${role}: ${res.status}`);
          }
        }
      });
    }
  });
}

for (const [db, skip] of BACKENDS) matrixSuite(describe, db, skip, true);
// Off once (SQLite): the routes differ by configuration only, not by backend.
matrixSuite(describeOnce, 'sqlite', false, false);
