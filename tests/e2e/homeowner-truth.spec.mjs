// Browser journey (issue 13, point 1): typing a ZIP no plumber covers (10001) shows "No plumber covers
// 10001 …" next to the ZIP, before the contact fields; a covered ZIP (94110) clears it; the request sent
// anyway gets the truth on the confirmation and tracking pages, and the tracking page counts a plumber
// who starts covering 10001 later (late matching). Desktop and 390 px, screenshots, axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { fillProfile, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

describe('homeowners are told the truth, in Chromium', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let late; // covers 94110; adds 10001 as an extra ZIP during each journey

  before(async () => {
    m = await startMarketplace({ db: 'sqlite' });
    await readyPlumber(m, 'atlas'); // covers 94110 for leak repair
    late = await readyPlumber(m, 'latecomer');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const [n, vp] of VIEWPORTS.entries()) {
    it(`tells a homeowner in 10001 before the contact details, and after (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'homeowner-truth', vp);
      const coverage = page.locator('#zip-coverage');
      // Types a ZIP as a person does and waits for the check's answer to be in the page.
      async function typeZip(zip, expected) {
        await page.fill('#field-zip', '');
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/request/coverage')
            && new URL(r.url()).searchParams.get('zip') === zip),
          page.locator('#field-zip').pressSequentially(zip),
        ]);
        await page.locator(`#zip-coverage [data-coverage="${expected}"]`).waitFor();
      }
      try {
        await page.goto(`${m.srv.baseUrl}/request`);
        await assertNoAxeViolations(page, 'the request form');
        await shoot('form');

        await page.selectOption('#field-service_type', 'leak_repair');
        await page.fill('#field-description', 'The pipe under the bathroom sink drips all night.');
        await page.check('#field-urgency-this_week');
        await typeZip('10001', 'none');
        const said = await coverage.innerText();
        assert.match(said, /No plumber covers 10001 for Leak repair yet\./);
        assert.match(said, /nobody is sent it now\. We keep the request open for 72 hours and send it to any plumber who starts covering ZIP 10001/);
        // Before the contact details: in reading order and on the screen.
        const before = await page.evaluate(() => {
          const note = document.querySelector('#zip-coverage');
          const name = document.querySelector('#field-name');
          return Boolean(note.compareDocumentPosition(name) & Node.DOCUMENT_POSITION_FOLLOWING)
            && note.getBoundingClientRect().bottom <= name.getBoundingClientRect().top;
        });
        assert.ok(before, 'the answer comes before the name, phone and e-mail fields');
        await assertNoAxeViolations(page, 'the request form saying no plumber covers 10001');
        await shoot('no-coverage');

        await typeZip('94110', 'some');
        assert.match(await coverage.innerText(), /Plumbers on Plumbline cover 94110\./);
        assert.equal(await page.locator('#field-send_anyway').count(), 0);
        await shoot('covered');

        await typeZip('10001', 'none');
        await page.fill('#field-name', 'Nora Newyork');
        await page.fill('#field-phone', `(212) 555-01${String(40 + n)}`);
        await page.fill('#field-email', `nora-${vp.name}@homeowners.example.com`);
        await page.check('#field-contact_method-email');
        await page.check('#field-consent');
        await page.check('#field-send_anyway');
        await Promise.all([
          page.waitForURL(/\/t\/[A-Za-z0-9_-]{22,}\/sent$/),
          page.locator('button[type=submit]', { hasText: 'Send my request' }).click(),
        ]);
        const reach = await page.locator('#lead-reach').innerText();
        assert.match(reach, /No plumber on Plumbline covers ZIP 10001 for this kind of work yet/);
        assert.match(reach, /open for 72 hours and send it to any plumber who starts covering ZIP 10001/);
        assert.doesNotMatch(await page.locator('main').innerText(), /being told|will contact you the way you asked/);
        await assertNoAxeViolations(page, 'the confirmation page');
        await shoot('confirmation');

        await Promise.all([
          page.waitForURL(/\/t\/[A-Za-z0-9_-]{22,}$/),
          page.locator('a', { hasText: 'Open my tracking page' }).click(),
        ]);
        assert.match(await page.locator('#lead-status').innerText(),
          /^Open: no plumber covers this area yet, so nobody has been sent your request\./);
        await assertNoAxeViolations(page, 'the tracking page');
        await shoot('tracking');

        // A plumber starts covering 10001 (late matching): the same page now counts them.
        await fillProfile(m, late, { extra_zips: ['10001'] });
        await page.reload();
        assert.equal(await page.locator('#lead-status').innerText(),
          'Open: sent to 1 plumber; the plumber it was sent to has not taken it on yet.');
        assert.match(await page.locator('main').innerText(),
          /Sent to a plumber who started covering this area after the request/);
        await assertNoAxeViolations(page, 'the tracking page after a plumber joined');
        await shoot('plumber-joined');
        await fillProfile(m, late, { extra_zips: [] }); // 10001 uncovered again for the next viewport
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
