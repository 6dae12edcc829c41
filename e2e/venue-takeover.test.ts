/**
 * Taking over Café Demo (issue "Real cases, real newcomers"): `npm start` prints a one-time
 * takeover code for each demo venue no operator holds; an operator signs up, types the code as
 * printed, notes the passphrase the app draws for the recovery kit and types it back, downloads
 * the kit, checks it once, and runs
 * the venue. The code works once; a restart keeps the venue with its operator and prints no new
 * code for it; the keys on the operator's device are the venue's: a health office's request for
 * Café Demo, unanswerable before, is answered.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../protocol/time.ts';
import { formatClaimCode } from '../protocol/venue-claim.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { seedDemo, seedDemoVenueClaims } from '../scripts/local-server.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { guestVisit, officeRequest, storeRequest } from './support/actors.ts';
import { sampleContact, text } from './support/guest.ts';
import { addAuthenticator, downloadKit, restoreKit, signUpOperator, typeBackPassphrase } from './support/venue.ts';

const origin = inject('origin');
const hostsOrigin = inject('hostsOrigin');
const persistTo = inject('persistTo');
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  browser = await launchChromium();
  world = await loadDemoWorld();
});
afterAll(async () => {
  await browser.close();
});

async function operator(name: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
  await addAuthenticator(page);
  await signUpOperator(page, origin, name);
  return page;
}

/** The code typed beside the passphrase typed back (`typeBackPassphrase` went first). */
async function typeCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Übernahmecode').fill(code);
  await page.getByRole('button', { name: 'Betrieb übernehmen' }).click();
}

