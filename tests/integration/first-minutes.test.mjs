// A new user's first minutes: the banner `make run` prints on a terminal (and JSON lines only
// otherwise), the demo admin it creates once, and the /dev/mail viewer (decoded messages, the HTML
// part under its own strict policy, 404 whenever the demo mailbox is off).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  BIN, REPO_ROOT, describeOnce, freshDatabase, http, runCli, serverEnv, startServer,
} from '../support/server.mjs';
import { createAdmin, passwordStep } from '../support/accounts.mjs';
import { HOSTILE_EML, writeMail } from '../support/dev_mail.mjs';

const DEMO = { PLUMBLINE_DEMO_DATA: 'on', PLUMBLINE_TEST_PAYMENTS: 'on' }; // as `make run`
const DEMO_ADMIN = 'demo-admin@example.com';

// `plumbline serve` under a pseudo-terminal (util-linux `script`), as `make run` in a terminal:
// resolves once the banner is out with {output, banner, baseUrl, stop()}.
function serveOnTerminal(env) {
  return new Promise((resolve, reject) => {
    const proc = spawn('script', ['-qfec', `'${BIN}' serve`, '/dev/null'], {
      cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let done = false;
    const exited = new Promise((res) => { proc.on('close', (code, signal) => res({ code, signal })); });
    const stop = async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM'); // script ends the server
      return exited;
    };
    const timer = setTimeout(() => { proc.kill('SIGKILL'); finish(new Error(`no banner within 120 s:\n${output}`)); }, 120000);
    function finish(err) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) { reject(err); return; }
      // The banner ends with its "Stop" line; the blank line after it may not have arrived yet.
      const text = output.replace(/\r/g, '');
      const start = text.indexOf('  Plumbline is running at ');
      const stopLine = text.indexOf('  Stop', start);
      const banner = start < 0 ? '' : text.slice(start, text.indexOf('\n', stopLine) + 1);
      const baseUrl = /Plumbline is running at (http:\/\/\S+)/.exec(banner)?.[1];
      if (!baseUrl) {
        stop().then(() => reject(new Error(`no banner with the URL in:\n${text}`)));
        return;
      }
      resolve({ output: () => output.replace(/\r/g, ''), banner, baseUrl, stop });
    }
    proc.stdout.on('data', (d) => {
      output += d;
      if (/ {2}Stop +Ctrl\+C[^\n]*\n/.test(output.replace(/\r/g, ''))) finish(null);
    });
    proc.stderr.on('data', (d) => { output += d; });
    proc.on('close', () => finish(new Error(`script exited before the banner:\n${output}`)));
  });
}

// Every byte under the data folder (database, WAL, mail), to look for a secret stored in clear.
function everyFileUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...everyFileUnder(p));
    else out.push({ p, bytes: fs.readFileSync(p) });
  }
  return out;
}

