/**
 * Offline (issue 3): with the server stopped, the precached app still opens a check-in link, the
 * guest checks in, and the stay is shown as pending; when the server is back the check-in is
 * stored exactly once. A checkout made while the browser is offline is sent when it is online,
 * and a check-in still queued when the app was closed is sent when it is opened again.
 * This file runs its own server so that it can stop it without disturbing the other journeys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { type DevServer, applyMigrations, seedDemo, startDevServer } from '../scripts/local-server.ts';
import { launchChromium } from './support/browser.ts';
import { E2E_PORTS } from './support/ports.ts';
import { query } from './support/d1.ts';
import { onboard, sampleContact, text } from './support/guest.ts';

const PORT = E2E_PORTS.offline;
let persistTo: string;
let server: DevServer | undefined;
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  world = await loadDemoWorld();
  persistTo = mkdtempSync(join(tmpdir(), 'luca-offline-'));
  applyMigrations(persistTo);
  seedDemo(persistTo, world);
  server = await startDevServer({ port: PORT, persistTo });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

const rows = () => query<{ id: string; departure_bucket: number | null }>(persistTo, 'SELECT id, departure_bucket FROM checkins');

describe('guest app without a connection', () => {
  it('keeps a check-in made while the server is down and stores it exactly once when it is back', async () => {
    const origin = `http://localhost:${PORT}`;
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await onboard(page, origin, sampleContact);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await server?.stop();
    server = undefined;
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await expect.poll(() => text(page, 'venue-name')).toBe('Ort noch nicht geprüft');
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(page, 'stay-pending')).toContain('Noch nicht gesendet');
    expect(rows()).toHaveLength(0);

    server = await startDevServer({ port: PORT, persistTo });
    // The queue retries on its own; the venue is verified and named once the server answers.
    await expect.poll(() => text(page, 'stay-venue'), { timeout: 20_000 }).toBe('Café Demo');
    await expect.poll(() => page.locator('[data-testid="stay-pending"]').count()).toBe(0);
    // App restarts flush the queue again: still exactly one row.
    await page.reload();
    await page.reload();
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
    expect(rows()).toHaveLength(1);

    // Checkout while the browser is offline: queued, then sent when it is online again.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Auschecken' }).click();
    await expect.poll(() => text(page, 'notice')).toContain('Noch nicht gesendet');
    expect(rows()[0]?.departure_bucket).toBeNull();
    await context.setOffline(false);
    // Wait on the app's own record of the upload, then read the database once.
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              new Promise<unknown>((resolve) => {
                const request = indexedDB.open('luca-guest');
                request.onsuccess = () => {
                  const all = request.result.transaction('stays').objectStore('stays').getAll();
                  all.onsuccess = () => resolve((all.result as { checkOut?: string }[])[0]?.checkOut);
                };
              }),
          ),
        { timeout: 20_000 },
      )
      .toBe('sent');
    const stored = rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.departure_bucket).not.toBeNull();
  });

  it('sends a check-in left in the queue when the app is opened again', async () => {
    const origin = `http://localhost:${PORT}`;
    const context = await browser.newContext({ locale: 'de-DE' });
    let page = await context.newPage();
    await onboard(page, origin, sampleContact);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const before = rows().length;

    await server?.stop();
    server = undefined;
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(page, 'stay-pending')).toContain('Noch nicht gesendet');
    // The guest puts the phone away: the app is closed before the connection returns.
    await page.close();
    server = await startDevServer({ port: PORT, persistTo });
    expect(rows()).toHaveLength(before);

    page = await context.newPage();
    await page.goto(`${origin}/`);
    await expect.poll(() => text(page, 'stay-venue'), { timeout: 20_000 }).toBe('Café Demo');
    await expect.poll(() => page.locator('[data-testid="stay-pending"]').count()).toBe(0);
    expect(rows()).toHaveLength(before + 1);
    await context.close();
  });
});
