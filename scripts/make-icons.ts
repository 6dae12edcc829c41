/**
 * Renders the PWA's PNG icons from web/public/icon.svg with Debian's Chromium (run once after
 * changing the SVG; the PNGs are committed). Maskable: the mark inside the 80 % safe zone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../e2e/support/browser.ts';

const svg = readFileSync(resolve(import.meta.dirname, '../web/public/icon.svg'), 'utf8');
const out = resolve(import.meta.dirname, '../web/public/icons');
const browser = await launchChromium();
const page = await browser.newPage();
for (const [name, size, inset] of [
  ['icon-192', 192, 0],
  ['icon-512', 512, 0],
  ['icon-maskable-512', 512, 0.12],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  const pad = Math.round(size * inset);
  await page.setContent(
    `<body style="margin:0;background:#0b5cad"><div style="padding:${pad}px;width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
  );
  await page.screenshot({ path: `${out}/${name}.png` });
}
await browser.close();
console.log(`Icons written to ${out}`);
