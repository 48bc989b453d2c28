// Test support for the console's messages and system status (issue 15, points 7 and 8): a server
// whose SMTP server refuses every recipient until told to accept it, an admin, and the staff and
// plumber tokens the tests use.
//
//   const c = await startConsole({ db });   // c.srv, c.smtp, c.m (marketplace helpers), c.accept
//   const email = await deadConfirmation(c, 'rcpt');   // a homeowner whose confirmation went dead
//   await c.close();
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { jsonLead, postJson, startServer } from './server.mjs';
import { startSmtpReject } from './smtp-reject.mjs';
import { api, apiJson, formFields, newPlumber, parseMail, PASSWORD } from './accounts.mjs';
import { supportAgent } from './staff.mjs';
import { apiToken, marketplaceOn } from './marketplace.mjs';
import { execute, query } from './db.mjs';
import { uniqueEmail, waitFor } from './outbox.mjs';

// rule per recipient: addresses in `accept` are taken; "later…" get 451 (the message stays pending
// and is retried after a backoff); everything else 550 (dead after one attempt).
export async function startConsole({ db = 'sqlite', env = {} } = {}) {
  const accept = new Set();
  const smtp = await startSmtpReject({
    rule: (rcpt) => (accept.has(rcpt) ? 'accept' : rcpt.startsWith('later') ? 'temp' : 'rcpt'),
  });
  let srv;
  try {
    srv = await startServer({ db, env: { PLUMBLINE_SMTP_URL: smtp.url, ...env } });
    const m = await marketplaceOn(srv);
    return {
      srv, smtp, m, accept,
      // The mails the SMTP stand-in took for `to` (an address in `accept`), oldest first, parsed
      // like the .eml mailbox's (for support/staff.mjs's invitations: mailsTo).
      mailsTo: async (to) => smtp.sessions.flatMap((x) => x.messages).map(parseMail).filter((x) => x.to.includes(to)),
      async close() { try { await srv.close(); } finally { await smtp.close(); } },
    };
  } catch (e) {
    try { await srv?.close(); } finally { await smtp.close(); }
    throw e;
  }
}

// A homeowner request by the API with this e-mail address; returns its lead id.
export async function requestWithEmail(srv, email) {
  const res = await postJson(srv.baseUrl, jsonLead({ email }));
  assert.equal(res.status, 201, `POST /api/v1/leads: ${res.status} ${res.body.slice(0, 300)}`);
  return res.json().id;
}

// The console's JSON list as the admin (or `token`) sees it.
export async function listMessages(c, params = {}, token = c.m.admin.token) {
  const qs = new URLSearchParams(params).toString();
  const r = await api(c.srv, 'GET', `/api/v1/admin/messages${qs ? `?${qs}` : ''}`, { token });
  assert.equal(r.status, 200, `list: ${r.status} ${r.body}`);
  return r.json();
}

// Waits until the admin's list shows the message to `email` with a status pred accepts.
export async function waitForMessageTo(c, email, pred, what = 'message') {
  return waitFor(async () => {
    const { messages } = await listMessages(c, { limit: 200 });
    const found = messages.find((x) => x.recipient === email);
    return found && pred(found) ? found : null;
  }, { timeoutMs: 60000, what: `${what} to ${email}` });
}

// A homeowner whose confirmation e-mail was refused (550): {email, message}.
export async function deadConfirmation(c, tag = 'rcpt') {
  const email = uniqueEmail(tag).replace(/^ada@/, `${tag}@`);
  await requestWithEmail(c.srv, email);
  const message = await waitForMessageTo(c, email, (x) => x.status === 'dead', 'dead message');
  return { email, message };
}

// A verified plumber's API token (signed up by the API, e-mail confirmed in the database).
export async function plumberToken(c) {
  const p = newPlumber('console');
  const r = await apiJson(c.srv, 'POST', '/api/v1/auth/signup', formFields(p));
  assert.equal(r.status, 201, `signup: ${r.status} ${r.body}`);
  execute(c.srv, `UPDATE users SET email_verified_at = 1 WHERE email = '${p.email}'`);
  return apiToken(c.srv, p.email, PASSWORD);
}

// A support agent of the console's server (support/staff.mjs: invited by the admin, two-factor
// enrolled): the SMTP stand-in takes its mail. {email, password, id, token, client}.
export async function consoleSupportAgent(c) {
  const email = `support-${randomBytes(3).toString('hex')}@plumbline.example.com`;
  c.accept.add(email);
  return supportAgent(c.srv, await c.m.adminClient(), { email, mailsTo: c.mailsTo });
}

// The audit rows of one action on one message: [{reason, actor_email, before, after}].
export function auditRows(srv, action, id) {
  return query(srv, `SELECT reason, actor_email, before_json, after_json FROM audit_log WHERE action = '${action}' `
    + `AND target_type = 'message' AND target_id = '${id}' ORDER BY id`)
    .map(([reason, actor_email, before, after]) => ({ reason, actor_email, before, after }));
}
