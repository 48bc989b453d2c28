// Notifications, e-mail: the homeowner's confirmation through the outbox to a real SMTP sink
// (maildev), nothing typed in it and a daily limit per address, the sink going away and coming
// back, and a 5xx reply (a tiny rejecting SMTP server).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, decodeHtml, http, jsonLead, metricsPage, postJson, runCli, sleep, startServer,
  validLead,
} from '../support/server.mjs';
import { startMaildev } from '../support/maildev.mjs';
import { startSmtpReject } from '../support/smtp-reject.mjs';
import {
  outboxList, outboxShow, rowsFor, summary, uniqueEmail, waitFor, waitForRow,
} from '../support/outbox.mjs';

const MAIL_FROM = 'Plumbline Test <notify@plumbline.example.com>';
const REPLY_TO = 'help@plumbline.example.com';
const TRACKING_URL = /https?:\/\/[^\s"'<>]+\/t\/[A-Za-z0-9_-]{22,}/g;

// Every stdout line and stderr of the server as one string, to look for secrets in.
function allLogs(srv) {
  return srv.logs.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + srv.stderr();
}

async function submitForm(srv, fields) {
  const client = new FormClient(srv.baseUrl);
  const res = await client.submit(fields);
  assert.equal(res.status, 303, `form submit: ${res.status} ${res.body.slice(0, 300)}`);
  const m = /^\/t\/([A-Za-z0-9_-]{22,})\/sent$/.exec(res.location);
  assert.ok(m, `redirect to /t/<token>/sent, got ${res.location}`);
  return { token: m[1], trackingUrl: `${srv.baseUrl}/t/${m[1]}` };
}

async function submitApi(srv, overrides) {
  const started = performance.now();
  const res = await postJson(srv.baseUrl, jsonLead(overrides));
  const ms = performance.now() - started;
  assert.equal(res.status, 201, `POST /api/v1/leads: ${res.status} ${res.body.slice(0, 300)}`);
  const body = res.json();
  return { ms, trackingUrl: body.tracking_url, token: body.tracking_url.split('/t/')[1] };
}

// Checks one delivered confirmation thoroughly; returns the tracking URL it carries.
async function checkConfirmation(sink, srv, mail, { email, trackingUrl, description }) {
  assert.deepEqual(mail.to.map((t) => t.address), [email], 'To is the homeowner only');
  assert.deepEqual(mail.envelope.to.map((t) => t.address), [email], 'envelope recipient');
  assert.equal(mail.from[0]?.address, 'notify@plumbline.example.com', 'From address');
  assert.equal(mail.from[0]?.name, 'Plumbline Test', 'From display name');
  assert.equal(mail.envelope.from.address, 'notify@plumbline.example.com', 'envelope sender');
  assert.ok(mail.subject && mail.subject.length >= 5 && mail.subject.length <= 150, `subject: ${mail.subject}`);
  assert.doesNotMatch(mail.subject, /\{\{|\}\}|[\r\n]/, 'subject is rendered, one line');
  assert.ok(mail.text && mail.html, 'text and HTML bodies');
  assert.doesNotMatch(mail.text + mail.html, /\{\{|\}\}/, 'no unrendered Mustache tags');

  const source = await sink.source(mail.id);
  const head = source.slice(0, source.search(/\r?\n\r?\n/));
  assert.match(head, /^Message-ID:\s*<[^@\s>]+@[^>\s]+>/im, 'Message-ID');
  assert.match(head, /^Date:\s*\S/im, 'Date');
  assert.match(head, /^MIME-Version:\s*1\.0/im, 'MIME-Version');
  assert.ok(new RegExp(`^Reply-To:.*${REPLY_TO.replace('.', '\\.')}`, 'im').test(head), 'Reply-To');
  assert.doesNotMatch(head, /^List-Unsubscribe:/im, 'transactional mail has no List-Unsubscribe');
  const alt = /Content-Type:\s*multipart\/alternative;[^]*?boundary="?([^";\r\n]+)"?/i.exec(source);
  assert.ok(alt, 'a multipart/alternative part');
  const textAt = source.search(/Content-Type:\s*text\/plain/i);
  const htmlAt = source.search(/Content-Type:\s*text\/html/i);
  assert.ok(textAt > alt.index && htmlAt > textAt, 'text/plain first, then text/html, inside the alternative');
  assert.match(source.slice(textAt, textAt + 200), /charset="?utf-8/i, 'text part declares UTF-8');

  const fromText = [...new Set(mail.text.match(TRACKING_URL))];
  const fromHtml = [...new Set(decodeHtml(mail.html).match(TRACKING_URL))];
  assert.deepEqual(fromText, [trackingUrl], 'the text body carries this request\'s tracking link');
  assert.deepEqual(fromHtml, [trackingUrl], 'the HTML body carries the same tracking link');
  assert.ok(decodeHtml(mail.html).includes(`href="${trackingUrl}"`), 'the HTML link is a real <a href>');
  const page = await http(fromText[0]);
  assert.equal(page.status, 200, 'the tracking link from the e-mail works');
  assert.ok(decodeHtml(page.body).includes(description), 'it opens this request\'s tracking page');
}

