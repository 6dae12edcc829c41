/**
 * Checking in together (issue 14), the guest's side across browsers: a guest adds two children
 * under "Personen" (every mistake explained at its field), scans a venue's poster with a fake
 * camera, ticks both children on the confirm screen and checks the group in as one check-in
 * (only ciphertext on the server), checks out; the history lists both, and the next check-in
 * preselects them. Sharing by TAN gives the office the children's names on the visit. An index
 * case who overlapped shares; the office warns at once, and the guest's warning names the whole
 * group; the venue releases its list, and the inner layer the office opens holds the two
 * children, the one with a phone number of his own with it. The list's limit (nine besides the
 * guest) is said plainly. Every touched screen is photographed at 390x844 in German and English
 * into /tmp/shots-companions/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { openInnerLayer } from '../protocol/checkin.ts';
import { openHistory } from '../protocol/history.ts';
import { importPrivateJwk } from '../protocol/keys.ts';
import { type VenueCard, pinnedPayloadOf, venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { seriousViolations } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { query, rawStateBytes } from './support/d1.ts';
import { fakeCameraShowing } from './support/fake-camera.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { joinDemoOffice, openCaseByTan } from './support/office.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const SHOTS = '/tmp/shots-companions';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };

let world: DemoWorld;
let browser: Browser;
let cameraBrowser: Browser | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await loadDemoWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await cameraBrowser?.close();
  await browser.close();
});

async function cardOf(venueId: string): Promise<VenueCard> {
  return ((await (await fetch(`${origin}/api/venues/${venueId}`)).json()) as { card: VenueCard }).card;
}

/** Photographs the page in German, then in English, and comes back to German (the choice is kept in localStorage). */
async function photograph(page: Page, name: string, ready: (lang: 'de' | 'en') => Promise<unknown>): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}-de.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  await ready('en');
  await page.screenshot({ path: `${SHOTS}/${name}-en.png`, fullPage: true });
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await ready('de');
}

/** The person form, filled field by field as a guest types (empty fields left empty). */
async function fillPerson(page: Page, fields: Record<string, string>, ownAddress = false): Promise<void> {
  const form = page.locator('luca-person-form');
  for (const [label, value] of Object.entries(fields)) {
    if (['Vorname', 'Nachname', 'Telefonnummer (freiwillig)'].includes(label)) await form.getByLabel(label, { exact: true }).fill(value);
  }
  if (ownAddress) {
    await form.getByLabel('Wohnt an einer anderen Adresse als du').check();
    for (const [label, value] of Object.entries(fields)) {
      if (['Straße', 'Hausnummer', 'Postleitzahl', 'Ort'].includes(label)) await form.getByLabel(label, { exact: true }).fill(value);
    }
  }
}

/** The ids of the stays the device keeps (IndexedDB, read in the page). */
async function stayIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('luca-guest');
        request.onsuccess = () => {
          const keys = request.result.transaction('stays').objectStore('stays').getAllKeys();
          keys.onsuccess = () => resolve(keys.result.map(String));
        };
        request.onerror = () => reject(request.error ?? new Error('opening the database failed'));
      }),
  );
}

