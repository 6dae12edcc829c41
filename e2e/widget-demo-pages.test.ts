/**
 * The widget's demo websites on a phone (issue "Real cases, real newcomers"): at 390x844 neither
 * the table booking page nor the cinema's ticket shop is wider than the screen, with the form
 * open too; a returned ticket is shown as returned.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fillContactForm, text } from './support/guest.ts';
import { widgetFrame } from './support/widget.ts';

const hostsOrigin = inject('hostsOrigin');
const persistTo = inject('persistTo');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** How far the page reaches beyond the screen's width (0: nothing to scroll sideways), and the widest element. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const widest = [...document.querySelectorAll('body *')].reduce<{ tag: string; right: number }>(
      (most, element) => {
        const right = element.getBoundingClientRect().right;
        return right > most.right ? { tag: `${element.tagName.toLowerCase()}#${element.id}`, right } : most;
      },
      { tag: '', right: 0 },
    );
    return { beyond: document.documentElement.scrollWidth - innerWidth, widest };
  });
}

describe('demo websites on a phone', () => {
  it('keeps the cinema’s ticket shop and the booking page within a 390 px screen, and shows a returned ticket as returned', async () => {
    const page = await (
      await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    ).newPage();
    await page.goto(`${hostsOrigin}/cinema.html`);
    await page.locator('#screening option').first().waitFor({ state: 'attached' });
    expect(await overflow(page)).toMatchObject({ beyond: 0 });
    expect((await overflow(page)).widest.right).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: 'Ticket kaufen' }).click();
    const frame = await widgetFrame(page);
    await frame.locator('luca-contact-form input[name="firstName"]').waitFor();
    expect(await overflow(page)).toMatchObject({ beyond: 0 });
    await fillContactForm(frame, {
      firstName: 'Kurt',
      lastName: 'Kinogänger',
      street: 'Saalweg 2',
      postcode: '10117',
      city: 'Berlin',
      phone: '+49 30 2233445',
    });
    await expect.poll(() => text(page, 'events'), { timeout: 20_000 }).toMatch(/^registered [A-Za-z0-9_-]{22}$/);
    const checkInId = (await text(page, 'events'))?.split(' ')[1] ?? '';
    expect(await text(page, 'ticket-state')).toBe('Ihr Ticket');
    await page.getByRole('button', { name: 'Ticket zurückgeben' }).click();
    await expect.poll(() => text(page, 'ticket-state')).toBe('Ticket zurückgegeben');
    expect(await text(page, 'events')).toBe(`cancelled ${checkInId}`);
    expect(await page.getByRole('button', { name: 'Ticket zurückgeben' }).isVisible()).toBe(false);
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE id = '${checkInId}'`)[0]?.n).toBe(0);

    await page.goto(`${hostsOrigin}/booking.html`);
    await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
    await (await widgetFrame(page)).locator('luca-contact-form input[name="firstName"]').waitFor();
    expect(await overflow(page)).toMatchObject({ beyond: 0 });
  });
});
