/**
 * A new deployment (issue 3): a guest who has the app open is offered the new version instead of
 * having code swapped under them; "update now" reloads into the new service worker, and the
 * contact data on the device survives. The test serves its own copy of the built app, so that
 * "deploying" (changing that copy's sw.js) touches no other test.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { type DevServer, applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { launchChromium } from './support/browser.ts';
import { E2E_PORTS } from './support/ports.ts';
import { onboard, sampleContact } from './support/guest.ts';

const PORT = E2E_PORTS.update;
const BUILT = resolve(import.meta.dirname, '../dist/web');
let persistTo: string;
let assets: string;
let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  persistTo = mkdtempSync(join(tmpdir(), 'luca-update-'));
  assets = mkdtempSync(join(tmpdir(), 'luca-update-assets-'));
  cpSync(BUILT, assets, { recursive: true });
  applyMigrations(persistTo);
  seedDemo(persistTo, await loadDemoWorld());
  server = await startDevServer({ port: PORT, persistTo, assets });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await server.stop();
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(assets, { recursive: true, force: true });
});

/** Asks the controlling service worker which version it is; only the "new" one answers. */
const NEXT_VERSION_MARKER = `
self.addEventListener('message', (event) => {
  if (event.data === 'luca-test:version?') event.source?.postMessage('luca-test:next');
});
`;

describe('guest app update', () => {
  it('offers a newly deployed version, and updating keeps the guest’s data', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(page, server.origin, sampleContact);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const prompt = page.getByRole('button', { name: 'Jetzt aktualisieren' });
    expect(await prompt.count()).toBe(0);

    // Deploy: the new build's service worker differs from the one installed.
    appendFileSync(join(assets, 'sw.js'), NEXT_VERSION_MARKER);
    // The browser checks for a new service worker on navigation; the new one installs and waits.
    await page.reload();
    await expect.poll(() => prompt.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByText('Eine neue Version ist da.').count()).toBe(1);
    // Until the guest agrees, the old version keeps control.
    const version = () =>
      page.evaluate(
        () =>
          new Promise<string>((resolveVersion) => {
            navigator.serviceWorker.addEventListener('message', (event) => resolveVersion(String(event.data)), { once: true });
            navigator.serviceWorker.controller?.postMessage('luca-test:version?');
            setTimeout(() => resolveVersion('old'), 1000);
          }),
      );
    expect(await version()).toBe('old');

    await Promise.all([page.waitForEvent('load'), prompt.click()]);
    await expect.poll(version, { timeout: 20_000 }).toBe('luca-test:next');
    await page.getByRole('button', { name: 'QR-Code scannen' }).waitFor();
    expect(await prompt.count()).toBe(0);
    await page.getByRole('button', { name: 'Meine Daten' }).click();
    expect(await page.locator('luca-contact-form input[name="lastName"]').inputValue()).toBe(sampleContact.lastName);
  });
});
