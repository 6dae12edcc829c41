/**
 * Onboarding (issue 3; "Real cases, real newcomers" point 3): the contact form explains every
 * rule in the guest's language, next to its field, with focus on the first wrong one: names of
 * 2+ characters, a house number, postcodes by country, valid phone numbers. Valid data is kept
 * on the device across reloads, the phone number in international form, and can be edited later
 * from "Meine Daten". The widget's frame refuses the same.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contactFormMessages } from '../client/contact-messages.ts';
import { launchChromium } from './support/browser.ts';
import { fillContactForm, sampleContact, text } from './support/guest.ts';
import { widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const hostsOrigin = inject('hostsOrigin');

/** The sample contact as a guest types it: the phone number in national form. */
const typed = { ...sampleContact, phone: '0170 9988776' };
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Each field's shown error, by field name ('' when it has none). */
function errors(page: Page | Frame): Promise<Record<string, string>> {
  return page.locator('luca-contact-form').evaluate((form) => {
    const root = form.shadowRoot;
    const shown: Record<string, string> = {};
    for (const input of root?.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select') ?? []) {
      // The error is the described-by element named after the field (the phone field also has a hint).
      const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
      const errorId = ids.find((id) => id === `${input.name}-error`);
      shown[input.name] = errorId ? (root?.getElementById(errorId)?.textContent ?? '') : '';
      // The error must also be announced: aria-invalid in step with the text.
      if ((shown[input.name] !== '') !== (input.getAttribute('aria-invalid') === 'true')) shown[input.name] = 'aria-invalid out of step';
    }
    return shown;
  });
}

/** The name of the form field that has focus, looking through shadow roots. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active instanceof HTMLInputElement || active instanceof HTMLSelectElement ? active.name : null;
  });
}

const none = { firstName: '', lastName: '', street: '', houseNumber: '', postcode: '', city: '', country: '', phone: '', email: '' };

describe('guest onboarding', () => {
  for (const [locale, lang] of [
    ['de-DE', 'de'],
    ['en-GB', 'en'],
  ] as const) {
    it(`explains each rule next to its field (${lang})`, async () => {
      const messages = contactFormMessages[lang];
      const germany = lang === 'de' ? 'Deutschland' : 'Germany';
      const page = await (await browser.newContext({ locale })).newPage();
      await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
      await page.locator('luca-contact-form button[type="submit"]').waitFor();

      await fillContactForm(page, {});
      expect(await errors(page)).toEqual({
        ...none,
        firstName: messages.required,
        lastName: messages.required,
        street: messages.required,
        houseNumber: messages.invalidHouseNumber,
        postcode: messages.required,
        city: messages.required,
        phone: messages.required,
      });
      expect(await focused(page)).toBe('firstName');

      // Spaces alone are not a name; each wrong shape gets its own explanation.
      await fillContactForm(page, {
        ...typed,
        firstName: '   ',
        lastName: 'x'.repeat(81),
        houseNumber: '',
        postcode: 'abc',
        phone: '12 34',
        email: 'w.zabelthau@',
      });
      expect(await errors(page)).toEqual({
        ...none,
        firstName: messages.required,
        lastName: messages.tooLong,
        houseNumber: messages.invalidHouseNumber,
        postcode: messages.invalidPostcodeDe,
        phone: messages.invalidPhone(germany),
        email: messages.invalidEmail,
      });
      expect(await focused(page)).toBe('firstName');

      // A one-letter name, a postcode of 4 digits, a number no German one, a house number without a digit.
      await fillContactForm(page, { ...typed, firstName: 'W', houseNumber: 'a', postcode: '1011', phone: '+49 1111111111' });
      expect(await errors(page)).toEqual({
        ...none,
        firstName: messages.invalidName,
        houseNumber: messages.invalidHouseNumber,
        postcode: messages.invalidPostcodeDe,
        phone: messages.invalidPhone(germany),
      });
      // The phone field explains its rule with an example number of the chosen country.
      expect(await page.locator('luca-contact-form #phone-hint').textContent()).toBe(
        messages.phoneHint({ national: '01512 3456789', international: '+49 1512 3456789' }),
      );

      // Another country: its own postcode rule and phone example; a German postcode does not fit Austria.
      await fillContactForm(page, { ...typed, country: 'AT', postcode: '10435', phone: '0664 123456' });
      expect(await errors(page)).toEqual({ ...none, postcode: messages.invalidPostcode(lang === 'de' ? 'Österreich' : 'Austria') });
      expect(await page.locator('luca-contact-form #phone-hint').textContent()).toBe(
        messages.phoneHint({ national: '0664 123456', international: '+43 664 123456' }),
      );
      expect(await focused(page)).toBe('postcode');

      // Nothing was kept while the form was invalid.
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('luca-contact-form button[type="submit"]').waitFor();
      expect(await page.locator('luca-contact-form input[name="firstName"]').inputValue()).toBe('');
      await page.context().close();
    });
  }

  it('keeps valid data on the device, normalised, without the optional e-mail, and lets the guest edit it', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
    const { email: _optional, ...withoutEmail } = sampleContact;
    // The number typed as at home; the house number left in the street, as autofill does.
    await fillContactForm(page, {
      ...withoutEmail,
      firstName: '  Wilhelmine ',
      street: 'Kastanienallee 77',
      houseNumber: '',
      phone: '030 1234567',
    });
    await page.getByRole('button', { name: 'QR-Code scannen' }).waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Meine Daten' }).click();
    const field = (name: string) => page.locator(`luca-contact-form [name="${name}"]`).inputValue();
    expect(await field('firstName')).toBe('Wilhelmine'); // trimmed before it was stored
    expect(await field('phone')).toBe('+49 30 1234567'); // international form
    expect([await field('street'), await field('houseNumber'), await field('country')]).toEqual(['Kastanienallee', '77', 'DE']);
    expect(await field('email')).toBe('');

    // A foreign number is kept foreign; a Dutch address with its own postcode.
    await fillContactForm(page, { country: 'NL', postcode: '1011 ab', city: 'Amsterdam', phone: '020 123 4567' });
    await expect.poll(() => text(page, 'notice')).toContain('Gespeichert');
    await page.reload();
    await page.getByRole('button', { name: 'Meine Daten' }).click();
    expect([await field('country'), await field('postcode'), await field('phone')]).toEqual(['NL', '1011 AB', '+31 20 123 4567']);
    expect(await field('lastName')).toBe(sampleContact.lastName);
    await page.context().close();
  });

  it('refuses the same in the widget’s frame as in the app', async () => {
    const messages = contactFormMessages.de;
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${hostsOrigin}/booking.html`);
    await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    const frame = await widgetFrame(page);
    await frame.getByText('Kontaktdaten für Café Demo').waitFor();
    await fillContactForm(frame, { ...typed, firstName: 'W', houseNumber: '', postcode: 'abc', phone: '12345' });
    await expect
      .poll(() => errors(frame))
      .toEqual({
        ...none,
        firstName: messages.invalidName,
        houseNumber: messages.invalidHouseNumber,
        postcode: messages.invalidPostcodeDe,
        phone: messages.invalidPhone('Deutschland'),
      });
    await fillContactForm(frame, { firstName: 'Wilhelmine', houseNumber: '77', postcode: '1011', phone: '0170 9988776' });
    await expect.poll(() => errors(frame)).toEqual({ ...none, postcode: messages.invalidPostcodeDe });
    expect(await text(page, 'events')).not.toMatch(/registered/); // nothing registered
    await page.context().close();
  });
});
