/**
 * What a guest notices without looking for it (issue 3): the app is installable, every screen
 * passes an automated WCAG 2.1 AA scan, the current stay shows its length, a stay ends on its own
 * after the venue's default stay,
 * and visits older than 28 days leave the device.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium, launchProfile } from './support/browser.ts';
import { query } from './support/d1.ts';
import { onboard, sampleContact, text } from './support/guest.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** A change to every stay: fields set to values, or timestamps moved back by some milliseconds. */
type StayEdit = { set: Record<string, number> } | { moveBackMs: number; fields: string[] };

/** Rewrites the stays in the app's IndexedDB, as time passing would. */
function editStays(page: Page, change: StayEdit): Promise<void> {
  return page.evaluate(
    (edit) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('luca-guest');
        request.onsuccess = () => {
          const tx = request.result.transaction('stays', 'readwrite');
          const all = tx.objectStore('stays').getAll();
          all.onsuccess = () => {
            for (const stay of all.result as Record<string, unknown>[]) {
              if ('set' in edit) Object.assign(stay, edit.set);
              else for (const field of edit.fields) stay[field] = (stay[field] as number) - edit.moveBackMs;
              tx.objectStore('stays').put(stay);
            }
          };
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('editing the stays failed'));
        };
      }),
    change,
  );
}

/** A new guest, onboarded and checked in at the demo venue (the stay confirmed on screen). */
async function checkedInGuest(): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await onboard(page, origin, sampleContact);
  await page.goto(venueQrUrl(origin, world.venue.qr));
  await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
  await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
  return page;
}

describe('guest app quality', () => {
  it('is installable as a PWA', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'luca-profile-'));
    const context = await launchProfile(profile, 'de-DE');
    try {
      const page = await context.newPage();
      await onboard(page, origin, sampleContact);
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      const session = await context.newCDPSession(page);
      const { installabilityErrors } = (await session.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors.map((error) => error.errorId)).toEqual([]);
      const manifest: unknown = await (await fetch(`${origin}/manifest.webmanifest`)).json();
      expect(manifest).toMatchObject({ lang: 'de', display: 'standalone', start_url: '/' });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('has no serious accessibility violations on any screen', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const found: string[] = [];
    const scan = async (screen: string) => found.push(...(await seriousViolations(page)).map((violation) => `${screen}: ${violation}`));

    await page.goto(`${origin}/`);
    await page.locator('luca-contact-form').waitFor();
    await scan('onboarding');
    await page.locator('luca-contact-form button[type="submit"]').click();
    await scan('onboarding with errors');
    await onboard(page, origin, sampleContact);
    await scan('check-in');
    // This browser has no camera: the scanner screen with its explanation.
    await page.getByRole('button', { name: 'QR-Code scannen' }).click();
    await page.locator('[data-testid="scan-problem"]').waitFor();
    await scan('scanner without a camera');
    await page.getByRole('button', { name: 'Kamera schließen' }).click();
    await page.goto(venueQrUrl(origin, { ...world.venue.qr, areaId: 't1' }));
    await page.locator('[data-testid="venue-name"]').waitFor();
    await scan('confirm');
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await page.locator('[data-testid="stay-venue"]').waitFor();
    await scan('current stay');
    for (const tab of ['Besuche', 'Teilen', 'Personen', 'Meine Daten']) {
      await page.getByRole('button', { name: tab }).click();
      await page.waitForLoadState('networkidle');
      await scan(tab);
    }
    await page.getByRole('button', { name: 'Teilen' }).click();
    await page.getByRole('searchbox').fill('Demo');
    await page.getByRole('radio', { name: /Gesundheitsamt Demostadt/ }).check();
    await page.getByRole('button', { name: /mit „Gesundheitsamt Demostadt“ teilen$/ }).click();
    await page.locator('[data-testid="tan"]').waitFor();
    await scan('TAN shown');
    expect(found).toEqual([]);
  });

  it('checks out on its own when the venue’s default stay is over', async () => {
    const page = await checkedInGuest();
    const id = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const request = indexedDB.open('luca-guest');
          request.onsuccess = () => {
            const keys = request.result.transaction('stays').objectStore('stays').getAllKeys();
            keys.onsuccess = () => {
              // A stay's key is its check-in id (keyPath 'id'), a string.
              const [key] = keys.result;
              if (typeof key === 'string') resolve(key);
              else reject(new Error(`the stay's key is not a string: ${typeof key}`));
            };
          };
        }),
    );
    // The stay's time is up (as if its default stay had passed); the open app notices by itself.
    await editStays(page, { set: { defaultStayMinutes: 0 } });
    // The app shows the check-in screen again once the checkout went through.
    await expect.poll(() => page.getByRole('button', { name: 'QR-Code scannen' }).count(), { timeout: 20_000 }).toBe(1);
    expect(query<{ d: number | null }>(persistTo, `SELECT departure_bucket AS d FROM checkins WHERE id = '${id}'`)[0]?.d).not.toBeNull();
  });

  it('shows how long the guest has been there', async () => {
    const page = await checkedInGuest();
    await expect.poll(() => text(page, 'stay-status')).toContain('Aufenthalt: 0 h 0 min');
    // An hour and 47 minutes later (the stay moved back in time), after the app was reopened.
    await editStays(page, { moveBackMs: 107 * 60000, fields: ['arrivedAt'] });
    await page.reload();
    await expect.poll(() => text(page, 'stay-status')).toContain('Aufenthalt: 1 h 47 min');
  });

  it('forgets visits older than 28 days', async () => {
    const page = await checkedInGuest();
    await page.getByRole('button', { name: 'Auschecken' }).click();
    await expect.poll(() => text(page, 'notice')).toContain('Ausgecheckt');
    await editStays(page, { moveBackMs: 29 * 86400000, fields: ['arrivedAt', 'departedAt'] });
    await page.reload();
    await page.getByRole('button', { name: 'Besuche' }).click();
    await expect.poll(() => page.getByText('Noch keine Besuche.').count()).toBe(1);
  });
});
