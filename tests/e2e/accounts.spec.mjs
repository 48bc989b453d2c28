// Browser test: plumber sign-up → e-mailed verification → log out/in, a password reset, XSS payloads shown as text, in Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { PASSWORD, linkPath, newPlumber, signUp, waitForMail } from '../support/accounts.mjs';
import {
  launchBrowser, openMenuIfFolded, openPage, screenshotter, sized, skipWithoutChromium,
} from '../support/browser.mjs';
import { fillSignUpForm } from '../support/e2e_steps.mjs';

const VIEWPORTS = [sized(360, 740), sized(1280, 800)];
const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const NEW_PASSWORD = 'Brass-Fitting-Trap-6620';

describe('plumber accounts in Chromium', { skip: skipWithoutChromium }, () => {
  let srv;
  let browser;

  before(async () => {
    srv = await startServer({ db: 'sqlite' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  // A page that records console errors (bar the designed 401/422 re-renders of a form), page
  // errors, dialogs (a script ran), CSP violations and failed loads; shoot(name) and submit(action).
  async function openAccountPage(vp, journey) {
    const opened = await openPage(browser, vp, { failOnDialog: true, designed: (msg) => /status of (401|422)/.test(msg) });
    const { page } = opened;
    const shoot = screenshotter(page, `accounts-${journey}`, vp);
    const submit = async (action) => {
      if (action === '/logout') await openMenuIfFolded(page); // the header's log-out button
      return Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.locator(`form[action="${action}"] button[type=submit]`).click(),
      ]);
    };
    return { ...opened, shoot, submit };
  }

  for (const vp of VIEWPORTS) {
    const size = vp.name;

    it(`signs up, verifies by the e-mailed link, logs out and back in at ${size}`, async () => {
      const { context, page, problems, shoot, submit } = await openAccountPage(vp, 'signup');
      const p = newPlumber('browser');
      await page.goto(`${srv.baseUrl}/`);
      await openMenuIfFolded(page);
      await Promise.all([page.waitForURL(`${srv.baseUrl}/signup`), page.locator('nav a', { hasText: 'Join' }).click()]);
      await shoot('signup');
      await fillSignUpForm(page, p);
      await submit('/signup');
      assert.equal(page.url(), `${srv.baseUrl}/account/verify-email`);
      assert.equal(await page.locator('h1').innerText(), 'Check your e-mail');
      await shoot('check-email');

      const mail = await waitForMail(srv, { to: p.email, kind: 'verify_email' });
      await page.goto(srv.baseUrl + linkPath(mail, '/verify/'));
      assert.equal(await page.locator('h1').innerText(), 'E-mail verified');
      await shoot('verified');
      await Promise.all([page.waitForURL(`${srv.baseUrl}/dashboard`), page.locator('main a', { hasText: 'Go to your dashboard' }).click()]);
      assert.equal(await page.locator('h1').innerText(), p.business_name);
      await shoot('dashboard');

      await submit('/logout');
      assert.equal(page.url(), `${srv.baseUrl}/login?bye=1`);
      assert.match(await page.locator('main .alert-info').innerText(), /You are logged out/);
      await shoot('logged-out');
      await page.goto(`${srv.baseUrl}/dashboard`);
      assert.equal(page.url(), `${srv.baseUrl}/login?next=/dashboard`, 'the old session is gone');

      await page.fill('#field-email', p.email);
      await page.fill('#field-password', PASSWORD);
      await submit('/login');
      assert.equal(page.url(), `${srv.baseUrl}/dashboard`, "the plumber's home page");
      await openMenuIfFolded(page);
      await page.locator('nav a', { hasText: 'Account' }).click();
      await page.waitForURL(`${srv.baseUrl}/account`);
      assert.match(await page.locator('.account-facts').innerText(), new RegExp(p.email.replace(/[.+]/g, '\\$&')));
      await shoot('account');
      await submit('/logout');
      assert.equal(page.url(), `${srv.baseUrl}/login?bye=1`);
      await context.close();
      assert.deepEqual(problems, [], 'no console errors, dialogs, CSP violations or failed loads');
    });

    it(`resets a forgotten password from the e-mailed link at ${size}`, async () => {
      const p = newPlumber('forgot');
      await signUp(srv, p);
      const { context, page, problems, shoot, submit } = await openAccountPage(vp, 'reset');
      await page.goto(`${srv.baseUrl}/login`);
      await Promise.all([page.waitForURL(`${srv.baseUrl}/password/forgot`), page.locator('main a', { hasText: 'Forgot your password?' }).click()]);
      await page.fill('#field-email', p.email);
      await shoot('forgot');
      await submit('/password/forgot');
      assert.equal(await page.locator('h1').innerText(), 'Check your e-mail');

      const link = linkPath(await waitForMail(srv, { to: p.email, kind: 'password_reset' }), '/password/reset/');
      await page.goto(srv.baseUrl + link);
      assert.equal(await page.locator('h1').innerText(), 'Choose a new password');
      await page.fill('#field-password', NEW_PASSWORD);
      await page.fill('#field-password_confirm', 'not the same');
      await submit(link);
      assert.match(await page.locator('#error-summary').innerText(), /not the same/);
      await shoot('reset-error');
      await page.fill('#field-password', NEW_PASSWORD);
      await page.fill('#field-password_confirm', NEW_PASSWORD);
      await submit(link);
      assert.equal(page.url(), `${srv.baseUrl}/login?reset=1`);
      assert.match(await page.locator('main .alert-info').innerText(), /password was changed/);
      await shoot('reset-done');

      await page.fill('#field-email', p.email);
      await page.fill('#field-password', NEW_PASSWORD);
      await submit('/login');
      assert.equal(page.url(), `${srv.baseUrl}/dashboard`);
      await context.close();
      assert.deepEqual(problems, []);
    });

    it(`shows XSS payloads in every sign-up and profile field as text at ${size}`, async () => {
      const { context, page, problems, shoot, submit } = await openAccountPage(vp, 'xss');
      for (const [n, payload] of XSS.entries()) {
        // Every field gets the payload: e-mail and phone fail validation and are shown back in the form.
        await page.goto(`${srv.baseUrl}/signup`);
        await fillSignUpForm(page, { business_name: payload, contact_name: payload, email: payload, phone: payload, password: payload });
        await submit('/signup');
        assert.ok(await page.locator('#error-summary').isVisible(), 'the form comes back with errors');
        for (const f of ['business_name', 'contact_name', 'email', 'phone'])
          assert.equal(await page.inputValue(`#field-${f}`), payload, `${f} shown back as typed`);
        assert.equal(await page.inputValue('#field-password'), '', 'the password is never shown back');
        if (n === 1) await shoot('signup-errors');
        await page.goto(`${srv.baseUrl}/login?email=${encodeURIComponent(payload)}`);
        assert.equal(await page.inputValue('#field-email'), payload);
      }

      // A real account whose names are the payloads: shown as text on every page that shows them.
      const p = newPlumber('xss', { business_name: XSS[0], contact_name: XSS[1] });
      await page.goto(`${srv.baseUrl}/signup`);
      await fillSignUpForm(page, p);
      await submit('/signup');
      assert.equal(page.url(), `${srv.baseUrl}/account/verify-email`);
      const mail = await waitForMail(srv, { to: p.email, kind: 'verify_email' });
      assert.ok(!mail.html.includes(XSS[1]) && mail.html.includes('&quot;&gt;&lt;img'), 'escaped in the HTML e-mail');
      await page.goto(srv.baseUrl + linkPath(mail, '/verify/'));
      await page.goto(`${srv.baseUrl}/dashboard`);
      assert.equal(await page.locator('h1').innerText(), XSS[0]);
      assert.match(await page.locator('main .lead').innerText(), /Hello "><img src=x onerror=alert\(1\)>\./);
      await shoot('dashboard');
      await page.goto(`${srv.baseUrl}/account`);
      const facts = await page.locator('.account-facts').innerText();
      assert.ok(facts.includes(XSS[0]) && facts.includes(XSS[1]), facts);
      await page.fill('#field-email', XSS[1]); // the profile's one editable field: the new log-in e-mail
      await page.fill('#field-password', PASSWORD);
      await submit('/account/email');
      assert.ok(await page.locator('#error-summary').isVisible(), 'refused as an e-mail address');
      await shoot('account');
      for (const where of ['/dashboard', '/account']) {
        await page.goto(srv.baseUrl + where);
        const injected = await page.evaluate(() => ({
          images: document.querySelectorAll('img[src="x"]').length,
          inlineScripts: [...document.scripts].filter((s) => !s.src).length,
        }));
        assert.deepEqual(injected, { images: 0, inlineScripts: 0 }, `nothing injected on ${where}`);
      }
      await page.waitForTimeout(200); // let a late onerror or CSP report arrive
      await context.close();
      assert.deepEqual(problems, [], 'no dialog, console error or CSP violation');
    });
  }
});
