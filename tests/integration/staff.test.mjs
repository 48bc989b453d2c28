// Staff roles and the audit trail over HTTP: an invitation from e-mail link to console, what a
// support agent may and may not do, role changes and removal, security events on the audit page
// and in its CSV, the audit filters, and paging without gaps.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS, FormClient, decodeHtml } from '../support/server.mjs';
import {
  PASSWORD, api, grantCredits, marketplaceOn, pendingDispute, signUpPlumber,
} from '../support/marketplace.mjs';
import { logIn, passwordStep, sessionAlive, sessionOf, startProductionLike } from '../support/accounts.mjs';
import { enrolTwoFactor, nextSecondFactor } from '../support/two_factor.mjs';
import { execute, query } from '../support/db.mjs';
import {
  STAFF_PASSWORD, acceptInvitation, auditRowsAfter, invite, lastAuditId, staffMember,
} from '../support/staff.mjs';

const unique = (tag) => `${tag}-${randomBytes(4).toString('hex')}@staff.example.com`;

// The ids of the rows on an audit page (its <tr id="audit-N">), in page order.
const pageIds = (html) => [...html.matchAll(/<tr id="audit-(\d+)"/g)].map((m) => Number(m[1]));
const olderLink = (html) => {
  const m = /<a href="([^"]+)" id="audit-older"/.exec(html);
  return m ? decodeHtml(m[1]) : null;
};