// Issue 17: a form request's homeowner also gets the e-mail check (without Twilio); these tests are
// about the confirmations.
const confirmationsOnly = (mails) => mails.filter((m) => !/^Confirm your e-mail address/.test(m.subject));

for (const [db, skip] of BACKENDS) {
  describe(`e-mail confirmation through maildev (${db})`, { skip }, () => {
    let sink;
    let srv;
    const tokens = [];
    before(async () => {
      sink = await startMaildev();
      srv = await startServer({
        db, env: { PLUMBLINE_SMTP_URL: sink.smtpUrl, PLUMBLINE_MAIL_FROM: MAIL_FROM, PLUMBLINE_MAIL_REPLY_TO: REPLY_TO },
      });
    });
    after(async () => {
      try { await srv?.close(); } finally { await sink?.close(); }
    });

    for (const via of ['form', 'API']) {
      it(`a request made through the ${via} gets exactly one confirmation whose link works`, async () => {
        const email = uniqueEmail(via.toLowerCase());
        const description = `Mail via ${via}: the water heater pilot light keeps going out.`;
        const { trackingUrl, token } = via === 'form'
          ? await submitForm(srv, validLead({ email, description }))
          : await submitApi(srv, { email, description });
        tokens.push(token);
        const count = via === 'form' ? 2 : 1; // the form's request also gets the e-mail check
        const [mail] = confirmationsOnly(await sink.waitForMailTo(email, { count, timeoutMs: 60000 }));
        await checkConfirmation(sink, srv, mail, { email, trackingUrl, description });

        // Exactly one: the row is sent after one attempt, and nothing more arrives after it.
        const row = await waitForRow(srv.env, { email, kind: 'lead_confirmation' }, (r) => r.status === 'sent', { what: 'row sent' });
        assert.equal(row.channel, 'email');
        assert.equal(row.kind, 'lead_confirmation');
        assert.equal(row.attempts, 1);
        await sleep(600); // > 2 poll intervals: a second delivery would show up now
        assert.equal(confirmationsOnly(await sink.to(email)).length, 1, 'exactly one confirmation');
        const sentLog = srv.logs.find((l) => l?.msg === 'outbox_sent' && l.id === row.id);
        assert.ok(sentLog, 'worker logged outbox_sent for the message');
        assert.equal(sentLog.channel, 'email');
        assert.ok(Number.isFinite(sentLog.handoff_ms) && sentLog.handoff_ms >= 0, 'handoff_ms logged');
      });
    }

    it('exports the hand-off histogram, queue depth and dead count on /metrics', async () => {
      // The gauges may be refreshed by the worker's rounds: give them a moment.
      const m = await waitFor(async () => {
        const body = (await metricsPage(srv.baseUrl)).body;
        return /^plumbline_outbox_pending(\{[^}]*\})? 0$/m.test(body) ? body : null;
      }, { timeoutMs: 30000, what: 'plumbline_outbox_pending 0' }).catch(async () => (await metricsPage(srv.baseUrl)).body);
      assert.match(m, /^plumbline_outbox_handoff_seconds_bucket\{[^}]*channel="email"[^}]*\} [1-9]/m);
      assert.match(m, /^plumbline_outbox_handoff_seconds_count\{[^}]*channel="email"[^}]*\} [1-9]/m);
      assert.match(m, /^plumbline_outbox_pending(\{[^}]*\})? 0$/m);
      assert.match(m, /^plumbline_outbox_dead(\{[^}]*\})? 0$/m);
    });

    it('never writes a tracking token to its logs', () => {
      assert.equal(tokens.length, 2);
      const logs = allLogs(srv);
      assert.ok(srv.logs.some((l) => l?.msg === 'outbox_sent'), 'the worker did log');
      for (const t of tokens) assert.ok(!logs.includes(t), 'tracking token found in the server logs');
    });

    // Issue 12, point 9: anyone may type anyone's address into the form, so the confirmation shows
    // nothing the requester typed, and one address gets a limited number of them a day.
    it('the confirmation carries nothing the requester typed (name, description, address, best time)', async () => {
      const email = uniqueEmail('evil');
      const typed = {
        name: 'Click http://evil.example now',
        description: 'Your account is locked: visit http://evil.example/desc to unlock it.',
        address: 'http://evil.example/address',
        best_time: 'Call http://evil.example/time',
      };
      const { trackingUrl } = await submitForm(srv, validLead({ email, ...typed }));
      const [mail] = await sink.waitForMailTo(email, { timeoutMs: 60000 });
      const all = [mail.subject, mail.text, mail.html, decodeHtml(mail.html), await sink.source(mail.id)].join('\n');
      assert.doesNotMatch(all, /evil\.example|Click/, 'no typed text in the confirmation');
      assert.match(mail.text, /^Hello,\r?\n/, 'the greeting names nobody');
      assert.ok(mail.text.includes(trackingUrl), 'the tracking link is there');
      assert.match(mail.text, /Leak repair|leak/i, 'the service label is there');
      const page = await http(trackingUrl);
      assert.ok(decodeHtml(page.body).includes(typed.description), 'the request itself keeps what was typed');
    });

    it('the 4th request to one address in a day is stored without a confirmation; another address gets one', async () => {
      const email = uniqueEmail('limit');
      const loud = email.toUpperCase(); // the same mailbox written differently counts as the same
      const made = [];
      made.push(await submitForm(srv, validLead({ email })));
      made.push(await submitApi(srv, { email }));
      made.push(await submitApi(srv, { email: loud }));
      await sink.waitForMailTo(email, { count: 4, timeoutMs: 60000 }); // 3 confirmations, the form's e-mail check
      made.push(await submitApi(srv, { email: loud })); // the form and the API share one limit
      const other = uniqueEmail('limit-other');
      await submitApi(srv, { email: other });
      await sink.waitForMailTo(other, { timeoutMs: 60000 });
      const withheld = await waitFor(() => srv.logs.find((l) => l?.msg === 'lead_confirmation_withheld'),
        { timeoutMs: 10000, what: 'lead_confirmation_withheld logged' });
      assert.equal(withheld.channel, 'email');
      assert.equal(withheld.per_day, 3);
      assert.ok(!JSON.stringify(withheld).includes(email.split('@')[1]), 'the address is not logged');
      await sleep(1000); // > 2 poll intervals: a 4th confirmation would have arrived by now
      assert.equal(confirmationsOnly(await sink.to(email)).length, 3, 'three confirmations, not four');
      const domain = `@${email.split('@')[1]}`; // `outbox list` masks the local part, keeps the case
      const rows = (await outboxList(srv.env)).rows.filter((r) => r.recipient.toLowerCase().endsWith(domain));
      assert.equal(rows.filter((r) => r.kind === 'lead_confirmation').length, 3, 'three queued');
      for (const { trackingUrl } of made) {
        const page = await http(trackingUrl);
        assert.equal(page.status, 200, 'every request was stored, the 4th too');
      }
      const m = (await metricsPage(srv.baseUrl)).body;
      assert.match(m, /^plumbline_lead_confirmations_withheld_total\{[^}]*channel="email"[^}]*\} 1$/m);
    });
  });
}

