/**
 * From the venue app to a working widget on the venue's website (issues 4 and 5): the operator
 * allows the website, copies the booking snippet, and the snippet pasted into a page of that
 * website registers a guest for the venue.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { fillContactForm, sampleContact, text } from './support/guest.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';
import { widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const hostsOrigin = inject('hostsOrigin');
const persistTo = inject('persistTo');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe('widget snippet from the venue app', () => {
  it('works when pasted into the allowed website', async () => {
    const operator = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await addAuthenticator(operator);
    await signUpOperator(operator, origin, 'Trattoria Snippet');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(operator, { name: 'Trattoria Snippet', postcode: '10115', areas: [] });
    await restoreKit(operator, kitPath, passphrase);
    await operator.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();

    await operator.getByLabel('Websites, die das Check-in-Widget einbinden dürfen').fill(`${hostsOrigin}/`);
    await operator.getByRole('button', { name: 'Speichern' }).click();
    await expect
      .poll(() => query<{ o: string }>(persistTo, `SELECT allowed_origins AS o FROM venues WHERE id = '${kit.venueId}'`)[0]?.o)
      .toBe(JSON.stringify([hostsOrigin]));
    await operator.getByLabel('Tischreservierung').check();
    const copied = await operator.locator('[data-testid="widget-snippet"]').inputValue();
    expect(copied).toContain(`${origin}/widget/luca-checkin.js`);
    // The agency's booking system fills in each booking's values where the snippet says so.
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(18, 30, 0, 0);
    const snippet = copied
      .replace('{{Beginn}}', start.toISOString())
      .replace('{{Ende}}', new Date(start.getTime() + 7_200_000).toISOString())
      .replace('{{Tisch}}', 'Tisch 7')
      .replace('{{Personen}}', '1')
      .replace('{{Buchungsnummer}}', 'TS-0815');
    // Every placeholder in an attribute was filled (the comment explaining them keeps its "{{…}}").
    expect(snippet).not.toMatch(/="\{\{/);

    // The restaurant pastes the snippet into its page (scripts in a parsed fragment do run).
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${hostsOrigin}/`);
    await page.evaluate((code) => {
      document.body.append(document.createRange().createContextualFragment(code));
      document.querySelector('luca-checkin')?.addEventListener('luca-checkin-registered', (event) => {
        const log = document.createElement('p');
        log.dataset.testid = 'registered';
        log.textContent = (event as CustomEvent<{ checkinId: string }>).detail.checkinId;
        document.body.append(log);
      });
    }, snippet);
    const frame = await widgetFrame(page);
    await frame.getByText('Kontaktdaten für Trattoria Snippet').waitFor();
    await fillContactForm(frame, sampleContact);
    await expect.poll(() => text(page, 'registered'), { timeout: 20_000 }).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const id = await text(page, 'registered');

    // Pasted twice (the same snippet again, or the loader from a second URL): still one working element.
    await page.evaluate(
      (code) =>
        document.body.append(document.createRange().createContextualFragment(code.replace('luca-checkin.js', 'luca-checkin.js?again'))),
      snippet,
    );
    await expect.poll(() => page.locator('luca-checkin iframe').count()).toBe(2);
    expect(pageErrors).toEqual([]);
    expect(query<{ v: string }>(persistTo, `SELECT venue_id AS v FROM checkins WHERE id = '${id}'`)[0]?.v).toBe(kit.venueId);
  });
});
