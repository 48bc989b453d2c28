// Test support for the marketplace suites: a server with maildev, an admin, plumbers signed up, verified, profiled, approved, funded and on a plan.
//
//   const m = await startMarketplace({ db });          // server + maildev sink + admin (API token)
//   const p = await readyPlumber(m, 'ace');             // able to claim leads in 94110 (25 miles)
//   p.client (FormClient, signed in), p.token (API bearer), p.id, p.email, p.business_name …
//   await m.close();
//
// Every helper also works without maildev (startMarketplace({ maildev: false })): mail is then
// read from the server's .eml mailbox.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FormClient, sleep, startServer } from './server.mjs';
import { startMaildev } from './maildev.mjs';
import {
  PASSWORD, api, createAdmin, linkPath, logIn, newPlumber, signUp, waitForMails,
} from './accounts.mjs';
import { nextSecondFactor } from './two_factor.mjs';

export { PASSWORD, api };
export const ADMIN_PASSWORD = 'Admin-Pass-Quarry-8812';

// An API access token for e-mail + password.
export async function apiToken(srv, email, password = PASSWORD) {
  const r = await api(srv, 'POST', '/api/v1/auth/token', { body: { email, password, totp: await nextSecondFactor(email) } });
  assert.equal(r.status, 200, `token for ${email}: ${r.status} ${r.body}`);
  return r.json().access_token;
}

// Starts the server (SMTP to a fresh maildev unless maildev: false) and creates an admin.
// Returns {srv, sink, admin: {email, password, id, token}, adminClient(), mailsTo(), waitForMailsTo(), close()}.
export async function startMarketplace({ db = 'sqlite', env = {}, maildev = true } = {}) {
  const sink = maildev ? await startMaildev() : null;
  let srv;
  try {
    srv = await startServer({
      db,
      env: {
        ...(sink ? { PLUMBLINE_SMTP_URL: sink.smtpUrl } : {}),
        PLUMBLINE_MAIL_FROM: 'Plumbline Test <notify@plumbline.example.com>',
        ...env,
      },
    });
  } catch (e) {
    await sink?.close();
    throw e;
  }
  try {
    return await marketplaceOn(srv, { sink });
  } catch (e) {
    try { await srv.close(); } finally { await sink?.close(); }
    throw e;
  }
}

// The same helpers around a server started elsewhere (mail from `sink`, or the .eml mailbox when
// null); creates an admin with `adminPassword`. close() stops the server and the sink.
export async function marketplaceOn(srv, { sink = null, adminPassword = ADMIN_PASSWORD } = {}) {
  const m = {
    srv,
    sink,
    admin: null,
    // A fresh browser signed in as the admin (session cookie and bound CSRF token loaded).
    adminClient: () => logIn(srv, m.admin.email, m.admin.password),
    // Every mail to `address` as {to, subject, text, html, kind}, oldest first.
    mailsTo: (address) => mailsTo(m, address),
    // Waits until pred(mails to address) holds; returns the mails.
    waitForMailsTo: (address, pred = (ms) => ms.length > 0, opts = {}) => waitForMailsTo(m, address, pred, opts),
    async close() {
      try { await srv.close(); } finally { await sink?.close(); }
    },
  };
  const email = `admin-${randomBytes(3).toString('hex')}@plumbline.example.com`;
  const made = await createAdmin(srv, email, adminPassword);
  assert.equal(made.code, 0, `create-admin: ${made.stderr}`);
  const token = await apiToken(srv, email, adminPassword);
  m.admin = { email, password: adminPassword, token, id: await userIdOf(srv, token) };
  return m;
}

function normalise(mail) {
  return {
    to: (mail.to || []).map((t) => t.address).join(', '),
    subject: mail.subject || '',
    text: mail.text || '',
    html: mail.html || '',
    kind: (mail.headers && (mail.headers['x-plumbline-kind'] || mail.headers['X-Plumbline-Kind'])) || '',
    raw: mail,
  };
}

async function mailsTo(m, address) {
  if (m.sink) return (await m.sink.to(address)).map(normalise);
  return waitForMails(m.srv, { to: address, count: 0 });
}

