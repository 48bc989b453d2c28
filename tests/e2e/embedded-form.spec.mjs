// The embedded request form (issue 20) in Chromium: a partner's page on another site
// (http://localhost:<port>, while the server is http://127.0.0.1:<port>) frames the form of a lead
// source that lists it; the homeowner sends a request inside the frame (its signed CSRF token, no
// cookie needed) and the stored request carries the source. A page on an origin the source does
// not list cannot frame it: Chromium blocks it under frame-ancestors.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describeOnce, uniquePhone } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { startMarketplace } from '../support/marketplace.mjs';
import { VIEWPORTS, launchBrowser, openPage, screenshotter, skipWithoutChromium } from '../support/browser.mjs';

// A partner's site: one page that frames the form at src() (known once the source exists).
function partnerSite(src) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Partner</title></head><body><h1>Partner quotes</h1>
<iframe id="plumbline" src="${src()}" title="Request a plumber" width="100%" height="1400"></iframe></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describeOnce('the embedded request form in Chromium', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let allowed;
  let other;
  let sourceId;
  before(async () => {
    m = await startMarketplace({ maildev: false });
    const formUrl = () => `${m.srv.baseUrl}/embed/${sourceId}/request`;
    allowed = await partnerSite(formUrl);
    other = await partnerSite(formUrl);
    const admin = await m.adminClient();
    await admin.get('/admin/sources');
    const res = await admin.post('/admin/sources', {
      name: 'Framed Partner', daily_cap: '0',
      frame_origins: `http://localhost:${allowed.address().port}`,
    });
    assert.equal(res.status, 303, res.body.slice(0, 300));
    sourceId = Number(/\/admin\/sources\/(\d+)/.exec(res.location)[1]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    allowed?.close();
    other?.close();
    await m?.close();
  });

  it('a listed site frames the form, and the request sent in it carries the source', async () => {
    const vp = VIEWPORTS[0];
    const { context, page, problems } = await openPage(browser, vp);
    const shoot = screenshotter(page, 'embedded-form', vp);
    await page.goto(`http://localhost:${allowed.address().port}/`);
    const frameEl = await page.waitForSelector('#plumbline');
    const frame = await frameEl.contentFrame();
    await frame.waitForSelector('form[action$="/request"]');
    assert.equal(await frame.locator('h1').innerText(), 'Request a plumber');
    assert.equal(await frame.locator('header').count(), 0, 'no site navigation in the frame');
    await frame.selectOption('#field-service_type', 'leak_repair');
    await frame.fill('#field-description', 'Water drips from the pipe under the kitchen sink.');
    await frame.check('#field-urgency-within_24h');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/request/coverage')),
      frame.fill('#field-zip', '94110'),
    ]);
    await frame.check('#field-send_anyway'); // nobody covers 94110 here
    const phone = uniquePhone();
    await frame.fill('#field-name', 'Framed Homeowner');
    await frame.fill('#field-phone', phone);
    await frame.fill('#field-email', 'framed@example.com');
    await frame.check('#field-contact_method-phone');
    await frame.check('#field-consent');
    await shoot('form');
    await Promise.all([
      frame.waitForNavigation({ waitUntil: 'load' }),
      frame.locator('button[type=submit]', { hasText: 'Send my request' }).click(),
    ]);
    await frame.waitForSelector('#embed-sent');
    assert.equal(await frame.locator('h1').innerText(), 'Request sent');
    await shoot('sent');
    const rows = query(m.srv, "SELECT partner_source_id, source FROM leads WHERE email = 'framed@example.com'");
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0][0]), sourceId);
    assert.equal(rows[0][1], 'web');
    assert.deepEqual(problems, [], 'no console error, CSP violation or failed load');
    await context.close();
  });

  it('a site the source does not list cannot frame the form', async () => {
    const { context, page } = await openPage(browser, VIEWPORTS[0]);
    const refused = page.waitForEvent('console', (msg) => /frame-ancestors/.test(msg.text()));
    await page.goto(`http://127.0.0.1:${other.address().port}/`);
    const message = (await refused).text();
    assert.match(message, /violates the following Content Security Policy directive: "frame-ancestors/);
    const frame = await (await page.waitForSelector('#plumbline')).contentFrame();
    assert.equal(await frame.locator('form').count(), 0, 'nothing of the form in the frame');
    await context.close();
  });
});
