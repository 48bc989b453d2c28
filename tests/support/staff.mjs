// Test support: staff accounts other than the admin (a support agent made from a signed-up account).
import { execute } from './db.mjs';

// Makes account `id` a support agent. Until the support role's migration lands (another part of
// issue 15) the schema's role check refuses the value, so this lifts that check in the test's own
// database first (SQLite: for this one statement; PostgreSQL: the constraint is dropped).
export function makeSupport(srv, id) {
  const sql = `UPDATE users SET role = 'support' WHERE id = ${id}`;
  try {
    execute(srv, sql);
  } catch {
    execute(srv, srv.database.url.startsWith('sqlite:')
      ? `PRAGMA ignore_check_constraints = ON; ${sql};`
      : `ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check; ${sql};`);
  }
}
// Test support for staff accounts: an admin invites someone on the Staff page; the invitee follows
// the e-mailed link, chooses a password, signs in and enrols two-factor, as a real one must.
import { FormClient } from './server.mjs';
import { linkPath, logIn, waitForMails } from './accounts.mjs';
import { enrolTwoFactor } from './two_factor.mjs';
import { query } from './db.mjs';

export const STAFF_PASSWORD = 'Support-Desk-Quarry-4471';

// The admin's FormClient posts the invitation; returns the invitation link's path.
export async function invite(srv, adminClient, email, role = 'support') {
  const before = (await waitForMails(srv, { to: email, kind: 'staff_invite', count: 0 })).length;
  await adminClient.get('/admin/staff');
  const res = await adminClient.post('/admin/staff/invite', { email, role });
  if (res.status !== 303) throw new Error(`invitation of ${email}: ${res.status} ${res.body.slice(0, 300)}`);
  const mails = await waitForMails(srv, { to: email, kind: 'staff_invite', count: before + 1 });
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
// client signed in again after enrolment.
export async function staffMember(srv, adminClient, email, role = 'support', password = STAFF_PASSWORD) {
  const link = await invite(srv, adminClient, email, role);
  const accepted = await acceptInvitation(srv, link, password);
  if (accepted.status !== 303) throw new Error(`accepting the invitation of ${email}: ${accepted.status} ${accepted.body.slice(0, 300)}`);
  await enrolTwoFactor(await logIn(srv, email, password), email);
  const client = await logIn(srv, email, password);
  const id = Number(query(srv, `SELECT id FROM users WHERE email = '${email.toLowerCase()}'`)[0][0]);
  return { email, password, id, client };
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
