// Late matching (issue 13, point 1): a request in a ZIP nobody covers (10001) is sent to a plumber who
// starts covering it later — approved with a plan, or widening their area — on SQLite and PostgreSQL:
// the lead reaches their dashboard and API and they get the alert; the homeowner gets "a plumber who
// covers 10001 has joined" once; the tracking page counts go up. Suspended, paused and closed
// plumbers get nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import {
  api, approvePlumber, fillProfile, newestAvailableLead, profiledPlumber, readyPlumber, setPlan,
  startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const NYC = { base_zip: '10001', licence_state: 'NY' };
const JOINED = /^A plumber was sent your request/;
const statusLine = (res) => decodeHtml(/id="lead-status">([^<]*)</.exec(res.body)?.[1] ?? '');

for (const [db, skip] of BACKENDS) {
  describe(`late matching (${db})`, { skip }, () => {
    let m;
    let lead; // {token, path, client, id, email}
    const outsiders = {}; // plumbers covering 10001 who must get nothing

    before(async () => {
      m = await startMarketplace({ db });
      const fields = validLeadFor({ zip: '10001', send_anyway: 'yes' });
      lead = await submitLead(m, fields);
      lead.email = fields.email;
      const hash = createHash('sha256').update(lead.token).digest('hex');
      lead.id = Number(query(m.srv, `SELECT id FROM leads WHERE tracking_hash = '${hash}'`)[0][0]);
    });
    after(async () => { await m?.close(); });

    const matchesOf = (leadId) => query(m.srv, `SELECT plumber_id FROM lead_matches WHERE lead_id = ${leadId} ORDER BY plumber_id`).map((r) => Number(r[0]));
    const rowsOf = (kind, where) => Number(query(m.srv, `SELECT count(*) FROM outbox WHERE kind = '${kind}' AND ${where}`)[0][0]);
    async function tracking() { return statusLine(await lead.client.get(lead.path)); }

    it('the request in 10001 is sent to nobody and promises to tell the homeowner', async () => {
      assert.deepEqual(matchesOf(lead.id), []);
      assert.match(await tracking(), /^Open: no plumber covers this area yet, so nobody has been sent your request\. We keep the request open for 72 hours and send it to any plumber who starts covering ZIP 10001/);
    });

    it('misuse: suspended, paused and closed plumbers covering 10001 are sent nothing', async () => {
      // Suspended after approval, then given a plan and unpaused: still nothing.
      const sus = await profiledPlumber(m, 'suspended', NYC);
      await approvePlumber(m, sus);
      const s = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${sus.id}/suspend`, { token: m.admin.token, body: { reason: 'Licence lapsed' } });
      assert.equal(s.status, 200, s.body);
      await setPlan(m, sus, 'active');
      const u = await api(m.srv, 'PUT', '/api/v1/settings', { token: sus.token, body: { paused: false } });
      assert.equal(u.status, 200, u.body);
      // Paused before approval and the plan.
      const pau = await profiledPlumber(m, 'paused', NYC);
      const p = await api(m.srv, 'PUT', '/api/v1/settings', { token: pau.token, body: { paused: true } });
      assert.equal(p.status, 200, p.body);
      await setPlan(m, pau, 'active');
      await approvePlumber(m, pau);
      // Closed by an admin, then given a plan (approval of a closed account is refused or inert).
      const clo = await profiledPlumber(m, 'closed', NYC);
      const c = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${clo.id}/close`, { token: m.admin.token, body: { reason: 'Asked to leave' } });
      assert.equal(c.status, 200, c.body);
      await setPlan(m, clo, 'active');
      await approvePlumber(m, clo, { status: null });
      Object.assign(outsiders, { sus, pau, clo });

      assert.deepEqual(matchesOf(lead.id), []);
      for (const x of [sus, pau, clo])
        assert.equal(rowsOf('lead_alert', `recipient = '${x.email}'`), 0, `no alert for ${x.email}`);
      assert.equal(rowsOf('lead_plumber_joined', `lead_id = ${lead.id}`), 0);
      const available = await api(m.srv, 'GET', '/api/v1/leads/available', { token: pau.token });
      assert.equal(available.status, 200);
      assert.equal(available.json().total, 0);
    });

    it('a plumber covering 10001 approved with a plan gets the lead on the dashboard and API, and the alert; the homeowner is told', async () => {
      const ada = await profiledPlumber(m, 'ada', NYC);
      await setPlan(m, ada, 'active'); // still pending: nothing yet
      assert.deepEqual(matchesOf(lead.id), []);
      await approvePlumber(m, ada);
      assert.deepEqual(matchesOf(lead.id), [ada.id]);

      const card = await newestAvailableLead(m, ada);
      assert.equal(card?.id ?? card?.lead_id, lead.id, 'the lead is in GET /api/v1/leads/available');
      const dash = await ada.client.get('/dashboard');
      assert.equal(dash.status, 200);
      assert.match(dash.body, new RegExp(`id="lead-${lead.id}"`), 'the lead is on the dashboard');

      const alerts = await m.waitForMailsTo(ada.email, (ms) => ms.some((x) => x.kind === 'lead_alert'), { what: 'the lead alert' });
      assert.match(alerts.find((x) => x.kind === 'lead_alert').text, /New York/);

      const mails = await m.waitForMailsTo(lead.email, (ms) => ms.some((x) => JOINED.test(x.subject)), { what: '"a plumber joined"' });
      const joined = mails.find((x) => JOINED.test(x.subject));
      assert.equal(joined.kind, 'lead_plumber_joined');
      assert.match(joined.text, /A plumber who covers 10001 has joined and was sent your request\./);
      assert.ok(joined.text.includes(`/t/${lead.token}`), 'the mail links to the tracking page');
      assert.doesNotMatch(joined.text, /Grace Homeowner|Guerrero|dripping/, 'nothing the requester typed');

      assert.equal(await tracking(), 'Open: sent to 1 plumber; the plumber it was sent to has not taken it on yet.');
    });

    it('a second plumber widening their area to 10001 is sent it too; the homeowner is not told again', async () => {
      const bo = await readyPlumber(m, 'bo'); // covers 94110 only
      assert.deepEqual(matchesOf(lead.id).includes(bo.id), false);
      await fillProfile(m, bo, { extra_zips: ['10001'] });
      assert.ok(matchesOf(lead.id).includes(bo.id));
      await m.waitForMailsTo(bo.email, (ms) => ms.some((x) => x.kind === 'lead_alert'), { what: 'the second alert' });
      assert.equal(await tracking(), 'Open: sent to 2 plumbers; none of the 2 plumbers it was sent to has taken it on yet.');
      // Saving again changes nothing.
      await fillProfile(m, bo, { extra_zips: ['10001'] });
      assert.equal(rowsOf('lead_alert', `lead_id = ${lead.id}`), 2);
      // Once per lead: one row (e-mail; SMS is off here), one mail.
      assert.equal(rowsOf('lead_plumber_joined', `lead_id = ${lead.id}`), 1);
      const mails = await m.mailsTo(lead.email);
      assert.equal(mails.filter((x) => JOINED.test(x.subject)).length, 1);
      for (const x of Object.values(outsiders)) assert.equal(rowsOf('lead_alert', `recipient = '${x.email}'`), 0);
    });
  });
}
