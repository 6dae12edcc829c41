/**
 * Onboarding without dead ends (issue "Real cases, real newcomers"): a reload at any step of
 * creating a venue resumes where the operator was, Back goes back one screen, and a draft whose
 * kit never reached the operator (another device, a lost passphrase) gets new keys and a new kit,
 * or is deleted. The kit's passphrase is drawn by the app and typed back (trust model 16): none can
 * be chosen. Form rules are the app's own texts next to the fields, in German and English.
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
import {
  addAuthenticator,
  createVenueUpToKit,
  downloadKit,
  readShownPassphrase,
  restoreKit,
  signUpOperator,
  syncPasskeys,
  typeBackPassphrase,
} from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
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

/** The id (or test id) of what has the focus, looked for through the shadow roots. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active ? active.id || active.getAttribute('data-testid') : null;
  });
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
    await page.getByRole('button', { name: 'Aufgeschrieben, weiter' }).waitFor();
    expect(hash(page)).toBe('#/new/keys');

    // A reload on the passphrase step keeps the details typed before, and draws a new passphrase:
    // the one shown before was shown once and kept nowhere.
    const drawnBefore = await readShownPassphrase(page);
    await page.reload();
    await expect.poll(() => page.getByText('Neuer Ort: Kiosk am Park, Gartenweg 3, 10117 Berlin').count()).toBe(1);
    const shown = await readShownPassphrase(page);
    expect(shown).not.toBe(drawnBefore);
    expect(shown).toMatch(/^[a-z]+( [a-z]+){5}$/);

    // No passphrase can be chosen, so none can be weak: the fields to choose one are gone.
    expect(await page.getByLabel('Passwort für die Wiederherstellungsdatei', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Passwort wiederholen').count()).toBe(0);
    expect(await page.locator('luca-key-form input[type="password"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Passwort kopieren' }).isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    // The type-back refuses what was not shown, in the app's words next to the field, in both
    // languages, with the focus on the field; no browser bubble.
    await page.getByRole('button', { name: 'Aufgeschrieben, weiter' }).click();
    await expect.poll(() => focused(page)).toBe('typedBack');
    expect(await page.locator('luca-key-form form').getAttribute('novalidate')).not.toBeNull();
    const typeBack = page.getByLabel('Die sechs Wörter, wie Sie sie aufgeschrieben haben');
    await typeBack.fill('passwort1234');
    await page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).click();
    await expect.poll(() => text(page, 'typedBack-error')).toBe('Das Passwort hat 6 Wörter, Sie haben 1 Wort eingegeben.');
    const words = shown.split(' ');
    const oneWrong = words.map((word, index) => (index === 2 ? `${word}x` : word)).join(' ');
    await typeBack.fill(oneWrong);
    await page.getByRole('button', { name: 'Ort und Schlüssel erzeugen' }).click();
    await expect
      .poll(() => text(page, 'typedBack-error'))
      .toBe(
        'Das 3. Wort stimmt nicht mit dem angezeigten Passwort überein. Prüfen Sie Ihre Notiz, oder lassen Sie sich das Passwort noch einmal anzeigen.',
      );
    expect(await typeBack.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focused(page)).toBe('typedBack');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Create venue and key' }).click();
    await expect
      .poll(() => text(page, 'typedBack-error'))
      .toBe('Word 3 does not match the password shown. Check your note, or show the password again.');
    expect(await seriousViolations(page)).toEqual([]);
    expect(hash(page)).toBe('#/new/keys');
    // Back to the words (the same ones, the focus on them), and on with what was typed kept.
    await page.getByRole('button', { name: 'Show the password again' }).click();
    expect(await readShownPassphrase(page)).toBe(shown);
    await expect.poll(() => focused(page)).toBe('kit-passphrase');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('button', { name: 'Aufgeschrieben, weiter' }).click();
    expect(await typeBack.inputValue()).toBe(oneWrong);

    // Back: the details screen, with what was typed; forward again, to a freshly drawn passphrase,
    // typed back as people write: capitals, dashes, extra spaces.
    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/new');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Kiosk am Park');
    await page.getByRole('button', { name: 'Weiter' }).click();
    const passphrase = await typeBackPassphrase(page, (drawn) => ` ${drawn.toUpperCase().replaceAll(' ', ' - ')}  `);
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

    // Restored with the words as typed back (case and dashes), which opens the kit too.
    await restoreKit(page, after.kitPath, passphrase.toUpperCase().replaceAll(' ', '-'));
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
    const { kit: lostKit, passphrase: lostPassphrase } = await createVenueUpToKit(first.page, {
      name: 'Entwurf Eins',
      postcode: '10115',
      areas: [],
    });
    await first.page.goto(`${origin}/venue/#/`);
    await first.page.getByRole('button', { name: 'Neuen Ort anlegen' }).click();
    await fillDetails(first.page, 'Entwurf Zwei');
    await typeBackPassphrase(first.page);
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

    // New keys: a new card under the id the new keys give, a new kit that restores and activates, the old kit no longer fits.
    const oldCard = JSON.parse(venueRow(lostKit.venueId)?.card ?? '{}') as { signingKey: string };
    await other.page.getByRole('button', { name: 'Neue Schlüssel und Datei erzeugen' }).click();
    await expect.poll(() => hash(other.page)).toBe(`#/venue/${lostKit.venueId}/keys`);
    // New keys get a newly drawn passphrase, typed back like the first.
    const newPassphrase = await typeBackPassphrase(other.page);
    expect(newPassphrase).not.toBe(lostPassphrase);
    await other.page.getByRole('button', { name: 'Neue Schlüssel und Datei erzeugen' }).click();
    await other.page
      .locator('[data-testid="notice"]')
      .getByText('Neue Schlüssel erzeugt. Laden Sie die neue Wiederherstellungsdatei herunter und prüfen Sie sie einmal.', { exact: true })
      .waitFor();
    // The venue id is derived from the keys: the draft moved to a new id and address, the old one is gone.
    const newId = hash(other.page).split('/')[2] ?? '';
    expect(newId).not.toBe(lostKit.venueId);
    expect(hash(other.page)).toBe(`#/venue/${newId}`);
    expect(venueRow(lostKit.venueId)).toBeUndefined();
    const newCard = JSON.parse(venueRow(newId)?.card ?? '{}') as { signingKey: string; venueId: string; name: string };
    expect(newCard).toMatchObject({ venueId: newId, name: 'Entwurf Eins' });
    expect(newCard.signingKey).not.toBe(oldCard.signingKey);
    const fresh = await downloadKit(other.page);
    expect(fresh.kit.ciphertext).not.toBe(lostKit.ciphertext);
    expect(fresh.kit.venueId).toBe(newId);
    await restoreKit(other.page, fresh.kitPath, newPassphrase);
    await other.page.locator('[data-testid="venue-status"]').getByText('Aktiv', { exact: true }).waitFor();
    expect(venueRow(newId)?.status).toBe('live');

    // The first device, opening the draft's old address later, is sent to its venues and told why.
    await first.page.goto(`${origin}/venue/#/venue/${lostKit.venueId}`);
    await first.page.reload();
    await first.page
      .locator('[data-testid="notice"]')
      .getByText('Diesen Ort gibt es in Ihrem Konto nicht (mehr). Hier sind Ihre Orte.', { exact: true })
      .waitFor();
    expect(hash(first.page)).toBe('#/');
    // Its kit of the old keys is refused at the venue with its own explanation.
    await first.page.goto(`${origin}/venue/#/venue/${newId}`);
    const oldKitPath = writeKit(lostKit);
    await restoreKit(first.page, oldKitPath, lostPassphrase);
    await first.page.getByRole('alert').getByText('Diese Datei gehört zu früheren Schlüsseln dieses Ortes.', { exact: false }).waitFor();

    // A live venue has no way to new keys: the address of that screen leads back to the venue.
    await other.page.goto(`${origin}/venue/#/venue/${newId}/keys`);
    await other.page
      .locator('[data-testid="notice"]')
      .getByText('Dieser Ort ist schon aktiv: Seine Schlüssel lassen sich nicht mehr ersetzen.', { exact: true })
      .waitFor();
    expect(hash(other.page)).toBe(`#/venue/${newId}`);

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
    const { kitPath, kit, passphrase } = await createVenueUpToKit(page, { name: 'Website Test', postcode: '10115', areas: [] });
    await restoreKit(page, kitPath, passphrase);
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
