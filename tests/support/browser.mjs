// Browser journeys' shared parts: Chromium launch, the two viewports, a page that records every
// console error, CSP violation and failed request, screenshots as test artifacts, and axe-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './server.mjs';

export const CHROMIUM = process.env.PLUMBLINE_CHROMIUM || '/usr/bin/chromium';
export const skipWithoutChromium = fs.existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found: browser test skipped`;

// Every journey runs on a desktop and on a phone (390 px wide, touch, as an iPhone 12–15).
export const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, hasTouch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
];

// A viewport of width × height CSS pixels, named "WxH" (for a journey that runs at other sizes).
export const sized = (width, height) => ({ name: `${width}x${height}`, viewport: { width, height }, hasTouch: false });

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new context and page for one viewport. `problems` collects console errors, CSP violations,
// page errors, failed requests and 4xx/5xx sub-resources; `designed(msg, url)` may excuse the
// console errors a journey causes on purpose (a 422 re-render of a form, say). With failOnDialog
// a dialog is dismissed and counted as a problem (a script the page should not run, say); `label`
// names the page in each problem when a journey checks several pages' problems together.
export async function openPage(browser, vp, {
  designed = () => false, contextOptions = {}, failOnDialog = false, label = '',
} = {}) {
  const context = await browser.newContext({
    viewport: vp.viewport,
    hasTouch: vp.hasTouch,
    isMobile: vp.isMobile ?? false,
    ...contextOptions,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const problems = [];
  const note = (what) => problems.push(label ? `${label}: ${what}` : what);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location().url;
    if (designed(msg.text(), at)) return;
    note(`console error: ${msg.text()} (${at})`);
  });
  page.on('pageerror', (err) => note(`page error: ${err.message}`));
  if (failOnDialog) page.on('dialog', async (d) => { note(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('requestfailed', (req) => {
    // A page left while its live stream or a prefetch was open is not a failure.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    note(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'document' && res.status() >= 400)
      note(`${res.status()} for ${res.url()}`);
  });
  await page.addInitScript(() => {
    window.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return { context, page, problems };
}

// shoot(name): a full-page screenshot in test-artifacts/screenshots/<journey>/<viewport>-NN-name.png
// and a check that nothing forces sideways scrolling.
export function screenshotter(page, journey, vp) {
  const dir = path.join(SCREENSHOTS, journey);
  fs.mkdirSync(dir, { recursive: true });
  let step = 0;
  return async (name) => {
    step += 1;
    const file = path.join(dir, `${vp.name}-${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${journey}/${name} at ${vp.name}: ${overflow}px horizontal overflow`);
    return file;
  };
}

const AXE_SOURCE = fs.readFileSync(
  path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// Runs axe-core (WCAG 2.1 A and AA rules and best practices) on the page as it is now and fails
// with every violation listed. The script is evaluated through the debugging protocol, so the
// page's CSP (no inline scripts) stays on.
export async function assertNoAxeViolations(page, label) {
  const injected = await page.evaluate(() => typeof window.axe === 'object');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }));
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.equal(found.length, 0, `axe-core on ${label}:\n  ${found.join('\n  ')}`);
}

// Below 992 px the layout folds the navigation behind its Menu button: opens it when it is folded,
// so a journey can use the header's links and the log-out button at any width.
export async function openMenuIfFolded(page) {
  const menu = page.locator('header .navbar-toggler');
  if (!(await menu.isVisible()) || (await menu.getAttribute('aria-expanded')) === 'true') return;
  await menu.click();
  await page.locator('#site-nav-links.show').waitFor({ state: 'visible' });
}

// Touch targets: every visible link, button, input, select and summary in `scope` is at least
// 44×44 CSS pixels (or is inline text in a paragraph, which WCAG 2.5.5 exempts).
// Whether each image under `selector` decoded (naturalWidth > 0). Lazy images load once in view:
// each is scrolled to and its loading awaited before the check.
export async function imagesLoaded(page, selector) {
  const imgs = page.locator(selector);
  for (let i = 0; i < await imgs.count(); i++) await imgs.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].every((i) => i.complete), selector);
  return imgs.evaluateAll((list) => list.map((i) => i.complete && i.naturalWidth > 0));
}

export async function assertTouchTargets(page, label, scope = 'main, header') {
  const small = await page.evaluate((sel) => {
    const out = [];
    for (const root of document.querySelectorAll(sel)) {
      for (const el of root.querySelectorAll('a, button, input:not([type=hidden]), select, textarea, summary')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden') continue;
        if (el.tagName === 'A' && el.closest('p, li.inline-text, .form-text, td')) continue;
        // A check box or radio counts with its label, which is the target people tap.
        const target = (el.type === 'checkbox' || el.type === 'radio') && el.labels?.[0]
          ? el.labels[0].getBoundingClientRect() : r;
        if (target.height < 44 || target.width < 44)
          out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.innerText || el.value || el.name || '').trim().slice(0, 30)}" ${Math.round(target.width)}×${Math.round(target.height)}`);
      }
    }
    return out;
  }, scope);
  assert.deepEqual(small, [], `touch targets under 44 px on ${label}`);
}
