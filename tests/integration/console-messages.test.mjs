// The console's messages (issue 15, point 7) on both databases: the outbox list and its filters,
// recipients masked for support staff and full for admins, the rendered content, retry of a dead
// message (delivered afterwards), cancel of a pending one, a sent one refused (409), reasons
// required, each action an audit row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml, sleep } from '../support/server.mjs';
import { api } from '../support/accounts.mjs';
import {
  auditRows, deadConfirmation, listMessages, plumberToken, requestWithEmail, startConsole,
  consoleSupportAgent, waitForMessageTo,
} from '../support/console.mjs';
import { uniqueEmail } from '../support/outbox.mjs';

for (const [db, skip] of BACKENDS) {
  describe(`console messages (${db})`, { skip }, () => {
    let c;
    before(async () => { c = await startConsole({ db }); });
    after(async () => { await c?.close(); });

    it('filters narrow the list; admins see full recipients; the detail shows the rendered content', async () => {
      const { email, message } = await deadConfirmation(c, 'rcpt');
      assert.equal(message.recipient, email, 'an admin sees the whole address');
      assert.equal(message.channel, 'email');
      assert.match(message.last_error, /550/);
      assert.equal(message.attempts, 1);
      assert.ok(message.lead_id > 0, 'the request it concerns');
      const has = (list) => list.messages.some((x) => x.id === message.id);
      assert.ok(has(await listMessages(c, { status: 'dead' })), 'status=dead has it');
      assert.ok(!has(await listMessages(c, { status: 'sent' })), 'status=sent has not');
      assert.ok(!has(await listMessages(c, { channel: 'sms' })), 'channel=sms has not');
      assert.ok(has(await listMessages(c, { channel: 'email', template: message.template })));
      assert.ok(!has(await listMessages(c, { template: 'plumber_approved' })), 'another template has not');
      assert.ok(!has(await listMessages(c, { from: '2001-01-01', to: '2001-01-31' })), 'an old date range has not');
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
      assert.ok(has(await listMessages(c, { from: yesterday, to: tomorrow })), `${yesterday}..${tomorrow} has it (today ${today})`);
      for (const status of ['dead', 'pending', 'sent'])
        for (const x of (await listMessages(c, { status })).messages) assert.equal(x.status, status);

      // Keyset paging: one at a time, each page older than the last.
      await deadConfirmation(c, 'rcpt'); // a second message
      const first = await listMessages(c, { limit: 1 });
      assert.equal(first.messages.length, 1);
      assert.ok(first.next_before > 0, 'another page');
      const second = await listMessages(c, { limit: 1, before: first.next_before });
      assert.ok(second.messages[0].id < first.messages[0].id, 'newest first');

      const detail = await api(c.srv, 'GET', `/api/v1/admin/messages/${message.id}`, { token: c.m.admin.token });
      assert.equal(detail.status, 200);
      const d = detail.json();
      assert.ok(d.rendered.subject.length > 3, 'rendered subject');
      // The text as sent, but the tracking link (sealed: it acts for the homeowner) hidden from staff.
      assert.doesNotMatch(d.rendered.text + d.rendered.html, /\/t\/[A-Za-z0-9_-]{22,}/, 'no tracking link shown to staff');
      assert.match(d.rendered.text, /\[hidden: sent to the recipient only\]/, 'where the link was');
      assert.doesNotMatch(d.rendered.text + d.rendered.html, /\{\{/, 'no Mustache left');

      const admin = await c.m.adminClient();
      const page = await admin.get('/admin/messages?status=dead');
      assert.equal(page.status, 200);
      assert.ok(decodeHtml(page.body).includes(email), 'the page lists the address');
      const one = await admin.get(`/admin/messages/${message.id}`);
      assert.equal(one.status, 200);
      assert.ok(decodeHtml(one.body).includes(d.rendered.subject), 'the page shows the subject');
      const frame = await admin.get(`/admin/messages/${message.id}/html`);
      assert.equal(frame.status, 200);
      assert.match(frame.headers.get('content-security-policy'), /sandbox/);
      assert.match(frame.headers.get('content-security-policy'), /default-src 'none'/);
    });

    it('refuses bad filters and unknown ids; plumbers and strangers get nothing', async () => {
      const token = c.m.admin.token;
      const bad = await api(c.srv, 'GET', '/api/v1/admin/messages?status=lost', { token });
      assert.equal(bad.status, 422);
      assert.match(bad.body, /status/);
      assert.equal((await api(c.srv, 'GET', '/api/v1/admin/messages?from=yesterday', { token })).status, 422);
      assert.equal((await api(c.srv, 'GET', '/api/v1/admin/messages/999999', { token })).status, 404);
      assert.equal((await api(c.srv, 'GET', '/api/v1/admin/messages/abc', { token })).status, 404);
      assert.equal((await api(c.srv, 'GET', '/api/v1/admin/messages')).status, 401);
      const plumber = await plumberToken(c);
      assert.equal((await api(c.srv, 'GET', '/api/v1/admin/messages', { token: plumber })).status, 403);
      assert.equal((await api(c.srv, 'POST', '/api/v1/admin/messages/1/retry', { token: plumber, body: { reason: 'x' } })).status, 403);
      const admin = await c.m.adminClient();
      assert.equal((await admin.get('/admin/messages?channel=fax')).status, 422);
    });

    it('retry puts a dead message back to pending and it is delivered; a sent one is refused with 409', async () => {
      const { email, message } = await deadConfirmation(c, 'rcpt');
      const admin = await c.m.adminClient();
      await admin.get(`/admin/messages/${message.id}`); // the page's CSRF token
      const noReason = await admin.post(`/admin/messages/${message.id}/retry`, { reason: '  ' });
      assert.equal(noReason.status, 422);
      assert.match(decodeHtml(noReason.body), /Give a reason/);
      assert.equal((await listMessages(c, { status: 'dead' })).messages.find((x) => x.id === message.id)?.status, 'dead',
        'nothing changed without a reason');
      assert.equal(auditRows(c.srv, 'message.retry', message.id).length, 0);

      c.accept.add(email);
      const ok = await admin.post(`/admin/messages/${message.id}/retry`, { reason: 'Mailbox fixed, customer called' });
      assert.equal(ok.status, 303, ok.body.slice(0, 300));
      assert.equal(ok.location, `/admin/messages/${message.id}?done=retried`);
      const sent = await waitForMessageTo(c, email, (x) => x.status === 'sent', 'delivered message');
      assert.equal(sent.id, message.id, 'the same message, not a copy');
      assert.equal(c.smtp.rcptCount(email), 2, 'refused once, delivered once');
      const rows = auditRows(c.srv, 'message.retry', message.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].reason, 'Mailbox fixed, customer called');
      assert.equal(rows[0].actor_email, c.m.admin.email);
      assert.match(rows[0].before, /dead/);
      assert.match(rows[0].after, /pending/);

      const again = await admin.post(`/admin/messages/${message.id}/retry`, { reason: 'Once more' });
      assert.equal(again.status, 409);
      assert.match(decodeHtml(again.body), /sent already/);
      const apiAgain = await api(c.srv, 'POST', `/api/v1/admin/messages/${message.id}/retry`,
        { token: c.m.admin.token, body: { reason: 'Once more' } });
      assert.equal(apiAgain.status, 409);
      assert.match(apiAgain.json().error.message, /sent already/);
      await sleep(500);
      assert.equal(c.smtp.rcptCount(email), 2, 'not sent a second time');
      assert.equal(auditRows(c.srv, 'message.retry', message.id).length, 1, 'no row for a refused retry');
    });

    it('cancel stops a pending message (API), with an audit row; it cannot be cancelled twice', async () => {
      const email = uniqueEmail('later').replace(/^ada@/, 'later@');
      await requestWithEmail(c.srv, email);
      const waiting = await waitForMessageTo(c, email, (x) => x.status === 'pending' && x.attempts === 1,
        'message waiting after a 451');
      assert.match(waiting.last_error, /451/);
      assert.ok(waiting.next_attempt_at > Date.now() - 5000, 'a next attempt is scheduled');
      const token = c.m.admin.token;
      const path = `/api/v1/admin/messages/${waiting.id}/cancel`;
      assert.equal((await api(c.srv, 'POST', path, { token, body: {} })).status, 422, 'a reason is required');
      assert.equal((await api(c.srv, 'POST', path, { token, body: { reason: 7 } })).status, 422, 'a text reason');
      const r = await api(c.srv, 'POST', path, { token, body: { reason: 'Homeowner asked us not to write' } });
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json().status, 'dead');
      assert.match(r.json().last_error, /cancelled by staff: Homeowner asked us not to write/);
      const rows = auditRows(c.srv, 'message.cancel', waiting.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].reason, 'Homeowner asked us not to write');
      const twice = await api(c.srv, 'POST', path, { token, body: { reason: 'again' } });
      assert.equal(twice.status, 409);
      assert.equal(auditRows(c.srv, 'message.cancel', waiting.id).length, 1);
    });

    it('support staff see masked recipients, may retry, and the page says so', async () => {
      const agent = await consoleSupportAgent(c);
      const { email, message } = await deadConfirmation(c, 'rcpt');
      const list = await listMessages(c, { status: 'dead' }, agent.token);
      const seen = list.messages.find((x) => x.id === message.id);
      assert.ok(seen, 'support sees the message');
      assert.notEqual(seen.recipient, email);
      assert.equal(seen.recipient, `r\u2022\u2022\u2022@${email.split('@')[1]}`);
      const detail = (await api(c.srv, 'GET', `/api/v1/admin/messages/${message.id}`, { token: agent.token })).json();
      assert.equal(detail.recipient, seen.recipient, 'masked in the detail too');
      assert.match(seen.last_error, /550/);
      assert.ok(!seen.last_error.includes(email), 'and where the SMTP reply quotes it');
      const page = await agent.client.get('/admin/messages?status=dead');
      assert.equal(page.status, 200);
      assert.ok(!decodeHtml(page.body).includes(email), 'the page hides the address');
      assert.match(decodeHtml(page.body), /partly hidden/);
      c.accept.add(email);
      await agent.client.get(`/admin/messages/${message.id}`);
      const ok = await agent.client.post(`/admin/messages/${message.id}/retry`, { reason: 'Resent for the homeowner' });
      assert.equal(ok.status, 303);
      await waitForMessageTo(c, email, (x) => x.status === 'sent', 'message resent by support');
      assert.equal(auditRows(c.srv, 'message.retry', message.id)[0].actor_email, agent.email);
    });
  });
}
