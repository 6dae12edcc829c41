/**
 * A guest whose contact data an older app version stored ("Real cases, real newcomers" point 3):
 * no house number (it is in the street), no country, a postcode and phone number the new rules
 * refuse. The app asks once, before the next check-in, to complete it, pre-filled (Germany, the
 * trailing number split off the street); the stays and the e-mail stay. The saved-data popup of
 * the widget completes it the same way before it registers.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContactData } from '../protocol/contact.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { contactFormMessages } from '../client/contact-messages.ts';
import { launchChromium } from './support/browser.ts';
import { fillContactForm, onboard, sampleContact, text } from './support/guest.ts';
import { widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const hostsOrigin = inject('hostsOrigin');
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Exactly what an older version kept in IndexedDB. */
const legacy: ContactData = {
  firstName: 'Wilhelmine',
  lastName: 'Zabelthau',
  street: 'Kastanienallee 77',
  postcode: '1011',
  city: 'Berlin',
  phone: '030/1234567',
  email: 'w.zabelthau@example.net',
};

/** Overwrites the app's stored contact, as an older version left it. */
function storeContact(page: Page, contact: ContactData): Promise<void> {
  return page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('luca-guest');
        request.onerror = () => reject(request.error ?? new Error('opening the database failed'));
        request.onsuccess = () => {
          const tx = request.result.transaction('profile', 'readwrite');
          tx.objectStore('profile').put(value, 'contact');
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('the transaction failed'));
        };
      }),
    contact,
  );
}

function storedContact(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('luca-guest');
        request.onerror = () => reject(request.error ?? new Error('opening the database failed'));
        request.onsuccess = () => {
          const get = request.result.transaction('profile').objectStore('profile').get('contact');
          get.onsuccess = () => {
            request.result.close();
            resolve(get.result);
          };
        };
      }),
  );
}

const field = (page: Page, name: string) => page.locator(`luca-contact-form [name="${name}"]`).inputValue();

describe('contact data an older version stored', () => {
  it('is completed once, before the next check-in, pre-filled, and nothing stored is lost', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(page, origin, sampleContact);
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
    await storeContact(page, legacy);

    // The next check-in link: first the completion, pre-filled.
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await page.getByRole('heading', { name: 'Bitte ergänze deine Kontaktdaten' }).waitFor();
    const shown = Object.fromEntries(
      await Promise.all(
        ['street', 'houseNumber', 'postcode', 'country', 'phone', 'email'].map(async (name): Promise<[string, string]> => [
          name,
          await field(page, name),
        ]),
      ),
    );
    expect(shown).toEqual({
      street: 'Kastanienallee',
      houseNumber: '77',
      postcode: '1011',
      country: 'DE',
      phone: '030/1234567',
      email: legacy.email,
    });
    expect(await page.getByRole('navigation').count()).toBe(0); // nothing else before this is done

    // What the new rules refuse is explained next to its field.
    await fillContactForm(page, {});
    await expect
      .poll(() =>
        page.locator('luca-contact-form').evaluate((form) => form.shadowRoot?.getElementById('postcode-error')?.textContent ?? null),
      )
      .toBe(contactFormMessages.de.invalidPostcodeDe);
    expect(await storedContact(page)).toEqual(legacy); // nothing changed while the form was invalid

    await fillContactForm(page, { postcode: '10435' });
    // Then the check-in it was opened for.
    await page.getByRole('button', { name: 'Einchecken', exact: true }).waitFor();
    expect(await storedContact(page)).toEqual({ ...sampleContact, phone: '+49 30 1234567' });
    await page.getByRole('button', { name: 'Abbrechen' }).click();

    // Asked once: after a reload the app goes on as before, the stay and its history are there.
    await page.goto(`${origin}/`);
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
    expect(await page.getByRole('heading', { name: 'Bitte ergänze deine Kontaktdaten' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Besuche' }).click();
    await expect.poll(async () => (await page.locator('[data-testid="history"] li').allTextContents()).join(' ')).toContain('Café Demo');
    await page.context().close();
  });

  it('is completed in the widget’s saved-data popup before it registers', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const app = await context.newPage();
    await onboard(app, origin, sampleContact);
    await storeContact(app, legacy);
    const page = await context.newPage();
    await page.goto(`${hostsOrigin}/booking.html`);
    await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    const frame = await widgetFrame(page);
    const popupOpened = context.waitForEvent('page');
    await frame.getByRole('button', { name: 'Meine gespeicherten luca-Daten verwenden' }).click();
    const popup = await popupOpened;
    await popup.getByRole('heading', { name: 'Bitte ergänze zuerst deine Kontaktdaten' }).waitFor();
    expect([await field(popup, 'street'), await field(popup, 'houseNumber'), await field(popup, 'country')]).toEqual([
      'Kastanienallee',
      '77',
      'DE',
    ]);
    await fillContactForm(popup, { postcode: '10435' });

    // Now the saved data, with the new fields, for the guest to confirm.
    await popup.getByRole('button', { name: 'Bestätigen und registrieren' }).waitFor();
    const saved = (await text(popup, 'saved-contact')) ?? '';
    for (const shown of ['Kastanienallee 77, 10435 Berlin', 'Deutschland', '+49 30 1234567', legacy.email ?? ''])
      expect(saved).toContain(shown);
    await popup.getByRole('button', { name: 'Bestätigen und registrieren' }).click();
    await expect.poll(() => text(page, 'events'), { timeout: 20_000 }).toMatch(/^registered /);
    expect(await storedContact(app)).toEqual({ ...sampleContact, phone: '+49 30 1234567' });
    await context.close();
  });
});
