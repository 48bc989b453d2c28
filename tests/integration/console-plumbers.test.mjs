// Staff console, plumbers (issue 15 item 3): each search filter narrows the list (page and API),
// the CSV is exactly the filtered set, the console actions need a reason (422, nothing changed),
// e-mail the plumber and write an audit row, and plumbers get 403 on every console route.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { api, profiledPlumber, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);

// Every plumber id the API search returns for `qs`, following the next cursor.
async function searchIds(m, qs) {
  const ids = [];
  let after = '';
  for (let guard = 0; guard < 100; guard += 1) {
    const r = await api(m.srv, 'GET', `/api/v1/admin/plumbers/search?${qs}&limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`, { token: m.admin.token });
    assert.equal(r.status, 200, `${qs}: ${r.body}`);
    ids.push(...r.json().plumbers.map((p) => p.id));
    if (!r.json().next) return ids;
    after = r.json().next;
  }
  throw new Error('too many pages');
}

function auditRows(m, action, id) {
  return query(m.srv, `SELECT reason FROM audit_log WHERE action = '${action}' AND target_type = 'plumber' AND target_id = '${id}'`);
}

for (const [db, skip] of BACKENDS) {
  describe(`console: plumbers (${db})`, { skip }, () => {
    let m;
    let admin;
    let sf; // approved, plan active, 20 credits, 94110 ± 25 miles
    let ny; // pending, no plan, New York
    let la; // approved, 5 credits, drains only, Los Angeles

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
      sf = await readyPlumber(m, 'consolesf');
      ny = await profiledPlumber(m, 'consoleny', { base_zip: '10001' });
      la = await readyPlumber(m, 'consolela', { credits: 5, profile: { base_zip: '90012', services: ['drain_cleaning'] } });
    });
    after(async () => { await m?.close(); });

    it('narrows by each filter, on the page and in the API', async () => {
      const has = (ids, p) => ids.includes(p.id);
      const cases = [
        [`q=${encodeURIComponent(sf.business_name.slice(0, 12).toUpperCase())}`, [sf], [ny, la]],
        [`q=${encodeURIComponent(ny.email.slice(0, 14))}`, [ny], [sf, la]],
        [`q=${encodeURIComponent(la.phone)}`, [la], [sf, ny]],
        [`q=${la.id}`, [la], []],
        ['status=pending', [ny], [sf, la]],
        ['status=active', [sf, la], [ny]],
        ['plan=none', [ny], [sf, la]],
        ['service=leak_repair', [sf], [la]],
        ['zip=94103', [sf], [ny, la]],
        ['zip=90012&miles=5', [la], [sf, ny]],
        ['balance_min=10', [sf], [ny, la]],
        ['balance_min=1&balance_max=5', [la], [sf, ny]],
        ['joined_from=2000-01-01', [sf, ny, la], []],
        ['joined_to=2000-01-01', [], [sf, ny, la]],
        ['active_to=2000-01-01', [], [sf, ny, la]],
      ];
      for (const [qs, yes, no] of cases) {
        const ids = await searchIds(m, qs);
        for (const p of yes) assert.ok(has(ids, p), `${qs} finds ${p.business_name}`);
        for (const p of no) assert.ok(!has(ids, p), `${qs} leaves out ${p.business_name}`);
      }
      const page = await admin.get(`/admin/plumbers?status=pending&zip=10001`);
      assert.equal(page.status, 200);
      assert.ok(text(page).includes(ny.business_name));
      assert.ok(!text(page).includes(sf.business_name));
      const sorted = await api(m.srv, 'GET', '/api/v1/admin/plumbers/search?sort=balance&limit=500', { token: m.admin.token });
      const balances = sorted.json().plumbers.map((p) => p.balance);
      assert.deepEqual(balances, [...balances].sort((a, b) => b - a), 'sorted by balance, most first');
      for (const qs of ['status=gold', 'plan=x', 'service=roofing', 'zip=00000', 'miles=900', 'joined_from=yesterday', 'balance_min=-1', 'sort=age', 'after=nonsense']) {
        assert.equal((await api(m.srv, 'GET', `/api/v1/admin/plumbers/search?${qs}`, { token: m.admin.token })).status, 422, qs);
        assert.equal((await admin.get(`/admin/plumbers?${qs}`)).status, 422, `page: ${qs}`);
      }
    });

    it('exports exactly the filtered set as CSV', async () => {
      const qs = 'status=active&sort=name';
      const want = await searchIds(m, qs);
      const res = await admin.get(`/admin/plumbers.csv?${qs}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /text\/csv/);
      const lines = res.body.trim().split('\r\n');
      assert.match(lines[0], /^id,business_name,contact_name,email,phone,status/);
      const got = lines.slice(1).map((l) => Number(l.split(',')[0].replaceAll('"', '')));
      assert.deepEqual(got, want, 'same rows, same order');
      assert.ok(res.body.includes(sf.email) && !res.body.includes(ny.email));
    });

    it('refuses each action without a reason and changes nothing', async () => {
      await admin.post(`/admin/plumbers/${la.id}/suspend`, { reason: 'Complaints about no-shows' });
      const forms = [
        ['reactivate', {}],
        ['edit', { business_name: 'Renamed', contact_name: 'X', phone: la.phone, base_zip: '90012', radius_miles: '10', services: 'drain_cleaning' }],
        ['password-reset', {}],
        ['end-sessions', {}],
      ];
      for (const [action, fields] of forms) {
        await admin.get(`/admin/plumbers/${la.id}`);
        const res = await admin.post(`/admin/plumbers/${la.id}/${action}`, { ...fields, reason: '  ' });
        assert.equal(res.status, 422, `${action} without a reason`);
        assert.match(text(res), /Say why/);
        const byApi = await api(m.srv, action === 'edit' ? 'PUT' : 'POST',
          `/api/v1/admin/plumbers/${la.id}/${action === 'edit' ? 'profile' : action}`, { token: m.admin.token, body: { business_name: 'Renamed' } });
        assert.equal(byApi.status, 422, `API ${action} without a reason`);
      }
      const v = (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${la.id}`, { token: m.admin.token })).json();
      assert.equal(v.status, 'suspended');
      assert.notEqual(v.business_name, 'Renamed');
      assert.equal(query(m.srv, `SELECT count(*) FROM audit_log WHERE target_type = 'plumber' AND target_id = '${la.id}' AND action IN ('plumber.reactivate', 'plumber.edit', 'plumber.password_reset', 'plumber.end_sessions')`)[0][0], '0');
      assert.equal((await admin.post('/admin/plumbers/999999/reactivate', { reason: 'x' })).status, 404);
      assert.equal((await admin.post('/admin/plumbers/abc/end-sessions', { reason: 'x' })).status, 404);
    });

    it('each action e-mails the plumber and writes an audit row', async () => {
      const p = await readyPlumber(m, 'consoleact');
      await admin.get(`/admin/plumbers/${p.id}`);
      await admin.post(`/admin/plumbers/${p.id}/suspend`, { reason: 'Insurance lapsed' });
      const steps = [
        ['reactivate', {}, 'plumber.reactivate', /active again/i],
        ['edit', { business_name: `${p.business_name} Ltd`, contact_name: p.contact_name, phone: p.phone, base_zip: '94110', radius_miles: '40', services: 'leak_repair' }, 'plumber.edit', /updated your Plumbline profile/i],
        ['password-reset', {}, 'plumber.password_reset', /\/password\/reset\//],
        ['end-sessions', {}, 'plumber.end_sessions', /signed out/i],
      ];
      for (const [action, fields, audit, mail] of steps) {
        await admin.get(`/admin/plumbers/${p.id}`);
        const reason = `Console ${action} test`;
        const res = await admin.post(`/admin/plumbers/${p.id}/${action}`, { ...fields, reason });
        assert.equal(res.status, 303, `${action}: ${res.status} ${text(res).slice(0, 400)}`);
        assert.deepEqual(auditRows(m, audit, p.id), [[reason]], `${audit} row with the reason`);
        await m.waitForMailsTo(p.email, (ms) => ms.some((x) => mail.test(`${x.subject}\n${x.text}`)), { what: `the ${action} mail` });
      }
      const v = (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json();
      assert.equal(v.status, 'approved');
      assert.equal(v.radius_miles, 40);
      assert.deepEqual(v.services, ['leak_repair']);
      assert.equal(query(m.srv, `SELECT count(*) FROM refresh_tokens WHERE user_id = ${p.id} AND revoked_at IS NULL`)[0][0], '0', 'refresh tokens revoked');
      assert.equal((await p.client.get('/dashboard')).status, 303, 'the session ended');
      const page = await admin.get(`/admin/plumbers/${p.id}`);
      for (const id of ['verification-history', 'plumber-claims', 'plumber-payments', 'plumber-disputes', 'plumber-messages', 'plumber-sessions'])
        assert.match(page.body, new RegExp(`id="${id}"`), id);
      assert.match(text(page), /plumber\.reactivate/);
      const dossier = await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}/dossier`, { token: m.admin.token });
      assert.equal(dossier.status, 200);
      assert.ok(dossier.json().history.some((h) => h.action === 'plumber.end_sessions'));
      assert.ok(dossier.json().messages.length > 0);
    });

    it('keeps plumbers out of every console route', async () => {
      const p = sf;
      for (const path of ['/admin/plumbers', '/admin/plumbers.csv', `/admin/plumbers/${la.id}`])
        assert.equal((await p.client.get(path)).status, 403, path);
      await p.client.get('/dashboard');
      for (const action of ['reactivate', 'edit', 'password-reset', 'end-sessions'])
        assert.equal((await p.client.post(`/admin/plumbers/${la.id}/${action}`, { reason: 'x' })).status, 403, action);
      for (const [method, path] of [['GET', '/api/v1/admin/plumbers/search'], ['GET', `/api/v1/admin/plumbers/${la.id}/dossier`],
        ['POST', `/api/v1/admin/plumbers/${la.id}/reactivate`], ['PUT', `/api/v1/admin/plumbers/${la.id}/profile`],
        ['POST', `/api/v1/admin/plumbers/${la.id}/password-reset`], ['POST', `/api/v1/admin/plumbers/${la.id}/end-sessions`]])
        assert.equal((await api(m.srv, method, path, { token: p.token, ...(method === 'GET' ? {} : { body: { reason: 'x' } }) })).status, 403, `${method} ${path}`);
    });
  });
}

