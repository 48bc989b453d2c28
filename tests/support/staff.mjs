// Test support for staff accounts: an admin invites someone on the Staff page; the invitee follows
// the e-mailed link, chooses a password, signs in and enrols two-factor, as a real one must.
import { randomBytes } from 'node:crypto';
import { FormClient } from './server.mjs';
import { linkPath, logIn, waitForMails } from './accounts.mjs';
import { enrolTwoFactor } from './two_factor.mjs';
import { query } from './db.mjs';
import { apiToken } from './marketplace.mjs';
import { waitFor } from './outbox.mjs';

export const STAFF_PASSWORD = 'Support-Desk-Quarry-4471';

// Where the invitation mail is read: mailsTo(address) → the mails to it so far ({kind, text, …}),
// oldest first. The default reads the server's .eml mailbox (no SMTP server configured); with
// maildev pass the marketplace's m.mailsTo, with the console's SMTP stand-in c.mailsTo.
const emlMailsTo = (srv) => (to) => waitForMails(srv, { to, count: 0 });

// The admin's FormClient posts the invitation; returns the invitation link's path.
export async function invite(srv, adminClient, email, role = 'support', { mailsTo = emlMailsTo(srv) } = {}) {
  const invitations = async () => (await mailsTo(email)).filter((x) => x.kind === 'staff_invite');
  const before = (await invitations()).length;
  await adminClient.get('/admin/staff');
  const res = await adminClient.post('/admin/staff/invite', { email, role });
  if (res.status !== 303) throw new Error(`invitation of ${email}: ${res.status} ${res.body.slice(0, 300)}`);
  const mails = await waitFor(async () => {
    const found = await invitations();
    return found.length > before ? found : null;
  }, { timeoutMs: 60000, what: `the staff invitation mail to ${email}` });
  return linkPath(mails[mails.length - 1], '/staff/invite/');
}

// The invitee chooses a password on the link's page (a fresh browser); returns the answer.
export async function acceptInvitation(srv, link, password = STAFF_PASSWORD) {
  const client = new FormClient(srv.baseUrl);
  await client.get('/request'); // a CSRF token even when the link's page is "not valid"
  await client.get(link);
  return client.post(link, { password, password_confirm: password });
}

// Invites, accepts, signs in and enrols two-factor; returns {email, password, id, client} with the
// client signed in again after enrolment. opts.mailsTo: see invite.
export async function staffMember(srv, adminClient, email, role = 'support', password = STAFF_PASSWORD, opts = {}) {
  const link = await invite(srv, adminClient, email, role, opts);
  const accepted = await acceptInvitation(srv, link, password);
  if (accepted.status !== 303) throw new Error(`accepting the invitation of ${email}: ${accepted.status} ${accepted.body.slice(0, 300)}`);
  await enrolTwoFactor(await logIn(srv, email, password), email);
  const client = await logIn(srv, email, password);
  const id = Number(query(srv, `SELECT id FROM users WHERE email = '${email.toLowerCase()}'`)[0][0]);
  return { email, password, id, client };
}

// A support agent as a real one comes to be: invited by the admin (adminClient, a signed-in admin
// FormClient), the invitation accepted, two-factor enrolled. Returns {email, password, id, client
// (signed-in FormClient, CSRF token loaded), token (API bearer, got with a second factor)}.
// opts: email (default a fresh support-…@plumbline.example.com), mailsTo (see invite).
export async function supportAgent(srv, adminClient, { email, mailsTo } = {}) {
  const address = email ?? `support-${randomBytes(4).toString('hex')}@plumbline.example.com`;
  const agent = await staffMember(srv, adminClient, address, 'support', STAFF_PASSWORD, mailsTo ? { mailsTo } : {});
  return { ...agent, token: await apiToken(srv, agent.email, agent.password) };
}

// Audit rows newer than `afterId` (id, action, target_type, target_id, actor_email), oldest first.
export function auditRowsAfter(srv, afterId) {
  return query(srv, `SELECT id, action, target_type, target_id, actor_email FROM audit_log WHERE id > ${Number(afterId)} ORDER BY id`)
    .map(([id, action, targetType, targetId, actorEmail]) => ({ id: Number(id), action, targetType, targetId, actorEmail }));
}

// The newest audit row's id (0 when none).
export function lastAuditId(srv) {
  return Number(query(srv, 'SELECT coalesce(max(id), 0) FROM audit_log')[0][0]);
}
