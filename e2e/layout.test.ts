/**
 * Every screen fits the device it is used on: the guest app on a 390x844 phone, the office app
 * on a 1280x800 screen, in German and English (English words are longer, German ones longer
 * still): no page scrolls sideways. (The kiosk's tablet sizes: e2e/venue-kiosk-mode.test.ts; the
 * demo websites on a phone: e2e/widget-demo-pages.test.ts.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { healthMessages } from '../web/health/messages.ts';
import { guestMessages } from '../web/guest/messages.ts';
import { launchChromium } from './support/browser.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { joinDemoOffice } from './support/office.ts';
import { addAuthenticator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** How far the page reaches beyond the viewport's width, in CSS pixels (0 when it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

describe.each(['de', 'en'] as const)('screens fit (%s)', (lang) => {
  it('guest app on a 390x844 phone', async () => {
    const m = guestMessages[lang];
    const page = await (
      await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-GB', viewport: { width: 390, height: 844 } })
    ).newPage();
    const screens: Record<string, number> = {};
    await page.goto(`${origin}/`);
    await page.locator('luca-contact-form').waitFor();
    screens.onboarding = await overflow(page);
    await onboard(page, origin, sampleContact, lang);
    screens.checkin = await overflow(page);
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await page.getByRole('button', { name: m.checkIn, exact: true }).waitFor();
    screens.confirm = await overflow(page);
    await page.getByRole('button', { name: m.checkIn, exact: true }).click();
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
    screens.stay = await overflow(page);
    const elements = { history: 'luca-visit-history', share: 'luca-share-history', people: 'luca-people', mydata: 'luca-my-data' };
    for (const [name, tab] of [
      ['history', m.navHistory],
      ['share', m.navShare],
      ['people', m.navPeople],
      ['mydata', m.navMyData],
    ] as const) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      await page.locator(elements[name]).waitFor();
      screens[name] = await overflow(page);
    }
    await page.getByRole('button', { name: m.navPeople, exact: true }).click();
    await page.getByRole('button', { name: m.peopleAdd }).click();
    await page.locator('luca-person-form').getByRole('checkbox').check();
    screens.person = await overflow(page);
    // The tab bar is fixed, so it never widens the page: each of its five tabs must lie inside the screen.
    const tabs = await page.locator('nav button').evaluateAll((buttons) =>
      buttons.map((button) => {
        const box = button.getBoundingClientRect();
        return box.left >= 0 && box.right <= window.innerWidth;
      }),
    );
    expect(tabs).toEqual([true, true, true, true, true]);
    expect(screens).toEqual({ onboarding: 0, checkin: 0, confirm: 0, stay: 0, history: 0, share: 0, people: 0, mydata: 0, person: 0 });
  });

  it('office app on a 1280x800 screen', async () => {
    const t = healthMessages[lang];
    const page = await (
      await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-GB', viewport: { width: 1280, height: 800 } })
    ).newPage();
    await addAuthenticator(page);
    await page.goto(`${origin}/health/`);
    const screens: Record<string, number> = { signedOut: await overflow(page) };
    await joinDemoOffice(page, origin, persistTo, world, 'Dr. Layout', lang);
    screens.cases = await overflow(page);
    await page.getByRole('link', { name: t.navNew }).click();
    await page.getByLabel(t.tan).waitFor();
    screens.intake = await overflow(page);
    await page.getByRole('button', { name: t.noAppStart }).click();
    await page.getByLabel(t.reference).fill('GA-LAYOUT-1');
    await page.getByLabel(t.noAppReason).fill('Person ohne App, telefonisch: Café Demo, gestern Abend.');
    await page.getByRole('button', { name: t.openCaseOnly, exact: true }).click();
    await page.waitForURL(/#\/case\//);
    await page.getByLabel(t.venueSearch).fill('Demo');
    await page.getByRole('button', { name: t.venueSearchButton }).click();
    await page.getByRole('button', { name: t.chooseVenue('Café Demo') }).waitFor();
    screens.case = await overflow(page);
    for (const [name, link] of [
      ['staff', t.navStaff],
      ['audit', t.navAudit],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.locator(name === 'staff' ? 'luca-office-staff' : 'luca-audit-log').waitFor();
      screens[name] = await overflow(page);
    }
    expect(screens).toEqual({ signedOut: 0, cases: 0, intake: 0, case: 0, staff: 0, audit: 0 });
  });
});
