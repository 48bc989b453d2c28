// Verified homeowner phone (issue 17 item 1) over HTTP: the form's request gets a 6-digit code by
// SMS (the Twilio stand-in), entered on the confirmation page → "Phone verified" on the tracking
// page; wrong and stale codes explained; resend refused within 60 s; CSRF and the per-IP limit
// refused; without Twilio the e-mailed single-use link confirms the address ("E-mail verified");
// under the `required` setting a plumber covering the ZIP is sent the request only once confirmed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, FormClient, startServer, validLead } from '../support/server.mjs';
import { startTwilioStandin } from '../support/twilio-standin.mjs';
import { uniqueEmail, uniqueSmsPhone, waitFor } from '../support/outbox.mjs';
import { linkPath, waitForMail } from '../support/accounts.mjs';
import { api, readyPlumber, startMarketplace, validLeadFor } from '../support/marketplace.mjs';

const text = (res) => res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
// The badge the box shows once confirmed (its text also appears in the box's explanation before).
const badge = (res) => /id="verified-badge">([^<]+)</.exec(res.body)?.[1] ?? '';

// A homeowner's request by the form; returns {client, tracking: '/t/<token>'}.
async function submitForm(srv, overrides) {
  const client = new FormClient(srv.baseUrl);
  const res = await client.submit(overrides.consent ? overrides : validLead(overrides));
  assert.equal(res.status, 303, `POST /request: ${res.status} ${res.body.slice(0, 300)}`);
  const tracking = res.location.replace(/\/sent$/, '');
  assert.match(tracking, /^\/t\/[A-Za-z0-9_-]{32}$/);
  return { client, tracking };
}

