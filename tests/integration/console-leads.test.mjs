// The console's request list (GET /admin/leads, /admin/leads.csv, /api/v1/admin/leads): search by
// phone finds the homeowner's request, each filter narrows, the CSV is exactly the filtered set and
// streams in chunks with formula-safe cells, support staff see masked contacts, plumbers are
// refused, and bad query values are answered 422 naming the field with nothing listed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { supportAgent } from '../support/staff.mjs';
import {
  api, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);

// Every row of the list for `qs` through the JSON API, following the `next` cursors.
async function listAll(m, token, qs) {
  const ids = [];
  let after = '';
  for (let guard = 0; guard < 100; ++guard) {
    const r = await api(m.srv, 'GET', `/api/v1/admin/leads?${qs}&limit=2${after ? `&after=${after}` : ''}`, { token });
    assert.equal(r.status, 200, r.body);
    ids.push(...r.json().leads.map((l) => l.id));
    if (!r.json().next) return ids;
    after = r.json().next;
  }
  throw new Error('paging did not end');
}

// Splits CSV text into rows of cells (quoted cells, doubled quotes, CRLF).
function parseCsv(s) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < s.length; ++i) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; ++i; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r') { /* CRLF */ } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

for (const [db, skip] of BACKENDS) {
  describe(`console request list (${db})`, { skip }, () => {
    let m;
    let admin;
    const leads = {}; // name → {fields, id}

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
      // Two in 10001, which no plumber here covers (so late matching never reaches them either),
      // and one in 94110 where the ready plumber works.
      leads.lonely = { fields: validLeadFor({ name: 'Lonely Leak', urgency: 'flexible', zip: '10001' }) };
      leads.formula = { fields: validLeadFor({ name: '=SUM(A1) Formula', service_type: 'drain_cleaning', urgency: 'emergency', zip: '10001' }) };
      for (const k of ['lonely', 'formula']) leads[k].sub = await submitLead(m, leads[k].fields);
      await readyPlumber(m, 'consolematch');
      leads.matched = { fields: validLeadFor({ name: 'Matched Drain', service_type: 'drain_cleaning' }) };
      leads.matched.sub = await submitLead(m, leads.matched.fields);
      for (const l of Object.values(leads)) {
        const r = await api(m.srv, 'GET', `/api/v1/admin/leads?by=email&q=${encodeURIComponent(l.fields.email)}`, { token: m.admin.token });
        assert.equal(r.status, 200, r.body);
        assert.equal(r.json().leads.length, 1, `one lead for ${l.fields.email}`);
        l.id = r.json().leads[0].id;
      }
    });
    after(async () => { await m?.close(); });

    it('finds a homeowner\'s request by phone however it is typed, on the page and by the API', async () => {
      const digits = leads.matched.fields.phone.replace(/\D/g, '');
      const typed = `+1 ${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`;
      const page = await admin.get(`/admin/leads?q=${encodeURIComponent(typed)}`);
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`href="/admin/leads/${leads.matched.id}"`));
      assert.doesNotMatch(page.body, new RegExp(`href="/admin/leads/${leads.lonely.id}"`));
      assert.match(text(page), /1 request\(s\) match/);
      const r = await api(m.srv, 'GET', `/api/v1/admin/leads?q=${encodeURIComponent(typed)}`, { token: m.admin.token });
      assert.equal(r.json().search_by, 'phone');
      assert.deepEqual(r.json().leads.map((l) => l.id), [leads.matched.id]);
      const row = r.json().leads[0];
      assert.equal(row.email, leads.matched.fields.email, 'admins see the contact in full');
      assert.equal(row.contact_masked, false);
      assert.ok(row.matches_count >= 1, 'the ready plumber in 94110 was matched');
    });

    it('finds by request number, tracking link, e-mail, name start, ZIP and city', async () => {
      const t = m.admin.token;
      const one = async (qs) => (await api(m.srv, 'GET', `/api/v1/admin/leads?${qs}`, { token: t })).json().leads.map((l) => l.id);
      assert.deepEqual(await one(`q=%23${leads.lonely.id}`), [leads.lonely.id]);
      const link = `${m.srv.baseUrl}${leads.formula.sub.path}`;
      assert.deepEqual(await one(`q=${encodeURIComponent(link)}`), [leads.formula.id]);
      assert.deepEqual(await one(`q=${encodeURIComponent(leads.lonely.fields.email.toUpperCase())}`), [leads.lonely.id]);
      assert.deepEqual(await one('q=lonely%20l'), [leads.lonely.id]);
      const zip = await one('q=10001');
      assert.ok(zip.includes(leads.lonely.id) && zip.includes(leads.formula.id));
      assert.ok(!zip.includes(leads.matched.id));
      const city = await one('by=city&q=new%20york');
      assert.ok(city.includes(leads.lonely.id) && city.includes(leads.formula.id), 'city search is case-insensitive');
      assert.ok(!city.includes(leads.matched.id));
    });

    it('narrows with each filter', async () => {
      const t = m.admin.token;
      const ids = (qs) => listAll(m, t, qs);
      const drain = await ids('service=drain_cleaning');
      assert.ok(drain.includes(leads.formula.id) && drain.includes(leads.matched.id));
      assert.ok(!drain.includes(leads.lonely.id));
      assert.deepEqual((await ids('urgency=emergency')).filter((id) => Object.values(leads).some((l) => l.id === id)), [leads.formula.id]);
      const unmatched = await ids('unmatched=1');
      assert.ok(unmatched.includes(leads.lonely.id) && unmatched.includes(leads.formula.id));
      assert.ok(!unmatched.includes(leads.matched.id), 'a matched lead is not "no plumber matched"');
      assert.deepEqual(await ids('status=closed'), []);
      assert.deepEqual(await ids('source=api'), []);
      assert.ok((await ids('source=web')).includes(leads.lonely.id));
      const today = new Date().toISOString().slice(0, 10);
      assert.deepEqual(await ids('to=2000-01-01'), []);
      assert.ok((await ids(`from=2020-01-01&to=2099-12-31`)).includes(leads.matched.id));
      assert.deepEqual(await ids('duplicates=1'), []);
      assert.ok(today);
      // Oldest first is the reverse of newest first.
      const newest = await ids('service=drain_cleaning');
      const oldest = await ids('service=drain_cleaning&sort=oldest');
      assert.deepEqual(oldest, [...newest].reverse());
    });

    it('pages with Newer/Older links that neither skip nor repeat', async () => {
      const all = await listAll(m, m.admin.token, 'source=web');
      assert.ok(all.length >= 3);
      assert.equal(new Set(all).size, all.length);
      const first = await api(m.srv, 'GET', '/api/v1/admin/leads?source=web&limit=1', { token: m.admin.token });
      const next = first.json().next;
      const second = await api(m.srv, 'GET', `/api/v1/admin/leads?source=web&limit=1&after=${next}`, { token: m.admin.token });
      assert.deepEqual(second.json().leads.map((l) => l.id), [all[1]]);
      const back = await api(m.srv, 'GET', `/api/v1/admin/leads?source=web&limit=1&before=${second.json().previous}`, { token: m.admin.token });
      assert.deepEqual(back.json().leads.map((l) => l.id), [all[0]]);
      const page = await admin.get('/admin/leads?source=web');
      assert.match(page.body, /New phone request/);
      assert.match(page.body, /href="\/admin\/leads\/new"/);
    });

    it('exports exactly the filtered set as CSV, streamed, with formula-safe cells', async () => {
      const res = await fetch(`${m.srv.baseUrl}/admin/leads.csv?service=drain_cleaning&sort=oldest&after=1.1`, {
        headers: { cookie: admin.cookieHeader() },
        redirect: 'manual',
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/csv/);
      assert.equal(res.headers.get('transfer-encoding'), 'chunked', 'written as it is read');
      assert.match(res.headers.get('content-disposition'), /attachment/);
      const rows = parseCsv(await res.text());
      assert.equal(rows[0][0], 'id');
      const csvIds = rows.slice(1).map((r) => Number(r[0]));
      assert.deepEqual(csvIds, await listAll(m, m.admin.token, 'service=drain_cleaning&sort=oldest'),
        'the CSV is the list\'s set in the list\'s order (a page cursor in the link is ignored)');
      const formula = rows.find((r) => Number(r[0]) === leads.formula.id);
      const nameAt = rows[0].indexOf('name');
      assert.equal(formula[nameAt], "'=SUM(A1) Formula", 'a cell that starts with = is defused');
      assert.equal(formula[rows[0].indexOf('email')], leads.formula.fields.email, 'admins export full contacts');
    });

    it('answers bad query values with 422 naming the field, and lists nothing', async () => {
      const page = await admin.get('/admin/leads?status=lost&urgency=yesterday');
      assert.equal(page.status, 422);
      assert.match(text(page), /Choose a status from the list/);
      assert.match(text(page), /Choose an urgency from the list/);
      assert.doesNotMatch(page.body, /href="\/admin\/leads\/\d+"/);
      const r = await api(m.srv, 'GET', '/api/v1/admin/leads?q=Smith&by=phone&from=2026-02-30', { token: m.admin.token });
      assert.equal(r.status, 422);
      assert.deepEqual(r.json().error.details.map((d) => d.field).sort(), ['from', 'q']);
      const lim = await api(m.srv, 'GET', '/api/v1/admin/leads?limit=100000', { token: m.admin.token });
      assert.equal(lim.status, 422);
      const csv = await admin.get('/admin/leads.csv?sort=most_matches');
      assert.equal(csv.status, 422);
    });

    it('refuses plumbers', async () => {
      const p = await readyPlumber(m, 'consolenosy');
      const r = await api(m.srv, 'GET', '/api/v1/admin/leads', { token: p.token });
      assert.equal(r.status, 403);
    });

    it('shows support staff masked contacts on the page, the API and the CSV', async () => {
      const { token } = await supportAgent(m.srv, admin, { mailsTo: m.mailsTo });
      const r = await api(m.srv, 'GET', `/api/v1/admin/leads?q=%23${leads.matched.id}`, { token });
      assert.equal(r.status, 200, r.body);
      const row = r.json().leads[0];
      assert.equal(row.contact_masked, true);
      assert.notEqual(row.email, leads.matched.fields.email);
      assert.match(row.email, /^.\u2022\u2022\u2022@homeowners\.example\.com$/);
      assert.match(row.phone, /^\u2022\u2022\u2022-\u2022\u2022\u2022-\d{4}$/);
    });
  });
}
