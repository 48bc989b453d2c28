// Redraws the app icons static/img/icon-192.png and icon-512.png from static/img/icon.svg with the
// system Chromium (run by hand after changing the SVG: node scripts/draw-icons.mjs; the PNGs are
// committed, so the build downloads and draws nothing).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'static/img/icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.PLUMBLINE_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
  await page.screenshot({ path: path.join(root, `static/img/icon-${size}.png`) });
}
await browser.close();
