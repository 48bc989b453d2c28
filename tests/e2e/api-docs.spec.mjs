// The API reference (/api/docs) in Chromium, desktop and phone, signed out: Swagger UI (vendored
// from npm) renders the contract from /api/v1/openapi.json under the site's Content-Security-Policy
// with no console error, CSP violation or failed load; an operation opens to its responses, "Try it
// out" calls the server, and the Authorize dialog opens.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnce, startServer } from '../support/server.mjs';
import { VIEWPORTS, launchBrowser, openPage, screenshotter, skipWithoutChromium } from '../support/browser.mjs';

describeOnce('/api/docs in Chromium', { skip: skipWithoutChromium }, () => {
  let srv;
  let browser;
  before(async () => {
    srv = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`renders every operation of the contract and opens one (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'api-docs', vp);
      const spec = page.waitForResponse((r) => r.url().endsWith('/api/v1/openapi.json'));
      await page.goto(`${srv.baseUrl}/api/docs`);
      assert.equal((await spec).status(), 200);
      await page.locator('.swagger-ui .info .title', { hasText: 'Plumbline API' }).waitFor();
      assert.equal(await page.locator('.swagger-ui .errors-wrapper').count(), 0, 'Swagger UI reports no error in the document');
      const tags = page.locator('.swagger-ui .opblock-tag-section');
      assert.ok(await tags.count() >= 10, `tag sections: ${await tags.count()}`);
      // Each tag opens to its operations; every operation of the document is listed.
      for (let i = 0; i < await tags.count(); i++) await tags.nth(i).locator('.opblock-tag').click();
      const listed = await page.locator('.swagger-ui .opblock-summary-path').allInnerTexts();
      const ops = Object.entries(await (await fetch(`${srv.baseUrl}/api/v1/openapi.json`)).json().then((d) => d.paths))
        .reduce((n, [, item]) => n + Object.keys(item).length, 0);
      assert.equal(listed.length, ops, 'one row per documented operation');
      await shoot('operations');
      const lead = page.locator('.swagger-ui .opblock', { has: page.locator('.opblock-summary-path', { hasText: /^\/api\/v1\/leads$/ }) }).first();
      await lead.locator('.opblock-summary').click();
      await lead.locator('.responses-table').first().waitFor();
      assert.match(await lead.innerText(), /201[^]*422/, 'the lead intake shows its answers');
      await shoot('create-lead');
      // "Try it out" calls this server from the page (connect-src 'self'); Authorize opens its dialog.
      const contract = page.locator('.swagger-ui .opblock', { has: page.locator('.opblock-summary-path', { hasText: '/api/v1/openapi.json' }) });
      await contract.locator('.opblock-summary').click();
      await contract.locator('button.try-out__btn').click();
      await contract.locator('button.execute').click();
      await contract.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();
      await page.locator('.swagger-ui .auth-wrapper button.authorize').click();
      await page.locator('.swagger-ui .modal-ux', { hasText: 'bearerAuth' }).waitFor();
      await shoot('authorize');
      await page.locator('.swagger-ui .modal-ux button.close-modal').click();
      assert.deepEqual(problems, [], 'no console error, CSP violation or failed load');
      await context.close();
    });
  }
});
