// Browser test: home → form with errors → fixed → confirmation → tracking → cancel → delete my details, in Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { launchBrowser, openPage, screenshotter, sized, skipWithoutChromium } from '../support/browser.mjs';

const VIEWPORTS = [sized(360, 740), sized(1280, 800)];

describe('homeowner flow in Chromium', { skip: skipWithoutChromium }, () => {
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

  for (const [n, vp] of VIEWPORTS.entries()) {
    const size = vp.name;
    const phone = `(415) 555-01${String(34 + n)}`; // one homeowner per run: not a duplicate

    it(`submits, fixes errors, tracks and cancels a request at ${size}`, async () => {
      // The expected errors: Chromium reports the designed 422 re-renders of the request form and
      // of "Delete my details" without its box ticked.
      const designed = (msg, at) => (at === `${srv.baseUrl}/request` || /\/t\/[^/]+\/delete$/.test(at))
        && /status of 422/.test(msg);
      const { context, page, problems } = await openPage(browser, vp, { designed });
      const shoot = screenshotter(page, 'homeowner', vp);

      // Home page.
      await page.goto(`${srv.baseUrl}/`);
      assert.match(await page.locator('h1').innerText(), /Find a licensed local plumber/);
      await shoot('home');

      // To the form.
      await page.locator('.hero a', { hasText: 'Request a plumber' }).click();
      await page.waitForURL(`${srv.baseUrl}/request`);
      assert.equal(await page.locator('h1').innerText(), 'Request a plumber');
      await shoot('form');

      // A submission with errors: everything typed must come back.
      await page.selectOption('#field-service_type', 'leak_repair');
      await page.fill('#field-description', 'Leak');
      await page.check('#field-urgency-within_24h');
      await Promise.all([ // the ZIP check answers before the page moves on (no aborted request)
        page.waitForResponse((r) => r.url().includes('/request/coverage')),
        page.fill('#field-zip', '9411'),
      ]);
      await page.fill('#field-name', 'Ada Lovelace');
      await page.fill('#field-phone', '555');
      await page.fill('#field-email', 'ada@example.com');
      await page.check('#field-contact_method-text');
      await page.fill('#field-best_time', 'After 5 pm');
      await Promise.all([
        page.waitForURL(`${srv.baseUrl}/request`, { waitUntil: 'load' }),
        page.locator('button[type=submit]', { hasText: 'Send my request' }).click(),
      ]);
      const summary = page.locator('#error-summary');
      await summary.waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary',
        'focus moves to the error summary');
      const expected = {
        description: 'Add a little more detail (at least 10 characters).',
        zip: 'Enter a 5-digit ZIP code, like 94110.',
        phone: 'Enter a 10-digit US phone number, like (415) 555-0134.',
        consent: 'Tick the box to agree to be contacted; we cannot pass on your request without it.',
      };
      assert.equal(await summary.locator('li').count(), Object.keys(expected).length);
      for (const [field, message] of Object.entries(expected)) {
        const shown = await page.locator(`#field-${field}-error`).innerText();
        assert.ok(shown.includes(message), `${field}: ${shown}`);
        assert.ok(await page.locator(`#field-${field}-error`).isVisible(), `${field} message visible`);
      }
      assert.equal(await page.inputValue('#field-service_type'), 'leak_repair');
      assert.equal(await page.inputValue('#field-description'), 'Leak');
      assert.equal(await page.inputValue('#field-zip'), '9411');
      assert.equal(await page.inputValue('#field-name'), 'Ada Lovelace');
      assert.equal(await page.inputValue('#field-phone'), '555');
      assert.equal(await page.inputValue('#field-email'), 'ada@example.com');
      assert.equal(await page.inputValue('#field-best_time'), 'After 5 pm');
      assert.ok(await page.isChecked('#field-urgency-within_24h'));
      assert.ok(await page.isChecked('#field-contact_method-text'));
      assert.ok(!(await page.isChecked('#field-consent')));
      await shoot('form-errors');

      // Fix and resubmit.
      await page.fill('#field-description', 'Water drips from the pipe under the kitchen sink.');
      await page.fill('#field-zip', '94110');
      // No plumber covers 94110 in this journey: the ZIP check asks before the contact details.
      await page.check('#field-send_anyway');
      await page.fill('#field-phone', phone);
      await page.check('#field-consent');
      await Promise.all([
        page.waitForURL(/\/t\/[A-Za-z0-9_-]{22,}\/sent$/),
        page.locator('button[type=submit]', { hasText: 'Send my request' }).click(),
      ]);
      assert.equal(await page.locator('h1').innerText(), 'Request received');
      const token = /\/t\/([^/]+)\/sent$/.exec(page.url())[1];
      const trackingUrl = `${srv.baseUrl}/t/${token}`;
      assert.equal(await page.inputValue('#tracking-url'), trackingUrl);
      const main = await page.locator('main').innerText();
      assert.match(main, /San Francisco/);
      assert.doesNotMatch(main, /similar request/, 'not flagged as a duplicate');
      await shoot('confirmation');

      // Follow the tracking link.
      await Promise.all([
        page.waitForURL(trackingUrl),
        page.locator('a', { hasText: 'Open my tracking page' }).click(),
      ]);
      assert.equal(await page.locator('h1').innerText(), 'Your plumbing request');
      assert.match(await page.locator('.status-badge').innerText(), /^Open/);
      assert.match(await page.locator('.description').innerText(), /kitchen sink/);
      await shoot('tracking');

      // Cancel: saying no to the confirm dialog keeps the request; yes cancels it.
      const cancel = page.locator('button', { hasText: 'Cancel my request' });
      let question = '';
      page.once('dialog', async (d) => { question = d.message(); await d.dismiss(); });
      await cancel.click();
      await page.waitForTimeout(300);
      assert.match(question, /Cancel this request\?/);
      assert.equal(page.url(), trackingUrl, 'dismissing keeps us here');
      assert.match(await page.locator('.status-badge').innerText(), /^Open/);

      page.once('dialog', (d) => d.accept());
      await Promise.all([page.waitForURL(`${trackingUrl}?cancelled=1`), cancel.click()]);
      assert.match(await page.locator('.alert-success').innerText(), /has been cancelled/);
      assert.equal(await page.locator('.status-badge').innerText(), 'Closed: you cancelled it. No plumber covered this area.');
      assert.ok(await page.locator('.status-badge.status-closed').isVisible());
      assert.match(await page.locator('.history').innerText(), /Cancelled by the homeowner/);
      assert.equal(await page.locator('button', { hasText: 'Cancel my request' }).count(), 0);
      await shoot('cancelled');

      // Privacy (issue 12): a cancelled request's details can be deleted; the box must be ticked.
      const del = page.locator('button', { hasText: 'Delete my details' });
      await Promise.all([page.waitForURL(`${trackingUrl}/delete`), del.click()]);
      assert.match(await page.locator('#field-delete-confirm-error').innerText(), /Tick the box/);
      await page.check('#field-delete-confirm');
      await Promise.all([page.waitForURL(`${trackingUrl}?done=deleted`), del.click()]);
      assert.match(await page.locator('#notice').innerText(), /are deleted from this request/);
      assert.ok(await page.locator('#details-deleted').isVisible());
      assert.equal(await page.locator('button', { hasText: 'Delete my details' }).count(), 0);
      assert.match(await page.locator('.history').innerText(), /deleted their contact details/);
      await shoot('details-deleted');

      await context.close();
      assert.deepEqual(problems, [], 'no console errors, CSP violations or failed loads');
    });
  }
});
