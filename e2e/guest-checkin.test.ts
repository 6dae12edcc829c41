/**
 * Guest journeys in Chromium (issue 3): onboarding, check-in by scanning the demo venue's real QR
 * code with a fake camera, confirmation, checkout, history; the typed-code fallback; a denied
 * camera; switching between two cameras; and "delete all my data" really emptying the device's storage.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { impostorCard } from '../protocol/impostor-venue.ts';
import { formatVenueCode, venueCode } from '../protocol/venue-code.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { query, rawStateBytes } from './support/d1.ts';
import { fakeCameraShowing } from './support/fake-camera.ts';
import { onboard, sampleContact, text } from './support/guest.ts';

/** What the guest app says when the card served for a typed code is not the venue's (web/guest/messages.ts). */
const GROUND_CARD_TEXT = 'Der Server nennt zu diesem Code einen Ort, dessen Schlüssel nicht zum Code passen. Es wurde nichts gesendet.';

const origin = inject('origin');
const persistTo = inject('persistTo');

let world: DemoWorld;
let cameraBrowser: Browser;
beforeAll(async () => {
  world = await loadDemoWorld();
  const camera = await fakeCameraShowing(venueQrUrl(origin, { ...world.venue.qr, areaId: 'terrasse' }));
  cameraBrowser = await launchChromium(camera.args);
});
afterAll(async () => {
  await cameraBrowser.close();
});

const countFor = (venueId: string) =>
  query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${venueId}'`)[0]?.n ?? 0;

