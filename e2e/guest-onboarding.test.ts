/**
 * Onboarding (issue 3): the contact form explains every mistake in the guest's language, next to
 * the field, with focus on the first one; valid data is kept on the device across reloads and can
 * be edited later from "Meine Daten".
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contactFormMessages } from '../web/shared/contact-messages.ts';
import { launchChromium } from './support/browser.ts';
import { fillContactForm, sampleContact, text } from './support/guest.ts';

const origin = inject('origin');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Each field's shown error, by field name ('' when it has none). */
function errors(page: Page): Promise<Record<string, string>> {
  return page.locator('luca-contact-form').evaluate((form) => {
    const root = form.shadowRoot;
    const shown: Record<string, string> = {};
    for (const input of root?.querySelectorAll('input') ?? []) {
      const described = input.getAttribute('aria-describedby');
      shown[input.name] = described ? (root?.getElementById(described)?.textContent ?? '') : '';
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
    return active instanceof HTMLInputElement ? active.name : null;
  });
}

describe('guest onboarding', () => {
  for (const [locale, lang] of [['de-DE', 'de'], ['en-GB', 'en']] as const) {
    it(`explains each mistake next to its field (${lang})`, async () => {
      const messages = contactFormMessages[lang];
      const page = await (await browser.newContext({ locale })).newPage();
      await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
      await page.locator('luca-contact-form button[type="submit"]').waitFor();

      await fillContactForm(page, {});
      expect(await errors(page)).toEqual({ firstName: messages.required, lastName: messages.required, street: messages.required, postcode: messages.required, city: messages.required, phone: messages.required, email: '' });
      expect(await focused(page)).toBe('firstName');

      // Spaces alone are not a name; the wrong shapes get their own explanation.
      await fillContactForm(page, { ...sampleContact, firstName: '   ', lastName: 'x'.repeat(81), postcode: '1', phone: '12 34', email: 'w.zabelthau@' });
      expect(await errors(page)).toEqual({ firstName: messages.required, lastName: messages.tooLong, street: '', postcode: messages.invalidPostcode, city: '', phone: messages.invalidPhone, email: messages.invalidEmail });
      expect(await focused(page)).toBe('firstName');

      // Nothing was kept while the form was invalid.
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('luca-contact-form button[type="submit"]').waitFor();
      expect(await page.locator('luca-contact-form input[name="firstName"]').inputValue()).toBe('');
      await page.context().close();
    });
  }

  it('keeps valid data on the device, without the optional e-mail, and lets the guest edit it', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
    const { email: _optional, ...withoutEmail } = sampleContact;
    await fillContactForm(page, { ...withoutEmail, firstName: '  Wilhelmine ' });
    await page.getByRole('button', { name: 'QR-Code scannen' }).waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Meine Daten' }).click();
    const field = (name: string) => page.locator(`luca-contact-form input[name="${name}"]`).inputValue();
    expect(await field('firstName')).toBe('Wilhelmine'); // trimmed before it was stored
    expect(await field('email')).toBe('');

    await fillContactForm(page, { phone: '+49 30 7654321' });
    await expect.poll(() => text(page, 'notice')).toContain('Gespeichert');
    await page.reload();
    await page.getByRole('button', { name: 'Meine Daten' }).click();
    expect(await field('phone')).toBe('+49 30 7654321');
    expect(await field('lastName')).toBe(sampleContact.lastName);
    await page.context().close();
  });
});
