// Console: message templates staff override. An admin previews and saves a lead-alert subject and
// the next lead alert the SMTP sink receives uses it; a test send reaches the admin; broken
// Mustache and unknown variables are refused 422 with their line and column and nothing is saved;
// revert restores the shipped text; every change is an audit row; plumbers are refused (403).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import {
  api, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

const KEY = 'email.lead_alert';
const SUBJECT = 'Fresh lead: {{{service_label}}} in {{{city}}} ({{platform_name}})';

for (const [db, skip] of BACKENDS) {
  describe(`console message templates (${db})`, { skip }, () => {
    let m;
    let plumber;
    let admin;

    // The lead alerts the plumber has received, oldest first.
    const alerts = async () => (await m.mailsTo(plumber.email)).filter((x) => x.kind === 'lead_alert');
    async function nextAlert() {
      const before = (await alerts()).length;
      await submitLead(m, validLeadFor());
      const mails = await m.waitForMailsTo(plumber.email,
        (ms) => ms.filter((x) => x.kind === 'lead_alert').length > before, { what: 'a lead alert' });
      return mails.filter((x) => x.kind === 'lead_alert').at(-1);
    }
    const overrides = () => query(m.srv, 'SELECT name, body FROM message_template_overrides ORDER BY name');
    const auditActions = () => query(m.srv, "SELECT action, target_id, reason FROM audit_log WHERE target_type = 'template' ORDER BY id")
      .map(([action, target, reason]) => `${action} ${target} ${reason}`);

    before(async () => {
      m = await startMarketplace({ db });
      plumber = await readyPlumber(m, 'alerted');
      admin = await m.adminClient();
    });
    after(async () => { await m?.close(); });

    it('lists every message and shows the editor with the shipped text, the variables and a preview', async () => {
      const list = await admin.get('/admin/templates');
      assert.equal(list.status, 200);
      const page = decodeHtml(list.body);
      for (const label of ['Lead alert', 'Claim confirmation', 'Password reset', 'SMS'])
        assert.ok(page.includes(label), `the list shows ${label}`);
      const editor = await admin.get(`/admin/templates/${KEY}`);
      assert.equal(editor.status, 200);
      const html = decodeHtml(editor.body);
      assert.match(html, /<textarea[^>]+name="part_subject"/);
      assert.ok(html.includes('<code>lead_url</code>') && html.includes('<code>platform_name</code>'), 'the variables');
      assert.ok(html.includes('<code>signals[].label</code>'), 'list items are listed too');
      assert.match(html, /<iframe[^>]+sandbox=""[^>]+src="\/admin\/templates\/email\.lead_alert\/html"/, 'the HTML part in a sandboxed frame');
      const framed = await admin.get(`/admin/templates/${KEY}/html`);
      assert.equal(framed.status, 200);
      assert.match(framed.headers.get('content-security-policy') || '', /default-src 'none'.*sandbox/);
      assert.ok(decodeHtml(framed.body).includes('Water is dripping'), 'the sample request');
    });

    it('previews typed text against the sample without saving it', async () => {
      await admin.get(`/admin/templates/${KEY}`);
      const res = await admin.post(`/admin/templates/${KEY}/preview`, { part_subject: 'Preview for {{{city}}} {{zip}}' });
      assert.equal(res.status, 200);
      assert.match(decodeHtml(res.body), /id="preview-subject">Preview for San Jose 95112</);
      const frame = await admin.post(`/admin/templates/${KEY}/preview`, { part_html: '<p>Draft for {{{city}}}</p>', frame: 'html' });
      assert.equal(frame.status, 200);
      assert.equal(frame.body, '<p>Draft for San Jose</p>');
      assert.match(frame.headers.get('content-security-policy') || '', /sandbox/);
      assert.deepEqual(overrides(), []);
    });

    it('refuses broken Mustache and unknown variables with line and column, saving nothing', async () => {
      await admin.get(`/admin/templates/${KEY}`);
      const broken = await admin.post(`/admin/templates/${KEY}`, {
        part_txt: 'Hello\n  {{#has_signals}}\nChecks\n', reason: 'Try a new text',
      });
      assert.equal(broken.status, 422);
      assert.match(decodeHtml(broken.body), /Line 2, column 3: Unclosed section/);
      const unknown = await admin.post(`/admin/templates/${KEY}`, {
        part_subject: 'New lead {{homeowner_phone}}', reason: 'Try a new subject',
      });
      assert.equal(unknown.status, 422);
      assert.match(decodeHtml(unknown.body), /Line 1, column 10: Unknown variable "homeowner_phone"/);
      const noReason = await admin.post(`/admin/templates/${KEY}`, { part_subject: 'Fine {{zip}}' });
      assert.equal(noReason.status, 422);
      const viaApi = await api(m.srv, 'PUT', `/api/v1/admin/templates/${KEY}`, {
        token: m.admin.token, body: { parts: { subject: 'Two\nlines', html: '<p>{{nope}}</p>' }, reason: 'API try' },
      });
      assert.equal(viaApi.status, 422, viaApi.body);
      const details = viaApi.json().error.details;
      assert.deepEqual(details.map((d) => d.field), ['subject', 'html']);
      assert.match(details[0].message, /^Line 1, column 4: /);
      assert.match(details[1].message, /^Line 1, column 4: Unknown variable "nope"/);
      assert.deepEqual(overrides(), [], 'nothing saved');
      assert.deepEqual(auditActions(), [], 'nothing audited');
    });

    it('saves an override the next lead alert uses, and audits it with the text before and after', async () => {
      const shipped = await nextAlert();
      assert.doesNotMatch(shipped.subject, /^Fresh lead/);
      await admin.get(`/admin/templates/${KEY}`);
      const saved = await admin.post(`/admin/templates/${KEY}`, { part_subject: SUBJECT, reason: 'Clearer subject' });
      assert.equal(saved.status, 303, saved.body.slice(0, 300));
      assert.equal(saved.location, `/admin/templates/${KEY}?done=saved`);
      const alert = await nextAlert();
      assert.match(alert.subject, /^Fresh lead: .+ in San Francisco \(Plumbline\)$/);
      assert.ok(alert.text.includes('A homeowner near you needs a plumber'), 'the text part stays as shipped');
      assert.deepEqual(overrides(), [['email/lead_alert.subject', SUBJECT]]);
      const [row] = query(m.srv, "SELECT before_json, after_json, actor_email FROM audit_log WHERE action = 'template.update'");
      assert.ok(JSON.parse(row[0]).subject.length > 0, 'the shipped subject before');
      assert.equal(JSON.parse(row[1]).subject, SUBJECT);
      assert.equal(row[2], m.admin.email);
      const one = await api(m.srv, 'GET', `/api/v1/admin/templates/${KEY}`, { token: m.admin.token });
      assert.equal(one.status, 200);
      assert.equal(one.json().overridden, true);
      assert.equal(one.json().sample_rendering.subject, 'Fresh lead: Leak repair in San Jose (Plumbline)');
    });

    it('sends the saved template with sample data to the admin, and explains why not for SMS', async () => {
      await admin.get(`/admin/templates/${KEY}`);
      const sent = await admin.post(`/admin/templates/${KEY}/test`, {});
      assert.equal(sent.status, 303);
      const mails = await m.waitForMailsTo(m.admin.email, (ms) => ms.some((x) => x.kind === 'template_test'),
        { what: 'the test e-mail' });
      const test = mails.find((x) => x.kind === 'template_test');
      assert.equal(test.subject, 'Fresh lead: Leak repair in San Jose (Plumbline)');
      assert.ok(test.text.includes('Water is dripping'), 'the sample request');
      await admin.get('/admin/templates/sms.lead_alert');
      const sms = await admin.post('/admin/templates/sms.lead_alert/test', {});
      assert.equal(sms.status, 422);
      assert.match(decodeHtml(sms.body), /no phone number/);
    });

    it('reverts to the shipped text in one click: the next alert is as shipped', async () => {
      const editor = await admin.get(`/admin/templates/${KEY}`);
      assert.match(editor.body, /id="template-revert"/);
      const res = await admin.post(`/admin/templates/${KEY}/revert`, {});
      assert.equal(res.status, 303);
      assert.deepEqual(overrides(), []);
      assert.doesNotMatch((await nextAlert()).subject, /^Fresh lead/);
      assert.equal((await admin.post(`/admin/templates/${KEY}/revert`, {})).status, 409, 'nothing left to revert');
      const del = await api(m.srv, 'DELETE', `/api/v1/admin/templates/${KEY}`, { token: m.admin.token });
      assert.equal(del.status, 409);
      assert.deepEqual(auditActions(), [
        `template.update ${KEY} Clearer subject`, `template.test ${KEY} `, `template.revert ${KEY} `,
      ]);
    });

    it('saves and reverts through the JSON API too', async () => {
      const put = await api(m.srv, 'PUT', '/api/v1/admin/templates/sms.lead_claimed', {
        token: m.admin.token, body: { parts: { txt: '{{{business_name}}} will call you.' }, reason: 'Shorter SMS' },
      });
      assert.equal(put.status, 200, put.body);
      assert.equal(put.json().parts[0].text, '{{{business_name}}} will call you.');
      const del = await api(m.srv, 'DELETE', '/api/v1/admin/templates/sms.lead_claimed?reason=undo', { token: m.admin.token });
      assert.equal(del.status, 200, del.body);
      assert.equal(del.json().overridden, false);
      assert.equal((await api(m.srv, 'GET', '/api/v1/admin/templates/nope.nope', { token: m.admin.token })).status, 404);
    });

    it('refuses plumbers on every template route', async () => {
      assert.equal((await plumber.client.get('/admin/templates')).status, 403);
      assert.equal((await plumber.client.get(`/admin/templates/${KEY}`)).status, 403);
      assert.equal((await plumber.client.post(`/admin/templates/${KEY}`, { part_subject: 'x', reason: 'y' })).status, 403);
      assert.equal((await api(m.srv, 'GET', '/api/v1/admin/templates', { token: plumber.token })).status, 403);
      assert.equal((await api(m.srv, 'PUT', `/api/v1/admin/templates/${KEY}`, {
        token: plumber.token, body: { parts: { subject: 'x' }, reason: 'y' },
      })).status, 403);
      assert.deepEqual(overrides(), []);
    });
  });
}
