// The console's system status (issue 15, point 8) on both databases: the page and
// /readyz?verbose=1 show the database, the worker's heartbeat, the outbox's counts and lag, and
// SMTP's last failure after a refused send and last success after a good one; the verbose facts
// only for a staff bearer token, while plain /readyz stays open.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml, http } from '../support/server.mjs';
import { api } from '../support/accounts.mjs';
import {
  deadConfirmation, plumberToken, requestWithEmail, startConsole, waitForMessageTo,
} from '../support/console.mjs';
import { uniqueEmail, waitFor } from '../support/outbox.mjs';

for (const [db, skip] of BACKENDS) {
  describe(`console system status (${db})`, { skip }, () => {
    let c;
    before(async () => { c = await startConsole({ db }); });
    after(async () => { await c?.close(); });

    const verbose = (token) => api(c.srv, 'GET', '/readyz?verbose=1', { token });
    const smtpOf = (facts) => facts.integrations.find((i) => i.name === 'smtp');

    it('records an SMTP failure, then a success, and shows them with the worker and the outbox', async () => {
      const { message } = await deadConfirmation(c, 'rcpt');
      const failed = (await verbose(c.m.admin.token)).json();
      const smtp = smtpOf(failed);
      assert.equal(smtp.configured, true);
      assert.ok(smtp.last_failure_at > 0, 'last failure recorded');
      assert.match(smtp.last_error, /550/);
      assert.ok(failed.outbox.dead >= 1, 'dead counted');

      const good = uniqueEmail('good').replace(/^ada@/, 'good@');
      c.accept.add(good);
      await requestWithEmail(c.srv, good);
      await waitForMessageTo(c, good, (x) => x.status === 'sent', 'delivered message');
      const facts = await waitFor(async () => {
        const f = (await verbose(c.m.admin.token)).json();
        return smtpOf(f).last_success_at ? f : null;
      }, { what: 'SMTP last success' });
      const s = smtpOf(facts);
      assert.ok(s.last_success_at >= s.last_failure_at, 'the success came after the failure');
      assert.match(s.last_error, /550/, 'the last failure and its error are kept');
      assert.equal(facts.ready, true);
      assert.equal(facts.database.backend, db);
      assert.match(facts.database.server_version, db === 'sqlite' ? /SQLite/ : /PostgreSQL/);
      assert.ok(facts.database.size_bytes > 0);
      assert.equal(facts.database.migrations_applied, facts.database.migrations_embedded);
      assert.ok(facts.database.migrations_applied >= 20);
      assert.ok(facts.workers.length >= 1, 'a worker heartbeat');
      assert.equal(facts.workers[0].stale, false);
      assert.ok(facts.workers[0].beat_at > Date.now() - 60000);
      assert.ok(facts.outbox.sent >= 1);
      assert.ok(facts.disk.free_bytes > 0 && facts.disk.total_bytes >= facts.disk.free_bytes);
      assert.equal(facts.process.version, '0.1.0');
      assert.ok(facts.process.uptime_ms >= 0);
      for (const name of ['twilio', 'stripe']) {
        const i = facts.integrations.find((x) => x.name === name);
        assert.equal(i.configured, false, `${name} is not configured here`);
        assert.equal(i.last_success_at, null);
      }
      assert.ok(message.id > 0);

      const admin = await c.m.adminClient();
      const page = await admin.get('/admin/status');
      assert.equal(page.status, 200);
      const text = decodeHtml(page.body);
      assert.match(text, /id="integration-smtp"[^]*?<td>yes<\/td>[^]*?550/, 'SMTP: configured, its last error');
      assert.match(text, /id="status-backend">[^<]*(sqlite|postgres)/);
      assert.match(text, /alive/, 'the worker is alive');
      assert.match(text, /id="status-dead">\d+/);
    });

    it('shows the oldest waiting message as the outbox lag', async () => {
      const email = uniqueEmail('later').replace(/^ada@/, 'later@');
      await requestWithEmail(c.srv, email);
      await waitForMessageTo(c, email, (x) => x.status === 'pending' && x.attempts === 1, 'waiting message');
      const f = (await verbose(c.m.admin.token)).json();
      assert.ok(f.outbox.pending >= 1);
      assert.ok(f.outbox.oldest_pending_at > 0 && f.outbox.lag_ms >= 0, JSON.stringify(f.outbox));
    });

    it('gives the details to staff tokens only; plain /readyz stays open', async () => {
      const plain = await http(`${c.srv.baseUrl}/readyz`);
      assert.equal(plain.status, 200);
      assert.equal(plain.body, 'ready\n');
      const anonymous = await http(`${c.srv.baseUrl}/readyz?verbose=1`);
      assert.equal(anonymous.status, 401);
      assert.doesNotMatch(anonymous.body, /integrations|smtp|workers/);
      const forged = await verbose('not-a-token');
      assert.equal(forged.status, 401);
      assert.doesNotMatch(forged.body, /integrations|smtp|workers/);
      const plumber = await verbose(await plumberToken(c));
      assert.equal(plumber.status, 403);
      assert.doesNotMatch(plumber.body, /integrations|smtp|workers/);
      // A session cookie is not a bearer token: the verbose answer is for API tokens only.
      const admin = await c.m.adminClient();
      assert.equal((await admin.get('/readyz?verbose=1')).status, 401);
      assert.equal((await verbose(c.m.admin.token)).status, 200);
    });
  });
}
