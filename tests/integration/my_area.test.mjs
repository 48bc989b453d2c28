// "Demand in my area" (issue 16, item 7) over real HTTP on SQLite and PostgreSQL: the plumber's
// page and JSON count the requests in their area, what became of them and why they missed some
// (paused, a service they do not offer, claimed by others); another plumber's data and homeowners'
// contact details never appear; admins, anonymous visitors and bad periods get the right refusal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, http } from '../support/server.mjs';
import { api, claimLead, readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

const kpi = (report, key) => report.kpis.find((k) => k.key === key)?.value;
const outcome = (report, label) => report.tables.find((t) => t.key === 'outcomes').rows.find((r) => r.outcome === label)?.requests;

for (const [db, skip] of BACKENDS) {
  describe(`demand in my area (${db})`, { skip }, () => {
    let m, ada, bob;
    const homeowners = [];

    before(async () => {
      m = await startMarketplace({ db });
      ada = await readyPlumber(m, 'ada'); // 94110 ± 25 miles, every service
      bob = await readyPlumber(m, 'bob', { profile: { services: ['drain_cleaning'] } });
      const lead = async (fields) => {
        const f = validLeadFor(fields);
        homeowners.push(f);
        return submitLead(m, f);
      };
      await lead({ service_type: 'leak_repair' }); // ada only: bob does not offer it
      await lead({ service_type: 'drain_cleaning' }); // both
      const leads = await api(m.srv, 'GET', '/api/v1/leads/available', { token: ada.token });
      assert.equal(leads.status, 200, leads.body);
      const leak = leads.json().leads.find((l) => l.service_type === 'leak_repair');
      const claimed = await claimLead(m, ada, leak.lead_id ?? leak.id);
      assert.ok([200, 201].includes(claimed.status), claimed.body);
      const paused = await api(m.srv, 'PUT', '/api/v1/settings', { token: bob.token, body: { paused: true } });
      assert.equal(paused.status, 200, paused.body);
      await lead({ service_type: 'drain_cleaning' }); // ada; bob is paused
    });
    after(async () => { await m?.close(); });

    it('JSON: the plumber sees their area\'s requests, their claims and why they missed the rest', async () => {
      const a = await api(m.srv, 'GET', '/api/v1/reports/my-area', { token: ada.token });
      assert.equal(a.status, 200, a.body);
      const ra = a.json();
      assert.equal(ra.name, 'my-area');
      assert.equal(ra.range.preset, '12w');
      assert.equal(ra.range.grain, 'week');
      assert.equal(kpi(ra, 'requests'), 3);
      assert.equal(kpi(ra, 'matched'), 3);
      assert.equal(kpi(ra, 'claimed'), 1);
      assert.equal(outcome(ra, 'You claimed it'), 1);
      assert.equal(outcome(ra, 'Sent to you, still open'), 2);
      const weeks = ra.tables.find((t) => t.key === 'my_claims').rows;
      assert.equal(weeks.at(-1).claims, 1);
      assert.equal(weeks.at(-1).matches, 3);
      assert.equal(weeks.at(-1).claim_rate, 3333);

      const b = await api(m.srv, 'GET', '/api/v1/reports/my-area?preset=4w', { token: bob.token });
      assert.equal(b.status, 200, b.body);
      const rb = b.json();
      assert.equal(rb.range.preset, '4w');
      assert.equal(kpi(rb, 'requests'), 2); // the drain requests; the leak one is another service
      assert.equal(kpi(rb, 'matched'), 1);
      assert.equal(kpi(rb, 'claimed'), 0);
      assert.equal(outcome(rb, 'Not sent: you were paused'), 1);
      assert.equal(outcome(rb, "A service you don't offer"), 1);
      const byWeek = rb.tables.find((t) => t.key === 'by_week').rows.at(-1);
      assert.equal(byWeek.your_services, 2);
      assert.equal(byWeek.other_services, 1);
    });

    it('never shows another plumber or a homeowner\'s contact details', async () => {
      for (const p of [ada, bob]) {
        const json = (await api(m.srv, 'GET', '/api/v1/reports/my-area', { token: p.token })).body;
        const page = (await p.client.get('/reports/my-area')).body;
        for (const other of [ada, bob].filter((x) => x !== p)) {
          for (const body of [json, page]) {
            assert.ok(!body.includes(other.email), `${p.email} sees ${other.email}`);
            assert.ok(!body.includes(other.business_name), `${p.email} sees ${other.business_name}`);
          }
        }
        for (const h of homeowners)
          for (const body of [json, page]) {
            assert.ok(!body.includes(h.email), 'a homeowner e-mail');
            assert.ok(!body.includes(h.phone.replace(/\D/g, '').slice(-7)), 'a homeowner phone');
            assert.ok(!body.includes(h.address), 'a homeowner address');
          }
      }
    });

    it('HTML: period choice, KPI cards, charts with their data and the tables behind them', async () => {
      const res = await ada.client.get('/reports/my-area?preset=26w');
      assert.equal(res.status, 200);
      assert.match(res.body, /<h1[^>]*>Demand in my area<\/h1>/);
      assert.match(res.body, /<option value="26w" selected>Last 26 weeks<\/option>/);
      assert.match(res.body, /id="kpi-claimed"/);
      assert.match(res.body, /<canvas data-chart="by_week"/);
      assert.match(res.body, /<script type="application\/json" id="my-area-data">\{"charts":/);
      assert.match(res.body, /chart\.umd\.min[^"]*\.js/);
      assert.match(res.body, /my_area[^"]*\.js/);
      assert.match(res.body, /id="table-outcomes"/);
      assert.match(res.body, /href="\/reports\/my-area"/); // the navigation link
      const data = JSON.parse(/id="my-area-data">([^<]*)<\/script>/.exec(res.body)[1]);
      assert.deepEqual(data.charts.map((c) => c.key), ['by_week', 'outcomes', 'claim_rate', 'cost_per_job_won']);
    });

    it('misuse: bad periods are 400 naming the field, on the page and the API', async () => {
      const cases = [
        ['preset=3w', 'preset'],
        ['preset=custom&from=2026-13-01&to=2026-12-01', 'from'],
        ['preset=custom&from=2026-01-01&to=nope', 'to'],
        ['preset=custom&from=2026-02-01&to=2026-01-01', 'to'],
        ['preset=custom&from=2020-01-01&to=2099-01-01', 'to'],
      ];
      for (const [qs, field] of cases) {
        const j = await api(m.srv, 'GET', `/api/v1/reports/my-area?${qs}`, { token: ada.token });
        assert.equal(j.status, 400, `${qs}: ${j.body}`);
        const { error } = j.json();
        assert.equal(error.code, 'bad_request');
        assert.equal(error.details[0].field, field, qs);
        const h = await ada.client.get(`/reports/my-area?${qs}`);
        assert.equal(h.status, 400, qs);
      }
    });

    it('misuse: admins are refused (403), anonymous visitors sent to log in or 401', async () => {
      const admin = await m.adminClient();
      assert.equal((await admin.get('/reports/my-area')).status, 403);
      assert.equal((await api(m.srv, 'GET', '/api/v1/reports/my-area', { token: m.admin.token })).status, 403);
      const anon = await http(`${m.srv.baseUrl}/reports/my-area`);
      assert.equal(anon.status, 303);
      assert.match(anon.headers.get('location') || '', /^\/login/);
      assert.equal((await api(m.srv, 'GET', '/api/v1/reports/my-area')).status, 401);
    });
  });
}