for (const [db, skip] of BACKENDS) {
  describe(`staff and the audit trail (${db})`, { skip }, () => {
    let srv;
    let m;
    let admin; // the admin's signed-in browser

    before(async () => {
      srv = await startProductionLike({ db });
      m = await marketplaceOn(srv, { adminPassword: PASSWORD });
      admin = await logIn(srv, m.admin.email, PASSWORD);
    });
    after(async () => { await srv?.close(); });

    it('takes an invitee from the e-mailed link to the console, with two-factor set up first', async () => {
      const email = unique('newcomer');
      const link = await invite(srv, admin, email, 'support');
      const row = query(srv, `SELECT role, email_verified_at IS NULL FROM users WHERE email = '${email}'`);
      assert.deepEqual(row, [['support', db === 'sqlite' ? '1' : 't']], 'an unverified support account, no password yet');
      // No password works before the invitation is accepted.
      assert.equal((await passwordStep(srv, email, STAFF_PASSWORD)).res.status, 401);
      const page = await new FormClient(srv.baseUrl).get(link);
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(email.replace(/[.+]/g, '\\$&')));
      // A weak password is refused without spending the link.
      const weak = await acceptInvitation(srv, link, 'password');
      assert.equal(weak.status, 422);
      const accepted = await acceptInvitation(srv, link);
      assert.equal(accepted.status, 303);
      assert.equal(accepted.location, '/login?invited=1');
      assert.equal((await acceptInvitation(srv, link, 'Another-Long-Pass-7781')).status, 404, 'the link works once');
      // Signed in, the console waits for two-factor set-up.
      const client = await logIn(srv, email, STAFF_PASSWORD);
      const first = await client.get('/admin');
      assert.equal(first.status, 303);
      assert.equal(first.location, '/account/two-factor');
      await enrolTwoFactor(client, email);
      const again = await logIn(srv, email, STAFF_PASSWORD);
      const console = await again.get('/admin');
      assert.equal(console.status, 200);
      assert.match(console.body, /href="\/admin"[^>]*>Admin</, 'the nav links the console for support staff');
      const actions = query(srv, `SELECT action FROM audit_log WHERE target_id = (SELECT CAST(id AS TEXT) FROM users WHERE email = '${email}') ORDER BY id`).map((r) => r[0]);
      // The password tried before the invitation was accepted failed, and is on the record too.
      assert.deepEqual(actions.slice(0, 4), ['staff.invite', 'auth.sign_in_failed', 'auth.password_set', 'auth.sign_in']);
      assert.ok(actions.includes('auth.two_factor_enabled'), actions.join());
    });

    it("refuses an invitation to a plumber's address, an unknown role or a bad address, creating nothing", async () => {
      const p = await signUpPlumber(m, 'notstaff');
      const users = query(srv, 'SELECT count(*) FROM users')[0][0];
      const audits = lastAuditId(srv);
      await admin.get('/admin/staff');
      const plumber = await admin.post('/admin/staff/invite', { email: p.email, role: 'support' });
      assert.equal(plumber.status, 409);
      assert.match(decodeHtml(plumber.body), /belongs to a plumber account/);
      assert.equal((await admin.post('/admin/staff/invite', { email: unique('x'), role: 'owner' })).status, 422);
      assert.equal((await admin.post('/admin/staff/invite', { email: 'not-an-address', role: 'support' })).status, 422);
      assert.equal(query(srv, 'SELECT count(*) FROM users')[0][0], users);
      assert.equal(lastAuditId(srv), audits);
      assert.equal(query(srv, `SELECT role FROM users WHERE email = '${p.email}'`)[0][0], 'plumber');
    });

    it('lets support read and decide disputes but refuses money, settings, roles and closure', async () => {
      const support = await staffMember(srv, admin, unique('agent'), 'support');
      const p = await signUpPlumber(m, 'target');
      const before = lastAuditId(srv);
      const refused = [
        ['POST', `/admin/plumbers/${p.id}/credits`, { amount: '5', reason: 'Try' }],
        ['POST', `/admin/plumbers/${p.id}/plan`, { status: 'active' }],
        ['POST', `/admin/plumbers/${p.id}/close`, { reason: 'Try' }],
        ['POST', '/admin/plans/starter', { name: 'Starter', price: '1', monthly_credits: '5', active: 'yes' }],
        ['POST', '/admin/staff/invite', { email: unique('sneaky'), role: 'admin' }],
        ['POST', `/admin/staff/${support.id}/role`, { role: 'admin' }],
        ['GET', '/admin/billing'], ['GET', '/admin/staff'], ['GET', '/admin/audit'], ['GET', '/admin/audit.csv'],
      ];
      for (const [method, path, fields] of refused) {
        const res = method === 'GET' ? await support.client.get(path) : await support.client.post(path, fields);
        assert.equal(res.status, 403, `${method} ${path} as support: ${res.status}`);
      }
      const token = (await api(srv, 'POST', '/api/v1/auth/token', {
        body: { email: support.email, password: support.password, totp: await nextSecondFactor(support.email) },
      })).json().access_token;
      assert.equal((await api(srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, { token, body: { amount: 5, reason: 'x' } })).status, 403);
      assert.equal((await api(srv, 'GET', '/api/v1/admin/audit', { token })).status, 403);
      assert.equal((await api(srv, 'GET', '/api/v1/admin/plumbers', { token })).status, 200, 'support reads');
      assert.deepEqual(auditRowsAfter(srv, before).filter((r) => !r.action.startsWith('auth.')), [], 'nothing refused was recorded as done');
      assert.equal(query(srv, `SELECT role FROM users WHERE id = ${support.id}`)[0][0], 'support');
      // A dispute decision is support's to make, and it is recorded as theirs.
      assert.equal((await support.client.get('/admin/disputes')).status, 200);
      const d = await pendingDispute(m, { tag: 'supportcase' });
      const mark = lastAuditId(srv);
      const ok = await support.client.post(`/admin/disputes/${d.disputeId}/approve`, {});
      assert.equal(ok.status, 303);
      const rows = auditRowsAfter(srv, mark);
      assert.deepEqual(rows.map((r) => [r.action, r.targetType, r.targetId, r.actorEmail]),
        [['dispute.approve', 'dispute', String(d.disputeId), support.email]]);
    });

    it('changes roles and removes access with audit rows; nobody changes or removes themselves', async () => {
      const helper = await staffMember(srv, admin, unique('helper'), 'support');
      const adminId = Number(query(srv, `SELECT id FROM users WHERE email = '${m.admin.email}'`)[0][0]);
      const mark = lastAuditId(srv);
      const self = await admin.post(`/admin/staff/${adminId}/role`, { role: 'support' });
      assert.equal(self.status, 403);
      assert.match(decodeHtml(self.body), /cannot change your own role/);
      assert.equal((await admin.post(`/admin/staff/${adminId}/remove`, { reason: 'me' })).status, 403);
      assert.equal((await admin.post('/admin/staff/999999/role', { role: 'admin' })).status, 404);
      assert.equal((await admin.post(`/admin/staff/${helper.id}/role`, { role: 'owner' })).status, 422);
      assert.deepEqual(auditRowsAfter(srv, mark), []);
      assert.equal(query(srv, `SELECT role FROM users WHERE id = ${adminId}`)[0][0], 'admin');

      assert.equal((await admin.post(`/admin/staff/${helper.id}/role`, { role: 'admin', reason: 'Runs billing now' })).status, 303);
      assert.equal(query(srv, `SELECT role FROM users WHERE id = ${helper.id}`)[0][0], 'admin');
      const change = query(srv, `SELECT action, reason, before_json, after_json FROM audit_log WHERE id > ${mark} ORDER BY id`);
      assert.deepEqual(change, [['staff.role_change', 'Runs billing now', '{"role":"support"}', '{"role":"admin"}']]);
      // The new admin now reaches the admin-only pages.
      assert.equal((await helper.client.get('/admin/staff')).status, 200);

      const removed = await admin.post(`/admin/staff/${helper.id}/remove`, { reason: 'Left the company' });
      assert.equal(removed.status, 303);
      assert.equal(await sessionAlive(srv, sessionOf(helper.client)), false, 'their sessions ended');
      assert.equal((await passwordStep(srv, helper.email, helper.password)).res.status, 401, 'and they cannot sign in');
      const list = await admin.get('/admin/staff');
      assert.doesNotMatch(list.body, new RegExp(helper.email.replace(/[.+]/g, '\\$&')));
      assert.deepEqual(query(srv, `SELECT target_id, reason FROM audit_log WHERE id > ${mark} AND action = 'staff.remove'`),
        [[String(helper.id), 'Left the company']]);
      // The removed account's failed attempt above is recorded like any unknown address's.
      assert.equal(query(srv, `SELECT count(*) FROM audit_log WHERE id > ${mark} AND action = 'auth.sign_in_failed' AND actor_email = '${helper.email}'`)[0][0], '1');
    });

    it('records sign-ins, failed passwords and failed second factors, shown on the audit page and in the CSV', async () => {
      const agent = await staffMember(srv, admin, unique('events'), 'support');
      const stranger = unique('nobody');
      const mark = lastAuditId(srv);
      assert.equal((await passwordStep(srv, stranger, 'Wrong-Password-1234')).res.status, 401);
      assert.equal((await passwordStep(srv, agent.email, 'Wrong-Password-1234')).res.status, 401);
      const step = await passwordStep(srv, agent.email, agent.password);
      assert.equal(step.res.status, 303);
      await step.client.get(step.res.location);
      assert.equal((await step.client.post('/login/two-factor', { code: '000000' })).status, 401);
      await logIn(srv, agent.email, agent.password);
      const rows = query(srv, `SELECT action, actor_user_id, actor_email FROM audit_log WHERE id > ${mark} ORDER BY id`);
      assert.deepEqual(rows, [
        ['auth.sign_in_failed', '', stranger], // no account: the address typed, no user id
        ['auth.sign_in_failed', String(agent.id), agent.email],
        ['auth.second_factor_failed', String(agent.id), agent.email],
        ['auth.sign_in', String(agent.id), agent.email],
      ]);
      const page = await admin.get('/admin/audit?action=auth.');
      assert.equal(page.status, 200);
      const ids = pageIds(page.body);
      for (const id of auditRowsAfter(srv, mark).map((r) => r.id)) assert.ok(ids.includes(id), `row ${id} on the page`);
      const byStranger = await admin.get(`/admin/audit?actor=${encodeURIComponent(stranger)}`);
      assert.equal(pageIds(byStranger.body).length, 1);
      const csv = await admin.get(`/admin/audit.csv?actor=${agent.id}&action=auth.`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type'), /^text\/csv/);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines[0], 'id,at_utc,actor_user_id,actor_email,actor_role,action,target_type,target_id,reason,before,after,ip');
      const csvActions = lines.slice(1).map((l) => l.split(',')[5].replace(/"/g, ''));
      assert.ok(csvActions.includes('auth.second_factor_failed'), csvActions.join());
      assert.ok(csvActions.every((a) => a.startsWith('auth.')), csvActions.join());
      assert.equal(lines.length - 1, Number(query(srv, `SELECT count(*) FROM audit_log WHERE actor_user_id = ${agent.id} AND action LIKE 'auth.%'`)[0][0]));
    });

    it('filters by action, target, actor and local dates, and refuses filters it cannot read', async () => {
      const p = await signUpPlumber(m, 'filtered');
      await grantCredits(m, p, 7, 'Filter test');
      const target = await admin.get(`/admin/audit?target_type=plumber&target_id=${p.id}`);
      assert.equal(target.status, 200);
      assert.equal(pageIds(target.body).length, 1);
      assert.match(target.body, /plumber\.credits/);
      assert.match(target.body, new RegExp(`href="/admin/plumbers/${p.id}"`), 'the target links to its page');
      assert.match(decodeHtml(target.body), /\{"balance":0\}/);
      const none = await admin.get('/admin/audit?from=2099-01-01');
      assert.equal(pageIds(none.body).length, 0);
      const since = await admin.get('/admin/audit?from=2020-01-01&action=plumber.credits');
      assert.ok(pageIds(since.body).length >= 1);
      for (const bad of ['from=2026-02-30', 'to=yesterday', 'actor=somebody', 'before_id=-4']) {
        const res = await admin.get(`/admin/audit?${bad}`);
        assert.equal(res.status, 422, bad);
        assert.equal(pageIds(res.body).length, 0, bad);
        assert.equal((await admin.get(`/admin/audit.csv?${bad}`)).status, 422, `CSV ${bad}`);
      }
    });

    it('pages newest first with no gaps or repeats, on the page, in the API and in the CSV', async () => {
      const n = 123;
      const values = Array.from({ length: n }, (_, i) => `(${1700000000000 + i}, 'test.paging', 'lead', '${i}')`).join(', ');
      execute(srv, `INSERT INTO audit_log (at, action, target_type, target_id) VALUES ${values}`);
      const want = query(srv, "SELECT id FROM audit_log WHERE action = 'test.paging' ORDER BY id DESC").map((r) => Number(r[0]));
      assert.equal(want.length, n);
      const seen = [];
      for (let next = '/admin/audit?action=test.paging', pages = 0; next; pages += 1) {
        assert.ok(pages < 10, 'paging ends');
        const page = await admin.get(next);
        assert.equal(page.status, 200);
        seen.push(...pageIds(page.body));
        next = olderLink(page.body);
      }
      assert.deepEqual(seen, want);

      const token = (await api(srv, 'POST', '/api/v1/auth/token', {
        body: { email: m.admin.email, password: PASSWORD, totp: await nextSecondFactor(m.admin.email) },
      })).json().access_token;
      const viaApi = [];
      for (let before = null, pages = 0; pages < 10; pages += 1) {
        const r = await api(srv, 'GET', `/api/v1/admin/audit?action=test.paging&limit=40${before ? `&before_id=${before}` : ''}`, { token });
        assert.equal(r.status, 200, r.body);
        viaApi.push(...r.json().entries.map((e) => e.id));
        before = r.json().next_before_id;
        if (!before) break;
      }
      assert.deepEqual(viaApi, want);
      const csv = await admin.get('/admin/audit.csv?action=test.paging');
      const csvIds = csv.body.trim().split('\r\n').slice(1).map((l) => Number(l.split(',')[0].replace(/"/g, '')));
      assert.deepEqual(csvIds, want);
      // The CSV ignores the page's before_id: it is always the whole filtered set.
      const csvOlder = await admin.get(`/admin/audit.csv?action=test.paging&before_id=${want[10]}`);
      assert.equal(csvOlder.body.trim().split('\r\n').length - 1, n);
    });

    it('streams a CSV longer than one batch whole: 1,000 rows are two full batches of 500', async () => {
      const n = 1000;
      const values = Array.from({ length: n }, (_, i) => `(${1700000000000 + i}, 'test.csvbatch', 'lead', '${i}')`).join(', ');
      execute(srv, `INSERT INTO audit_log (at, action, target_type, target_id) VALUES ${values}`);
      const want = query(srv, "SELECT id FROM audit_log WHERE action = 'test.csvbatch' ORDER BY id DESC").map((r) => Number(r[0]));
      const csv = await admin.get('/admin/audit.csv?action=test.csvbatch');
      assert.equal(csv.status, 200);
      const ids = csv.body.trim().split('\r\n').slice(1).map((l) => Number(l.split(',')[0].replace(/"/g, '')));
      assert.deepEqual(ids, want, 'every row once, newest first, across the batches');
    });
  });
}