describe('taking over a demo venue with a code', () => {
  it('hands Café Demo to the operator who types the printed code, asks for the kit, and keeps it theirs across a restart', async () => {
    const cafe = world.venue.card.venueId;
    // Every journey shares one database: a retried run starts from the seed's state again.
    query(persistTo, `UPDATE venues SET operator_id = NULL WHERE id = '${cafe}'`);
    // What `npm start` (scripts/local-up.ts) does on every start: fresh codes for venues nobody holds.
    const codes = await seedDemoVenueClaims(persistTo, world);
    const code = codes.find((entry) => entry.venueId === cafe)?.code;
    if (!code) throw new Error('no takeover code for Café Demo');

    const page = await operator('Café Demo Betriebs GmbH');
    await page.getByRole('link', { name: 'Betrieb mit Übernahmecode übernehmen' }).click();
    await page.getByRole('heading', { name: 'Betrieb mit Übernahmecode übernehmen' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The kit's passphrase is asked first (the kit is made the moment the keys arrive): drawn by
    // the app, noted, and typed back with the code. No field to choose one.
    expect(await page.getByLabel('Passwort für die Wiederherstellungsdatei', { exact: true }).count()).toBe(0);
    const passphrase = await typeBackPassphrase(page, () => 'Milchschaum und Marmorkuchen');
    // The app's own texts next to the fields, before anything is sent.
    await typeCode(page, 'ABCD-EFGH');
    await expect
      .poll(() => text(page, 'code-error'))
      .toBe('Ein Übernahmecode hat 24 Buchstaben und Ziffern. Bitte prüfen Sie ihn Zeichen für Zeichen.');
    expect(await text(page, 'typedBack-error')).toBe('Das Passwort hat 6 Wörter, Sie haben 3 Wörter eingegeben.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Die sechs Wörter, wie Sie sie aufgeschrieben haben').fill(passphrase);
    // A well-formed code nobody issued: the server's refusal in the app's words, next to the code.
    await typeCode(page, 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01');
    await expect.poll(() => text(page, 'code-error')).toBe('Diesen Übernahmecode gibt es nicht, oder er ist abgelaufen.');

    // As printed by npm start, typed in lower case.
    await typeCode(page, formatClaimCode(code).toLowerCase());
    await page
      .locator('[data-testid="notice"]')
      .getByText('„Café Demo“ gehört jetzt zu Ihrem Konto. Laden Sie die Wiederherstellungsdatei herunter und prüfen Sie sie einmal.', {
        exact: true,
      })
      .waitFor();
    expect(await text(page, 'venue-status')).toBe('Aktiv, Wiederherstellung noch nicht geprüft');
    // Until the kit is checked, the venue's everyday functions wait.
    expect(await page.getByRole('link', { name: 'Kiosk-Bildschirm für den Eingang' }).count()).toBe(0);

    // The server kept only the hash, and erased the keys with the spent code.
    const rows = query<{ bundle: string | null; used_at: number | null }>(
      persistTo,
      `SELECT bundle, used_at FROM venue_claim_codes WHERE venue_id = '${cafe}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.bundle === null && row.used_at !== null)).toBe(true);
    expect(JSON.stringify(query(persistTo, 'SELECT * FROM venue_claim_codes'))).not.toContain(code);

    // A reload before the download still offers the kit (kept on this device until proven).
    await page.reload();
    const { kitPath, kit } = await downloadKit(page);
    expect(kit).toMatchObject({ venueId: cafe, venueName: 'Café Demo' });
    await restoreKit(page, kitPath, passphrase);
    await page
      .locator('[data-testid="notice"]')
      .getByText('Wiederherstellung erfolgreich: Der Schlüssel ist auf diesem Gerät.', { exact: true })
      .waitFor();
    expect(await text(page, 'venue-status')).toBe('Aktiv');
    await page.getByRole('link', { name: 'Kiosk-Bildschirm für den Eingang' }).waitFor();
    expect(query<{ operator_id: string }>(persistTo, `SELECT operator_id FROM venues WHERE id = '${cafe}'`)[0]?.operator_id).toBeTruthy();

    // Another operator with the same code gets the app's text; the venue stays with the first.
    const other = await operator('Jemand Anderes');
    await other.getByRole('link', { name: 'Betrieb mit Übernahmecode übernehmen' }).click();
    await typeBackPassphrase(other);
    await typeCode(other, formatClaimCode(code));
    await expect.poll(() => text(other, 'code-error')).toBe('Diesen Übernahmecode gibt es nicht, oder er ist abgelaufen.');

    // Restarting npm start: the seed runs again and draws codes; Café Demo stays held and gets none.
    seedDemo(persistTo, world, { embedOrigins: [hostsOrigin] });
    const again = await seedDemoVenueClaims(persistTo, world);
    expect(again.map((entry) => entry.venueId)).not.toContain(cafe);
    await page.goto(`${origin}/venue/#/`);
    await expect.poll(async () => (await page.locator('ul.venues a').allTextContents()).join(' ')).toContain('Café Demo · Aktiv');

    // The keys on this device are Café Demo's: a request for Café Demo can be answered at last.
    // (The outer layer opens with its encryption key; the Worker checks the answer's signature
    // against Café Demo's card.) A window hours back, half an hour long, that no other journey uses
    // (they check in at Café Demo now).
    const from = Date.now() - 6 * HOUR_MS - Math.floor(Math.random() * 60) * MINUTE_MS;
    const visit = await guestVisit(
      origin,
      world.root.publicKey,
      cafe,
      { ...sampleContact, lastName: 'Übernommen' },
      from + MINUTE_MS,
      from + 20 * MINUTE_MS,
    );
    const request = await officeRequest(world, cafe, { from, to: from + 30 * MINUTE_MS }, { caseReference: 'GA-2026-CAFE' });
    storeRequest(persistTo, request);
    await page.goto(`${origin}/venue/#/requests`);
    const card = page.locator(`[data-request-id="${request.requestId}"]`);
    await expect.poll(async () => (await card.allTextContents()).join(' ')).toContain('Signatur geprüft: echt');
    await card.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
    await card.getByRole('button', { name: 'Ja, freigeben' }).click();
    await expect
      .poll(async () => (await card.locator('[data-testid="request-status"]').allTextContents())[0])
      .toMatch(/^Freigegeben: \d+ Check-ins?$/);
    const released = query<{ checkin_id: string }>(
      persistTo,
      `SELECT checkin_id FROM released_checkins WHERE request_id = '${request.requestId}'`,
    );
    expect(released.map((row) => row.checkin_id)).toContain(visit.id);
  });
});
