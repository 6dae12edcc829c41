/** Steps of the guest journey that browser tests and benchmarks share (Playwright waits only). */
import type { Frame, Page } from 'playwright-core';
import type { ContactData } from '../../protocol/contact.ts';

/**
 * Fills the given fields (others keep what they hold; the country select starts at Germany) and
 * submits the contact form of the guest app, the widget's frame or the saved-data popup.
 */
export async function fillContactForm(page: Page | Frame, contact: Partial<Record<keyof ContactData, string>>): Promise<void> {
  for (const [field, value] of Object.entries(contact)) {
    if (field === 'country') await page.locator('luca-contact-form select[name="country"]').selectOption(value);
    else await page.locator(`luca-contact-form input[name="${field}"]`).fill(value);
  }
  await page.locator('luca-contact-form button[type="submit"]').click();
}

/**
 * The values of a contact worth searching for where they must not appear (a host page, a
 * database file): not the country code or the house number, which are short enough to turn up
 * in any text by chance.
 */
export function identifyingValues(contact: Partial<ContactData>): string[] {
  const { country: _country, houseNumber: _houseNumber, ...rest } = contact;
  return Object.values(rest).filter((value): value is string => typeof value === 'string');
}

/** Opens the app fresh, enters the contact data and waits for the check-in screen (in the browser's language). */
export async function onboard(page: Page, origin: string, contact: ContactData, lang: 'de' | 'en' = 'de'): Promise<void> {
  // The app's readiness is its form, not the page's load event (the service worker and the
  // precache download may still be busy).
  await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
  await fillContactForm(page, contact);
  await page.getByRole('button', { name: lang === 'de' ? 'QR-Code scannen' : 'Scan QR code' }).waitFor();
}

/**
 * The text of a test id, or null if it is not on the page yet. Never waits: it is polled by
 * expect.poll, and a waiting call would hide which step failed behind the test's own timeout.
 */
export async function text(page: Page, testId: string): Promise<string | null> {
  const texts = await page.locator(`[data-testid="${testId}"]`).allTextContents();
  return texts[0] ?? null;
}

/** A contact as the app stores it: house number apart, country, phone in international form. */
export const sampleContact: ContactData = {
  firstName: 'Wilhelmine',
  lastName: 'Zabelthau',
  street: 'Kastanienallee',
  houseNumber: '77',
  postcode: '10435',
  city: 'Berlin',
  country: 'DE',
  phone: '+49 170 9988776',
  email: 'w.zabelthau@example.net',
};
