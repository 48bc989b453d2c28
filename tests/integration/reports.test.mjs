// Reports (issue 16) over real HTTP on both databases: the list and every registered report as
// JSON, its page and each table's CSV, which equals the JSON table and the page's table cell for
// cell (a loop over GET /api/v1/admin/reports, so every part's report is covered); the period
// form's errors (400 naming the field, the rest of the page intact); unknown reports and tables;
// custom dates; plumbers and anonymous refused, support reads; the admin home's overview.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml, http } from '../support/server.mjs';
import { api } from '../support/accounts.mjs';
import {
  consoleSupportAgent, plumberToken, requestWithEmail, startConsole,
} from '../support/console.mjs';
import { uniqueEmail } from '../support/outbox.mjs';
import {
  csvOfJsonCell, csvOfPageCell, durationText, pageTableCells, parseCsv,
} from '../support/reports.mjs';

for (const [db, skip] of BACKENDS) {
  describe(`reports (${db})`, { skip }, () => {
    let c;
    let admin; // a signed-in browser
    let support;
    before(async () => {
      c = await startConsole({ db });
      await requestWithEmail(c.srv, uniqueEmail('report'));
      await requestWithEmail(c.srv, uniqueEmail('report'));
      admin = await c.m.adminClient();
      support = await consoleSupportAgent(c);
    });
    after(async () => { await c?.close(); });

    const apiGet = (p, token = c.m.admin.token) => api(c.srv, 'GET', p, { token });

    it('serves every report as JSON, a page and CSVs that equal the JSON and the page cell for cell', async () => {
      const list = await apiGet('/api/v1/admin/reports');
      assert.equal(list.status, 200, list.body);
      const { reports } = list.json();
      assert.ok(reports.some((r) => r.name === 'overview'), 'the overview is registered');
      const index = await admin.get('/admin/reports');
      assert.equal(index.status, 200);
      for (const r of reports) {
        assert.ok(index.body.includes(`href="/admin/reports/${r.name}"`), `${r.name} on the index`);
        const period = 'preset=30d';
        const res = await apiGet(`/api/v1/admin/reports/${r.name}?${period}`);
        assert.equal(res.status, 200, `${r.name}: ${res.body.slice(0, 300)}`);
        const report = res.json();
        assert.equal(report.name, r.name);
        assert.equal(report.range.preset, '30d');
        assert.ok(report.kpis.length >= 2 && report.kpis.length <= 6, `${r.name}: 2–6 KPIs`);
        assert.ok(report.charts.length >= 1, `${r.name}: a chart`);
        for (const k of report.kpis) assert.ok(Number.isInteger(k.value), `${r.name}.${k.key} is an integer`);
        const page = await admin.get(`/admin/reports/${r.name}?${period}`);
        assert.equal(page.status, 200, `${r.name} page`);
        for (const ch of report.charts) {
          assert.ok(page.body.includes(`<canvas id="chart-${ch.key}"`), `${r.name}: canvas ${ch.key}`);
          assert.ok(report.tables.some((t) => t.key === ch.table), `${r.name}: chart ${ch.key} draws a table`);
        }
        for (const t of report.tables) {
          const csv = await admin.get(`/admin/reports/${r.name}/csv?table=${t.key}&${period}`);
          assert.equal(csv.status, 200, `${r.name}/${t.key}: ${csv.body.slice(0, 200)}`);
          assert.match(csv.headers.get('content-type'), /^text\/csv/);
          assert.equal(csv.headers.get('content-disposition'),
            `attachment; filename="plumbline-${r.name}-${t.key}-${report.range.from}-to-${report.range.to}.csv"`);
          assert.ok(csv.body.endsWith('\r\n'), 'CRLF line ends');
          const rows = parseCsv(csv.body);
          assert.deepEqual(rows[0], t.columns.map((col) => col.key), `${r.name}/${t.key}: header of keys`);
          assert.equal(rows.length - 1, t.rows.length, `${r.name}/${t.key}: every row`);
          t.rows.forEach((row, i) => {
            assert.deepEqual(rows[i + 1], row.map((v, j) => csvOfJsonCell(v, t.columns[j].unit)),
              `${r.name}/${t.key} row ${i}: CSV = JSON`);
          });
          const shown = pageTableCells(page.body, t.key);
          if (t.rows.length === 0) {
            assert.equal(shown, null, `${r.name}/${t.key}: an empty table says so instead`);
            continue;
          }
          assert.ok(shown, `${r.name}/${t.key}: on the page`);
          assert.ok(shown.length >= 1 && shown.length <= t.rows.length);
          if (shown.length < t.rows.length)
            assert.ok(decodeHtml(page.body).includes(`the CSV holds all ${t.rows.length.toLocaleString('en-US')}`));
          shown.forEach((cells, i) => {
            const expected = rows[i + 1].map((v, j) => (t.columns[j].unit === 'millis' && v !== '' ? durationText(Number(v)) : v));
            assert.deepEqual(cells.map((v, j) => csvOfPageCell(v, t.columns[j].unit)), expected,
              `${r.name}/${t.key} row ${i}: page = CSV`);
          });
        }
      }
    });

    it('the overview counts the requests, with one trend point per bucket', async () => {
      const o = (await apiGet('/api/v1/admin/reports/overview?preset=7d')).json();
      assert.deepEqual(o.kpis.map((k) => k.key),
        ['requests', 'matched_share', 'claims', 'revenue', 'active_plumbers', 'credits_outstanding']);
      const requests = o.kpis.find((k) => k.key === 'requests');
      assert.equal(requests.value, 2);
      assert.equal(requests.previous, 0);
      assert.equal(requests.unit, 'count');
      assert.equal(o.range.buckets.length, 7);
      for (const k of o.kpis) assert.equal(k.trend.length, 7, k.key);
      assert.equal(o.kpis.find((k) => k.key === 'revenue').unit, 'cents');
      const table = o.tables.find((t) => t.key === 'by_period');
      assert.equal(table.rows.length, 7);
      assert.equal(table.rows.reduce((s, row) => s + row[1], 0), 2);
    });

    it('refuses a period that does not resolve with 400 naming the field, the page still whole', async () => {
      for (const [qs, field] of [['preset=yesterday', 'preset'], ['preset=custom&from=2026-02-30&to=2026-03-01', 'from'],
        ['from=2026-01-01&to=soon', 'to'], ['preset=custom&from=2099-01-01&to=2099-01-02', 'to']]) {
        const page = await admin.get(`/admin/reports/overview?${qs}`);
        assert.equal(page.status, 400, `${qs}: ${page.status}`);
        assert.match(page.body, new RegExp(`data-field="${field}"`), `${qs}: names ${field}`);
        assert.match(page.body, /<form method="get" action="\/admin\/reports\/overview"/, 'the form is still there');
        assert.match(page.body, /href="\/admin\/reports\/overview"/, 'the report tabs too');
        const j = await apiGet(`/api/v1/admin/reports/overview?${qs}`);
        assert.equal(j.status, 400, `${qs}: API`);
        assert.equal(j.json().error.code, 'bad_request');
        assert.ok(j.json().error.details.some((d) => d.field === field), `${qs}: API names ${field}`);
        const csv = await admin.get(`/admin/reports/overview/csv?table=by_period&${qs}`);
        assert.equal(csv.status, 400, `${qs}: CSV`);
      }
      // The same report still answers afterwards, and a custom period from dates alone works.
      const ok = (await apiGet('/api/v1/admin/reports/overview?from=2026-11-01&to=2026-11-10')).json();
      assert.equal(ok.range.preset, 'custom');
      assert.equal(ok.range.from, '2026-11-01');
      assert.equal(ok.range.buckets.length, 10);
    });

    it('answers 404 for an unknown report or table', async () => {
      assert.equal((await admin.get('/admin/reports/nope')).status, 404);
      assert.equal((await apiGet('/api/v1/admin/reports/nope')).status, 404);
      assert.equal((await admin.get('/admin/reports/overview/csv?table=nope')).status, 404);
      assert.equal((await admin.get('/admin/reports/nope/csv?table=by_period')).status, 404);
    });

    it('refuses plumbers and anonymous visitors; a support agent reads every report', async () => {
      const plumber = await plumberToken(c);
      assert.equal((await apiGet('/api/v1/admin/reports', plumber)).status, 403);
      assert.equal((await apiGet('/api/v1/admin/reports/overview', plumber)).status, 403);
      assert.equal((await http(`${c.srv.baseUrl}/api/v1/admin/reports/overview`)).status, 401);
      const anon = await http(`${c.srv.baseUrl}/admin/reports/overview`);
      assert.equal(anon.status, 303);
      assert.match(anon.location, /^\/login\?next=/);
      const csvAnon = await http(`${c.srv.baseUrl}/admin/reports/overview/csv?table=by_period`);
      assert.equal(csvAnon.status, 303);
      const list = (await apiGet('/api/v1/admin/reports', support.token)).json().reports;
      for (const r of list) {
        assert.equal((await apiGet(`/api/v1/admin/reports/${r.name}`, support.token)).status, 200, r.name);
        assert.equal((await support.client.get(`/admin/reports/${r.name}`)).status, 200, r.name);
      }
    });

    it('shows the overview KPI cards on the admin home with a link to the reports', async () => {
      const home = await admin.get('/admin');
      assert.equal(home.status, 200);
      assert.match(home.body, /id="admin-reports-link"/);
      assert.match(home.body, /href="\/admin\/reports"/);
      for (const key of ['requests', 'matched_share', 'claims', 'revenue', 'active_plumbers', 'credits_outstanding'])
        assert.match(home.body, new RegExp(`data-kpi="${key}"`), key);
    });
  });
}
