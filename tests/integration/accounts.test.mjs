// Accounts over real HTTP: sign-up + e-mailed verification, session cookies, reset, limits, create-admin, API tokens, JWT forgery.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { BACKENDS, FormClient, http, startServer } from '../support/server.mjs';
import {
  PASSWORD, apiJson, createAdmin, dbSnapshot, formFields, linkPath, logIn, newPlumber, passwordStep, sessionAlive,
  sessionOf, signUp, waitForMail, waitForMails,
} from '../support/accounts.mjs';
import { nextSecondFactor } from '../support/two_factor.mjs';

const NEW_PASSWORD = 'Copper-Elbow-Joint-4417';
const KEYS = { k2: randomBytes(24).toString('hex'), k1: randomBytes(24).toString('hex') }; // k2 signs, k1 still verifies

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function makeJwt(header, claims, secret, hash = 'sha256') {
  const data = `${b64(header)}.${b64(claims)}`;
  return `${data}.${secret === null ? '' : createHmac(hash, secret).update(data).digest('base64url')}`;
}

function sessionCookie(res) {
  return res.setCookies.find((c) => c.startsWith('plumbline_session=')) || '';
}

for (const [db, skip] of BACKENDS) {
  describe(`accounts (${db})`, { skip }, () => {
    let srv;
    const secrets = new Set([PASSWORD, NEW_PASSWORD]); // must never appear in a log line
    before(async () => {
      srv = await startServer({ db, env: { PLUMBLINE_JWT_KEYS: `k2:${KEYS.k2},k1:${KEYS.k1}` } });
    });
    after(async () => { await srv?.close(); });

    it('signs up by form, e-mails a single-use link stored hashed, verifies, logs in', async () => {
      const p = newPlumber('form');
      const client = new FormClient(srv.baseUrl);
      await client.get('/signup');
      const res = await client.post('/signup', formFields(p));
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.equal(res.location, '/account/verify-email');
      const cookie = sessionCookie(res);
      assert.match(cookie, /;\s*HttpOnly/i);
      assert.match(cookie, /;\s*SameSite=Lax/i);
      assert.match(cookie, /;\s*Path=\/(;|$)/i);
      assert.doesNotMatch(cookie, /Secure|Max-Age|Expires/i, 'no Secure over http; a session cookie unless "remember me"');
      assert.ok(sessionOf(client).length >= 22, 'session id of at least 128 bits');
      secrets.add(sessionOf(client));
      const rows = dbSnapshot(srv);
      assert.ok(rows.includes(createHash('sha256').update(sessionOf(client)).digest('hex')) && !rows.includes(sessionOf(client)),
        'only the hash of the session id is stored');

      assert.equal((await client.get('/dashboard')).location, '/account/verify-email', 'unverified: only the check page');
      const check = await client.get('/account/verify-email');
      assert.equal(check.status, 200);
      assert.equal(check.headers.get('cache-control'), 'no-store');

      const mail = await waitForMail(srv, { to: p.email, kind: 'verify_email' });
      const link = linkPath(mail, '/verify/');
      const token = link.slice('/verify/'.length);
      secrets.add(token);
      assert.ok(token.length >= 22, `token of at least 128 bits: ${token}`);
      const stored = dbSnapshot(srv);
      assert.ok(stored.includes(createHash('sha256').update(token).digest('hex')), 'the token hash is stored');
      assert.ok(!stored.includes(token), 'the token itself is not stored');

      const ok = await client.get(link);
      assert.equal(ok.status, 200);
      assert.match(ok.body, /E-mail verified/);
      assert.equal((await client.get(link)).status, 404, 'the link works once');
      const dash = await client.get('/dashboard');
      assert.equal(dash.status, 200, 'the same session is now verified');
      assert.ok(dash.body.includes(p.business_name));

      const again = new FormClient(srv.baseUrl);
      await again.get('/login');
      const remembered = await again.post('/login', { email: p.email, password: PASSWORD, remember: 'yes' });
      assert.equal(remembered.location, '/dashboard');
      const maxAge = Number(/Max-Age=(\d+)/i.exec(sessionCookie(remembered))?.[1]);
      assert.ok(maxAge > 29 * 86400 && maxAge <= 30 * 86400, `"remember me" keeps the cookie 30 days: ${maxAge}`);
    });

    it('signs up by the API with the same rules and the same verification', async () => {
      const p = newPlumber('api');
      const res = await apiJson(srv, 'POST', '/api/v1/auth/signup', formFields(p));
      assert.equal(res.status, 201, res.body);
      assert.deepEqual({ ...res.json(), id: 0 }, { id: 0, email: p.email, role: 'plumber', verified: false });
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/signup', formFields(p))).status, 409, 'e-mail taken');
      const weak = await apiJson(srv, 'POST', '/api/v1/auth/signup', formFields(newPlumber('weak', { password: 'password1234' })));
      assert.equal(weak.status, 422);
      assert.ok(weak.json().error.details.some((d) => d.field === 'password'));
      const twin = newPlumber('twin');
      const same = await apiJson(srv, 'POST', '/api/v1/auth/signup', formFields({ ...twin, password: twin.email }));
      assert.equal(same.status, 422, 'a password equal to the e-mail is refused');

      const early = await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD });
      assert.equal(early.status, 403, 'no API token before the address is verified');
      const mail = await waitForMail(srv, { to: p.email, kind: 'verify_email' });
      assert.equal((await http(srv.url(linkPath(mail, '/verify/')))).status, 200);
      const token = await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD });
      assert.equal(token.status, 200, token.body);
    });

    it('gives a new session id at every log-in; the old id is dead after log-in and log-out', async () => {
      const p = newPlumber('session');
      const signup = await signUp(srv, p);
      const browser = await logIn(srv, p.email);
      const first = sessionOf(browser);
      await browser.get('/login');
      const second = await browser.post('/login', { email: p.email, password: PASSWORD });
      assert.equal(second.status, 303);
      const renewed = sessionOf(browser);
      assert.notEqual(renewed, first, 'a fresh id at log-in');
      assert.equal(await sessionAlive(srv, first), false, 'the previous id of this browser ended');
      const phone = await logIn(srv, p.email);
      assert.notEqual(sessionOf(phone), renewed);

      await browser.get('/account');
      const out = await browser.post('/logout', {});
      assert.equal(out.status, 303);
      assert.equal(out.location, '/login?bye=1');
      assert.match(sessionCookie(out), /Max-Age=0/i, 'the cookie is cleared');
      assert.equal(await sessionAlive(srv, renewed), false, 'dead after log-out, even if a copy of the cookie is replayed');
      assert.equal((await http(srv.url('/account'), { headers: { cookie: `plumbline_session=${renewed}` } })).location, '/login?next=/account');
      assert.equal(await sessionAlive(srv, sessionOf(phone)), true, 'other devices stay logged in');

      const tablet = await logIn(srv, p.email);
      const { refresh_token: refresh, access_token: access } = (await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD })).json();
      assert.equal((await apiJson(srv, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${access}` })).status, 200);
      await phone.get('/account');
      const everywhere = await phone.post('/logout/everywhere', {});
      assert.equal(everywhere.status, 200);
      assert.match(everywhere.body, /logged out of 2 other sessions/, 'the sign-up session and the tablet');
      assert.equal(await sessionAlive(srv, sessionOf(tablet)), false, '"log out everywhere" ends the other sessions');
      assert.equal(await sessionAlive(srv, sessionOf(signup)), false);
      assert.equal(await sessionAlive(srv, sessionOf(phone)), true, '… but not this one');
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/refresh', { refresh_token: refresh })).status, 401, '… and API refresh tokens');
      // Issue 15: the access token stops at once too, with its own code.
      const ended = await apiJson(srv, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${access}` });
      assert.equal(ended.status, 401, '… and API access tokens, at once');
      assert.equal(JSON.parse(ended.body).error.code, 'sessions_ended');
      for (const c of [first, renewed, sessionOf(phone), sessionOf(tablet), refresh]) secrets.add(c);
    });

    it('changes the password while signed in: current one required, other sessions and tokens end, a notice is mailed', async () => {
      const p = newPlumber('change');
      const laptop = await signUp(srv, p);
      const phone = await logIn(srv, p.email);
      const { refresh_token: refresh, access_token: access } = (await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD })).json();
      assert.equal((await apiJson(srv, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${access}` })).status, 200);
      secrets.add(refresh);
      await laptop.get('/account');
      const wrong = await laptop.post('/account/password', { current_password: 'Not-My-Password-1', new_password: NEW_PASSWORD });
      assert.equal(wrong.status, 422);
      assert.equal((await laptop.post('/account/password', { current_password: PASSWORD, new_password: 'iloveyou1' })).status, 422);
      const ok = await laptop.post('/account/password', { current_password: PASSWORD, new_password: NEW_PASSWORD });
      assert.equal(ok.status, 303, ok.body.slice(0, 300));
      assert.equal(await sessionAlive(srv, sessionOf(laptop)), true, 'this session stays');
      assert.equal(await sessionAlive(srv, sessionOf(phone)), false, 'the other session ends');
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/refresh', { refresh_token: refresh })).status, 401);
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: NEW_PASSWORD })).status, 200);
      await waitForMail(srv, { to: p.email, kind: 'password_changed' });
    });

    it('throttles the current-password check like a log-in (429, Retry-After), also from a known device', async () => {
      const p = newPlumber('oracle');
      const c = await signUp(srv, p);
      await c.get('/account');
      const guess = async (client, n) => {
        const codes = [];
        let last;
        for (let i = 0; i < n; i++) {
          last = await client.post('/account/password', { current_password: `Wrong-Guess-${i}-x`, new_password: NEW_PASSWORD });
          codes.push(last.status);
        }
        return { codes, last };
      };
      // A browser without the device cookie: three free failures, then it waits.
      const stranger = await logIn(srv, p.email);
      stranger.cookies.delete('plumbline_device');
      await stranger.get('/account');
      const s = await guess(stranger, 4);
      assert.deepEqual(s.codes, [422, 422, 422, 429]);
      assert.ok(Number(s.last.headers.get('retry-after')) >= 1, 'Retry-After');
      // The browser the account signed up from is a known device: its own budget of five.
      const { codes, last } = await guess(c, 6);
      assert.deepEqual(codes, [422, 422, 422, 422, 422, 429]);
      assert.ok(Number(last.headers.get('retry-after')) >= 1, 'Retry-After');
      // The right password waits too: the check is not an oracle.
      const right = await c.post('/account/email', { email: `new-${p.email}`, password: PASSWORD });
      assert.equal(right.status, 429);
    });

    it('marks the browser as a known device at log-in (HttpOnly, SameSite=Lax, a year) and keeps it', async () => {
      const p = newPlumber('device');
      const first = new FormClient(srv.baseUrl);
      await first.get('/signup');
      const res = await first.post('/signup', formFields(p));
      assert.equal(res.status, 303);
      const cookie = res.setCookies.find((x) => x.startsWith('plumbline_device=')) || '';
      for (const flag of [/;\s*HttpOnly/i, /;\s*SameSite=Lax/i, /;\s*Path=\/(;|$)/i, /;\s*Max-Age=31536000/]) assert.match(cookie, flag);
      const device = cookie.split(';')[0].split('=')[1];
      assert.ok(device.length >= 32);
      // Signing in again from the same browser keeps the same device; a new browser gets its own.
      const again = new FormClient(srv.baseUrl);
      again.cookies.set('plumbline_device', device);
      await again.get('/login');
      const r2 = await again.post('/login', { email: p.email, password: PASSWORD });
      assert.equal(r2.status, 303);
      assert.ok(!r2.setCookies.some((x) => x.startsWith('plumbline_device=')), 'a known device keeps its cookie');
      const other = await logIn(srv, p.email);
      assert.notEqual(other.cookies.get('plumbline_device'), device);
    });

    it('follows `next` after log-in only to a local path', async () => {
      const p = newPlumber('next');
      await signUp(srv, p);
      const cases = {
        '/account': '/account',
        '/leads?page=2': '/leads?page=2',
        '//evil.example/x': '/dashboard',
        'https://evil.example/': '/dashboard',
        '/\\evil.example': '/dashboard',
        // Browsers drop tabs and newlines in a Location, so these would leave the site.
        '/\t/evil.example': '/dashboard',
        '/\n/evil.example': '/dashboard',
        '/a//evil.example': '/dashboard',
        // A CR LF in `next` would have split the response into an injected header.
        '/x\r\nSet-Cookie: injected=1': '/dashboard',
        '/x\u0000y': '/dashboard',
      };
      for (const [next, want] of Object.entries(cases)) {
        const { client: c, res } = await passwordStep(srv, p.email, PASSWORD, { next });
        assert.equal(res.location, want, JSON.stringify(next));
        assert.ok(!res.setCookies.some((x) => x.startsWith('injected')), `no injected cookie for ${JSON.stringify(next)}`);
        // The login page carries only a safe `next` into its form.
        const page = await c.get(`/login?next=${encodeURIComponent(next)}`);
        if (want !== next) assert.doesNotMatch(page.body, /evil\.example|injected/, JSON.stringify(next));
      }
      const anon = await http(srv.url('/account?tab=1'));
      assert.equal(anon.location, '/login?next=/account%3Ftab%3D1', 'the page asked for is kept for after log-in');
    });

    it('resets the password by the e-mailed link, ending every session and refresh token', async () => {
      const p = newPlumber('reset');
      const laptop = await signUp(srv, p);
      const phone = await logIn(srv, p.email);
      const api = (await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD })).json();
      secrets.add(api.refresh_token);

      const anon = new FormClient(srv.baseUrl);
      assert.equal((await anon.get('/password/forgot')).status, 200);
      assert.equal((await anon.post('/password/forgot', { email: p.email.toUpperCase() })).status, 200);
      const link = linkPath(await waitForMail(srv, { to: p.email, kind: 'password_reset' }), '/password/reset/');
      secrets.add(link.split('/').pop());
      const form = await anon.get(link);
      assert.equal(form.status, 200);
      assert.equal(form.headers.get('referrer-policy'), 'no-referrer', 'the token does not leak through Referer');
      const mismatch = await anon.post(link, { password: NEW_PASSWORD, password_confirm: `${NEW_PASSWORD}x` });
      assert.equal(mismatch.status, 422);
      const weak = await anon.post(link, { password: 'sunshine1', password_confirm: 'sunshine1' });
      assert.equal(weak.status, 422, 'a common password is refused without spending the link');
      const done = await anon.post(link, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
      assert.equal(done.status, 303, done.body.slice(0, 300));
      assert.equal(done.location, '/login?reset=1');

      assert.equal(await sessionAlive(srv, sessionOf(laptop)), false, 'laptop session ended');
      assert.equal(await sessionAlive(srv, sessionOf(phone)), false, 'phone session ended');
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/refresh', { refresh_token: api.refresh_token })).status, 401);
      assert.equal((await anon.post(link, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD })).status, 404, 'single use');
      const login = new FormClient(srv.baseUrl);
      await login.get('/login');
      assert.equal((await login.post('/login', { email: p.email, password: PASSWORD })).status, 401, 'old password dead');
      assert.equal((await login.post('/login', { email: p.email, password: NEW_PASSWORD })).status, 303, 'new password works');
      await waitForMail(srv, { to: p.email, kind: 'password_changed' });
    });

    it('answers /password/forgot identically for a known and an unknown address', async () => {
      const p = newPlumber('known');
      await signUp(srv, p);
      const client = new FormClient(srv.baseUrl);
      await client.get('/password/forgot');
      const unknown = `nobody-${randomBytes(4).toString('hex')}@plumbers.example.com`;
      const a = await client.post('/password/forgot', { email: p.email });
      const b = await client.post('/password/forgot', { email: unknown });
      assert.equal(a.status, 200);
      assert.equal(b.status, a.status);
      assert.equal(b.body, a.body, 'same page');
      const headers = (r) => [...r.headers].filter(([k]) => !['date', 'x-request-id', 'content-length'].includes(k));
      assert.deepEqual(headers(b), headers(a));
      await waitForMail(srv, { to: p.email, kind: 'password_reset' });
      assert.equal((await waitForMails(srv, { to: unknown, count: 0 })).length, 0, 'nothing sent to an unknown address');
    });

    it('creates an admin from stdin; the admin reaches /admin, a plumber gets 403', async () => {
      const email = `boss-${randomBytes(3).toString('hex')}@plumbline.example.com`;
      const password = `Stdin-Only-${randomBytes(6).toString('hex')}`;
      secrets.add(password);
      const weak = await createAdmin(srv, email, 'password1234');
      assert.equal(weak.code, 2, 'a common password is refused');
      const made = await createAdmin(srv, email, password);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /is ready/);
      assert.ok(!`${made.stdout}${made.stderr}`.includes(password), 'the password is not echoed');

      // createAdmin set up two-factor at the first sign-in (PLUMBLINE_ADMIN_2FA=on): the code comes next.
      const { client: admin, res: first } = await passwordStep(srv, email, password);
      assert.equal(first.location, '/login/two-factor');
      await admin.get(first.location);
      const res = await admin.post('/login/two-factor', { code: await nextSecondFactor(email) });
      assert.equal(res.location, '/admin');
      const page = await admin.get('/admin');
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.equal((await admin.get('/dashboard')).status, 403);

      const plumber = await signUp(srv, newPlumber('nosy'));
      const refused = await plumber.get('/admin');
      assert.equal(refused.status, 403);
      assert.doesNotMatch(refused.body, /Outbox|lead_count/i);
    });

    it('issues API tokens; /me with a bearer; refresh rotates; reuse ends the family', async () => {
      const p = newPlumber('token');
      await signUp(srv, p);
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: 'wrong-password-1' })).status, 401);
      const t1 = await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD });
      assert.equal(t1.status, 200);
      assert.equal(t1.headers.get('cache-control'), 'no-store');
      const a = t1.json();
      assert.equal(a.token_type, 'Bearer');
      assert.ok(a.expires_in > 890 && a.expires_in <= 900, `15-minute access token: expires_in ${a.expires_in}`);
      const [head] = a.access_token.split('.');
      assert.deepEqual(JSON.parse(Buffer.from(head, 'base64url')), { alg: 'HS256', typ: 'JWT', kid: 'k2' });
      const me = await http(srv.url('/api/v1/me'), { headers: { authorization: `Bearer ${a.access_token}` } });
      assert.equal(me.status, 200);
      assert.equal(me.json().email, p.email);
      assert.equal(me.headers.get('cache-control'), 'no-store');

      const r2 = await apiJson(srv, 'POST', '/api/v1/auth/refresh', { refresh_token: a.refresh_token });
      assert.equal(r2.status, 200);
      const b = r2.json();
      assert.notEqual(b.refresh_token, a.refresh_token, 'rotated');
      assert.equal((await http(srv.url('/api/v1/me'), { headers: { authorization: `Bearer ${b.access_token}` } })).status, 200);
      const reuse = await apiJson(srv, 'POST', '/api/v1/auth/refresh', { refresh_token: a.refresh_token });
      assert.equal(reuse.status, 401, 'the old refresh token is spent');
      assert.equal((await apiJson(srv, 'POST', '/api/v1/auth/refresh', { refresh_token: b.refresh_token })).status, 401,
        'reuse revoked the whole family, including the newest token');
      for (const s of [a.refresh_token, b.refresh_token]) secrets.add(s);
    });

    it('refuses tampered, re-signed, unsigned, expired and unknown-key JWTs with 401', async () => {
      const p = newPlumber('jwt');
      await signUp(srv, p);
      const { access_token: real } = (await apiJson(srv, 'POST', '/api/v1/auth/token', { email: p.email, password: PASSWORD })).json();
      const me = (tok) => http(srv.url('/api/v1/me'), { headers: { authorization: `Bearer ${tok}` } });
      const { id } = (await me(real)).json();
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: String(id), role: 'plumber', iat: now, exp: now + 600, jti: randomBytes(8).toString('hex'), iss: 'plumbline' };
      const hs = (kid) => ({ alg: 'HS256', typ: 'JWT', kid });
      const [h, , s] = real.split('.');
      // Controls: tokens made here with the configured keys are accepted, so the refusals below are the checks.
      assert.equal((await me(makeJwt(hs('k2'), claims, KEYS.k2))).status, 200, 'a correct token made by the test');
      assert.equal((await me(makeJwt(hs('k1'), claims, KEYS.k1))).status, 200, 'the previous key still verifies');
      const forged = {
        'payload changed (role admin), signature kept': `${h}.${b64({ ...claims, role: 'admin' })}.${s}`,
        'payload changed (another user), signature kept': `${h}.${b64({ ...claims, sub: String(id + 1) })}.${s}`,
        'signed with a key that is not ours': makeJwt(hs('k2'), claims, randomBytes(24).toString('hex')),
        'alg none, no signature': makeJwt({ alg: 'none', typ: 'JWT', kid: 'k2' }, claims, null),
        'alg none with the real signature': `${b64({ alg: 'none', typ: 'JWT', kid: 'k2' })}.${real.split('.')[1]}.${s}`,
        'HS512 with the right key': makeJwt({ alg: 'HS512', typ: 'JWT', kid: 'k2' }, claims, KEYS.k2, 'sha512'),
        'an unknown kid': makeJwt(hs('k9'), claims, KEYS.k2),
        'no kid': makeJwt({ alg: 'HS256', typ: 'JWT' }, claims, KEYS.k2),
        'kid k1 with the k2 secret': makeJwt(hs('k1'), claims, KEYS.k2),
        expired: makeJwt(hs('k2'), { ...claims, iat: now - 1200, exp: now - 300 }, KEYS.k2),
        'another issuer': makeJwt(hs('k2'), { ...claims, iss: 'evil' }, KEYS.k2),
        'not a JWT': 'not-a-token',
      };
      for (const [what, token] of Object.entries(forged)) {
        const res = await me(token);
        assert.equal(res.status, 401, what);
        assert.match(res.headers.get('www-authenticate') || '', /^Bearer/, what);
      }
      assert.equal((await http(srv.url('/api/v1/me'), { headers: { authorization: real } })).status, 401, 'without "Bearer "');
    });

    it('sends Cache-Control: no-store on every signed-in page', async () => {
      const p = newPlumber('cache');
      const client = await signUp(srv, p);
      for (const page of ['/account', '/dashboard']) {
        const res = await client.get(page);
        assert.equal(res.status, 200, page);
        assert.equal(res.headers.get('cache-control'), 'no-store', page);
      }
    });

    it('logs security events without passwords, tokens or session ids', async () => {
      await srv.stop('SIGTERM').catch(() => {}); // flush: every line written before the checks
      const events = srv.logs.filter((l) => l && l.msg === 'security_event').map((l) => l.event);
      for (const e of ['login_succeeded', 'login_failed', 'email_verified', 'password_reset', 'password_changed', 'refresh_token_reuse'])
        assert.ok(events.includes(e), `a security_event "${e}" was logged (have ${[...new Set(events)]})`);
      const text = `${srv.logs.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n${srv.stderr()}`;
      for (const s of secrets) assert.ok(!text.includes(s), `a secret is in the log: ${s.slice(0, 6)}…`);
    });
  });

  describe(`session cookie over https and behind a proxy (${db})`, { skip }, () => {
    const servers = {};
    before(async () => {
      // Reached directly on 127.0.0.1, where a proxy would forward Host: plumbline.example.com.
      servers.https = await startServer({
        db, env: { PLUMBLINE_BASE_URL: 'https://plumbline.example.com', PLUMBLINE_ALLOWED_HOSTS: '127.0.0.1' },
      });
      servers.trusted = await startServer({ db, env: { PLUMBLINE_TRUSTED_PROXIES: '127.0.0.1' } });
      servers.untrusted = await startServer({ db, env: { PLUMBLINE_TRUSTED_PROXIES: '192.0.2.1' } });
    });
    after(async () => { for (const s of Object.values(servers)) await s?.close(); });

    it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain; HSTS is sent', async () => {
      const client = new FormClient(servers.https.baseUrl);
      const page = await client.get('/signup');
      assert.match(page.headers.get('strict-transport-security') || '', /max-age=\d+/);
      const res = await client.post('/signup', formFields(newPlumber('https')));
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const cookie = res.setCookies.find((c) => c.startsWith('__Host-plumbline_session=')) || '';
      for (const flag of [/;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Lax/i, /;\s*Path=\/(;|$)/i]) assert.match(cookie, flag);
      assert.doesNotMatch(cookie, /Domain=/i);
      assert.equal((await client.get('/account/verify-email')).status, 200, 'the prefixed cookie signs in');
    });

    it('is Secure when a trusted proxy says https; X-Forwarded-Proto from anyone else is ignored', async () => {
      for (const [which, secure] of [['trusted', true], ['untrusted', false]]) {
        const client = new FormClient(servers[which].baseUrl);
        await client.get('/login');
        const res = await client.post('/signup', formFields(newPlumber(which)), { headers: { 'x-forwarded-proto': 'https' } });
        assert.equal(res.status, 303, res.body.slice(0, 300));
        assert.equal(/;\s*Secure/i.test(sessionCookie(res)), secure, `${which}: ${sessionCookie(res)}`);
      }
    });
  });

  describe(`per-IP and per-address limits on account forms (${db})`, { skip }, () => {
    let srv;
    let proxied;
    const limits = { PLUMBLINE_RATE_LIMIT: 'on', PLUMBLINE_AUTH_BURST: '3', PLUMBLINE_AUTH_RATE_PER_MINUTE: '1' };
    before(async () => {
      srv = await startServer({ db, env: limits });
      proxied = await startServer({ db, env: { ...limits, PLUMBLINE_AUTH_BURST: '50', PLUMBLINE_TRUSTED_PROXIES: '127.0.0.1' } });
    });
    after(async () => { await srv?.close(); await proxied?.close(); });

    it('answers 429 with Retry-After on POST /login once the burst is used; a spoofed X-Forwarded-For does not help', async () => {
      const client = new FormClient(srv.baseUrl);
      await client.get('/login');
      for (let i = 0; i < 3; i++) {
        const res = await client.post('/login', { email: `x${i}@nowhere.example.com`, password: 'Wrong-Password-1' });
        assert.equal(res.status, 401, `attempt ${i + 1} is within the burst`);
      }
      const limited = await client.post('/login', { email: 'x9@nowhere.example.com', password: 'Wrong-Password-1' });
      assert.equal(limited.status, 429);
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After: ${retry}`);
      assert.match(limited.body, /Too many requests/);
      const spoofed = await client.post('/login', { email: 'x10@nowhere.example.com', password: 'x' },
        { headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(spoofed.status, 429, 'X-Forwarded-For from an untrusted peer is ignored');
      const api = await apiJson(srv, 'POST', '/api/v1/auth/token', { email: 'x@nowhere.example.com', password: 'x' });
      assert.equal(api.status, 429, 'the API token endpoint shares the bucket');
      assert.equal(api.json().error.code, 'rate_limited');
      assert.equal((await client.get('/login')).status, 200, 'pages are not limited');
    });

    it('limits reset requests per address even across client IPs (behind a trusted proxy)', async () => {
      const client = new FormClient(proxied.baseUrl);
      await client.get('/password/forgot');
      const email = 'target@plumbers.example.com';
      const from = (i) => ({ headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      for (let i = 1; i <= 5; i++) assert.equal((await client.post('/password/forgot', { email }, from(i))).status, 200, `request ${i}`);
      const limited = await client.post('/password/forgot', { email }, from(6));
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await client.post('/password/forgot', { email: 'other@plumbers.example.com' }, from(7))).status, 200,
        'another address is not limited');
    });
  });
}