async function waitForMailsTo(m, address, pred, { timeoutMs = 60000, what } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(m, address);
    if (pred(mails)) return mails;
    if (Date.now() > deadline) {
      const seen = mails.map((x) => `"${x.subject}"`).join(', ') || 'none';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what || 'mail'} to ${address} (have: ${seen})`);
    }
    await sleep(100);
  }
}

// The /verify/ link of the verification mail to `email` (maildev or .eml).
export async function verificationLink(m, email) {
  const mails = await m.waitForMailsTo(email, (ms) => ms.some((x) => /\/verify\//.test(x.text)),
    { what: 'the verification e-mail' });
  return linkPath(mails.find((x) => /\/verify\//.test(x.text)), '/verify/');
}

// Signs a plumber up by the form and verifies the address from the e-mail (maildev or .eml).
// Returns {…newPlumber fields, id, client (signed-in FormClient), token (API)}.
export async function signUpPlumber(m, tag = 'pat', overrides = {}) {
  const p = newPlumber(tag, overrides);
  const client = await signUp(m.srv, p, { verifyLink: (email) => verificationLink(m, email) });
  const token = await apiToken(m.srv, p.email, p.password);
  return { ...p, id: await userIdOf(m.srv, token), client, token };
}

// The user id behind an API token (GET /api/v1/me).
export async function userIdOf(srv, token) {
  const me = await api(srv, 'GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.body);
  return me.json().id;
}

// A complete profile (PUT /api/v1/profile body) that approval accepts: serves 94110 ± 25 miles.
export function completeProfile(p, overrides = {}) {
  return {
    business_name: p.business_name,
    contact_name: p.contact_name,
    phone: p.phone,
    licence_number: `C36-${String(100000 + Math.floor(Math.random() * 899999))}`,
    licence_state: 'CA',
    insurance_carrier: 'Golden State Mutual',
    insurance_expires_on: '2030-12-31',
    years_in_business: 12,
    description: 'Family-run plumbing shop: leaks, drains, water heaters and repiping.',
    services: ['leak_repair', 'drain_cleaning', 'water_heater', 'repiping'],
    base_zip: '94110',
    radius_miles: 25,
    extra_zips: [],
    ...overrides,
  };
}

// Saves the plumber's profile through the API; returns the saved profile body.
export async function fillProfile(m, p, overrides = {}) {
  const profile = completeProfile(p, overrides);
  const r = await api(m.srv, 'PUT', '/api/v1/profile', { token: p.token, body: profile });
  assert.equal(r.status, 200, `PUT /api/v1/profile for ${p.email}: ${r.status} ${r.body}`);
  p.profile = profile;
  return r.json();
}

export const LICENCE_CHECKED_ON = '2026-11-20';
export const INSURANCE_VALID_UNTIL = '2030-12-31';

// The admin approves the plumber (API) with the verification dates; `status` is the answer
// expected (null: any, for approvals that may be refused). Returns the response.
export async function approvePlumber(m, p, {
  licence_verified_on = LICENCE_CHECKED_ON, insurance_valid_until = INSURANCE_VALID_UNTIL, status = 200,
} = {}) {
  const r = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id ?? p}/approve`, {
    token: m.admin.token, body: { licence_verified_on, insurance_valid_until },
  });
  if (status !== null) assert.equal(r.status, status, `approve ${p.email ?? p}: ${r.status} ${r.body}`);
  return r;
}

