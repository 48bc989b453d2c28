// Branding and time zone from the business settings (issue 15): an admin renames the platform and
// sets its contact on /admin/settings, and the next page (layout, request form, legal page) and
// the next e-mail (SMTP sink) carry them, without a restart; a time zone the server did not load at
// start (Asia/Tokyo: no US ZIP uses it) is taken and staff times show in it at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml } from '../support/server.mjs';
import { api, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);

for (const [db, skip] of BACKENDS) {
  describe(`branding and time zone from the settings (${db})`, { skip }, () => {
    let m;
    let admin; // FormClient signed in as the admin

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
    });
    after(async () => { await m?.close(); });

    it('shows a new platform name and contact on the next page and in the next e-mail', async () => {
      const before = await admin.get('/request');
      assert.match(before.body, /<title>[^<]*· Plumbline<\/title>/);
      await admin.get('/admin/settings');
      const res = await admin.post('/admin/settings', {
        section: 'business',
        platform_name: 'Pipes & Co',
        support_email: 'desk@pipes.example.com',
        support_phone: '(415) 555-0188',
        postal_address: '1 Main St, Springfield, OR 97477',
        reason: 'Rebranding',
      });
      assert.equal(res.status, 303, res.body.slice(0, 300));

      const form = await admin.get('/request');
      assert.match(form.body, /<title>[^<]*· Pipes &amp; Co<\/title>/, 'the title');
      assert.match(form.body, /class="navbar-brand" href="\/">Pipes &amp; Co</, 'the brand in the nav');
      assert.match(text(form), /the plumbers on Pipes & Co who cover your ZIP code/, 'the request form');
      const footer = text(form).replace(/<[^>]+>/g, '');
      assert.match(footer, /Pipes & Co · 1 Main St, Springfield, OR 97477 · desk@pipes\.example\.com · \(415\) 555-0188/);
      assert.ok(!/>Plumbline</.test(form.body), 'no old name left in the layout');
      const terms = text(await admin.get('/terms'));
      assert.match(terms, /Contact Pipes & Co/);
      assert.match(terms, /desk@pipes\.example\.com/);

      // The next e-mail: a homeowner's confirmation, rendered by the worker after the change.
      const fields = validLeadFor();
      await submitLead(m, fields);
      const [mail] = await m.waitForMailsTo(fields.email, (ms) => ms.length >= 1, { what: 'the confirmation' });
      assert.match(mail.text, /\n\s*Pipes & Co\s*\n\s*http/, `the e-mail is signed with the new name: ${mail.text}`);
    });

    it('takes any IANA zone of the system and shows staff times in it at once', async () => {
      const res = await api(m.srv, 'PUT', '/api/v1/admin/settings', {
        token: m.admin.token, body: { settings: { time_zone: 'Asia/Tokyo' }, reason: 'Head office moved' },
      });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().settings.time_zone.value, 'Asia/Tokyo');
      const audit = text(await admin.get('/admin/audit'));
      assert.match(audit, /\d:\d\d [ap]m JST/, 'staff times are in Japan Standard Time');
      const refused = await api(m.srv, 'PUT', '/api/v1/admin/settings', {
        token: m.admin.token, body: { settings: { time_zone: 'Asia/Atlantis' }, reason: 'Typo' },
      });
      assert.equal(refused.status, 422, refused.body);
    });
  });
}
