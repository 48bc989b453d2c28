// The demo mailbox (/dev/mail) in Chromium, desktop and phone: a real message reads as its
// recipient sees it, and a hostile one (script, onerror, a form, a javascript: link, requests to
// this site) runs nothing and reaches nothing from its sandboxed frame.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeOnce, startServer } from '../support/server.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { HOSTILE_EML, writeMail } from '../support/dev_mail.mjs';
import { waitForMails } from '../support/accounts.mjs';

const HOSTILE = '9999999999999-hostile.eml';

describeOnce('/dev/mail in Chromium', { skip: skipWithoutChromium }, () => {
  let srv;
  let browser;
  before(async () => {
    srv = await startServer({ env: { PLUMBLINE_DEMO_DATA: 'on', PLUMBLINE_TEST_PAYMENTS: 'on' } });
    writeMail(path.join(srv.database.dataDir, 'mail'), HOSTILE, HOSTILE_EML);
    await waitForMails(srv, { to: 'demo0@example.com', kind: 'lead_confirmation' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`shows a message as its recipient sees it; its links work (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'dev-mail', vp);
      await page.goto(`${srv.baseUrl}/dev/mail`);
      await assertNoAxeViolations(page, '/dev/mail');
      await shoot('list');
      const row = page.locator('table.dev-mail-list tbody tr', { hasText: 'demo0@example.com' })
        .filter({ hasText: 'Lead confirmation' }); // issue 17: demo0 also has the e-mail check
      assert.match(await row.innerText(), /Request received: Leak repair in 94110[^]*Lead confirmation/);
      await Promise.all([page.waitForURL(/\/dev\/mail\/[^/]+\.eml$/), row.locator('a').click()]);
      const frame = page.frameLocator('#mail-html');
      await frame.locator('text=Your private tracking link').waitFor();
      assert.match(await page.locator('#mail-text').innerText(), /YOUR PRIVATE TRACKING LINK\s+http:\/\/127\.0\.0\.1:\d+\/t\//);
      assert.equal(await page.locator('details.dev-mail-source').getAttribute('open'), null, 'the source stays folded');
      await assertNoAxeViolations(page, 'a message at /dev/mail');
      await shoot('message');
      // A link in the list, then the button inside the framed HTML: both open the tracking page.
      const listed = page.locator('#mail-links a', { hasText: '/t/' });
      const tracking = await listed.getAttribute('href');
      await Promise.all([page.waitForURL(tracking), listed.click()]);
      await page.goBack();
      await Promise.all([page.waitForURL(tracking), frame.locator('a', { hasText: 'Open my tracking page' }).click()]);
      await shoot('tracking');
      assert.deepEqual(problems, []);
      await context.close();
    });

    it(`runs nothing from a hostile message and lets it reach nothing (${vp.name})`, async () => {
      // The blocked attempts are reported on the console by design: they are the test's subject.
      const { context, page, problems } = await openPage(browser, vp, {
        designed: (msg) => /Content Security Policy|sandboxed|Blocked script execution|Blocked form submission/i.test(msg),
      });
      // What reached the server: a response in the browser, and the server's own access log (every
      // /pwned-… path is an unknown route there; the form would post to /logout).
      const answered = [];
      page.on('response', (r) => answered.push(r.url()));
      const reachedServer = () => srv.logs.filter((l) => l.msg === 'request' && ['(unknown)', '/logout'].includes(l.route)).length;
      const reachedBefore = reachedServer();
      const shoot = screenshotter(page, 'dev-mail-hostile', vp);
      await page.goto(`${srv.baseUrl}/dev/mail/${HOSTILE}`);
      const frame = page.frameLocator('#mail-html');
      await frame.locator('#hello').waitFor();
      const title = await page.title();
      await frame.locator('#evil').click(); // the form: no submission
      await frame.locator('#js').click(); // the javascript: link: nothing runs, here or on top
      await page.waitForLoadState('load');
      await shoot('hostile');
      assert.equal(await page.title(), title, 'the page title is untouched');
      assert.ok(!title.includes('pwned'));
      assert.deepEqual(answered.filter((u) => /pwned|\/logout/.test(u)), [], 'no request was answered');
      assert.equal(reachedServer(), reachedBefore, 'no request from the frame reached the server');
      assert.match(page.url(), new RegExp(`/dev/mail/${HOSTILE.replace(/\./g, '\\.')}$`), 'the tab did not move');
      // The frame's document has an origin of its own: it cannot read this site's pages or cookies.
      const frameOrigin = await page.frames().find((f) => f.url().endsWith('/html')).evaluate(() => window.origin);
      assert.equal(frameOrigin, 'null');
      // Chromium reports what it blocked: the image loads (CSP) and the javascript: link.
      const blocked = (x) => / csp$/.test(x) || /Unsafe attempt to initiate navigation[^]*javascript: url/.test(x);
      assert.ok(problems.some((x) => /pwned-img csp$/.test(x)), `the image to this site was blocked: ${problems}`);
      assert.deepEqual(problems.filter((x) => !blocked(x)), []);
      // An ordinary link in it opens in the whole tab, on a click.
      await Promise.all([page.waitForURL(`${srv.baseUrl}/about`), frame.locator('#home').click()]);
      await context.close();
    });
  }
});
