/**
 * The kiosk at the door (issue 4): the tablet shows a code that changes every minute, signed by
 * the venue key on the tablet; a guest's phone scanning it checks in. In kiosk-only mode the
 * static poster link is refused by the Worker (stale codes are refused too: Worker tests).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { fingerprint } from '../protocol/hierarchy.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fakeCameraFromImage } from './support/fake-camera.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const PASSPHRASE = 'Popcorn und Eintritt 26';
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
    const { kitPath, kit } = await createVenueUpToKit(tablet, { name: 'Kino Lichtblick', postcode: '10115', areas: [] }, PASSPHRASE);
    await restoreKit(tablet, kitPath, PASSPHRASE);
    await tablet.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    await tablet.getByLabel('Nur Check-ins über den Kiosk-Code annehmen').check();
    await expect.poll(() => query<{ k: number }>(persistTo, `SELECT kiosk_only AS k FROM venues WHERE id = '${kit.venueId}'`)[0]?.k).toBe(1);

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
    const card = (await (await fetch(`${origin}/api/venues/${kit.venueId}`)).json()) as { card: { venueId: string; officeId: string; encryptionKey: string; signingKey: string } };
    const posterLink = venueQrUrl(origin, { venueId: card.card.venueId, officeId: card.card.officeId, encryptionKey: card.card.encryptionKey, signingKeyPin: await fingerprint(fromBase64Url(card.card.signingKey)) });
    const other = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(other, origin, sampleContact);
    await other.goto(posterLink);
    await other.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(other, 'notice')).toContain('only with the code shown at its entrance');
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${kit.venueId}'`)[0]?.n).toBe(1);
  });
});
