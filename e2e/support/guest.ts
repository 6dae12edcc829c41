/** Steps of the guest journey that several browser tests share. */
import type { Page } from 'playwright-core';
import type { ContactData } from '../../protocol/contact.ts';

export async function fillContactForm(page: Page, contact: ContactData): Promise<void> {
  for (const [field, value] of Object.entries(contact)) {
    await page.locator(`luca-contact-form input[name="${field}"]`).fill(value);
  }
  await page.locator('luca-contact-form button[type="submit"]').click();
}