// Both backends at once: each waits for the first retry (~30 s), so in parallel the file stays short.
describe('SMTP sink down and back', { concurrency: true }, () => {
  for (const [db, skip] of BACKENDS) {
    it(`(${db}) accepts requests as fast while maildev is stopped; the mail arrives once it is back`,
      { skip }, async (t) => {
        const sink = await startMaildev();
        let srv;
        try {
          srv = await startServer({ db, env: { PLUMBLINE_SMTP_URL: sink.smtpUrl } });
          for (let i = 0; i < 10; i++) await submitApi(srv, { email: uniqueEmail('warm') }); // warm-up
          const idle = [];
          const idleEmails = [];
          for (let i = 0; i < 40; i++) {
            const email = uniqueEmail('up');
            idleEmails.push(email);
            idle.push((await submitApi(srv, { email })).ms);
          }
          await sink.waitUntil((mails) => mails.length >= 50, { timeoutMs: 60000, what: '50 mails before the stop' });

          await sink.stop();
          const down = [];
          const downEmails = [];
          for (let i = 0; i < 40; i++) {
            const email = uniqueEmail('down');
            downEmails.push(email);
            down.push((await submitApi(srv, { email })).ms);
          }
          const a = summary(idle);
          const b = summary(down);
          const fmt = (s) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
          t.diagnostic(`submission latency, sink up: ${fmt(a)}; sink down: ${fmt(b)} (40 sequential API requests each)`);
          // A wide bound: a submission that waited on SMTP would stall for the client's connect and
          // reply timeouts (seconds); a loaded machine's scheduling noise must not fail the test.
          const limit = Math.max(5 * a.p99, 1000);
          assert.ok(b.p99 <= limit, `p99 with the sink down ${b.p99.toFixed(1)} ms > ${limit.toFixed(1)} ms`);

          // Each message was tried once, failed to connect and waits for its retry.
          const failedAt = Date.now();
          const waiting = await waitFor(async () => {
            const list = await outboxList(srv.env, { status: 'pending' });
            const rows = downEmails.map((email) => rowsFor(list, { email })[0]);
            return rows.every((r) => r && r.attempts === 1 && r.lastError) ? rows : null;
          }, { timeoutMs: 60000, what: 'the 40 messages pending after one failed attempt' });
          t.diagnostic(`while down: ${waiting[0].line.trim()}`);
          assert.ok(srv.logs.some((l) => l?.msg === 'outbox_retry'), 'outbox_retry logged');
          assert.equal((await outboxList(srv.env, { status: 'dead' })).counts.dead, 0, 'none dead');
          const detail = await outboxShow(srv.env, waiting[0].id);
          assert.equal(detail.status, 'pending');
          assert.ok(detail.lastError.length > 0, 'the connection error is recorded');

          await sink.start();
          // First retry after 30 s ± 20 %: everything is back within 36 s of the failures (+ slack).
          await sink.waitUntil((mails) => downEmails.every((e) => mails.some((m) => m.to[0]?.address === e)),
            { timeoutMs: Math.max(5000, 50000 - (Date.now() - failedAt)), intervalMs: 500,
              what: 'the 40 confirmations held back while the sink was down' });
          t.diagnostic(`held-back mail delivered ${((Date.now() - failedAt) / 1000).toFixed(1)} s after the failures`);
          await waitFor(async () => {
            const c = (await outboxList(srv.env, { limit: 1 })).counts;
            return c.pending === 0 && c.sending === 0 ? c : null;
          }, { timeoutMs: 60000, what: 'queue empty' });
          await sleep(500);
          const mails = await sink.list();
          for (const e of [...idleEmails, ...downEmails]) {
            const n = mails.filter((m) => m.to[0]?.address === e).length;
            assert.equal(n, 1, `${e}: ${n} messages`);
          }
          const list = await outboxList(srv.env);
          for (const e of downEmails) {
            const [row] = rowsFor(list, { email: e });
            assert.equal(row.status, 'sent');
            assert.equal(row.attempts, 2, 'sent on the second attempt');
          }
        } finally {
          try { await srv?.close(); } finally { await sink.close(); }
        }
      });
  }
});

