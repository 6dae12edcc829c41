/**
 * Onboarding without dead ends (issue "Real cases, real newcomers"): a reload at any step of
 * creating a venue resumes where the operator was, Back goes back one screen, and a draft whose
 * kit never reached the operator (another device, a lost passphrase) gets new keys and a new kit,
 * or is deleted. Form rules are the app's own texts next to the fields, in German and English.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RecoveryKit } from '../protocol/recovery-kit.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { text } from './support/guest.ts';
import { addAuthenticator, createVenueUpToKit, downloadKit, restoreKit, signUpOperator, syncPasskeys } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const PASSPHRASE = 'Sonnenblumenkerne 2026';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

async function operatorPage() {
  const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
  return { page, authenticator: await addAuthenticator(page) };
}

function hash(page: Page): string {
  return new URL(page.url()).hash;
}

function venueRow(venueId: string) {
  return query<{ status: string; card: string }>(persistTo, `SELECT status, card FROM venues WHERE id = '${venueId}'`)[0];
}

async function fillDetails(page: Page, name: string): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Straße und Hausnummer').fill('Gartenweg 3');
  await page.getByLabel('Postleitzahl (5 Ziffern)').fill('10117');
  await page.getByLabel('Ort', { exact: true }).fill('Berlin');
  await page.getByRole('button', { name: 'Weiter' }).click();
}

describe('creating a venue, interrupted', () => {
  it('resumes every step after a reload, goes back one screen at a time, and keeps the kit until it is proven', async () => {
    const { page } = await operatorPage();
    await signUpOperator(page, origin, 'Kiosk am Park');
    await page.getByRole('button', { name: 'Neuen Ort anlegen' }).click();
    expect(hash(page)).toBe('#/new');
    await fillDetails(page, 'Kiosk am Park');
    await page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).waitFor();
    expect(hash(page)).toBe('#/new/keys');

    // A reload on the passphrase step keeps the details typed before.
    await page.reload();
    await expect.poll(() => page.getByText('Neuer Ort: Kiosk am Park, Gartenweg 3, 10117 Berlin').count()).toBe(1);

    // The passphrase's rule, in the app's words next to the field, in both languages; no browser bubble.
    await page.getByLabel('Passwort für die Wiederherstellungsdatei').fill('zu kurz');
    await page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).click();
    await expect.poll(() => text(page, 'passphrase-error')).toBe('Das Passwort braucht mindestens 12 Zeichen, dieses hat 7.');
    expect(await page.locator('luca-key-form form').getAttribute('novalidate')).not.toBeNull();
    expect(await page.getByText('Mindestens 12 Zeichen, am besten mehrere Wörter.', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Create venue and key' }).click();
    await expect.poll(() => text(page, 'passphrase-error')).toBe('The password needs at least 12 characters; this one has 7.');
    await page.getByLabel('Password for the recovery file').fill(PASSPHRASE);
    await page.getByLabel('Repeat the password').fill(`${PASSPHRASE}!`);
    await page.getByRole('button', { name: 'Create venue and key' }).click();
    await expect.poll(() => text(page, 'passphraseAgain-error')).toBe('The two passwords do not match.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Deutsch' }).click();

    // Back: the details screen, with what was typed; forward again.
    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/new');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Kiosk am Park');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByLabel('Passwort für die Wiederherstellungsdatei').fill(PASSPHRASE);
    await page.getByLabel('Passwort wiederholen').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).click();
    await page.getByRole('button', { name: 'Datei herunterladen' }).waitFor();
    const venueId = hash(page).split('/')[2] ?? '';
    expect(hash(page)).toBe(`#/venue/${venueId}`);
    expect(venueRow(venueId)?.status).toBe('draft');

    // The reload that used to strand the operator: the same kit is still offered.
    const before = await downloadKit(page);
    await page.reload();
    const after = await downloadKit(page);
    expect(after.kit).toEqual(before.kit);

    // Back from the kit goes to the details step, not to making a second venue's keys.
    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/new');
    await page.goForward();
    await expect.poll(() => hash(page)).toBe(`#/venue/${venueId}`);

    await restoreKit(page, after.kitPath, PASSPHRASE);
    await page.locator('[data-testid="venue-status"]').getByText('Aktiv', { exact: true }).waitFor();
    expect(venueRow(venueId)?.status).toBe('live');
    // Proven: no longer kept on the device.
    expect(
      await page.evaluate(async (id) => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const request = indexedDB.open('luca-venue');
          request.onsuccess = () => resolve(request.result);
        });
        const kit = await new Promise((resolve) => {
          const request = db.transaction('kits').objectStore('kits').get(id);
          request.onsuccess = () => resolve(request.result);
        });
        db.close();
        return kit === undefined;
      }, venueId),
    ).toBe(true);

    // Each screen its own entry: into the edit screen and Back, into the inbox and Back.
    await page.getByRole('button', { name: 'Bearbeiten' }).click();
    await expect.poll(() => hash(page)).toBe(`#/venue/${venueId}/edit`);
    await page.goBack();
    await expect.poll(() => hash(page)).toBe(`#/venue/${venueId}`);
    await page.getByRole('link', { name: 'Zurück' }).click();
    await expect.poll(() => hash(page)).toBe('#/');
    await page.getByRole('link', { name: /Anfragen der Gesundheitsämter/ }).click();
    await expect.poll(() => hash(page)).toBe('#/requests');
    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/');
    await page.getByRole('heading', { name: 'Ihre Orte' }).waitFor();
  });

  it('gives a draft new keys and a new kit on a device without its kit, or deletes it', async () => {
    const first = await operatorPage();
    await signUpOperator(first.page, origin, 'Zwei Entwürfe');
    const { kit: lostKit } = await createVenueUpToKit(first.page, { name: 'Entwurf Eins', postcode: '10115', areas: [] }, PASSPHRASE);
    await first.page.goto(`${origin}/venue/#/`);
    await first.page.getByRole('button', { name: 'Neuen Ort anlegen' }).click();
    await fillDetails(first.page, 'Entwurf Zwei');
    await first.page.getByLabel('Passwort für die Wiederherstellungsdatei').fill(PASSPHRASE);
    await first.page.getByLabel('Passwort wiederholen').fill(PASSPHRASE);
    await first.page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).click();
    await first.page.getByRole('button', { name: 'Datei herunterladen' }).waitFor();
    const secondId = hash(first.page).split('/')[2] ?? '';

    // Another device, the same (synced) passkey: the drafts are there, their kits are not.
    const other = await operatorPage();
    await syncPasskeys(first.authenticator, other.authenticator);
    await other.page.goto(`${origin}/venue/`);
    await other.page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
    await other.page.getByRole('link', { name: /Entwurf Eins/ }).click();
    await other.page.getByRole('heading', { name: 'Keine Wiederherstellungsdatei?' }).waitFor();
    expect(await other.page.getByRole('button', { name: 'Datei herunterladen' }).count()).toBe(0);
    expect(await seriousViolations(other.page)).toEqual([]);

    // New keys: a new card, a new kit that restores and activates, the old kit no longer fits.
    const oldCard = JSON.parse(venueRow(lostKit.venueId)?.card ?? '{}') as { signingKey: string };
    await other.page.getByRole('button', { name: 'Neue Schlüssel und Datei erzeugen' }).click();
    await expect.poll(() => hash(other.page)).toBe(`#/venue/${lostKit.venueId}/keys`);
    await other.page.getByLabel('Passwort für die Wiederherstellungsdatei').fill('Ein neues Passwort 2026');
    await other.page.getByLabel('Passwort wiederholen').fill('Ein neues Passwort 2026');
    await other.page.getByRole('button', { name: 'Neue Schlüssel und Datei erzeugen' }).click();
    await other.page
      .locator('[data-testid="notice"]')
      .getByText('Neue Schlüssel erzeugt. Laden Sie die neue Wiederherstellungsdatei herunter und prüfen Sie sie einmal.', { exact: true })
      .waitFor();
    expect(hash(other.page)).toBe(`#/venue/${lostKit.venueId}`);
    const newCard = JSON.parse(venueRow(lostKit.venueId)?.card ?? '{}') as { signingKey: string; venueId: string };
    expect(newCard.venueId).toBe(lostKit.venueId);
    expect(newCard.signingKey).not.toBe(oldCard.signingKey);
    const fresh = await downloadKit(other.page);
    expect(fresh.kit.ciphertext).not.toBe(lostKit.ciphertext);
    await restoreKit(other.page, fresh.kitPath, 'Ein neues Passwort 2026');
    await other.page.locator('[data-testid="venue-status"]').getByText('Aktiv', { exact: true }).waitFor();
    expect(venueRow(lostKit.venueId)?.status).toBe('live');

    // The first device's kit of the old keys is refused with its own explanation.
    await first.page.goto(`${origin}/venue/#/venue/${lostKit.venueId}`);
    const oldKitPath = writeKit(lostKit);
    await restoreKit(first.page, oldKitPath, PASSPHRASE);
    await first.page.getByRole('alert').getByText('Diese Datei gehört zu früheren Schlüsseln dieses Ortes.', { exact: false }).waitFor();

    // A live venue has no way to new keys: the address of that screen leads back to the venue.
    await other.page.goto(`${origin}/venue/#/venue/${lostKit.venueId}/keys`);
    await other.page
      .locator('[data-testid="notice"]')
      .getByText('Dieser Ort ist schon aktiv: Seine Schlüssel lassen sich nicht mehr ersetzen.', { exact: true })
      .waitFor();
    expect(hash(other.page)).toBe(`#/venue/${lostKit.venueId}`);

    // The other draft is deleted, after a confirmation.
    await other.page.goto(`${origin}/venue/#/venue/${secondId}`);
    await other.page.getByRole('button', { name: 'Entwurf löschen' }).click();
    await other.page.getByText('Den Entwurf „Entwurf Zwei“ endgültig löschen?').waitFor();
    expect(venueRow(secondId)).toBeDefined();
    await other.page.getByRole('button', { name: 'Ja, Entwurf löschen' }).click();
    await other.page.locator('[data-testid="notice"]').getByText('Der Entwurf „Entwurf Zwei“ ist gelöscht.', { exact: true }).waitFor();
    expect(hash(other.page)).toBe('#/');
    expect(venueRow(secondId)).toBeUndefined();
    expect(await other.page.getByRole('link', { name: /Entwurf Zwei/ }).count()).toBe(0);
  });

  it('explains each website that may not embed the widget next to the field, and saves nothing', async () => {
    const { page } = await operatorPage();
    await signUpOperator(page, origin, 'Website Test');
    const { kitPath, kit } = await createVenueUpToKit(page, { name: 'Website Test', postcode: '10115', areas: [] }, PASSPHRASE);
    await restoreKit(page, kitPath, PASSPHRASE);
    await page.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    const field = page.getByLabel('Websites, die das Check-in-Widget einbinden dürfen');
    await field.fill('https://www.mein-cafe.de\nwww.mein-cafe.de');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect
      .poll(() => text(page, 'origins-error'))
      .toBe('Zeile 2: „www.mein-cafe.de“ ist keine Website-Adresse. Bitte so angeben: https://www.mein-restaurant.de');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => text(page, 'origins-error'))
      .toBe('Line 2: “www.mein-cafe.de” is not a website address. Please write it like this: https://www.my-restaurant.de');
    expect(query<{ o: string }>(persistTo, `SELECT allowed_origins AS o FROM venues WHERE id = '${kit.venueId}'`)[0]?.o).toBe('[]');
    // Written as people paste it (trailing slash, capitals): saved as the origin.
    await page.getByLabel('Websites allowed to embed the check-in widget').fill('https://WWW.Mein-Cafe.de/');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => query<{ o: string }>(persistTo, `SELECT allowed_origins AS o FROM venues WHERE id = '${kit.venueId}'`)[0]?.o)
      .toBe('["https://www.mein-cafe.de"]');
    expect(await text(page, 'origins-error')).toBeNull();
  });
});

function writeKit(kit: RecoveryKit): string {
  const path = join(mkdtempSync(join(tmpdir(), 'luca-old-kit-')), 'old-kit.json');
  writeFileSync(path, JSON.stringify(kit));
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(kit);
  return path;
}
