// `node scripts/icons.mjs`: renders images/icon.svg into images/icon.png
// (128×128, what the marketplace and the extension page show) with the
// Chromium the e2e tests use. The PNG is checked in; run this after editing the SVG.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const images = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images');
const svg = fs.readFileSync(path.join(images, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: path.join(images, 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
} finally {
  await browser.close();
}
console.log('wrote images/icon.png');