for (const [db, skip] of BACKENDS) {
  describe(`SMTP server refusing mail (${db})`, { skip }, () => {
    let smtp;
    let srv;
    const accept = new Set(); // addresses the server takes after all (for `outbox retry`)
    before(async () => {
      smtp = await startSmtpReject({
        rule: (rcpt) => (accept.has(rcpt) ? 'accept' : rcpt.startsWith('data') ? 'data'
          : rcpt.startsWith('later') ? 'temp' : 'rcpt'),
      });
      srv = await startServer({ db, env: { PLUMBLINE_SMTP_URL: smtp.url } });
    });
    after(async () => {
      try { await srv?.close(); } finally { await smtp?.close(); }
    });

    const cases = [
      ['RCPT TO', 'rcpt', /550/, /5\.1\.1/],
      ['the message data', 'data', /554/, /5\.7\.1/],
    ];
    for (const [where, prefix, code, enhanced] of cases) {
      it(`a 5xx reply to ${where} makes the message dead after one attempt, reply recorded`, async () => {
        const email = uniqueEmail(prefix).replace(/^ada@/, `${prefix}@`);
        await submitApi(srv, { email });
        const row = await waitForRow(srv.env, { email }, (r) => r.status === 'dead', { what: 'dead row' });
        const show = await outboxShow(srv.env, row.id);
        assert.equal(show.status, 'dead');
        assert.equal(show.attempts, 1, 'one attempt only');
        assert.match(show.lastError, code, `last error: ${show.lastError}`);
        assert.match(show.lastError, enhanced, `last error: ${show.lastError}`);
        assert.equal(smtp.rcptCount(email), 1, 'the server saw one attempt');
        const dead = srv.logs.find((l) => l?.msg === 'outbox_dead' && l.id === row.id);
        assert.ok(dead?.reason, 'outbox_dead logged with a reason');
        await sleep(600);
        assert.equal(smtp.rcptCount(email), 1, 'and no second attempt follows');
      });
    }

    it('a 4xx reply keeps the message pending for a retry, error recorded', async () => {
      const email = uniqueEmail('later').replace(/^ada@/, 'later@');
      await submitApi(srv, { email });
      const row = await waitForRow(srv.env, { email }, (r) => r.attempts === 1 && r.lastError,
        { what: 'row retried once' });
      assert.equal(row.status, 'pending');
      assert.match(row.lastError, /451/);
      assert.equal(smtp.rcptCount(email), 1);
    });

    it('`outbox retry` queues a dead message again; it is sent; only dead messages can be retried', async () => {
      const email = uniqueEmail('rcpt').replace(/^ada@/, 'rcpt@');
      await submitApi(srv, { email });
      const row = await waitForRow(srv.env, { email }, (r) => r.status === 'dead', { what: 'dead row' });
      accept.add(email);
      const retry = await runCli(['outbox', 'retry', String(row.id)], srv.env);
      assert.equal(retry.code, 0, retry.stderr);
      const sent = await waitForRow(srv.env, { email }, (r) => r.status === 'sent', { what: 'retried row sent' });
      assert.equal(smtp.rcptCount(email), 2);
      assert.equal(smtp.sessions.flatMap((x) => x.messages).filter((m) => m.includes(`To: ${email}`)
        || m.includes(`<${email}>`)).length, 1, 'the retried message was delivered once');
      const again = await runCli(['outbox', 'retry', String(sent.id)], srv.env);
      assert.notEqual(again.code, 0, 'a sent message is not retried');
      assert.match(again.stderr, /not dead/);
      const missing = await runCli(['outbox', 'retry', '999999'], srv.env);
      assert.notEqual(missing.code, 0, 'an unknown id fails');
    });

    it('counts the dead messages on /metrics', async () => {
      const m = await waitFor(async () => {
        const body = (await metricsPage(srv.baseUrl)).body;
        return /^plumbline_outbox_dead(\{[^}]*\})? 2$/m.test(body) ? body : null;
      }, { timeoutMs: 30000, what: 'plumbline_outbox_dead 2' }).catch(async () => (await metricsPage(srv.baseUrl)).body);
      assert.match(m, /^plumbline_outbox_dead(\{[^}]*\})? 2$/m);
    });
  });
}
