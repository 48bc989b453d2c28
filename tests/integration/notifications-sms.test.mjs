// Notifications, SMS: the confirmation through a Twilio stand-in owned by the tests; status callbacks
// and inbound messages signed with the official `twilio` package; STOP/START/HELP; 4xx/429/5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, http, jsonLead, postJson, sleep, startServer } from '../support/server.mjs';
import {
  inboundParams, postTwilioWebhook, startTwilioStandin, statusCallbackParams,
} from '../support/twilio-standin.mjs';
import {
  outboxList, outboxShow, rowsFor, uniqueEmail, uniqueSmsPhone, waitFor, waitForRow,
} from '../support/outbox.mjs';

const OPT_OUT_REASON = /recipient opted out of SMS/;

async function submitApi(srv, overrides) {
  const res = await postJson(srv.baseUrl, jsonLead({ email: uniqueEmail('sms'), ...overrides }));
  assert.equal(res.status, 201, `POST /api/v1/leads: ${res.status} ${res.body.slice(0, 300)}`);
  return res.json();
}

// Waits for the stand-in to have received `count` requests for `to`; returns them.
function smsTo(tw, to, { count = 1, timeoutMs = 60000 } = {}) {
  return waitFor(() => {
    const m = tw.messages(to);
    return m.length >= count ? m : null;
  }, { timeoutMs, intervalMs: 50, what: `${count} SMS request(s) to ${to} at the stand-in` });
}