describeOnce('make run on a terminal: the banner and the demo admin', () => {
  let database;
  let env;
  before(async () => {
    database = freshDatabase('sqlite');
    env = serverEnv(database, DEMO);
    const m = await runCli(['migrate'], env);
    assert.equal(m.code, 0, m.stderr);
  });
  after(() => database?.drop());

  it('prints the URL, the demo log-ins, a new admin with a password that works, /dev/mail and the test card; the password is logged and stored nowhere', async () => {
    const run = await serveOnTerminal(env);
    try {
      const b = run.banner;
      assert.match(run.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(b.includes(`${run.baseUrl}/request`), b);
      assert.match(b, /ZIP 94110/);
      for (const email of ['demo-plumber1@example.com', 'demo-plumber4@example.com'])
        assert.match(b, new RegExp(`${email} +\\S.*\\(approved\\)`), `${email} in:\n${b}`);
      assert.match(b, /demo-pending@example\.com +New Pipe Co \(waiting for review\)/);
      assert.match(b, /password for all: plumbline-demo-only/);
      assert.match(b, /Admin +demo-admin@example\.com\n/);
      const password = /password: ([0-9a-f]{4}(?:-[0-9a-f]{4}){4}) +\(shown this once/.exec(b)?.[1];
      assert.ok(password, `a generated admin password in:\n${b}`);
      assert.ok(b.includes(`${run.baseUrl}/dev/mail`), 'where mail goes');
      assert.match(b, /4242 4242 4242 4242/);

      // The password signs the admin in (two-factor set-up comes next, as for every admin).
      const { res } = await passwordStep({ baseUrl: run.baseUrl }, DEMO_ADMIN, password);
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.ok(!res.location.startsWith('/login'), res.location);

      // The banner is the one place it appears: not in a JSON log line, not in any file.
      const jsonLines = run.output().split('\n').filter((l) => l.startsWith('{'));
      assert.ok(jsonLines.some((l) => JSON.parse(l).msg === 'demo_admin_created'), 'the creation is logged');
      assert.ok(jsonLines.every((l) => !l.includes(password)), 'the password is not logged');
      for (const f of everyFileUnder(database.dataDir))
        assert.ok(!f.bytes.includes(Buffer.from(password)), `the password is stored in clear in ${f.p}`);
    } finally {
      await run.stop();
    }

    // A later run: the admin exists; the banner says how to set a new password and shows none.
    const again = await serveOnTerminal(env);
    try {
      assert.match(again.banner, /Admin +demo-admin@example\.com \(exists\)/);
      assert.match(again.banner, /create-admin --email demo-admin@example\.com/);
      assert.doesNotMatch(again.banner, /password: [0-9a-f]{4}-/);
    } finally {
      await again.stop();
    }
  });
});

describeOnce('make run without a terminal: JSON lines only', () => {
  it('prints no banner, and creates no admin whose password nobody saw; nor one when an admin exists', async () => {
    const srv = await startServer({ env: DEMO });
    try {
      assert.ok(srv.logs.length > 5);
      assert.deepEqual(srv.logs.filter((l) => typeof l !== 'object'), [], 'every line is JSON');
      assert.ok(srv.logs.some((l) => l.msg === 'demo_admin_not_created'));
      assert.equal((await passwordStep(srv, DEMO_ADMIN, 'anything-at-all-1')).res.status, 401);

      // Another admin exists: a given demo password creates nothing either.
      const made = await createAdmin(srv, 'owner@plumbline.example.com', 'Owner-Pass-Quarry-8812', undefined, { enrol: false });
      assert.equal(made.code, 0, made.stderr);
      srv.env.PLUMBLINE_DEMO_ADMIN_PASSWORD = 'Demo-Admin-Pass-4412';
      const seen = srv.logs.length;
      await srv.restart();
      assert.ok(!srv.logs.slice(seen).some((l) => l.msg === 'demo_admin_created'));
      assert.equal((await passwordStep(srv, DEMO_ADMIN, 'Demo-Admin-Pass-4412')).res.status, 401);
    } finally {
      await srv.close();
    }
  });

  it('creates the demo admin with PLUMBLINE_DEMO_ADMIN_PASSWORD, logging its address but not the password', async () => {
    const password = 'Demo-Admin-Pass-4412';
    const srv = await startServer({ env: { ...DEMO, PLUMBLINE_DEMO_ADMIN_PASSWORD: password } });
    try {
      const created = srv.logs.find((l) => l.msg === 'demo_admin_created');
      assert.equal(created?.email, DEMO_ADMIN);
      assert.ok(srv.logs.every((l) => !JSON.stringify(l).includes(password)), 'not in the logs');
      const { res } = await passwordStep(srv, DEMO_ADMIN, password);
      assert.equal(res.status, 303, res.body.slice(0, 300));
    } finally {
      await srv.close();
    }
  });
});

describeOnce('/dev/mail: each message as its recipient sees it', () => {
  let srv;
  let mailDir;
  before(async () => {
    srv = await startServer({ env: DEMO });
    mailDir = path.join(srv.database.dataDir, 'mail');
    writeMail(mailDir, '9999999999999-hostile.eml', HOSTILE_EML);
  });
  after(async () => { await srv?.close(); });

  const confirmation = () => fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml'))
    .find((f) => /X-Plumbline-Kind: lead_confirmation/.test(fs.readFileSync(path.join(mailDir, f), 'utf8')));

  it('lists subject, recipient, time and kind, newest first, decoded', async () => {
    // The demo's twelve confirmations and their alerts, written by the outbox worker meanwhile.
    await waitFor(() => fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length > 24);
    const res = await http(`${srv.baseUrl}/dev/mail`);
    assert.equal(res.status, 200);
    const rows = [...res.body.matchAll(/<tr><td><a href="\/dev\/mail\/([^"]+)">([^<]*)<\/a><\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)];
    assert.ok(rows.length >= 12, `the demo's messages are listed (${rows.length})`);
    assert.deepEqual(rows[0].slice(1), ['9999999999999-hostile.eml', 'Hostile ✓', 'victim@example.com', 'Thu, 26 Nov 2026 09:05:00 +0000', '']);
    assert.ok(rows.some((r) => r[5] === 'Lead confirmation' && /^Request received/.test(r[2])), 'kinds are named');
    assert.ok(rows.some((r) => r[5] === 'Lead alert'));
  });

  it('shows a message decoded: text part, links, the HTML part framed in a sandbox; raw MIME only behind "Show source"', async () => {
    await waitFor(() => confirmation());
    const name = confirmation();
    const res = await http(`${srv.baseUrl}/dev/mail/${name}`);
    assert.equal(res.status, 200);
    const text = /<pre class="dev-mail-text" id="mail-text">([^]*?)<\/pre>/.exec(res.body)[1];
    const tracking = /(http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
    assert.ok(tracking, `the tracking link, decoded, in the text part:\n${text}`);
    assert.doesNotMatch(text, /=\r?\n|=3D|Content-Transfer-Encoding/, 'no quoted-printable left');
    assert.ok(res.body.includes(`<li><a href="${tracking}" rel="noreferrer">`), 'the link is clickable');
    const frame = /<iframe [^>]*>/.exec(res.body)[0];
    assert.match(frame, new RegExp(` src="/dev/mail/${name.replace(/\./g, '\\.')}/html"`));
    assert.match(frame, / sandbox="allow-top-navigation-by-user-activation"/);
    assert.doesNotMatch(frame, /allow-scripts|allow-same-origin|allow-forms|allow-popups/);
    const beforeSource = res.body.slice(0, res.body.indexOf('<details class="dev-mail-source">'));
    assert.doesNotMatch(beforeSource, /Content-Transfer-Encoding|boundary=/, 'no raw MIME outside "Show source"');
    assert.match(res.body, /<summary>Show source<\/summary>\s*<pre>[^<]*Content-Transfer-Encoding: quoted-printable/);

    // Following the link works: it is the homeowner's tracking page.
    assert.equal((await http(tracking)).status, 200);
  });

  it('serves the HTML part under a policy that allows no script, no request, no form and gives it an origin of its own', async () => {
    const res = await http(`${srv.baseUrl}/dev/mail/9999999999999-hostile.eml/html`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'),
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'self'; sandbox allow-top-navigation-by-user-activation");
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(res.body, /^<html><head><base target="_top"><\/head>/, 'links open the whole tab');
    // Every other page keeps the site's policy and may not be framed.
    const page = await http(`${srv.baseUrl}/dev/mail/9999999999999-hostile.eml`);
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    // The hostile markup appears on the message page only escaped (text part and source).
    assert.ok(!page.body.includes('<script>alert') && !page.body.includes('<script>parent'), 'no live script');
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(page.body, /href="javascript:/);
  });

  it('answers 404 for unknown or unsafe names, a text-only message\'s HTML, and a request relayed by a proxy', async () => {
    writeMail(mailDir, '9999999999998-text.eml', 'To: a@example.com\r\nSubject: t\r\n\r\nplain\r\n');
    for (const p of ['/dev/mail/nope.eml', '/dev/mail/..%2Fplumbline.db', '/dev/mail/9999999999998-text.eml/html'])
      assert.equal((await http(`${srv.baseUrl}${p}`)).status, 404, p);
    assert.equal((await http(`${srv.baseUrl}/dev/mail/9999999999998-text.eml`)).status, 200);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip'])
      for (const p of ['/dev/mail', '/dev/mail/9999999999999-hostile.eml', '/dev/mail/9999999999999-hostile.eml/html'])
        assert.equal((await http(`${srv.baseUrl}${p}`, { headers: { [header]: '203.0.113.9' } })).status, 404, `${header} ${p}`);
  });
});

describeOnce('/dev/mail is off when the demo mailbox is', () => {
  it('answers 404 on every /dev/mail route when an SMTP server is configured', async () => {
    const srv = await startServer({ env: { ...DEMO, PLUMBLINE_SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      writeMail(path.join(srv.database.dataDir, 'mail'), '9999999999999-hostile.eml', HOSTILE_EML);
      for (const p of ['/dev/mail', '/dev/mail/9999999999999-hostile.eml', '/dev/mail/9999999999999-hostile.eml/html'])
        assert.equal((await http(`${srv.baseUrl}${p}`)).status, 404, p);
    } finally {
      await srv.close();
    }
  });
});

async function waitFor(pred, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => { setTimeout(r, 50); });
  }
}
