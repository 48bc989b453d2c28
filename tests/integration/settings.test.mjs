// Business settings in the database (issue 15): an admin's change applies to the next request
// without a restart (claims per lead, lead expiry, consent wording, a service's price); bad values
// get 422 naming the field and change nothing; plumbers get 403; history keeps the previous value.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { api, readyPlumber, signUpPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);

// The newest lead as stored: [id, max_claims, consent_text, price_credits, service_type].
function newestLead(m) {
  const [row] = query(m.srv, 'SELECT id, max_claims, consent_text, price_credits, service_type FROM leads ORDER BY id DESC LIMIT 1');
  return { id: Number(row[0]), maxClaims: Number(row[1]), consent: row[2], price: Number(row[3]), service: row[4] };
}

const historyCount = (m) => Number(query(m.srv, 'SELECT count(*) FROM settings_history')[0][0]);
const auditCount = (m, action) => Number(query(m.srv, `SELECT count(*) FROM audit_log WHERE action = '${action}'`)[0][0]);

for (const [db, skip] of BACKENDS) {
  describe(`settings in the database (${db})`, { skip }, () => {
    let m;
    let admin; // FormClient signed in as the admin
    let plumber;
    const put = (body, token = m.admin.token) => api(m.srv, 'PUT', '/api/v1/admin/settings', { token, body });
    const get = (token = m.admin.token) => api(m.srv, 'GET', '/api/v1/admin/settings', { token });

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
      plumber = await readyPlumber(m, 'setter');
    });
    after(async () => { await m?.close(); });

    it('starts from the environment and shows every setting', async () => {
      const res = await get();
      assert.equal(res.status, 200, res.body);
      const s = res.json().settings;
      assert.equal(s.max_claims_per_lead.value, 3);
      assert.equal(s.lead_expiry_hours.value, 72);
      assert.equal(s.platform_name.value, 'Plumbline');
      assert.match(s.consent_template.value, /\{\{max_claims\}\}/);
      assert.equal(s.max_claims_per_lead.last_change, null);
      const page = await admin.get('/admin/settings');
      assert.equal(page.status, 200);
      for (const label of ['Claims per lead', 'Lead expiry (hours)', 'Support e-mail', 'Consent wording (request form)'])
        assert.ok(text(page).includes(label), `the page shows ${label}`);
    });

    it('applies claims per lead, expiry and consent wording to the next request without a restart', async () => {
      const wording = 'I agree that up to {{max_claims}} plumbers may call me about this request (settings test).';
      const res = await put({
        settings: { max_claims_per_lead: 5, lead_expiry_hours: '6', consent_template: wording },
        reason: 'Busy season',
      });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().settings.max_claims_per_lead.value, 5);
      const form = await admin.get('/request');
      assert.ok(text(form).includes('up to 5 plumbers may call me'), 'the form shows the new wording');
      await submitLead(m, validLeadFor());
      const lead = newestLead(m);
      assert.equal(lead.maxClaims, 5, 'the lead keeps the new claims cap');
      assert.equal(lead.consent, 'I agree that up to 5 plumbers may call me about this request (settings test).');
      const seen = await api(m.srv, 'GET', `/api/v1/leads/${lead.id}`, { token: m.admin.token });
      assert.equal(seen.status, 200, seen.body);
      const v = seen.json();
      // expires_at is ISO to the second; created_at is in milliseconds.
      const open = Date.parse(v.expires_at) - v.created_at;
      assert.ok(Math.abs(open - 6 * 3600 * 1000) < 1000, `open for the new 6 hours, not ${open} ms`);
    });

    it('keeps the previous value and who changed it, on the page and in the API', async () => {
      const s = (await get()).json().settings;
      assert.equal(s.max_claims_per_lead.last_change.old_value, 3);
      assert.equal(s.max_claims_per_lead.last_change.new_value, 5);
      assert.equal(s.max_claims_per_lead.last_change.by_email, m.admin.email);
      const page = text(await admin.get('/admin/settings')).replace(/<[^>]+>/g, '');
      assert.match(page, new RegExp(`Changed [^;]+ by ${m.admin.email.replace(/[.]/g, '\\.')}; previous value: 3`));
      const [row] = query(m.srv, "SELECT reason, before_json, after_json FROM audit_log WHERE action = 'settings.update' ORDER BY id DESC LIMIT 1");
      assert.equal(row[0], 'Busy season');
      assert.equal(JSON.parse(row[1]).max_claims_per_lead, 3);
      assert.equal(JSON.parse(row[2]).max_claims_per_lead, 5);
    });

    it('refuses bad values with 422 naming the field, and changes nothing', async () => {
      const before = (await get()).body;
      const rows = historyCount(m);
      const audits = auditCount(m, 'settings.update');
      const cases = [
        [{ max_claims_per_lead: -1 }, 'max_claims_per_lead'],
        [{ lead_expiry_hours: 10000000 }, 'lead_expiry_hours'],
        [{ support_email: 'not an address' }, 'support_email'],
        [{ time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
        [{ default_quiet_start: '25:00' }, 'default_quiet_start'],
        [{ consent_template: 'Up to {{plumbers}} plumbers may call me about this request.' }, 'consent_template'],
        [{ no_such_setting: '1' }, 'no_such_setting'],
      ];
      for (const [settings, field] of cases) {
        const res = await put({ settings: { ...settings, platform_name: 'Changed Name' }, reason: 'Bad input test' });
        assert.equal(res.status, 422, `${JSON.stringify(settings)}: ${res.status} ${res.body}`);
        const fields = res.json().error.details.map((d) => d.field);
        assert.deepEqual(fields, [field], `${JSON.stringify(settings)} names ${field}`);
      }
      const noReason = await put({ settings: { platform_name: 'Changed Name' } });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.json().error.details[0].field, 'reason');
      const byForm = await admin.post('/admin/settings', { section: 'business', support_email: 'nope', reason: 'x' });
      assert.equal(byForm.status, 422);
      assert.match(byForm.body, /id="error-support_email"/);
      assert.equal((await get()).body, before, 'nothing changed');
      assert.equal(historyCount(m), rows, 'no history rows');
      assert.equal(auditCount(m, 'settings.update'), audits, 'no audit rows');
    });

    it('saves a section by the page with a reason and an audit row', async () => {
      const audits = auditCount(m, 'settings.update');
      const missing = await admin.post('/admin/settings', { section: 'business', support_email: 'help@plumbing.example.com', reason: '' });
      assert.equal(missing.status, 422);
      const res = await admin.post('/admin/settings', {
        section: 'business', support_email: 'Help@Plumbing.example.com', support_phone: '(415) 555-0134', reason: 'New support desk',
      });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.equal(auditCount(m, 'settings.update'), audits + 1);
      const s = (await get()).json().settings;
      assert.equal(s.support_email.value, 'help@plumbing.example.com');
      assert.equal(s.support_phone.value, '+14155550134');
      const terms = await admin.get('/terms');
      assert.equal(terms.status, 200);
      assert.ok(text(terms).includes('help@plumbing.example.com'), 'the legal page shows the support address');
      const sent = await submitLead(m, validLeadFor());
      const confirmation = await sent.client.get(`${sent.path}/sent`);
      assert.match(text(confirmation).replace(/<[^>]+>/g, ''), /Questions\? Write to Plumbline at help@plumbing\.example\.com or call \(415\) 555-0134\./);
    });

    it('shows the legal texts escaped, in paragraphs', async () => {
      const res = await put({ settings: { terms_text: 'First <b>paragraph</b>.\r\n\r\nSecond & last.' }, reason: 'Terms' });
      assert.equal(res.status, 200, res.body);
      const page = await admin.get('/terms');
      assert.match(page.body, /<p>First &lt;b&gt;paragraph&lt;\/b&gt;\.<\/p>/);
      assert.match(page.body, /<p>Second &amp; last\.<\/p>/);
    });

    it('prices the next request with a changed service price, and a deactivated service leaves existing leads alone', async () => {
      const cat = await api(m.srv, 'GET', '/api/v1/admin/catalog', { token: m.admin.token });
      assert.equal(cat.status, 200, cat.body);
      const leak = cat.json().services.find((s) => s.slug === 'leak_repair');
      const res = await api(m.srv, 'PUT', '/api/v1/admin/catalog', {
        token: m.admin.token,
        body: { services: [{ ...leak, base_price_credits: 7, description: 'Dripping pipes and taps' }], reason: 'Price rise' },
      });
      assert.equal(res.status, 200, res.body);
      await submitLead(m, validLeadFor({ service_type: 'leak_repair', urgency: 'within_24h' }));
      const lead = newestLead(m);
      assert.equal(lead.price, 7, 'the next lead costs the new price');
      const [row] = query(m.srv, "SELECT before_json, after_json FROM audit_log WHERE action = 'catalog.update' ORDER BY id DESC LIMIT 1");
      assert.equal(JSON.parse(row[0])['service:leak_repair'].base_price_credits, leak.base_price_credits);
      assert.equal(JSON.parse(row[1])['service:leak_repair'].base_price_credits, 7);

      const off = await api(m.srv, 'PUT', '/api/v1/admin/catalog', {
        token: m.admin.token, body: { services: [{ ...leak, base_price_credits: 7, active: false }], reason: 'Paused' },
      });
      assert.equal(off.status, 200, off.body);
      const form = text(await admin.get('/request'));
      assert.ok(!/value="leak_repair"/.test(form), 'the form no longer offers it');
      assert.equal(newestLead(m).service, 'leak_repair', 'the existing lead keeps its service');
      assert.equal(newestLead(m).price, 7, 'and its price');
      const bad = await api(m.srv, 'PUT', '/api/v1/admin/catalog', {
        token: m.admin.token, body: { services: [{ ...leak, base_price_credits: -3 }], reason: 'Bad' },
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.json().error.details[0].field, 'services[0].base_price_credits');
      const back = await api(m.srv, 'PUT', '/api/v1/admin/catalog', {
        token: m.admin.token, body: { services: [{ ...leak, active: true }], reason: 'Back on' },
      });
      assert.equal(back.status, 200, back.body);
    });

    it('gives a new plumber the default daily cap and quiet hours of the moment', async () => {
      const res = await put({ settings: { default_daily_cap: 4, default_quiet_start: '21:00', default_quiet_end: '07:30' }, reason: 'Gentler start' });
      assert.equal(res.status, 200, res.body);
      const p = await signUpPlumber(m, 'newbie');
      const mine = await api(m.srv, 'GET', '/api/v1/settings', { token: p.token });
      assert.equal(mine.status, 200, mine.body);
      assert.equal(mine.json().daily_cap, 4);
      assert.equal(mine.json().quiet_start_minute, 21 * 60);
      assert.equal(mine.json().quiet_end_minute, 7 * 60 + 30);
      const old = await api(m.srv, 'GET', '/api/v1/settings', { token: plumber.token });
      assert.equal(old.json().daily_cap, 10, 'an existing plumber keeps theirs');
    });

    it('refuses plumbers and anonymous callers', async () => {
      const before = (await get()).body;
      assert.equal((await get(plumber.token)).status, 403);
      assert.equal((await put({ settings: { platform_name: 'Hijacked' }, reason: 'x' }, plumber.token)).status, 403);
      assert.equal((await api(m.srv, 'GET', '/api/v1/admin/catalog', { token: plumber.token })).status, 403);
      assert.equal((await api(m.srv, 'PUT', '/api/v1/admin/catalog', { token: plumber.token, body: { services: [], reason: 'x' } })).status, 403);
      assert.equal((await plumber.client.get('/admin/settings')).status, 403);
      assert.equal((await plumber.client.post('/admin/settings', { section: 'business', platform_name: 'Hijacked', reason: 'x' })).status, 403);
      assert.equal((await plumber.client.post('/admin/catalog', { reason: 'x' })).status, 403);
      assert.equal((await api(m.srv, 'GET', '/api/v1/admin/settings', {})).status, 401);
      assert.equal((await get()).body, before, 'nothing changed');
    });
  });
}