for (const [db, skip] of BACKENDS) {
  describe(`SMS through the Twilio stand-in (${db})`, { skip }, () => {
    let tw;
    let srv;
    let statusUrl;
    let inboundUrl;
    let first; // {lead, request} of the first SMS, used by the status-callback tests
    before(async () => {
      tw = await startTwilioStandin();
      srv = await startServer({ db, env: tw.env }); // e-mail goes to .eml files: no SMTP here
      statusUrl = srv.url('/webhooks/twilio/status');
      inboundUrl = srv.url('/webhooks/twilio/inbound');
    });
    after(async () => {
      try { await srv?.close(); } finally { await tw?.close(); }
    });

    const sign = { get authToken() { return tw.authToken; } };
    const callback = (status, extra = {}) => statusCallbackParams({
      messageSid: first.request.sid, status, to: first.request.params.To, from: tw.from,
      accountSid: tw.accountSid, ...extra,
    });
    const inbound = (from, body) => inboundParams({ from, to: tw.from, body, accountSid: tw.accountSid });
    const smsRow = async (last4) => rowsFor(await outboxList(srv.env), { last4, channel: 'sms' });
    const showSms = async (last4) => {
      const rows = await smsRow(last4);
      assert.equal(rows.length, 1, `one SMS row for ***${last4}`);
      return outboxShow(srv.env, rows[0].id);
    };

    it('sends the confirmation SMS: Basic auth, E.164 To, From, tracking link, StatusCallback', async () => {
      const lead = await submitApi(srv, { phone: '(415) 555-0134', contact_method: 'text' });
      const [req] = await smsTo(tw, '+14155550134');
      first = { lead, request: req };
      assert.equal(req.method, 'POST');
      assert.equal(req.path, `/2010-04-01/Accounts/${tw.accountSid}/Messages.json`);
      assert.deepEqual(req.auth, { user: tw.accountSid, pass: tw.authToken }, 'Basic auth sid:token');
      assert.match(req.headers['content-type'], /^application\/x-www-form-urlencoded/);
      assert.equal(req.params.To, '+14155550134');
      assert.equal(req.params.From, tw.from);
      assert.equal(req.params.StatusCallback, `${srv.baseUrl}/webhooks/twilio/status`);
      assert.ok(req.params.Body.includes(lead.tracking_url), `Body carries the tracking link: ${req.params.Body}`);
      assert.ok(req.params.Body.length <= 1600, 'Body within Twilio\'s limit');
      assert.equal(req.answered, 201);
      const link = await http(lead.tracking_url);
      assert.equal(link.status, 200, 'the link in the SMS works');

      const row = await waitForRow(srv.env, { last4: '0134', channel: 'sms' }, (r) => r.status === 'sent',
        { what: 'SMS row sent' });
      const show = await outboxShow(srv.env, row.id);
      assert.equal(show.providerId, req.sid, 'the Twilio message SID is recorded');
      assert.equal(show.attempts, 1);
      await sleep(400);
      assert.equal(tw.messages('+14155550134').length, 1, 'exactly one SMS');
      assert.ok(!JSON.stringify(srv.logs).includes(lead.tracking_url.split('/t/')[1]), 'token not logged');
    });

    it('records a signed status callback (204) and shows the delivery status', async () => {
      assert.ok(first, 'needs the first test');
      const res = await postTwilioWebhook(statusUrl, callback('sent'), sign);
      assert.equal(res.status, 204, res.body);
      assert.equal(res.body, '');
      assert.equal((await showSms('0134')).deliveryStatus, 'sent');
    });

    it('rejects tampered, unsigned, wrongly keyed and wrong-URL callbacks with 403, no change', async () => {
      assert.ok(first, 'needs the first test');
      const attempts = {
        'a changed parameter': postTwilioWebhook(statusUrl, callback('undelivered'),
          { ...sign, signParams: callback('delivered') }),
        'an added parameter': postTwilioWebhook(statusUrl, { ...callback('delivered'), ErrorCode: '30003' },
          { ...sign, signParams: callback('delivered') }),
        'no signature': postTwilioWebhook(statusUrl, callback('delivered'), { unsigned: true }),
        'an empty signature': postTwilioWebhook(statusUrl, callback('delivered'), { signature: '' }),
        'another auth token': postTwilioWebhook(statusUrl, callback('delivered'), { authToken: 'not-the-token' }),
        'another URL': postTwilioWebhook(statusUrl, callback('delivered'),
          { ...sign, signUrl: 'https://elsewhere.example.com/webhooks/twilio/status' }),
        'a signature over a query string': postTwilioWebhook(`${statusUrl}?x=1`, callback('delivered'),
          { ...sign, signUrl: statusUrl }),
      };
      for (const [what, p] of Object.entries(attempts)) assert.equal((await p).status, 403, what);
      assert.equal((await showSms('0134')).deliveryStatus, 'sent', 'delivery status unchanged');
    });

    it('never downgrades a final delivery status when callbacks arrive out of order', async () => {
      assert.ok(first, 'needs the first test');
      assert.equal((await postTwilioWebhook(statusUrl, callback('delivered'), sign)).status, 204);
      assert.equal((await showSms('0134')).deliveryStatus, 'delivered');
      for (const late of ['sent', 'queued', 'sending']) {
        assert.equal((await postTwilioWebhook(statusUrl, callback(late), sign)).status, 204, late);
      }
      const show = await showSms('0134');
      assert.equal(show.deliveryStatus, 'delivered', 'still delivered');
      assert.equal(show.status, 'sent');
    });

    it('accepts a signed callback for an unknown message without failing', async () => {
      const res = await postTwilioWebhook(statusUrl, statusCallbackParams({
        messageSid: 'SM' + '0'.repeat(32), status: 'delivered', to: '+14155550100', from: tw.from,
        accountSid: tw.accountSid,
      }), sign);
      assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    });

    it('STOP opts the number out (no SMS, dead with the reason); START opts it back in', async () => {
      const p = uniqueSmsPhone();
      const stop = await postTwilioWebhook(inboundUrl, inbound(p.e164, 'STOP'), sign);
      assert.equal(stop.status, 200, stop.body);
      assert.match(stop.headers.get('content-type'), /^(text|application)\/xml/);
      assert.match(stop.body, /<Response\b[^>]*>|<Response\/>/, `TwiML: ${stop.body}`);

      await submitApi(srv, { phone: p.display, contact_method: 'text' });
      const row = await waitForRow(srv.env, { last4: p.last4, channel: 'sms' }, (r) => r.status === 'dead',
        { what: 'the opted-out SMS dead' });
      assert.match((await outboxShow(srv.env, row.id)).lastError, OPT_OUT_REASON);
      assert.equal(tw.messages(p.e164).length, 0, 'no SMS reached Twilio');
      const dead = srv.logs.find((l) => l?.msg === 'outbox_dead' && l.id === row.id);
      assert.match(dead?.reason || '', OPT_OUT_REASON, 'outbox_dead logged with the reason');

      const start = await postTwilioWebhook(inboundUrl, inbound(p.e164, 'START'), sign);
      assert.equal(start.status, 200, start.body);
      await submitApi(srv, { phone: p.display, contact_method: 'text' });
      const [req] = await smsTo(tw, p.e164);
      assert.equal(req.params.To, p.e164, 'SMS flows again after START');
    });

    for (const word of ['stop', 'STOPALL', 'Unsubscribe', 'CANCEL', 'END', 'QUIT', ' stop ']) {
      it(`"${word}" also opts out`, async () => {
        const p = uniqueSmsPhone();
        assert.equal((await postTwilioWebhook(inboundUrl, inbound(p.e164, word), sign)).status, 200);
        await submitApi(srv, { phone: p.display, contact_method: 'text' });
        const row = await waitForRow(srv.env, { last4: p.last4, channel: 'sms' }, (r) => r.status === 'dead' || r.status === 'sent', { what: 'SMS row settled' });
        assert.equal(row.status, 'dead', `"${word}": ${row.line}`);
        assert.equal(tw.messages(p.e164).length, 0);
      });
    }

    it('ignores an unsigned or tampered STOP (403; SMS still sent)', async () => {
      const p = uniqueSmsPhone();
      assert.equal((await postTwilioWebhook(inboundUrl, inbound(p.e164, 'STOP'), { unsigned: true })).status, 403);
      const signedForOther = inbound(uniqueSmsPhone().e164, 'STOP');
      assert.equal((await postTwilioWebhook(inboundUrl, { ...signedForOther, From: p.e164 },
        { ...sign, signParams: signedForOther })).status, 403);
      await submitApi(srv, { phone: p.display, contact_method: 'text' });
      await smsTo(tw, p.e164);
    });

    it('answers HELP with a TwiML <Message>', async () => {
      const p = uniqueSmsPhone();
      const res = await postTwilioWebhook(inboundUrl, inbound(p.e164, 'HELP'), sign);
      assert.equal(res.status, 200, res.body);
      assert.match(res.headers.get('content-type'), /^(text|application)\/xml/);
      assert.match(res.body, /<Response>\s*<Message>[^<]{10,}<\/Message>\s*<\/Response>/, res.body);
      // Other text is acknowledged without opting out; the signature covers the decoded values
      // (spaces sent as '+', percent-escapes, non-ASCII).
      const text = 'Is someone coming today? 50% off + tax & more=yes 🙂 café';
      const other = await postTwilioWebhook(inboundUrl, inbound(p.e164, text), sign);
      assert.equal(other.status, 200, 'a signed message with special characters is accepted');
      assert.match(other.body, /<Response/);
      await submitApi(srv, { phone: p.display, contact_method: 'text' });
      await smsTo(tw, p.e164); // neither HELP nor other text opted the number out
    });

    it('Twilio 400 (21211) makes the SMS dead after one attempt', async () => {
      const p = uniqueSmsPhone();
      tw.failNext(1, { status: 400, code: 21211 });
      await submitApi(srv, { phone: p.display, contact_method: 'text' });
      const row = await waitForRow(srv.env, { last4: p.last4, channel: 'sms' }, (r) => r.status === 'dead',
        { what: 'SMS dead' });
      const show = await outboxShow(srv.env, row.id);
      assert.equal(show.attempts, 1);
      assert.match(show.lastError, /21211/, show.lastError);
      await sleep(500);
      assert.equal(tw.messages(p.e164).length, 1, 'one request, no retry');
    });

    for (const status of [429, 500]) {
      it(`Twilio ${status} keeps the SMS pending for a retry`, async () => {
        const p = uniqueSmsPhone();
        tw.failNext(1, { status });
        await submitApi(srv, { phone: p.display, contact_method: 'text' });
        const row = await waitForRow(srv.env, { last4: p.last4, channel: 'sms' },
          (r) => r.attempts === 1 && r.lastError, { what: 'SMS retried once' });
        assert.equal(row.status, 'pending', row.line);
        assert.match(row.lastError, new RegExp(String(status)), row.lastError);
        assert.equal(tw.messages(p.e164).length, 1);
      });
    }

    // Issue 12, point 9: one number gets a limited number of confirmations a day, with nothing typed.
    it('the 4th request from one number in a day is stored without a confirmation SMS', async () => {
      const p = uniqueSmsPhone();
      const name = 'Click http://evil.example now';
      const leads = [];
      for (let i = 0; i < 3; i++) {
        leads.push(await submitApi(srv, { phone: p.display, contact_method: 'text', name }));
      }
      const sms = await smsTo(tw, p.e164, { count: 3 });
      for (const req of sms) assert.doesNotMatch(req.params.Body, /evil\.example|Click/, 'no typed name in the SMS');
      const email = uniqueEmail('sms-limit');
      leads.push(await submitApi(srv, { phone: `+1 ${p.display}`, email, contact_method: 'text', name }));
      // Its e-mail confirmation goes out (a new address); the SMS does not.
      await waitForRow(srv.env, { email }, (r) => r.status === 'sent', { what: 'the 4th lead\'s e-mail sent' });
      const withheld = srv.logs.find((l) => l?.msg === 'lead_confirmation_withheld' && l.channel === 'sms');
      assert.ok(withheld, 'lead_confirmation_withheld logged for the SMS');
      await sleep(1000);
      assert.equal(tw.messages(p.e164).length, 3, 'three confirmation SMS, not four');
      assert.equal((await smsRow(p.last4)).length, 3, 'three SMS rows queued');
      for (const lead of leads) assert.equal((await http(lead.tracking_url)).status, 200, 'every request stored');
    });

    it('sends no SMS for a lead that chose phone or e-mail', async () => {
      const p = uniqueSmsPhone();
      const email = uniqueEmail('nosms');
      await submitApi(srv, { phone: p.display, email, contact_method: 'phone' });
      await waitForRow(srv.env, { email }, (r) => r.status === 'sent', { what: 'e-mail sent' });
      assert.equal((await smsRow(p.last4)).length, 0);
      assert.equal(tw.messages(p.e164).length, 0);
    });
  });

  describe(`Twilio behind a TLS-terminating proxy: PLUMBLINE_BASE_URL is https (${db})`, { skip }, () => {
    const PUBLIC = 'https://plumbline.example.com';
    let tw;
    let srv;
    before(async () => {
      tw = await startTwilioStandin();
      // Reached directly on 127.0.0.1, where the proxy would forward Host: plumbline.example.com.
      srv = await startServer({ db, env: { ...tw.env, PLUMBLINE_BASE_URL: PUBLIC, PLUMBLINE_ALLOWED_HOSTS: '127.0.0.1' } });
    });
    after(async () => {
      try { await srv?.close(); } finally { await tw?.close(); }
    });

    it('signs nothing with the loopback address: StatusCallback and checks use the public URL', async () => {
      const p = uniqueSmsPhone();
      const lead = await submitApi(srv, { phone: p.display, contact_method: 'text' });
      assert.ok(lead.tracking_url.startsWith(`${PUBLIC}/t/`), lead.tracking_url);
      const [req] = await smsTo(tw, p.e164);
      assert.equal(req.params.StatusCallback, `${PUBLIC}/webhooks/twilio/status`);
      const params = statusCallbackParams({
        messageSid: req.sid, status: 'delivered', to: p.e164, from: tw.from, accountSid: tw.accountSid,
      });
      const local = srv.url('/webhooks/twilio/status');
      const wrong = await postTwilioWebhook(local, params, { authToken: tw.authToken });
      assert.equal(wrong.status, 403, 'signed over the loopback URL: refused');
      const right = await postTwilioWebhook(local, params,
        { authToken: tw.authToken, signUrl: `${PUBLIC}/webhooks/twilio/status` });
      assert.equal(right.status, 204, 'signed over the public URL Twilio called: accepted');
      const [row] = rowsFor(await outboxList(srv.env), { last4: p.last4, channel: 'sms' });
      assert.equal((await outboxShow(srv.env, row.id)).deliveryStatus, 'delivered');
      const help = await postTwilioWebhook(srv.url('/webhooks/twilio/inbound'), inboundParams({
        from: p.e164, to: tw.from, body: 'HELP', accountSid: tw.accountSid,
      }), { authToken: tw.authToken, signUrl: `${PUBLIC}/webhooks/twilio/inbound` });
      assert.equal(help.status, 200);
    });
  });

  describe(`SMS without Twilio configured (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('queues no SMS at all, even for a lead that chose text', async () => {
      const email = uniqueEmail('notwilio');
      await submitApi(srv, { email, phone: uniqueSmsPhone().display, contact_method: 'text' });
      await waitForRow(srv.env, { email }, (r) => r.status === 'sent', { what: 'e-mail written' });
      const list = await outboxList(srv.env);
      assert.deepEqual(list.rows.map((r) => r.channel), ['email'], list.raw);
      const inbound = await http(srv.url('/webhooks/twilio/inbound'), {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B14155550100&Body=STOP',
      });
      assert.ok([403, 404].includes(inbound.status), `webhook without Twilio: ${inbound.status}`);
    });
  });
}
