/**
 * Tracing on histories real guests have, through the UI only: an index case still checked in,
 * holding a table booking for tomorrow and a booking the restaurant's website cancelled, shares
 * the history; the office opens the case and asks exactly about what has happened. And an index
 * case without the app: the office finds the venue they named by its name and asks for an
 * evening with a reason; the venue approves, the office sees who was there.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../protocol/time.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { toLocalInput } from '../web/health/format.ts';
import { seriousViolations } from './support/accessibility.ts';
import { guestVisit } from './support/actors.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { joinDemoOffice } from './support/office.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';
import { venueDate } from './support/venue-clock.ts';
import { widgetFrame } from './support/widget.ts';

const origin = inject('origin');
const hostsOrigin = inject('hostsOrigin');
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

/** Books a table on the demo café's page with the data saved in the app (its popup); `daysAhead` from today. */
async function bookWithSavedData(page: Page, daysAhead: number): Promise<string> {
  await page.goto(`${hostsOrigin}/booking.html`);
  await page.locator('#date').fill(venueDate(daysAhead));
  await page.locator('#time').fill('19:00');
  await page.getByRole('button', { name: 'Weiter zu den Kontaktdaten' }).click();
  const frame = await widgetFrame(page);
  const popupOpened = page.context().waitForEvent('page');
  await frame.getByRole('button', { name: 'Meine gespeicherten luca-Daten verwenden' }).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: 'Bestätigen und registrieren' }).click();
  await expect.poll(() => text(page, 'events'), { timeout: 20_000 }).toMatch(/^registered [A-Za-z0-9_-]{22} R-\d+$/);
  return (await text(page, 'events'))?.split(' ')[1] ?? '';
}

