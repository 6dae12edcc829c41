/**
 * The kiosk at the door (issue 4): the tablet shows a code that changes every minute, signed by
 * the venue key on the tablet; a guest's phone scanning it checks in. In kiosk-only mode the
 * static poster link is refused by the Worker (stale codes are refused too: Worker tests).
 */
import { errorMessages } from '../client/error-messages.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type VenueCard, pinnedPayloadOf, venueQrUrl } from '../protocol/venue.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fakeCameraFromImage } from './support/fake-camera.ts';
import { fillContactForm, identifyingValues, onboard, sampleContact, text } from './support/guest.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';
import { widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe('kiosk at the entrance', () => {
  it('checks in a guest who scans the rotating code, and refuses the static poster in kiosk-only mode', async () => {
    const tablet = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await addAuthenticator(tablet);
    await signUpOperator(tablet, origin, 'Kino Lichtblick');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(tablet, { name: 'Kino Lichtblick', postcode: '10115', areas: [] });
    await restoreKit(tablet, kitPath, passphrase);
    await tablet.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    await tablet.getByLabel('Nur Check-ins über den Kiosk-Code annehmen').check();
    await expect
      .poll(() => query<{ k: number }>(persistTo, `SELECT kiosk_only AS k FROM venues WHERE id = '${kit.venueId}'`)[0]?.k)
      .toBe(1);

    await tablet.getByRole('link', { name: 'Kiosk-Bildschirm für den Eingang' }).click();
    await tablet.locator('[data-testid="kiosk-qr"] svg').waitFor();
    // The code is the current minute's (a minute may just have turned).
    const period = Number(await tablet.locator('[data-testid="kiosk-qr"]').getAttribute('data-period'));
    expect(Math.abs(period - Math.floor(Date.now() / 60_000))).toBeLessThanOrEqual(1);
    const shot = join(mkdtempSync(join(tmpdir(), 'luca-kiosk-')), 'kiosk.png');
    await tablet.locator('[data-testid="kiosk-qr"]').screenshot({ path: shot });

    const phone = await launchChromium(fakeCameraFromImage(shot).args);
    try {
      const guest = await (await phone.newContext({ locale: 'de-DE' })).newPage();
      await onboard(guest, origin, sampleContact);
      await guest.getByRole('button', { name: 'QR-Code scannen' }).click();
      await expect.poll(() => text(guest, 'venue-name'), { timeout: 20_000 }).toBe('Kino Lichtblick');
      await guest.getByRole('button', { name: 'Einchecken', exact: true }).click();
      await expect.poll(() => text(guest, 'stay-venue')).toBe('Kino Lichtblick');
      await expect.poll(() => guest.locator('[data-testid="stay-pending"]').count()).toBe(0);
    } finally {
      await phone.close();
    }
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${kit.venueId}'`)[0]?.n).toBe(1);

    // The static poster link of the same venue is refused while kiosk-only is on.
    const card = (await (await fetch(`${origin}/api/venues/${kit.venueId}`)).json()) as { card: VenueCard };
    const posterLink = venueQrUrl(origin, await pinnedPayloadOf(card.card));
    const other = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(other, origin, sampleContact);
    await other.goto(posterLink);
    await other.getByRole('button', { name: 'Einchecken', exact: true }).click();
    // The app's own German text for kiosk_code_required, never the server's English message.
    await expect.poll(() => text(other, 'notice')).toBe(errorMessages.de.api.kiosk_code_required);
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${kit.venueId}'`)[0]?.n).toBe(1);
  });

  it('checks in two guests in a row on the tablet without the app, keeping nothing of the first', async () => {
    const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
    const tablet = await context.newPage();
    await addAuthenticator(tablet);
    await signUpOperator(tablet, origin, 'Bürgeramt Demo');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(tablet, { name: 'Bürgeramt Demo', postcode: '10115', areas: [] });
    await restoreKit(tablet, kitPath, passphrase);
    await tablet.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    // Kiosk-only: the widget's check-ins count only with the tablet's fresh rotating code.
    await tablet.getByLabel('Nur Check-ins über den Kiosk-Code annehmen').check();
    await expect
      .poll(() => query<{ k: number }>(persistTo, `SELECT kiosk_only AS k FROM venues WHERE id = '${kit.venueId}'`)[0]?.k)
      .toBe(1);
    await tablet.getByRole('link', { name: 'Kiosk-Bildschirm für den Eingang' }).click();
    const count = () => query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${kit.venueId}'`)[0]?.n ?? 0;

    // Postcodes other than the venue's own (10115), which the tablet keeps with the kiosk's venue card.
    const first = {
      firstName: 'Hildegard',
      lastName: 'Wunderlich-Ost',
      street: 'Amtsweg',
      houseNumber: '3',
      postcode: '10119',
      city: 'Potsdam',
      phone: '+49 30 4455667',
    };
    const second = {
      firstName: 'Bruno',
      lastName: 'Pfefferkorn',
      street: 'Am Markt',
      houseNumber: '12',
      postcode: '10117',
      city: 'Berlin',
      phone: '+49 30 7788990',
    };
    let frame = await widgetFrame(tablet);
    await frame.getByText('Willkommen bei Bürgeramt Demo').waitFor();
    await fillContactForm(frame, first);
    await frame.getByText('Eingecheckt. Schönen Aufenthalt!').waitFor();
    await expect.poll(count).toBe(1);

    // Nothing of the first guest is left: not on screen, not in any storage of the tablet.
    const screen = async () =>
      (await frame.locator('body').allInnerTexts()).join(' ') +
      (await frame.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).join(' ')));
    await frame.getByRole('button', { name: 'Nächster Gast' }).click();
    await frame.locator('luca-contact-form input[name="firstName"]').waitFor();
    for (const value of identifyingValues(first)) expect(await screen()).not.toContain(value);
    expect(await frame.locator('input[autocomplete="off"]').count()).toBe(await frame.locator('input').count());
    const stored = await everythingStored(tablet);
    expect(stored).toContain('luca-venue'); // the dump does reach the tablet's storage (the venue key's database)
    for (const value of identifyingValues(first)) expect(stored).not.toContain(value);

    frame = await widgetFrame(tablet);
    await fillContactForm(frame, second);
    await frame.getByText('Eingecheckt. Schönen Aufenthalt!').waitFor();
    await expect.poll(count).toBe(2);
    const rows = query<{ departure_bucket: number | null; arrival_bucket: number }>(
      persistTo,
      `SELECT arrival_bucket, departure_bucket FROM checkins WHERE venue_id = '${kit.venueId}'`,
    );
    // A walk-in has no checkout: stored as an open stay (no departure), like an app guest before checkout.
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.departure_bucket).toBeNull();
    // After a while the thank-you screen gives way to a fresh form by itself.
    await frame.locator('luca-contact-form input[name="firstName"]').waitFor({ timeout: 15_000 });
    for (const value of identifyingValues(second)) expect(await screen()).not.toContain(value);
  });
});

/** Every database, store and key of the page's origin (IndexedDB, Web Storage, Cache Storage), as text. */
function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [
      JSON.stringify(Object.fromEntries(Object.entries(localStorage))),
      JSON.stringify(Object.fromEntries(Object.entries(sessionStorage))),
    ];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      parts.push(info.name);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error(`opening ${info.name ?? ''} failed`));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error(`reading ${store} failed`));
        });
        parts.push(
          store,
          JSON.stringify(values, (_key, value: unknown) => (value instanceof CryptoKey ? '[CryptoKey]' : value)),
        );
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) parts.push(request.url, (await (await cache.match(request))?.text()) ?? '');
    }
    return parts.join('\n');
  });
}