describe('checking in together', () => {
  it('adds two children, checks the group in as one check-in, and the history, sharing, warning and release cover all three', async () => {
    // The venue: live, its keys restored from the kit, in the demo office's area.
    const venueContext = await browser.newContext({ locale: 'de-DE', acceptDownloads: true, viewport: DESK });
    const venue = await venueContext.newPage();
    await addAuthenticator(venue);
    await signUpOperator(venue, origin, 'Eis Sieben GmbH');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(venue, { name: 'Eiscafé Sieben', postcode: '10117', areas: [] });
    await restoreKit(venue, kitPath, passphrase);
    await venue.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    const card = await cardOf(kit.venueId);
    const poster = venueQrUrl(origin, await pinnedPayloadOf(card));
    cameraBrowser = await launchChromium((await fakeCameraShowing(poster)).args);

    // The guest: onboarding, then "Personen".
    const guestContext: BrowserContext = await cameraBrowser.newContext({ locale: 'de-DE', viewport: PHONE });
    await guestContext.grantPermissions(['notifications'], { origin });
    const guest = await guestContext.newPage();
    await onboard(guest, origin, { ...sampleContact, postcode: '10117' });
    await guest.getByRole('button', { name: 'Personen', exact: true }).click();
    await guest.getByText('Noch keine Personen angelegt.').waitFor();
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'people-empty', (lang) =>
      guest.getByText(lang === 'de' ? 'Noch keine Personen angelegt.' : 'No people added yet.').waitFor(),
    );

    // Mistakes are explained next to their fields, and the first wrong field gets focus.
    await guest.getByRole('button', { name: 'Person hinzufügen' }).click();
    const form = guest.locator('luca-person-form');
    await fillPerson(guest, { Vorname: 'M', 'Telefonnummer (freiwillig)': '12' }, true);
    await form.getByLabel('Postleitzahl', { exact: true }).fill('123');
    await form.getByRole('button', { name: 'Person speichern' }).click();
    await expect.poll(() => form.locator('#firstName-error').textContent()).toContain('mindestens 2 Zeichen');
    expect(await form.locator('#lastName-error').textContent()).toBe('Bitte ausfüllen.');
    expect(await form.locator('#phone-error').textContent()).toContain('Keine gültige Telefonnummer');
    expect(await form.locator('#postcode-error').textContent()).toContain('5 Ziffern');
    expect(await form.locator('#street-error').textContent()).toBe('Bitte ausfüllen.');
    expect(await form.locator('#firstName').evaluate((input) => input.getAttribute('aria-describedby'))).toContain('firstName-error');
    expect(await form.evaluate((element) => element.shadowRoot?.activeElement?.id)).toBe('firstName');
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'person-errors', () => form.locator('#firstName-error').waitFor());
    // Nothing was kept: the guest cancels, and the list is still empty.
    await form.getByRole('button', { name: 'Abbrechen' }).click();
    await guest.getByText('Noch keine Personen angelegt.').waitFor();
    // The form is a screen of its own: the browser's Back button leaves it for the list, not the app.
    await guest.getByRole('button', { name: 'Person hinzufügen' }).click();
    await form.getByLabel('Vorname', { exact: true }).waitFor();
    expect(new URL(guest.url()).hash).toBe('#/people/new');
    await guest.goBack();
    await guest.getByText('Noch keine Personen angelegt.').waitFor();
    expect(new URL(guest.url()).hash).toBe('#/people');

    // Mia: a child reached through the guest. Leo: his own phone and another address.
    await guest.getByRole('button', { name: 'Person hinzufügen' }).click();
    await fillPerson(guest, { Vorname: 'Mia', Nachname: 'Zabelthau' });
    await form.getByRole('button', { name: 'Person speichern' }).click();
    await expect.poll(() => text(guest, 'people-notice')).toBe('Mia Zabelthau gespeichert.');
    await guest.getByRole('button', { name: 'Person hinzufügen' }).click();
    await fillPerson(
      guest,
      {
        Vorname: 'Leo',
        Nachname: 'Zabelthau',
        'Telefonnummer (freiwillig)': '0170 5544332',
        Straße: 'Lindenweg 4',
        Postleitzahl: '10115',
        Ort: 'Berlin',
      },
      true,
    );
    // "Lindenweg 4" typed into the street: the number moves to its own field.
    await form.getByRole('button', { name: 'Person speichern' }).click();
    await expect.poll(() => text(guest, 'people-notice')).toBe('Leo Zabelthau gespeichert.');
    const listed = guest.locator('[data-testid="person"]');
    expect(await listed.allInnerTexts()).toEqual([
      expect.stringContaining('erreichbar über dich'),
      expect.stringMatching(/Telefon \+49 170 5544332 · eigene Adresse/),
    ]);
    expect(await text(guest, 'people-count')).toBe('2 von 9 Personen');
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'people-two', (lang) => guest.getByText(lang === 'de' ? '2 von 9 Personen' : '2 of 9 people').waitFor());
    // Editing shows what was saved.
    await guest.getByRole('button', { name: 'Leo Zabelthau bearbeiten' }).click();
    expect(await form.getByLabel('Hausnummer', { exact: true }).inputValue()).toBe('4');
    expect(await form.getByLabel('Straße', { exact: true }).inputValue()).toBe('Lindenweg');
    await photograph(guest, 'person-edit', () => form.getByLabel(/Hausnummer|House number/).waitFor());
    await form.getByRole('button', { name: 'Abbrechen' }).click();

    // The scan: the confirm screen asks who is coming; nobody is preselected the first time.
    const countFor = () =>
      query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${card.venueId}'`)[0]?.n ?? 0;
    await guest.getByRole('button', { name: 'Check-in', exact: true }).click();
    await guest.getByRole('button', { name: 'QR-Code scannen' }).click();
    await expect.poll(() => text(guest, 'venue-name'), { timeout: 30_000 }).toBe('Eiscafé Sieben');
    const party = guest.getByRole('group', { name: 'Wer kommt mit?' });
    expect(await party.getByRole('checkbox', { name: 'Du (Wilhelmine Zabelthau)' }).isChecked()).toBe(true);
    expect(await party.getByRole('checkbox', { name: 'Du (Wilhelmine Zabelthau)' }).isDisabled()).toBe(true);
    expect(await party.getByRole('checkbox', { name: 'Mia Zabelthau' }).isChecked()).toBe(false);
    expect(await party.getByRole('checkbox', { name: 'Leo Zabelthau' }).isChecked()).toBe(false);
    // By keyboard: Tab reaches each box, Space ticks it.
    await party.getByRole('checkbox', { name: 'Mia Zabelthau' }).focus();
    await guest.keyboard.press('Space');
    await guest.keyboard.press('Tab');
    await guest.keyboard.press('Space');
    await expect.poll(() => text(guest, 'party-count')).toBe('3 Personen checken gemeinsam ein.');
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'confirm-party', (lang) =>
      guest.getByText(lang === 'de' ? '3 Personen checken gemeinsam ein.' : '3 people check in together.').waitFor(),
    );
    await guest.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(guest, 'stay-venue')).toBe('Eiscafé Sieben');
    await expect.poll(() => guest.locator('[data-testid="stay-pending"]').count()).toBe(0);
    expect(await text(guest, 'stay-party')).toBe('Mit dir eingecheckt: Mia Zabelthau und Leo Zabelthau');
    await photograph(guest, 'stay-party', (lang) =>
      guest.getByText(lang === 'de' ? 'Mit dir eingecheckt' : 'Checked in with you').waitFor(),
    );
    // One check-in for the group; the server holds none of the names or numbers.
    expect(countFor()).toBe(1);
    const raw = rawStateBytes(persistTo);
    // The first names as JSON strings: "Mia" or "Leo" alone turn up by chance in megabytes of base64url.
    for (const value of ['"Mia"', '"Leo"', 'Zabelthau', '+49 170 5544332', 'Lindenweg'])
      expect(raw.includes(Buffer.from(value))).toBe(false);
    const [groupCheckIn] = await stayIds(guest);
    if (!groupCheckIn) throw new Error('no stay kept');

    // The index case comes and goes while the group is there, with the app.
    const index = await (await browser.newContext({ locale: 'de-DE', viewport: PHONE })).newPage();
    await onboard(index, origin, { ...sampleContact, firstName: 'Ida', lastName: 'Index', phone: '+49 30 5550009', postcode: '10117' });
    await index.goto(poster);
    // Without persons the confirm screen only points to "Personen".
    await expect.poll(() => text(index, 'party-none')).toContain('Lege sie unter „Personen“ an');
    expect(await index.getByRole('group', { name: 'Wer kommt mit?' }).count()).toBe(0);
    await photograph(index, 'confirm-alone', (lang) => index.getByText(lang === 'de' ? 'Hier einchecken?' : 'Check in here?').waitFor());
    await index.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(index, 'stay-venue')).toBe('Eiscafé Sieben');
    await index.getByRole('button', { name: 'Auschecken' }).click();
    await expect.poll(() => text(index, 'notice')).toContain('Ausgecheckt');

    // One checkout for the group; the history lists who came.
    await guest.getByRole('button', { name: 'Auschecken' }).click();
    await expect.poll(() => text(guest, 'notice')).toContain('Ausgecheckt');
    await guest.getByRole('button', { name: 'Besuche' }).click();
    await expect.poll(() => text(guest, 'visit-party')).toBe('Mit dabei: Mia Zabelthau und Leo Zabelthau');
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'history-party', (lang) => guest.getByText(lang === 'de' ? 'Mit dabei' : 'With you').waitFor());

    // The next check-in preselects the last choice; untick Leo, and the count follows.
    await guest.goto(poster);
    await expect.poll(() => text(guest, 'venue-name')).toBe('Eiscafé Sieben');
    expect(await party.getByRole('checkbox', { name: 'Mia Zabelthau' }).isChecked()).toBe(true);
    expect(await party.getByRole('checkbox', { name: 'Leo Zabelthau' }).isChecked()).toBe(true);
    await party.getByRole('checkbox', { name: 'Leo Zabelthau' }).uncheck();
    await expect.poll(() => text(guest, 'party-count')).toBe('2 Personen checken gemeinsam ein.');
    await guest.getByRole('button', { name: 'Abbrechen' }).click();
    // The guest's group and the index case: the cancelled confirmation sent nothing.
    expect(countFor()).toBe(2);

    // The guest shares: the history the office opens names the children on the visit.
    await guest.getByRole('button', { name: 'Teilen' }).click();
    await guest.getByRole('searchbox').fill('Demo');
    await guest.getByRole('button', { name: /1 Besuch mit/ }).click();
    await expect.poll(() => text(guest, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const guestTan = ((await text(guest, 'tan')) ?? '').replace(/-/g, '');
    await photograph(guest, 'share-tan', () => guest.locator('[data-testid="tan"]').waitFor());
    const transfer = query<{ office_key_id: string; ciphertext: string }>(
      persistTo,
      'SELECT office_key_id, ciphertext FROM transfers ORDER BY created_at DESC LIMIT 1',
    )[0];
    if (!transfer) throw new Error('no transfer stored');
    const historyKey = world.office.dailyKeys.find((entry) => entry.key.keyId === transfer.office_key_id);
    if (!historyKey) throw new Error('history sealed to an unknown key');
    const history = await openHistory(
      await importPrivateJwk(historyKey.privateJwk, 'encryption'),
      fromBase64Url(historyKey.key.publicKey),
      { officeId: world.office.certificate.officeId, officeKeyId: transfer.office_key_id, tan: guestTan },
      transfer.ciphertext,
    );
    expect(history.visits.map((visit) => [visit.checkInId, visit.companions])).toEqual([
      [groupCheckIn, ['Mia Zabelthau', 'Leo Zabelthau']],
    ]);

    // The index case shares; the office takes the case and warns at once.
    await index.getByRole('button', { name: 'Teilen' }).click();
    await index.getByRole('searchbox').fill('Demo');
    await index.getByRole('button', { name: /1 Besuch mit/ }).click();
    await expect.poll(() => text(index, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const tan = (await text(index, 'tan')) ?? '';
    const office = await (await browser.newContext({ locale: 'de-DE', viewport: DESK })).newPage();
    await addAuthenticator(office);
    await joinDemoOffice(office, origin, persistTo, world, 'Dr. Grete Gruppe');
    const caseId = await openCaseByTan(office, tan, 'GA-2026-1414');
    const warnForm = office.locator('luca-warn-visits');
    await warnForm.getByTestId('warn-visit').first().waitFor();
    await warnForm.getByTestId('warn-send').click();
    await expect.poll(() => text(office, 'warn-notice')).toBe('Warnung gesendet.');

    // The guest's warning names the whole group.
    await guest.getByRole('button', { name: 'Besuche' }).click();
    await expect
      .poll(
        async () => {
          await guest.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
          return text(guest, 'warning-banner');
        },
        { timeout: 90_000, interval: 3_000 },
      )
      .toContain('Du hast eine Warnung vom Gesundheitsamt.');
    await guest.getByRole('button', { name: 'Warnung ansehen' }).click();
    await expect.poll(() => text(guest, 'warning-party')).toBe('Du, Mia und Leo wart dort. Die Warnung gilt für euch alle.');
    expect(await text(guest, 'warning-venue')).toBe('Eiscafé Sieben');
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'warning-party', (lang) =>
      expect
        .poll(() => text(guest, 'warning-party'))
        .toBe(
          lang === 'de'
            ? 'Du, Mia und Leo wart dort. Die Warnung gilt für euch alle.'
            : 'You, Mia, and Leo were there. The warning is for all of you.',
        ),
    );

    // The venue releases its list; the office sees the guest's check-in among the contacts.
    await venue.goto(`${origin}/venue/#/requests`);
    const [request] = query<{ id: string }>(persistTo, `SELECT id FROM data_requests WHERE case_id = '${caseId}'`);
    const requestCard = venue.locator(`[data-request-id="${request?.id ?? ''}"]`);
    await requestCard.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
    await requestCard.getByRole('button', { name: 'Ja, freigeben' }).click();
    await expect
      .poll(async () => (await requestCard.locator('[data-testid="request-status"]').allTextContents())[0])
      .toMatch(/^Freigegeben/);
    await office.getByRole('button', { name: 'Aktualisieren' }).click();
    await expect
      .poll(async () => (await office.locator('luca-case-view [data-testid="contacts"]').textContent()) ?? '')
      .toContain('Wilhelmine Zabelthau');

    // The office shows three contacts from the app's one check-in: Mia reached through her
    // mother's phone, Leo on his own number; both marked as her companions, warned through her app.
    const person = (index: number) => office.locator(`luca-case-view [data-checkin-id="${groupCheckIn}"][data-person="${index}"]`);
    await person(2).waitFor();
    expect(await office.locator(`luca-case-view [data-checkin-id="${groupCheckIn}"]`).count()).toBe(3);
    expect(await person(0).locator('th').textContent()).toContain('Wilhelmine Zabelthau');
    for (const index of [1, 2])
      expect((await person(index).locator('[data-testid="relation"]').textContent())?.trim()).toBe('Begleitung von Wilhelmine Zabelthau');
    expect(await person(1).locator('th').textContent()).toContain('Mia Zabelthau');
    expect(await person(1).locator('a[href^="tel:"]').getAttribute('href')).toBe(`tel:${sampleContact.phone.replace(/\s/g, '')}`);
    expect((await person(1).locator('[data-testid="reachable-via"]').textContent())?.trim()).toBe('erreichbar über Wilhelmine Zabelthau');
    expect(await person(2).locator('th').textContent()).toContain('Leo Zabelthau');
    expect(await person(2).locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+491705544332');
    expect(await person(2).locator('[data-testid="reachable-via"]').count()).toBe(0);
    await office.screenshot({ path: `${SHOTS}/office-group-from-app-de.png`, fullPage: true });

    // The inner layer the venue released, opened with the office's key as the office's browser
    // does: the guest with both children, Leo with his own number and address.
    const released = query<{ checkin_id: string; day: string; office_key_id: string; inner: string }>(
      persistTo,
      `SELECT checkin_id, day, office_key_id, inner FROM released_checkins WHERE request_id = '${request?.id ?? ''}' AND checkin_id = '${groupCheckIn}'`,
    )[0];
    if (!released) throw new Error('the group check-in was not released');
    const officeKey = world.office.dailyKeys.find((entry) => entry.key.keyId === released.office_key_id);
    if (!officeKey) throw new Error('released for an unknown key');
    const inner = await openInnerLayer(
      await importPrivateJwk(officeKey.privateJwk, 'encryption'),
      fromBase64Url(officeKey.key.publicKey),
      { id: released.checkin_id, venueId: card.venueId, day: released.day, officeKeyId: released.office_key_id },
      released.inner,
    );
    expect(inner.contact).toMatchObject({ firstName: 'Wilhelmine', lastName: 'Zabelthau', phone: sampleContact.phone });
    expect(inner.companions).toEqual([
      { firstName: 'Mia', lastName: 'Zabelthau' },
      {
        firstName: 'Leo',
        lastName: 'Zabelthau',
        phone: '+49 170 5544332',
        address: { street: 'Lindenweg', houseNumber: '4', postcode: '10115', city: 'Berlin', country: 'DE' },
      },
    ]);

    // The limit: seven more persons make nine besides the guest; the list says so, and offers no "add".
    await guest.getByRole('button', { name: 'Zurück zu den Besuchen' }).click();
    await guest.getByRole('button', { name: 'Personen', exact: true }).click();
    for (const name of ['Ada', 'Ben', 'Cem', 'Dan', 'Eva', 'Fin', 'Gus']) {
      await guest.getByRole('button', { name: 'Person hinzufügen' }).click();
      await fillPerson(guest, { Vorname: name, Nachname: 'Zabelthau' });
      await form.getByRole('button', { name: 'Person speichern' }).click();
      await expect.poll(() => text(guest, 'people-notice')).toBe(`${name} Zabelthau gespeichert.`);
    }
    expect(await text(guest, 'people-full')).toBe(
      'Es können höchstens 10 Personen zusammen einchecken: du und 9 weitere. Entferne eine Person, um eine andere hinzuzufügen.',
    );
    expect(await guest.getByRole('button', { name: 'Person hinzufügen' }).count()).toBe(0);
    expect(await seriousViolations(guest)).toEqual([]);
    await photograph(guest, 'people-full', (lang) => guest.getByText(lang === 'de' ? '9 von 9 Personen' : '9 of 9 people').waitFor());
    // Removing one asks first, and makes room again.
    await guest.getByRole('button', { name: 'Gus Zabelthau entfernen' }).click();
    await guest.getByRole('dialog', { name: 'Gus Zabelthau entfernen?' }).getByRole('button', { name: 'Ja, entfernen' }).click();
    await expect.poll(() => text(guest, 'people-notice')).toBe('Gus Zabelthau entfernt.');
    expect(await guest.getByRole('button', { name: 'Person hinzufügen' }).count()).toBe(1);
  }, 420_000);
});