describe('tracing on realistic histories', () => {
  it('opens a case from a guest still checked in, with a booking for tomorrow and a cancelled one, and asks only about what happened', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const app = await context.newPage();
    await onboard(app, origin, { ...sampleContact, firstName: 'Ines', lastName: 'Index' });
    await app.goto(venueQrUrl(origin, world.venue.qr));
    await app.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(app, 'stay-venue')).toBe('Café Demo');

    const bookings = await context.newPage();
    const kept = await bookWithSavedData(bookings, 1);
    const cancelled = await bookWithSavedData(bookings, 2);
    // (Focus is still inside the widget's frame after the popup: scroll the page's own button into view first.)
    await bookings.locator('#cancel-booking').scrollIntoViewIfNeeded();
    await bookings.getByRole('button', { name: 'Reservierung stornieren' }).click();
    await expect.poll(() => text(bookings, 'events')).toBe(`cancelled ${cancelled}`);

    // The app forgets the cancelled booking; the kept one is marked as not begun yet.
    await app.reload();
    await app.getByRole('button', { name: 'Besuche', exact: true }).click();
    await expect.poll(async () => app.locator('[data-testid="history"] li').count()).toBe(2);
    expect(await app.locator('[data-testid="upcoming"]').count()).toBe(1);
    expect(
      await app.evaluate(
        async (ids) => {
          const request = indexedDB.open('luca-guest');
          const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
          const keys = await new Promise<IDBValidKey[]>((resolve) => {
            const all = db.transaction('stays').objectStore('stays').getAllKeys();
            all.onsuccess = () => resolve(all.result);
          });
          return ids.map((id) => keys.includes(id));
        },
        [kept, cancelled],
      ),
    ).toEqual([true, false]);
    // Back goes back one screen, not out of the app.
    await app.goBack();
    await expect.poll(() => text(app, 'stay-venue')).toBe('Café Demo');

    await app.getByRole('button', { name: 'Teilen', exact: true }).click();
    await app.getByRole('searchbox').fill('Demo');
    await app.getByRole('radio', { name: /Gesundheitsamt Demostadt/ }).check();
    await app.getByRole('button', { name: /^2 Besuche mit/ }).click();
    await expect.poll(() => text(app, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const tan = (await text(app, 'tan')) ?? '';
    // Switching screens while on the phone keeps the TAN.
    await app.getByRole('button', { name: 'Besuche', exact: true }).click();
    await app.getByRole('button', { name: 'Teilen', exact: true }).click();
    await expect.poll(() => text(app, 'tan')).toBe(tan);

    const office = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const problems: string[] = [];
    office.on('pageerror', (error) => problems.push(error.message));
    await addAuthenticator(office);
    await joinDemoOffice(office, origin, persistTo, world, 'Dr. Rita Realfall');
    await office.getByRole('link', { name: 'Neuer Fall' }).click();
    await office.getByLabel('TAN (12 Zeichen, wie vorgelesen)').fill(tan);
    await office.getByRole('button', { name: 'Besuchshistorie entschlüsseln' }).click();
    await office.getByRole('heading', { name: '2 Besuche in der geteilten Historie' }).waitFor();
    const visits = office.locator('luca-case-intake [data-testid="visit"]');
    expect(await visits.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state')))).toEqual(['ongoing', 'upcoming']);
    const upcoming = visits.nth(1);
    expect(await upcoming.textContent()).toContain('Noch nicht stattgefunden');
    expect(await upcoming.getByRole('checkbox').count()).toBe(0);
    expect(await seriousViolations(office)).toEqual([]);

    await office.getByLabel('Aktenzeichen').fill('GA-2026-3011');
    await office.getByRole('button', { name: 'Fall anlegen und Anfragen senden' }).click();
    await office.waitForURL(/#\/case\//);
    const caseId = new URL(office.url()).hash.split('/')[2] ?? '';
    await expect
      .poll(async () => (await office.locator('luca-case-view [data-testid="request"]').allTextContents()).join(' | '))
      .toMatch(/^\s*Café Demo.*wartet auf Freigabe\s*$/s);
    const stored = query<{ request: string }>(persistTo, `SELECT request FROM data_requests WHERE case_id = '${caseId}'`);
    expect(stored).toHaveLength(1);
    const request = JSON.parse(stored[0]?.request ?? '{}') as { venueId: string; from: number; to: number };
    expect(request.venueId).toBe(world.venue.card.venueId);
    // The open stay counts until now (a stay begun minutes ago: its first five minutes), and nothing later.
    expect(request.to).toBeLessThanOrEqual(Date.now() + 5 * MINUTE_MS);
    expect(Math.abs(Date.now() - request.to)).toBeLessThan(6 * MINUTE_MS);
    const visitsOfCase = query<{ visits: string }>(persistTo, `SELECT visits FROM cases WHERE id = '${caseId}'`)[0]?.visits ?? '[]';
    expect((JSON.parse(visitsOfCase) as unknown[]).length).toBe(1);
    expect(problems).toEqual([]);
  });

  it('opens a case for an index case without the app, finds the venue by name, and the venue’s guests reach the office', async () => {
    const venue = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await addAuthenticator(venue);
    await signUpOperator(venue, origin, 'Kiezbar GmbH');
    // A name of its own per run: a retried run finds only its own venue.
    const name = `Kiezbar Mondschein ${Date.now() % 100_000}`;
    const { kitPath, kit, passphrase } = await createVenueUpToKit(venue, { name, postcode: '10119', areas: [] });
    await restoreKit(venue, kitPath, passphrase);
    await venue.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();

    // The evening before, as the index case tells it (within the days the demo office has keys for): one guest overlapped, one left before.
    const evening = Date.now() - 20 * HOUR_MS;
    await guestVisit(
      origin,
      world.root.publicKey,
      kit.venueId,
      { ...sampleContact, firstName: 'Tilda', lastName: 'Tresen' },
      evening + 30 * MINUTE_MS,
      evening + 2 * HOUR_MS,
    );
    await guestVisit(
      origin,
      world.root.publicKey,
      kit.venueId,
      { ...sampleContact, firstName: 'Bruno', lastName: 'Barhocker' },
      evening - 2 * HOUR_MS,
      evening - HOUR_MS - 30 * MINUTE_MS,
    );

    const office = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await addAuthenticator(office);
    await joinDemoOffice(office, origin, persistTo, world, 'Dr. Otto Ohneapp');
    await office.getByRole('link', { name: 'Neuer Fall' }).click();
    await office.getByRole('button', { name: 'Fall ohne App anlegen' }).click();
    const reference = `GA-2026-OHNE-${Date.now() % 100_000}`;
    await office.getByLabel('Aktenzeichen').fill(reference);
    // Too short a reason is explained next to its field; nothing is stored.
    await office.getByLabel('Warum ohne App?', { exact: false }).fill('Telefon');
    await office.getByRole('button', { name: 'Fall anlegen', exact: true }).click();
    await office.getByText('mindestens 20 Zeichen').waitFor();
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM cases WHERE reference = '${reference}'`)[0]?.n).toBe(0);
    await office.getByLabel('Warum ohne App?', { exact: false }).fill('Person ohne App, telefonisch: Kiezbar Mondschein, gestern Abend.');
    await office.getByRole('button', { name: 'Fall anlegen', exact: true }).click();
    await office.waitForURL(/#\/case\//);
    const caseId = new URL(office.url()).hash.split('/')[2] ?? '';

    await office.getByLabel('Betrieb suchen (Name, Straße oder Postleitzahl)').fill('mondschein');
    await office.getByRole('button', { name: 'Suchen' }).click();
    await office.getByRole('button', { name: `${name} wählen` }).click();
    await office.locator('luca-other-request input[name="from"]').fill(toLocalInput(evening));
    await office.locator('luca-other-request input[name="to"]').fill(toLocalInput(evening + 3 * HOUR_MS));
    await office
      .getByLabel('Begründung für den Betrieb (mindestens 20 Zeichen)')
      .fill('Die positiv getestete Person war gestern Abend bei Ihnen (ohne App).');
    await office.getByRole('button', { name: 'Anfrage senden' }).click();
    await office.getByText(`Anfrage an ${name} gesendet.`).waitFor();
    expect(await seriousViolations(office)).toEqual([]);
    const [request] = query<{ id: string; request: string }>(
      persistTo,
      `SELECT id, request FROM data_requests WHERE case_id = '${caseId}'`,
    );
    expect(JSON.parse(request?.request ?? '{}')).toMatchObject({
      basis: 'other',
      venueId: kit.venueId,
      from: Math.floor(evening / MINUTE_MS) * MINUTE_MS,
    });

    await venue.goto(`${origin}/venue/#/requests`);
    const card = venue.locator(`[data-request-id="${request?.id}"]`);
    await expect.poll(async () => (await card.allTextContents()).join(' ')).toContain('ohne App');
    await card.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
    await card.getByRole('button', { name: 'Ja, freigeben' }).click();
    await expect.poll(async () => (await card.locator('[data-testid="request-status"]').allTextContents())[0]).toMatch(/^Freigegeben/);

    await office.getByRole('button', { name: 'Aktualisieren' }).click();
    const rows = office.locator('luca-case-view [data-testid="contact"]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Tilda Tresen');
    await expect.poll(() => office.locator('luca-overlap-timeline').count()).toBe(1);
  });
});
