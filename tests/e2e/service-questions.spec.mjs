// Questions per service (issue 17) in Chromium, at 1280 and 390 px: with JavaScript the questions
// appear in place when the type of work changes (htmx), are answered and sent in one step; with
// JavaScript off the form is two steps (questions shown with everything kept, then sent). Each
// state of the form is axe-clean; the tracking page shows the answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniquePhone } from '../support/server.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';

const TRACKING = /\/t\/[A-Za-z0-9_-]{22,}\/sent$/;

// Everything but the type of work and the questions.
async function fillTheRest(page, name) {
  await page.fill('#field-description', 'No hot water since the weekend; the pilot light is out.');
  await page.check('#field-urgency-within_24h');
  await page.fill('#field-zip', '94110');
  await page.fill('#field-name', name);
  await page.fill('#field-phone', uniquePhone());
  await page.fill('#field-email', 'quinn@example.com');
  await page.check('#field-contact_method-text');
  await page.check('#field-consent');
}

describe('questions per service in Chromium', { skip: skipWithoutChromium }, () => {
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

  for (const vp of VIEWPORTS) {
    it(`shows the questions in place with JavaScript at ${vp.name}`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'service-questions', vp);
      await page.goto(`${srv.baseUrl}/request`);
      assert.equal(await page.locator('#service-questions fieldset.service-questions').count(), 0);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/request/questions')),
        page.selectOption('#field-service_type', 'water_heater'),
      ]);
      const fuel = page.getByRole('group', { name: /Gas or electric\?/ });
      await fuel.waitFor({ state: 'visible' });
      await assertNoAxeViolations(page, `form with the water heater's questions (${vp.name})`);
      await shoot('questions-in-place');
      // Another service: its questions replace the first ones.
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/request/questions')),
        page.selectOption('#field-service_type', 'drain_cleaning'),
      ]);
      await page.getByRole('group', { name: /Which drain is blocked or slow\?/ }).waitFor();
      assert.equal(await page.locator('input[name="answer_fuel"]').count(), 0);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/request/questions')),
        page.selectOption('#field-service_type', 'water_heater'),
      ]);
      await page.getByLabel('Gas', { exact: true }).check();
      await page.getByLabel('Tankless', { exact: true }).check();
      await page.fill('#field-answer_age', '8');
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/request/coverage')),
        fillTheRest(page, `Quinn JS ${vp.name}`),
      ]);
      if (await page.locator('#field-send_anyway').count()) await page.check('#field-send_anyway');
      await Promise.all([
        page.waitForURL(TRACKING),
        page.getByRole('button', { name: 'Send my request' }).click(),
      ]);
      await page.goto(page.url().replace(/\/sent$/, ''));
      assert.equal(await page.locator('dd[data-question="fuel"]').innerText(), 'Gas');
      assert.equal(await page.locator('dd[data-question="tank"]').innerText(), 'Tankless');
      assert.equal(await page.locator('dd[data-question="age"]').innerText(), '8');
      await assertNoAxeViolations(page, `tracking page with answers (${vp.name})`);
      assert.deepEqual(problems, []);
      await context.close();
    });

    it(`asks the questions as a second step without JavaScript at ${vp.name}`, async () => {
      // The designed 422: the re-rendered form with an answer to fix.
      const designed = (msg, at) => at === `${srv.baseUrl}/request` && /status of 422/.test(msg);
      const { context, page, problems } = await openPage(browser, vp, { designed, contextOptions: { javaScriptEnabled: false } });
      const shoot = screenshotter(page, 'service-questions-nojs', vp);
      await page.goto(`${srv.baseUrl}/request`);
      await page.selectOption('#field-service_type', 'water_heater');
      await fillTheRest(page, `Quinn NoJS ${vp.name}`);
      await Promise.all([
        page.waitForURL(`${srv.baseUrl}/request`, { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Send my request' }).click(),
      ]);
      assert.match(await page.locator('#questions-step').innerText(), /One more step/);
      assert.equal(await page.inputValue('#field-name'), `Quinn NoJS ${vp.name}`, 'what was typed is kept');
      assert.ok(await page.isChecked('#field-consent'));
      await shoot('second-step'); // (axe needs scripts: the next test checks these pages)
      await page.getByLabel('Electric', { exact: true }).check();
      await page.fill('#field-answer_age', 'twelve');
      if (await page.locator('#field-send_anyway').count()) await page.check('#field-send_anyway');
      await Promise.all([
        page.waitForURL(`${srv.baseUrl}/request`, { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Send my request' }).click(),
      ]);
      assert.match(await page.locator('#error-summary').innerText(), /About how old is it, in years\?/);
      assert.ok(await page.isChecked('input[name="answer_fuel"][value="Electric"]'), 'the answers are kept');
      await page.fill('#field-answer_age', '12');
      if (await page.locator('#field-send_anyway').count()) await page.check('#field-send_anyway');
      await Promise.all([
        page.waitForURL(TRACKING),
        page.getByRole('button', { name: 'Send my request' }).click(),
      ]);
      await page.goto(page.url().replace(/\/sent$/, ''));
      assert.equal(await page.locator('dd[data-question="fuel"]').innerText(), 'Electric');
      assert.equal(await page.locator('dd[data-question="age"]').innerText(), '12');
      assert.deepEqual(problems, []);
      await context.close();
    });

    // axe-core runs as a script, so the second step's pages are checked in a browser with scripts on
    // that reaches them as one without would: the type of work set without a change event (no htmx).
    it(`keeps the second step and its errors axe-clean at ${vp.name}`, async () => {
      const designed = (msg, at) => at === `${srv.baseUrl}/request` && /status of 422/.test(msg);
      const { context, page, problems } = await openPage(browser, vp, { designed });
      await page.goto(`${srv.baseUrl}/request`);
      await page.evaluate(() => { document.querySelector('#field-service_type').value = 'water_heater'; });
      await page.fill('#field-description', 'No hot water since the weekend.');
      await page.check('#field-urgency-within_24h');
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/request/coverage')),
        page.fill('#field-zip', '94110'),
      ]);
      await page.fill('#field-name', `Quinn Axe ${vp.name}`);
      await page.check('#field-consent');
      await Promise.all([
        page.waitForURL(`${srv.baseUrl}/request`, { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Send my request' }).click(),
      ]);
      assert.match(await page.locator('#questions-step').innerText(), /One more step/);
      await assertNoAxeViolations(page, `second step (${vp.name})`);
      await page.fill('#field-answer_age', 'twelve');
      await Promise.all([
        page.waitForURL(`${srv.baseUrl}/request`, { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Send my request' }).click(),
      ]);
      assert.match(await page.locator('#error-summary').innerText(), /About how old is it, in years\?/);
      await assertNoAxeViolations(page, `the questions with an answer to fix (${vp.name})`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