for (const [db, skip] of BACKENDS) {
  describe(`verified phone by SMS (${db})`, { skip }, () => {
    let tw;
    let srv;
    before(async () => {
      tw = await startTwilioStandin();
      srv = await startServer({ db, env: tw.env });
    });
    after(async () => {
      try { await srv?.close(); } finally { await tw?.close(); }
    });

    // The newest code texted to `e164` (after `count` texts).
    const codeTexted = (e164, count = 1) => waitFor(() => {
      const codes = tw.messages(e164).map((m) => /your code is (\d{6})/.exec(m.params.Body)?.[1]).filter(Boolean);
      return codes.length >= count ? codes[codes.length - 1] : null;
    }, { what: `code #${count} texted to ${e164}` });

    it('texts a code that confirms the phone on the confirmation page', async () => {
      const phone = uniqueSmsPhone();
      const { client, tracking } = await submitForm(srv, { phone: phone.display, email: uniqueEmail('pv'), contact_method: 'phone' });
      const sent = await client.get(`${tracking}/sent`);
      assert.equal(sent.status, 200);
      assert.match(text(sent), /Confirm your phone/);
      assert.match(text(sent), new RegExp(`We texted a 6-digit code to .*${phone.last4}`));
      assert.ok(!text(sent).includes(phone.display), 'the number is masked');
      const code = await codeTexted(phone.e164);
      const [sms] = tw.messages(phone.e164).filter((m) => /your code is/.test(m.params.Body));
      assert.match(sms.params.Body, /within 10 minutes/);

      const wrong = code === '000000' ? '111111' : '000000';
      const bad = await client.post(`${tracking}/verify`, { code: wrong });
      assert.equal(bad.status, 422);
      assert.match(text(bad), /That code is not right\. You can try 4 more times\./);
      assert.match(bad.body, /aria-invalid="true"/);
      const junk = await client.post(`${tracking}/verify`, { code: '12ab' });
      assert.equal(junk.status, 422);
      assert.match(text(junk), /Enter the 6 digits/);

      const ok = await client.post(`${tracking}/verify`, { code: `${code.slice(0, 3)} ${code.slice(3)}` });
      assert.equal(ok.status, 303);
      assert.equal(ok.location, `${tracking}/verify?done=1`);
      const done = await client.get(ok.location);
      assert.match(text(done), /your contact details are confirmed/);
      const page = await client.get(tracking);
      assert.equal(page.status, 200);
      assert.equal(badge(page), 'Phone verified');
      assert.ok(!/Confirm your phone/.test(text(page)), 'no code form once confirmed');
      assert.match(text(page), /Phone number confirmed with the texted code/); // the history

      // Confirmed: a new code is refused, with the reason.
      const again = await client.post(`${tracking}/verify/resend`, {});
      assert.equal(again.status, 409);
      assert.match(text(again), /confirmed already/);
    });

    it('refuses a resend within 60 s, five wrong codes lock the code, and a bad token is 404', async () => {
      const phone = uniqueSmsPhone();
      const { client, tracking } = await submitForm(srv, { phone: phone.display, email: uniqueEmail('pv'), contact_method: 'phone' });
      const code = await codeTexted(phone.e164);
      await client.get(`${tracking}/verify`);
      const early = await client.post(`${tracking}/verify/resend`, {});
      assert.equal(early.status, 429);
      assert.ok(Number(early.headers.get('retry-after')) > 0 && Number(early.headers.get('retry-after')) <= 60, 'Retry-After within a minute');
      assert.match(text(early), /You can ask for a new code in \d+ seconds/);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 1; i <= 5; i++) assert.equal((await client.post(`${tracking}/verify`, { code: wrong })).status, 422, `wrong code ${i}`);
      const locked = await client.post(`${tracking}/verify`, { code });
      assert.equal(locked.status, 409);
      assert.match(text(locked), /entered wrongly 5 times/);
      assert.equal(badge(await client.get(tracking)), '');

      const dummy = '/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      assert.equal((await client.post(`${dummy}/verify`, { code })).status, 404);
      assert.equal((await client.post(`${dummy}/verify/resend`, {})).status, 404);
      assert.equal((await client.get(`${dummy}/verify`)).status, 404);
    });

    it('refuses a post without the CSRF token and changes nothing', async () => {
      const phone = uniqueSmsPhone();
      const { client, tracking } = await submitForm(srv, { phone: phone.display, email: uniqueEmail('pv'), contact_method: 'phone' });
      const code = await codeTexted(phone.e164);
      await client.get(`${tracking}/verify`);
      const forged = await client.post(`${tracking}/verify`, { code }, { withToken: false });
      assert.equal(forged.status, 403);
      const crossSite = await client.post(`${tracking}/verify`, { code }, { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(crossSite.status, 403);
      assert.equal(badge(await client.get(tracking)), '', 'not confirmed by a forged post');
      assert.equal((await client.post(`${tracking}/verify`, { code })).status, 303, 'the genuine post works');
    });
  });

  describe(`the required policy over HTTP (${db})`, { skip }, () => {
    let tw;
    let m;
    before(async () => {
      tw = await startTwilioStandin();
      m = await startMarketplace({ db, maildev: false, env: tw.env });
    });
    after(async () => {
      try { await m?.close(); } finally { await tw?.close(); }
    });

    it('sends the request to the plumber only after the code is entered; the plumber sees the badge', async () => {
      const plumber = await readyPlumber(m, 'gatekeeper');
      const set = await api(m.srv, 'PUT', '/api/v1/admin/settings', {
        token: m.admin.token, body: { settings: { phone_verification: 'required' }, reason: 'Issue 17 test' },
      });
      assert.equal(set.status, 200, set.body);
      const refused = await api(m.srv, 'PUT', '/api/v1/admin/settings', {
        token: m.admin.token, body: { settings: { phone_verification: 'sometimes' }, reason: 'Issue 17 test' },
      });
      assert.equal(refused.status, 422, refused.body);
      const available = async () => {
        const r = await api(m.srv, 'GET', '/api/v1/leads/available?sort=newest', { token: plumber.token });
        assert.equal(r.status, 200, r.body);
        return r.json().leads;
      };
      const phone = uniqueSmsPhone();
      const { client, tracking } = await submitForm(m.srv, validLeadFor({ phone: phone.display, email: uniqueEmail('pv-req'), contact_method: 'phone' }));
      const sent = await client.get(`${tracking}/sent`);
      assert.match(text(sent), /Not sent to plumbers yet/);
      assert.match(text(sent), /We send your request to plumbers as soon as you enter it/);
      assert.deepEqual(await available(), [], 'not sent before the code');
      const code = await waitFor(() => tw.messages(phone.e164).map((x) => /your code is (\d{6})/.exec(x.params.Body)?.[1]).find(Boolean),
        { what: 'the code texted' });
      assert.equal((await client.post(`${tracking}/verify`, { code })).status, 303);
      const leads = await available();
      assert.equal(leads.length, 1, 'sent once confirmed');
      const page = await plumber.client.get(`/leads/${leads[0].id}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /data-signal="phone_verified"/);
    });
  });

  describe(`verification limits per client address (${db})`, { skip }, () => {
    let tw;
    let srv;
    before(async () => {
      tw = await startTwilioStandin();
      srv = await startServer({ db, env: { ...tw.env, PLUMBLINE_RATE_LIMIT: 'on' } });
    });
    after(async () => {
      try { await srv?.close(); } finally { await tw?.close(); }
    });

    it('answers 429 with Retry-After past 10 code entries from one address', async () => {
      const phone = uniqueSmsPhone();
      const { client, tracking } = await submitForm(srv, { phone: phone.display, email: uniqueEmail('pv'), contact_method: 'phone' });
      await client.get(`${tracking}/verify`);
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await client.post(`${tracking}/verify`, { code: '12345' })).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(422), statuses.join(','));
      assert.equal(statuses[11], 429, statuses.join(','));
      const limited = await client.post(`${tracking}/verify`, { code: '123456' });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });
  });

  describe(`verified e-mail without SMS (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('e-mails a single-use link that confirms the address', async () => {
      const email = uniqueEmail('pv-mail');
      const { client, tracking } = await submitForm(srv, { email, contact_method: 'email' });
      const sent = await client.get(`${tracking}/sent`);
      assert.match(text(sent), /Confirm your e-mail address/);
      const mail = await waitForMail(srv, { to: email, kind: 'lead_email_verification' });
      assert.equal(mail.subject, 'Confirm your e-mail address for your plumbing request');
      const link = linkPath(mail, `${tracking}/confirm/`);
      // Opening the link confirms nothing (mail scanners open links): the button does.
      const page = await client.get(link);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(badge(await client.get(tracking)), '');
      await client.get(link);
      const forged = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A');
      assert.equal((await client.post(forged, {})).status, 422, 'a wrong link is refused');
      const ok = await client.post(link, {});
      assert.equal(ok.status, 303);
      assert.equal(badge(await client.get(tracking)), 'E-mail verified');
    });
  });
}