describe('guest check-in with the camera', () => {
  it('scans the poster, confirms, checks in (ciphertext only), checks out, and lists the visit', async () => {
    const page = await (await cameraBrowser.newContext({ locale: 'de-DE' })).newPage();
    const contact = { ...sampleContact, firstName: 'Kasimir', lastName: 'Obermüller-Tann', phone: '+49 151 44332211' };
    await onboard(page, origin, contact);
    const before = countFor(world.venue.card.venueId);

    await page.getByRole('button', { name: 'QR-Code scannen' }).click();
    await expect.poll(() => text(page, 'venue-name'), { timeout: 30_000 }).toBe('Café Demo');
    await expect.poll(() => page.getByText('Bereich: Terrasse').count()).toBe(1);
    expect(countFor(world.venue.card.venueId)).toBe(before);
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
    await expect.poll(() => page.locator('[data-testid="stay-pending"]').count()).toBe(0);
    expect(countFor(world.venue.card.venueId)).toBe(before + 1);
    const raw = rawStateBytes(persistTo);
    for (const value of [contact.firstName, contact.lastName, contact.phone]) expect(raw.includes(Buffer.from(value))).toBe(false);

    await page.getByRole('button', { name: 'Auschecken' }).click();
    await expect.poll(() => text(page, 'notice')).toContain('Ausgecheckt');
    await page.getByRole('button', { name: 'Besuche' }).click();
    const history = await page.locator('[data-testid="history"] li').first().textContent();
    expect(history).toContain('Café Demo · Terrasse');
    expect(history).not.toContain('jetzt');
    // Arrival and departure on the venue’s clock (the zone named where this machine’s clock differs).
    expect(history).toMatch(/\d\d:\d\d( MEZ| MESZ)? – \d\d:\d\d/);
    const departures = query<{ d: number | null }>(
      persistTo,
      `SELECT departure_bucket AS d FROM checkins WHERE venue_id = '${world.venue.card.venueId}' ORDER BY arrival_bucket DESC LIMIT 1`,
    );
    expect(departures[0]?.d).not.toBeNull();
  });

  it('checks in by the short code printed on the poster or a pasted link', async () => {
    const page = await (await cameraBrowser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(page, origin, sampleContact);
    const code = formatVenueCode(await venueCode(world.venue.card)).toLowerCase();
    await page.getByLabel('Link oder Code vom Aushang').fill(code);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => text(page, 'venue-name')).toBe('Café Demo');

    await page.getByRole('button', { name: 'Abbrechen' }).click();
    // The whole link, as copied from a message or a venue's website, works the same way.
    await page.getByLabel('Link oder Code vom Aushang').fill(`  ${venueQrUrl(origin, { ...world.venue.qr, areaId: 'terrasse' })} `);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => text(page, 'venue-name')).toBe('Café Demo');
    expect(await page.getByText('Bereich: Terrasse').count()).toBe(1);

    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByLabel('Link oder Code vom Aushang').fill('ABCD-EFGH-JKMN-PQRS');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join(' '))
      .toContain('weder ein luca-Link noch ein gültiger Code');
  });

  it('refuses a card the server ground to the typed code: the venue’s id with keys of its own', async () => {
    // A server that wanted typed-code check-ins sealed to its keys serves, for the real lookup, a
    // card under the venue's id with its own keys; were the pin ground to match (the code on the
    // poster equals the impostor's), the id still does not follow from those keys.
    const forged = await impostorCard(world.venue.card);
    const printed = formatVenueCode(await venueCode(forged));
    expect(printed.slice(0, 9)).toBe(formatVenueCode(await venueCode(world.venue.card)).slice(0, 9));
    // No service worker: its fetches would pass by the route that plays the server.
    const context = await cameraBrowser.newContext({ locale: 'de-DE', serviceWorkers: 'block' });
    const page = await context.newPage();
    await onboard(page, origin, sampleContact);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/checkins')) sent.push(request.url());
    });
    await page.route('**/api/venues/by-code/*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ card: forged }) }),
    );
    await page.getByLabel('Link oder Code vom Aushang').fill(printed);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(async () => (await page.getByRole('alert').allTextContents()).join(' ')).toContain(GROUND_CARD_TEXT);
    expect(await page.getByTestId('venue-name').count()).toBe(0);
    expect(sent).toEqual([]);
    await context.close();
  });

  it('explains a denied camera and points to the manual entry', async () => {
    const browser = await launchChromium(['--use-fake-device-for-media-stream']);
    try {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await onboard(page, origin, sampleContact);
      await page.getByRole('button', { name: 'QR-Code scannen' }).click();
      await expect.poll(() => text(page, 'scan-problem'), { timeout: 15_000 }).toContain('Kamera ist nicht freigegeben');
    } finally {
      await browser.close();
    }
  });

  it('lets the guest switch to another camera', async () => {
    // Chromium's built-in fake cameras: two devices, so the choice appears.
    const twoCameras = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=device-count=2']);
    try {
      const page = await (await twoCameras.newContext({ locale: 'de-DE' })).newPage();
      await onboard(page, origin, sampleContact);
      await page.getByRole('button', { name: 'QR-Code scannen' }).click();
      const choice = page.locator('luca-qr-scanner label', { hasText: 'Kamera' }).locator('select');
      await expect.poll(() => choice.locator('option').allTextContents()).toEqual(['fake_device_0', 'fake_device_1']);
      const filming = () =>
        page
          .locator('luca-qr-scanner video')
          .evaluate((video) => ((video as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks()[0]?.label ?? null);
      await expect.poll(filming).toBe('fake_device_0');
      await choice.selectOption({ label: 'fake_device_1' });
      await expect.poll(filming).toBe('fake_device_1');
    } finally {
      await twoCameras.close();
    }
  });

  it('speaks English to an English browser', async () => {
    const page = await (await cameraBrowser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${origin}/`);
    await expect.poll(() => page.getByRole('button', { name: 'Save' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('deletes everything from the device on request', async () => {
    const context = await cameraBrowser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await onboard(page, origin, sampleContact);
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');

    // The language choice is kept in localStorage: choose one, so there is something to delete there too
    // (beside the note that the app asked for notifications after this first check-in).
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    const stored = () =>
      page.evaluate(async () => ({
        databases: (await indexedDB.databases()).map((db) => db.name),
        localStorage: localStorage.length,
        apiCache: (await caches.keys()).includes('luca-api'),
      }));
    // Each kind of storage holds something before, so the check below can fail.
    await expect.poll(stored).toEqual({ databases: ['luca-guest'], localStorage: 2, apiCache: true });

    await page.getByRole('button', { name: 'Meine Daten' }).click();
    await page.getByRole('button', { name: 'Alle Daten löschen' }).click();
    await page.getByRole('button', { name: 'Ja, alles löschen' }).click();
    await expect.poll(() => text(page, 'notice')).toContain('gelöscht');
    expect(await stored()).toEqual({ databases: [], localStorage: 0, apiCache: false });
    // After a reload the app starts from onboarding: nothing was kept anywhere else.
    await page.reload();
    await expect.poll(() => page.locator('luca-contact-form').count()).toBe(1);
  });
});
