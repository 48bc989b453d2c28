// Shutdown with a hung SMTP server: SIGTERM ends the process within the grace period, and the
// message being sent is not lost (it is queued again for the next start).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLead, postJson, sleep, startServer } from '../support/server.mjs';
import { startSmtpReject } from '../support/smtp-reject.mjs';
import { outboxList, uniqueEmail, waitFor } from '../support/outbox.mjs';

describe('shutdown while an SMTP server hangs', () => {
  it('exits within the grace period and keeps the message queued', async () => {
    const sink = await startSmtpReject({ rule: () => 'hang' });
    const srv = await startServer({
      env: {
        PLUMBLINE_SMTP_URL: sink.url,
        PLUMBLINE_SMTP_TIMEOUT_SECONDS: '60',
        PLUMBLINE_SHUTDOWN_GRACE_SECONDS: '2',
      },
    });
    try {
      const email = uniqueEmail('hang');
      const res = await postJson(srv.baseUrl, jsonLead({ email }));
      assert.equal(res.status, 201);
      // Wait until the worker is inside the SMTP exchange (the sink has seen the message start).
      await waitFor(async () => {
        const rows = await outboxList(srv.env, { status: 'sending' });
        return rows.counts.sending === 1;
      }, { what: 'the confirmation to be sending', timeoutMs: 60000 });
      await sleep(500);
      const started = performance.now();
      const exit = await srv.stop('SIGTERM', 20000);
      const seconds = (performance.now() - started) / 1000;
      assert.equal(exit.code, 0, `exit code ${JSON.stringify(exit)}`);
      assert.ok(seconds < 6, `stopped after ${seconds.toFixed(1)} s; grace is 2 s`);
      const after = await outboxList(srv.env);
      const row = after.rows.find((m) => m.kind === 'lead_confirmation');
      assert.ok(row, 'the confirmation is still in the outbox');
      assert.ok(['pending', 'sending'].includes(row.status), `status ${row.status}: queued for the next start`);
    } finally {
      await srv.close().catch(() => {});
      await sink.close();
    }
  });
});