// The admin grants (amount > 0) or takes away (< 0) credits; returns the response body ({balance}).
export async function grantCredits(m, p, amount, reason = 'Test credits') {
  const r = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id ?? p}/credits`, {
    token: m.admin.token, body: { amount, reason },
  });
  assert.equal(r.status, 200, `credits for ${p.email ?? p}: ${r.status} ${r.body}`);
  return r.json();
}

// The admin sets the plan flag (none | active | past_due | canceled).
export async function setPlan(m, p, status = 'active') {
  const r = await api(m.srv, 'PUT', `/api/v1/admin/plumbers/${p.id ?? p}/plan`, {
    token: m.admin.token, body: { status },
  });
  assert.equal(r.status, 200, `plan ${status} for ${p.email ?? p}: ${r.status} ${r.body}`);
  return r.json();
}

// A plumber who can claim: signed up, verified, complete profile, approved, `credits` credits,
// plan active. Options: profile (overrides), credits (default 20), plan (default 'active').
export async function readyPlumber(m, tag = 'pat', { profile = {}, credits = 20, plan = 'active', signup = {} } = {}) {
  const p = await signUpPlumber(m, tag, signup);
  await fillProfile(m, p, profile);
  await approvePlumber(m, p);
  if (credits) await grantCredits(m, p, credits, 'Welcome credits');
  if (plan) await setPlan(m, p, plan);
  return p;
}

// The plumber's credit balance from GET /api/v1/credits.
export async function balanceOf(m, p) {
  const r = await api(m.srv, 'GET', '/api/v1/credits', { token: p.token });
  assert.equal(r.status, 200, `GET /api/v1/credits: ${r.status} ${r.body}`);
  return r.json().balance;
}

// A homeowner's request by form; returns {token, path (/t/<token>), client (the homeowner's browser)}.
export async function submitLead(m, fields) {
  const client = new FormClient(m.srv.baseUrl);
  const res = await client.submit(fields);
  assert.equal(res.status, 303, `lead form: ${res.status} ${res.body.slice(0, 300)}`);
  const match = /^\/t\/([A-Za-z0-9_-]+)\/sent$/.exec(res.location || '');
  assert.ok(match, `redirect to /t/<token>/sent, got ${res.location}`);
  await client.get(`/t/${match[1]}`); // the tracking page's CSRF token
  return { token: match[1], path: `/t/${match[1]}`, client };
}

// The id of the lead at a tracking token, as the admin sees it through the plumber's matches:
// the newest available lead of plumber p (GET /api/v1/leads/available?sort=newest).
export async function newestAvailableLead(m, p) {
  const r = await api(m.srv, 'GET', '/api/v1/leads/available?sort=newest', { token: p.token });
  assert.equal(r.status, 200, `available leads: ${r.status} ${r.body}`);
  const body = r.json();
  const list = body.leads || body.data || body.items || [];
  return list[0];
}

// The plumber claims a lead through the API; returns the response.
export function claimLead(m, p, leadId) {
  return api(m.srv, 'POST', `/api/v1/leads/${leadId}/claim`, { token: p.token, body: {} });
}

// A plumber with a complete profile, waiting for review.
export async function profiledPlumber(m, tag = 'pro', profile = {}) {
  const p = await signUpPlumber(m, tag);
  await fillProfile(m, p, profile);
  return p;
}

// The id in a claim response (201 from POST /api/v1/leads/{id}/claim).
export function claimIdOf(body) {
  return body.claim?.id ?? body.id;
}

// The plumber disputes a claim through the API; returns the response.
export function disputeClaim(m, p, claimId, reason = 'wrong_contact', details = 'The phone number is not in service.') {
  return api(m.srv, 'POST', `/api/v1/claims/${claimId}/dispute`, { token: p.token, body: { reason, details } });
}

// A pending dispute: a new ready plumber claims a new lead in 94110 and disputes it.
// Returns {plumber, leadId, claimId, disputeId, price, lead (the form fields)}.
export async function pendingDispute(m, { tag = 'disputer', reason = 'wrong_contact', lead = {} } = {}) {
  const plumber = await readyPlumber(m, tag);
  const fields = validLeadFor(lead);
  await submitLead(m, fields);
  const card = await newestAvailableLead(m, plumber);
  assert.ok(card, 'the new lead is available to the plumber');
  const leadId = card.id ?? card.lead_id;
  const claim = await claimLead(m, plumber, leadId);
  assert.equal(claim.status, 201, `claim: ${claim.status} ${claim.body}`);
  const claimId = claimIdOf(claim.json());
  const d = await disputeClaim(m, plumber, claimId, reason);
  assert.ok(d.status === 201 || d.status === 200, `dispute: ${d.status} ${d.body}`);
  const body = d.json();
  return { plumber, leadId, claimId, disputeId: body.dispute?.id ?? body.id, price: card.price_credits, lead: fields };
}

let leadCounter = randomBytes(2).readUInt16BE() % 5000;
// A valid lead form for 94110 with a phone number no other test uses (never a duplicate).
export function validLeadFor(overrides = {}) {
  leadCounter = (leadCounter + 1) % 10000;
  const lead = {
    service_type: 'leak_repair',
    description: 'Water is dripping from the ceiling under the upstairs bathroom.',
    urgency: 'within_24h',
    zip: '94110',
    address: '500 Guerrero St',
    name: 'Grace Homeowner',
    phone: `(628) 555-${String(leadCounter).padStart(4, '0')}`,
    email: `grace-${randomBytes(3).toString('hex')}@homeowners.example.com`,
    contact_method: 'phone',
    best_time: 'Mornings',
    consent: 'yes',
    send_anyway: 'yes', // when no plumber covers the ZIP the form asks first: send it all the same
    ...overrides,
  };
  // Questions per service (issue 17): the questions of this service were shown (no second step).
  if (!('questions_for' in overrides)) lead.questions_for = lead.service_type;
  return lead;
}
