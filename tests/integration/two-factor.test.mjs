// Two-factor sign-in over real HTTP (codes computed here with node:crypto): an admin's forced
// enrolment at first sign-in, the code step of log-in, replay and recovery codes, API tokens, a
// plumber turning it on and off, and the new-device notice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS, startServer } from '../support/server.mjs';
import {
  PASSWORD, apiJson, createAdmin, logIn, mailbox, newPlumber, passwordStep, signUp, waitForMail,
} from '../support/accounts.mjs';
import { currentStep, startTwoFactorSetup, totp } from '../support/two_factor.mjs';

const ADMIN_PASSWORD = 'Admin-Pass-Quarry-8812';

for (const [db, skip] of BACKENDS) {
  describe(`two-factor sign-in (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('sends a new admin to enrolment, refuses every admin page and token until then, then asks for the code', async () => {
      const email = `boss-${randomBytes(3).toString('hex')}@plumbline.example.com`;
      const made = await createAdmin(srv, email, ADMIN_PASSWORD, 120000, { enrol: false });
      assert.equal(made.code, 0, made.stderr);
      const { client, res } = await passwordStep(srv, email, ADMIN_PASSWORD);
      assert.equal(res.status, 303);
      assert.equal(res.location, '/account/two-factor');
      for (const p of ['/admin', '/admin/plumbers', '/admin/billing', '/account', '/dashboard']) {
        const r = await client.get(p);
        assert.equal(r.status, 303, p);
        assert.equal(r.location, '/account/two-factor', p);
      }
      const noToken = await apiJson(srv, 'POST', '/api/v1/auth/token', { email, password: ADMIN_PASSWORD });
      assert.equal(noToken.status, 403);
      assert.equal(noToken.json().error.code, 'two_factor_setup_required');

      // Enrolment: a QR code (server-drawn SVG) and the key as text; a wrong code is refused.
      const start = await client.get('/account/two-factor');
      assert.equal(start.status, 200);
      assert.match(start.body, /Admin accounts sign in with two factors/);
      assert.equal((await client.post('/account/two-factor/setup', {})).status, 303);
      const page = await client.get('/account/two-factor');
      assert.match(page.body, /<svg [^>]*class="qr-code"[^>]*>.*<path fill="#000" d="M/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const secret = /id="two-factor-secret"[^>]*>([A-Z2-7 ]+)</.exec(page.body)[1].replace(/ /g, '');
      assert.equal(secret.length, 32); // 160 bits
      const step = currentStep();
      const wrong = await client.post('/account/two-factor/confirm', { code: totp(secret, step + 5) });
      assert.equal(wrong.status, 422);
      const done = await client.post('/account/two-factor/confirm', { code: totp(secret, step) });
      assert.equal(done.status, 200);
      const recovery = [...done.body.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map((m) => m[1]);
      assert.equal(recovery.length, 10);
      assert.equal((await client.get('/admin')).status, 200);

      // Next log-in: the password alone gives no session, only the code page.
      const second = await passwordStep(srv, email, ADMIN_PASSWORD);
      assert.equal(second.res.status, 303);
      assert.equal(second.res.location, '/login/two-factor');
      assert.ok(!second.client.cookies.get('plumbline_session'), 'no session before the code');
      assert.equal((await second.client.get('/admin')).status, 303);
      assert.equal((await second.client.get('/login/two-factor')).status, 200);
      const bad = await second.client.post('/login/two-factor', { code: '000000' === totp(secret, step + 1) ? '111111' : '000000' });
      assert.equal(bad.status, 401);
      const used = totp(secret, step); // spent by the enrolment: a replay
      assert.equal((await second.client.post('/login/two-factor', { code: used })).status, 401);
      const ok = await second.client.post('/login/two-factor', { code: totp(secret, step + 1) });
      assert.equal(ok.status, 303);
      assert.equal(ok.location, '/admin');
      assert.equal((await second.client.get('/admin')).status, 200);

      // A recovery code works once.
      const third = await passwordStep(srv, email, ADMIN_PASSWORD);
      await third.client.get('/login/two-factor');
      assert.equal((await third.client.post('/login/two-factor', { code: recovery[0].toUpperCase() })).status, 303);
      const fourth = await passwordStep(srv, email, ADMIN_PASSWORD);
      await fourth.client.get('/login/two-factor');
      assert.equal((await fourth.client.post('/login/two-factor', { code: recovery[0] })).status, 401);

      // API tokens: the code (or a recovery code) as "totp".
      const missing = await apiJson(srv, 'POST', '/api/v1/auth/token', { email, password: ADMIN_PASSWORD });
      assert.equal(missing.status, 401);
      assert.equal(missing.json().error.code, 'two_factor_required');
      const token = await apiJson(srv, 'POST', '/api/v1/auth/token', { email, password: ADMIN_PASSWORD, totp: recovery[1] });
      assert.equal(token.status, 200, token.body);
      const list = await apiJson(srv, 'GET', '/api/v1/admin/plumbers', undefined, { authorization: `Bearer ${token.json().access_token}` });
      assert.equal(list.status, 200);
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/token', { email, password: ADMIN_PASSWORD, totp: recovery[1] })).status, 401);

      // Admins cannot turn it off.
      const off = await second.client.post('/account/two-factor/disable', { password: ADMIN_PASSWORD, code: recovery[2] });
      assert.equal(off.status, 403);
    });

    it('lets a plumber turn it on and off (password and code), and e-mails a sign-in from a new device', async () => {
      const p = newPlumber('tf');
      const client = await signUp(srv, p);
      assert.equal(mailbox(srv).filter((m) => m.to.includes(p.email) && m.kind === 'new_device').length, 0,
        'the first sign-in (at sign-up) is no news');
      const other = await logIn(srv, p.email, PASSWORD); // a second browser: a new device
      const notice = await waitForMail(srv, { to: p.email, kind: 'new_device' });
      assert.match(notice.text, /new device/);
      assert.match(notice.text, /127\.0\.0\.1|::1/);
      assert.ok(other.cookies.get('plumbline_device'), 'the new device got its cookie');

      const account = await client.get('/account');
      assert.match(account.body, /href="\/account\/two-factor"/);
      const secret = await startTwoFactorSetup(client, p.email);
      const step = currentStep();
      assert.equal((await client.post('/account/two-factor/confirm', { code: totp(secret, step) })).status, 200);
      const again = await passwordStep(srv, p.email, PASSWORD);
      assert.equal(again.res.location, '/login/two-factor');
      const refused = await client.post('/account/two-factor/disable', { password: 'not the password at all', code: totp(secret, step + 1) });
      assert.equal(refused.status, 401);
      const turnedOff = await client.post('/account/two-factor/disable', { password: PASSWORD, code: totp(secret, step + 1) });
      assert.equal(turnedOff.status, 303);
      assert.equal(turnedOff.location, '/account/two-factor?off=1');
      const plain = await passwordStep(srv, p.email, PASSWORD);
      assert.equal(plain.res.location, '/dashboard');
    });
  });
}
