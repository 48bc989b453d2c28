// Browser test: a plumber's open dashboard gets a new lead live (with the homeowner's answers), sees slots change, claims it with one click; the profile map degrades to text offline.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLead, postJson } from '../support/server.mjs';
import { launchBrowser, openPage, screenshotter, sized, skipWithoutChromium } from '../support/browser.mjs';
import { claimLead, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

const TILES = /^https:\/\/tile\.openstreetmap\.org\//;

describe('plumber dashboard in Chromium', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;

  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false, env: { PLUMBLINE_LIVE_POLL_MS: '100' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await m?.close();
  });

  // A page signed in as plumber p (its session cookie), recording errors and CSP violations.
  async function openAs(p, vp) {
    const opened = await openPage(browser, vp, { designed: (msg) => /tile\.openstreetmap|ERR_FAILED/.test(msg) });
    const host = new URL(m.srv.baseUrl).hostname;
    await opened.context.addCookies([...p.client.cookies].map(([name, value]) => ({ name, value, domain: host, path: '/' })));
    // No network in tests: the map tiles fail, as they would behind a strict firewall.
    await opened.context.route(TILES, (route) => route.abort('aborted'));
    return { ...opened, shoot: screenshotter(opened.page, 'plumber-live', vp) };
  }

  for (const vp of [sized(360, 740), sized(1280, 800)]) {
    it(`shows a new lead live, updates slots, claims it, at ${vp.viewport.width} px`, async () => {
      const zip = vp.viewport.width === 360 ? '10001' : '60601';
      const a = await readyPlumber(m, 'live', { profile: { base_zip: zip } });
      const b = await readyPlumber(m, 'rival', { profile: { base_zip: zip } });
      const { context, page, problems, shoot } = await openAs(a, vp);
      await page.goto(`${m.srv.baseUrl}/dashboard`);
      await page.waitForSelector('#lead-list[data-live="open"]', { state: 'attached' });
      assert.equal(await page.locator('#lead-list li').count(), 0);

      const sent = await postJson(m.srv.baseUrl, jsonLead({
        zip, service_type: 'leak_repair', description: 'Kitchen sink pipe is leaking onto the floor.',
        answers: { where: 'under a sink', shut_off: true }, // questions per service (issue 17)
      }));
      assert.equal(sent.status, 201, sent.body);
      const card = page.locator('#lead-list li.lead-card').first();
      // No polling fallback: a card that appears without a reload came by the live feed. How fast it
      // comes is measured by the benchmarks, not asserted here.
      await card.waitFor({ timeout: 30000 });
      assert.match(await card.innerText(), /Leak/i);
      // The homeowner's answers on the live card, as on a card the page rendered (issue 17).
      assert.equal(await card.locator('dd[data-question="where"]').innerText(), 'Under a sink');
      assert.equal(await card.locator('dd[data-question="shut_off"]').innerText(), 'Yes');
      assert.equal(await card.locator('.lead-answers dt').first().innerText(), 'Where is the leak?');
      assert.match(await card.locator('a.lead-claim').innerText(), /^Claim for \d+ credits?$/);
      assert.match(await page.locator('#live-status').innerText(), /New lead/);
      assert.equal(await page.locator('#lead-count').innerText(), '1');
      await shoot('live-card');

      const leadId = Number(await card.getAttribute('data-lead-id'));
      assert.equal((await claimLead(m, b, leadId)).status, 201);
      await page.waitForFunction((id) => document.querySelector(`#lead-${id} .lead-slots`)?.getAttribute('data-slots-left') === '2', leadId, { timeout: 30000 });
      assert.match(await card.locator('.lead-slots').innerText(), /2 of 3 slots left/);

      await Promise.all([page.waitForURL(/\/leads\/\d+\/claim$/), card.locator('a.lead-claim').click()]);
      await Promise.all([page.waitForURL(/\/my-leads\/\d+/), page.locator('#claim-confirm').click()]);
      assert.match(await page.locator('#contact-phone').innerText(), /^\(\d{3}\) \d{3}-\d{4}$/, 'the national format');
      assert.match(await page.locator('#contact-phone').getAttribute('href'), /^tel:\+1\d{10}$/);
      await shoot('claimed');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('draws the service area, and keeps the text when tiles cannot load', async () => {
    const p = await readyPlumber(m, 'mapper', { profile: { base_zip: '94110', radius_miles: 15, extra_zips: ['94501'] } });
    const { context, page, problems, shoot } = await openAs(p, sized(1280, 800));
    await page.goto(`${m.srv.baseUrl}/profile`);
    assert.match(await page.locator('#area-text').innerText(), /Within 15 miles of 94110 .*plus the ZIP code 94501/);
    await page.waitForSelector('#area-map.leaflet-container');
    assert.ok(await page.locator('#area-map').isVisible());
    const paths = await page.locator('#area-map path').count();
    assert.ok(paths >= 2, `the radius circle and the extra ZIP: ${paths} paths in ${(await page.locator('#area-map').innerHTML()).slice(0, 600)}`);
    await shoot('profile-map');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
