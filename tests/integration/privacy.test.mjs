// Privacy (issue 12) over real HTTP, checked in the database from outside: "Delete my details" on the
// tracking page, plumber account closure (Account page, admin) and its anonymisation by the worker,
// and the data export ZIP from Account and GET /api/v1/me/export.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKENDS, sleep } from '../support/server.mjs';
import { apiJson } from '../support/accounts.mjs';
import { query } from '../support/db.mjs';
import {
  api, claimLead, newestAvailableLead, readyPlumber, signUpPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const HOMEOWNER = {
  zip: '94103', name: 'Delia Deletable', phone: '(415) 555-0166', email: 'delia.deletable@homeowners.example.com',
  address: '66 Forgotten Way',
};
const PHONE_E164 = '+14155550166';

// Reads a ZIP's entries with Python's zipfile (CRCs checked): {name: text}.
function unzip(bytes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-export-')), 'export.zip');
  fs.writeFileSync(file, bytes);
  const r = spawnSync('python3', ['-c',
    'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; '
    + 'print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))', file], { encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function download(url, headers) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

for (const [db, skip] of BACKENDS) {
  describe(`privacy: deletion, closure, export (${db})`, { skip }, () => {
    let m;
    before(async () => {
      m = await startMarketplace({
        db,
        maildev: false,
        // Closed accounts are anonymised at the worker's next pass (the 30-day wait is the services
        // test's, with a fixed clock).
        env: { PLUMBLINE_CLOSED_ACCOUNT_KEEP_DAYS: '0', PLUMBLINE_PRIVACY_INTERVAL_SECONDS: '1' },
      });
    });
    after(async () => { await m?.close(); });

    it('deletes the homeowner details of a finished request for real; the claimant keeps its copy', async () => {
      const a = await readyPlumber(m, 'keeper');
      const lead = await submitLead(m, validLeadFor(HOMEOWNER));
      const card = await newestAvailableLead(m, a);
      const leadId = card.id ?? card.lead_id;
      const claim = await claimLead(m, a, leadId);
      assert.equal(claim.status, 201, claim.body);
      const claimId = claim.json().claim.id;

      const running = await lead.client.get(lead.path);
      assert.doesNotMatch(running.body, /Delete my details/, 'no delete form while the request runs');
      const early = await lead.client.post(`${lead.path}/delete`, { confirm: 'yes' });
      assert.equal(early.status, 409, 'a running request keeps its details');
      assert.equal(query(m.srv, `SELECT name FROM leads WHERE id = ${leadId}`)[0][0], HOMEOWNER.name);

      assert.equal((await lead.client.post(`${lead.path}/hired`, {})).status, 303);
      const page = await lead.client.get(lead.path);
      assert.match(page.body, /Delete my details/);
      assert.equal((await lead.client.post(`${lead.path}/delete`, {})).status, 422, 'the box must be ticked');
      const done = await lead.client.post(`${lead.path}/delete`, { confirm: 'yes' });
      assert.equal(done.status, 303);
      assert.equal(done.location, `${lead.path}?done=deleted`);
      const after = await lead.client.get(done.location);
      assert.match(after.body, /are deleted from this request/);
      assert.doesNotMatch(after.body, /Delia|Deletable|Forgotten Way/);

      // In the database: overwritten, not hidden.
      const [row] = query(m.srv, `SELECT name, phone_e164, email, address, best_time, consent_ip, anonymised_at FROM leads WHERE id = ${leadId}`);
      assert.deepEqual(row.slice(0, 6), ['Deleted homeowner', '', '', '', '', '']);
      assert.ok(Number(row[6]) > 0, 'anonymised_at is set');
      assert.equal(query(m.srv, `SELECT count(*) FROM leads WHERE phone_e164 = '${PHONE_E164}' OR email = '${HOMEOWNER.email}' OR name LIKE 'Delia%'`)[0][0], '0');
      assert.equal(query(m.srv, `SELECT count(*) FROM outbox WHERE recipient IN ('${PHONE_E164}', '${HOMEOWNER.email}')`)[0][0], '0',
        'messages to the homeowner no longer name them');
      assert.equal(query(m.srv, `SELECT count(*) FROM lead_history WHERE lead_id = ${leadId} AND note = 'The homeowner deleted their contact details'`)[0][0], '1');

      // The claimant keeps what it bought (API and page).
      const claims = await api(m.srv, 'GET', '/api/v1/claims', { token: a.token });
      assert.equal(claims.status, 200);
      assert.match(claims.body, /Delia Deletable/);
      const mine = await a.client.get(`/my-leads/${claimId}`);
      assert.equal(mine.status, 200);
      assert.match(mine.body, /Delia Deletable/);
      assert.match(mine.body, /Forgotten Way/);

      // Idempotent: a second post changes nothing and logs nothing more.
      assert.equal((await lead.client.post(`${lead.path}/delete`, { confirm: 'yes' })).status, 303);
      assert.equal(query(m.srv, `SELECT count(*) FROM lead_history WHERE lead_id = ${leadId} AND note = 'The homeowner deleted their contact details'`)[0][0], '1');
    });

    it('closes a plumber account from Account with the password: no more matches, sessions or tokens; anonymised by the worker', async () => {
      const b = await readyPlumber(m, 'leaver');
      const account = await b.client.get('/account');
      assert.match(account.body, /Close my account/);
      assert.match(account.body, /Download my data/);
      const wrong = await b.client.post('/account/close', { password: 'not-the-password-1' });
      assert.equal(wrong.status, 422);
      assert.match(wrong.body, /Your password is not right/);
      assert.equal(query(m.srv, `SELECT count(*) FROM users WHERE id = ${b.id} AND closed_at IS NOT NULL`)[0][0], '0');

      const businessName = query(m.srv, `SELECT business_name FROM plumbers WHERE user_id = ${b.id}`)[0][0];
      const closed = await b.client.post('/account/close', { password: b.password });
      assert.equal(closed.status, 200, closed.body.slice(0, 300));
      assert.match(closed.body, /Account closed/);
      assert.equal(query(m.srv, `SELECT count(*) FROM users WHERE id = ${b.id} AND closed_at IS NOT NULL`)[0][0], '1');
      assert.equal(query(m.srv, `SELECT count(*) FROM sessions WHERE user_id = ${b.id}`)[0][0], '0');
      assert.equal(query(m.srv, `SELECT count(*) FROM refresh_tokens WHERE user_id = ${b.id} AND revoked_at IS NULL`)[0][0], '0');
      assert.equal((await b.client.get('/dashboard')).status, 303, 'the browser is logged out');
      assert.equal((await api(m.srv, 'GET', '/api/v1/me', { token: b.token })).status, 401, 'the access token ends at once');
      const login = await apiJson(m.srv, 'POST', '/api/v1/auth/token', { email: b.email, password: b.password });
      assert.equal(login.status, 401, 'a closed account cannot sign in');

      const matchedBefore = query(m.srv, `SELECT count(*) FROM lead_matches WHERE plumber_id = ${b.id}`)[0][0];
      await submitLead(m, validLeadFor({ zip: '94110' }));
      assert.equal(query(m.srv, `SELECT count(*) FROM lead_matches WHERE plumber_id = ${b.id}`)[0][0], matchedBefore,
        'a closed profile no longer matches');

      // PLUMBLINE_CLOSED_ACCOUNT_KEEP_DAYS=0: the worker's next pass anonymises it.
      let row;
      for (let i = 0; i < 100; i += 1) {
        [row] = query(m.srv, `SELECT u.email, u.anonymised_at, p.business_name, p.contact_name, p.phone_e164, p.licence_number FROM users u JOIN plumbers p ON p.user_id = u.id WHERE u.id = ${b.id}`);
        if (row[1] !== '') break;
        await sleep(100);
      }
      assert.notEqual(row[1], '', 'anonymised by the worker');
      assert.deepEqual([row[0], row[3], row[4], row[5]], [`closed-${b.id}@closed.invalid`, 'Deleted account', '', '']);
      assert.equal(row[2], businessName, 'the business name stays for invoices');
      assert.ok(Number(query(m.srv, `SELECT count(*) FROM credit_ledger WHERE user_id = ${b.id}`)[0][0]) > 0, 'the ledger stays');
      assert.equal(query(m.srv, `SELECT count(*) FROM users WHERE email = '${b.email}'`)[0][0], '0');
    });

    it('lets an admin close a plumber account with a reason', async () => {
      const c = await signUpPlumber(m, 'closedbyadmin');
      const admin = await m.adminClient();
      const none = await admin.post(`/admin/plumbers/${c.id}/close`, { reason: '' });
      assert.equal(none.status, 422);
      const ok = await admin.post(`/admin/plumbers/${c.id}/close`, { reason: 'Duplicate of another account.' });
      assert.equal(ok.status, 303);
      const [row] = query(m.srv, `SELECT closed_reason, closed_by FROM users WHERE id = ${c.id}`);
      assert.deepEqual(row, ['Duplicate of another account.', String(m.admin.id)]);
      assert.equal(query(m.srv, `SELECT count(*) FROM sessions WHERE user_id = ${c.id}`)[0][0], '0');
      assert.equal((await admin.post(`/admin/plumbers/${c.id}/close`, { reason: 'Twice over.' })).status, 409);
      // The admin API does the same.
      const e = await signUpPlumber(m, 'closedbyapi');
      assert.equal((await api(m.srv, 'POST', `/api/v1/admin/plumbers/${e.id}/close`, { token: m.admin.token, body: {} })).status, 422);
      const viaApi = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${e.id}/close`, { token: m.admin.token, body: { reason: 'Asked us by phone.' } });
      assert.equal(viaApi.status, 200, viaApi.body);
      assert.deepEqual(viaApi.json(), { id: e.id, closed: true, reason: 'Asked us by phone.' });
      assert.equal(query(m.srv, `SELECT closed_reason FROM users WHERE id = ${e.id}`)[0][0], 'Asked us by phone.');
      assert.equal((await api(m.srv, 'POST', `/api/v1/admin/plumbers/${e.id}/close`, { token: m.admin.token, body: { reason: 'Again.' } })).status, 409);
    });

    it('exports everything held about the plumber as a ZIP of JSON and CSV, from Account and the API', async () => {
      const d = await readyPlumber(m, 'exporter');
      await submitLead(m, validLeadFor({ ...HOMEOWNER, name: 'Xavier Exported', email: 'xavier@homeowners.example.com', phone: '(415) 555-0188' }));
      const card = await newestAvailableLead(m, d);
      assert.equal((await claimLead(m, d, card.id ?? card.lead_id)).status, 201);

      const page = await download(`${m.srv.baseUrl}/account/export`, { cookie: d.client.cookieHeader() });
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('content-type'), 'application/zip');
      assert.match(page.headers.get('content-disposition'), /^attachment; filename="plumbline-export-\d+-\d{4}-\d\d-\d\d\.zip"$/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const files = unzip(page.bytes);
      assert.deepEqual(Object.keys(files).sort(), ['README.txt', 'claims.csv', 'claims.json', 'ledger.csv', 'ledger.json',
        'messages.json', 'payments.csv', 'payments.json', 'profile.json', 'sessions.json', 'verification.json']);
      const profile = JSON.parse(files['profile.json']);
      assert.equal(profile.account.email, d.email);
      assert.equal(profile.profile.base_zip, '94110');
      assert.ok(JSON.parse(files['verification.json']).review.licence_verified_on);
      const claims = JSON.parse(files['claims.json']);
      assert.equal(claims.length, 1);
      assert.equal(claims[0].homeowner.name, 'Xavier Exported');
      assert.equal(claims[0].homeowner.phone, '+14155550188');
      assert.match(files['claims.csv'], /"Xavier Exported"/);
      assert.ok(JSON.parse(files['ledger.json']).entries.some((e) => e.kind === 'claim'));
      assert.ok(JSON.parse(files['messages.json']).some((x) => x.kind === 'verify_email'));
      assert.ok(JSON.parse(files['sessions.json']).length >= 1);

      const viaApi = await download(`${m.srv.baseUrl}/api/v1/me/export`, { authorization: `Bearer ${d.token}` });
      assert.equal(viaApi.status, 200);
      assert.equal(JSON.parse(unzip(viaApi.bytes)['profile.json']).account.id, d.id);
      const other = await readyPlumber(m, 'otherexporter');
      const theirs = unzip((await download(`${m.srv.baseUrl}/api/v1/me/export`, { authorization: `Bearer ${other.token}` })).bytes);
      const text = JSON.stringify(theirs);
      assert.ok(!text.includes('Xavier') && !text.includes(d.email), "another plumber's export holds none of it");
    });
  });
}
