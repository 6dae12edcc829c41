/**
 * Check in together, as the health office and the venue see it (issue 14): a parent checks in
 * with two children who have no phone of their own, and the index case with her sister (each
 * group one check-in, sealed and shared as the apps do it); the office sees the sister named on
 * the shared visit, the venue releases its guest list, and the office decrypts three contacts
 * from the family's one check-in, the children marked "Begleitung von …" and reached on the
 * parent's phone, plus the sister ("Begleitung des Indexfalls"), marks one child on its own, shows
 * one bar per group in the timeline, and exports one CSV row per person. The venue's overview
 * counts people, which only its browser can (a group's size is sealed to the venue's key).
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContactData } from '../protocol/contact.ts';
import type { Companion } from '../protocol/party.ts';
import { MINUTE_MS } from '../protocol/time.ts';
import type { VenueCard } from '../protocol/venue.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { healthMessages } from '../web/health/messages.ts';
import { parseCsv } from '../web/health/csv-export.ts';
import { seriousViolations } from './support/accessibility.ts';
import { guestVisit, shareHistoryByApi } from './support/actors.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { sampleContact, text } from './support/guest.ts';
import { joinDemoOffice } from './support/office.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
/** Screenshots of the screens this issue changed, 1280×800, for a person to look at. */
const SHOTS = process.env.LUCA_SCREENSHOT_DIR ?? '/tmp/shots-companions-office';
const DESK = { width: 1280, height: 800 };
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser.close();
});

const parent: ContactData = { ...sampleContact, firstName: 'Anna', lastName: 'Eltern', phone: '+49 30 5550123', email: undefined };
/** Children without a phone or an address of their own: reached and housed through their parent. */
const children: Companion[] = [
  { firstName: 'Mia', lastName: 'Eltern' },
  { firstName: '=cmd', lastName: 'Eltern' },
];

async function cardOf(venueId: string): Promise<VenueCard> {
  return ((await (await fetch(`${origin}/api/venues/${venueId}`)).json()) as { card: VenueCard }).card;
}

async function setLanguage(page: Page, lang: 'de' | 'en'): Promise<void> {
  await page.evaluate((value) => localStorage.setItem('luca-lang', value), lang);
  await page.reload();
}

describe('health office: a group check-in', () => {
  it('shows every person of the group as a contact with the relation and the parent’s phone, exports one row each, and the venue counts people', async () => {
    const world = await loadDemoWorld();

    // The venue: live, its key in the operator's browser.
    const venue = await (await browser.newContext({ locale: 'de-DE', viewport: DESK })).newPage();
    await addAuthenticator(venue);
    await signUpOperator(venue, origin, 'Kino Familie GmbH');
    await venue.goto(`${origin}/venue/#/`);
    const { kitPath, kit, passphrase } = await createVenueUpToKit(venue, { name: 'Kino Familie', postcode: '10117', areas: [] });
    await restoreKit(venue, kitPath, passphrase);
    await venue.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
    const card = await cardOf(kit.venueId);

    // The index case came with her sister; the family (a parent and two children) was there at the
    // same time. Each group is one check-in, sealed and shared as the apps do it.
    const now = Date.now();
    const index: ContactData = { ...sampleContact, firstName: 'Ida', lastName: 'Index', postcode: '10117', phone: '+49 30 5550999' };
    const indexVisit = await guestVisit(origin, world.root.publicKey, card.venueId, index, now - 10 * MINUTE_MS, now, [
      { firstName: 'Ina', lastName: 'Index' },
    ]);
    const family = await guestVisit(origin, world.root.publicKey, card.venueId, parent, now - 20 * MINUTE_MS, now, children);
    // The server holds one row per group.
    expect(query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${card.venueId}'`)[0]?.n).toBe(2);
    const tan = await shareHistoryByApi(origin, world.root.publicKey, card.officeId, [
      {
        checkInId: indexVisit.id,
        venueId: card.venueId,
        officeId: card.officeId,
        venueName: card.name,
        venueAddress: `${card.street}, ${card.postcode} ${card.city}`,
        arrivedAt: now - 10 * MINUTE_MS,
        departedAt: now,
        defaultStayMinutes: card.defaultStayMinutes,
        companions: ['Ina Index'],
      },
    ]);

    // The office takes the case and asks the venue.
    const office = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true, viewport: DESK })).newPage();
    const pageErrors: string[] = [];
    office.on('pageerror', (error) => pageErrors.push(error.message));
    await addAuthenticator(office);
    await joinDemoOffice(office, origin, persistTo, world, 'Dr. Gabi Gruppe');
    const de = healthMessages.de;
    await office.getByRole('link', { name: de.navNew }).click();
    await office.getByLabel(de.tan).fill(tan);
    await office.getByRole('button', { name: de.openHistory }).click();
    await office.getByRole('heading', { name: de.visitsTitle(1) }).waitFor();
    // The index case's visit names who came with her.
    expect(await text(office, 'visit-companions')).toBe('Mit dabei: Ina Index');
    await office.screenshot({ path: `${SHOTS}/office-intake-companions-de.png` });
    await setLanguage(office, 'en');
    await office.getByLabel(healthMessages.en.tan).fill(tan);
    await office.getByRole('button', { name: healthMessages.en.openHistory }).click();
    await expect.poll(() => text(office, 'visit-companions')).toBe('Came with: Ina Index');
    expect(await seriousViolations(office)).toEqual([]);
    await office.screenshot({ path: `${SHOTS}/office-intake-companions-en.png` });
    await setLanguage(office, 'de');
    await office.getByLabel(de.tan).fill(tan);
    await office.getByRole('button', { name: de.openHistory }).click();
    await office.getByRole('heading', { name: de.visitsTitle(1) }).waitFor();
    await office.getByLabel(de.reference).fill('GA-2026-1414');
    await office.getByRole('button', { name: de.sendRequests }).click();
    await office.waitForURL(/#\/case\//);

    // The venue approves in its app.
    await venue.goto(`${origin}/venue/#/requests`);
    const request = venue.locator('[data-request-id]').first();
    await expect.poll(async () => (await request.allTextContents()).join(' ')).toContain('Signatur geprüft: echt');
    await request.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
    await request.getByRole('button', { name: 'Ja, freigeben' }).click();
    await expect.poll(async () => (await request.locator('[data-testid="request-status"]').allTextContents())[0]).toMatch(/^Freigegeben/);

    // Three contacts from the one check-in: the parent, and each child marked and reached through the parent.
    await office.getByRole('button', { name: de.refresh }).click();
    const rows = office.locator('luca-case-view [data-testid="contact"]');
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);
    await office.getByRole('heading', { name: de.contactsInCheckIns(4, 2) }).waitFor();
    // The index case is no contact of her own; her sister, who came with her, is.
    const sister = office.locator(`luca-case-view [data-checkin-id="${indexVisit.id}"]`);
    expect(await sister.count()).toBe(1);
    expect(await sister.getAttribute('data-person')).toBe('1');
    expect((await sister.locator('[data-testid="relation"]').textContent())?.trim()).toBe('Begleitung des Indexfalls (Ida Index)');
    expect((await sister.locator('[data-testid="reachable-via"]').textContent())?.trim()).toBe('erreichbar über Ida Index');
    const person = (index: number) => office.locator(`luca-case-view [data-checkin-id="${family.id}"][data-person="${index}"]`);
    expect(await person(0).locator('th').textContent()).toContain('Anna Eltern');
    expect(await person(0).locator('[data-testid="relation"]').count()).toBe(0);
    for (const [index, child] of children.entries()) {
      const row = person(index + 1);
      expect(await row.locator('th').textContent()).toContain(`${child.firstName} ${child.lastName}`);
      expect((await row.locator('[data-testid="relation"]').textContent())?.trim()).toBe('Begleitung von Anna Eltern');
      expect((await row.locator('[data-testid="phone"] a').textContent())?.trim()).toBe('+49 30 5550123');
      expect((await row.locator('[data-testid="reachable-via"]').textContent())?.trim()).toBe('erreichbar über Anna Eltern');
      expect(await row.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+49305550123');
    }
    // One bar for the group: "+2", and a summary that counts people.
    const timeline = office.locator('luca-overlap-timeline');
    await expect
      .poll(() => timeline.locator('svg[role="img"]').getAttribute('aria-label'))
      .toBe('Zeitachse: 4 Kontaktpersonen in 2 Check-ins, 4 zeitgleich mit dem Indexfall anwesend');
    expect((await timeline.locator('text.label').allTextContents()).sort()).toEqual(['Anna Eltern +2', 'Ina Index']);
    expect(await seriousViolations(office)).toEqual([]);

    // Each person is marked on their own: one child reached, the parent still to call.
    await person(1).getByRole('combobox').selectOption('reached');
    await expect
      .poll(() =>
        query<{ person: number; status: string }>(persistTo, `SELECT person, status FROM case_contacts WHERE checkin_id = '${family.id}'`),
      )
      .toEqual([{ person: 1, status: 'reached' }]);
    await office.reload();
    await expect.poll(() => person(1).getByRole('combobox').inputValue()).toBe('reached');
    expect(await person(0).getByRole('combobox').inputValue()).toBe('to_call');
    await office.screenshot({ path: `${SHOTS}/office-companions-de.png`, fullPage: true });
    await setLanguage(office, 'en');
    // After a reload the keys are unlocked and the case decrypted again before the rows show.
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);
    expect((await person(2).locator('[data-testid="relation"]').textContent())?.trim()).toBe('Companion of Anna Eltern');
    expect(await seriousViolations(office)).toEqual([]);
    await office.screenshot({ path: `${SHOTS}/office-companions-en.png`, fullPage: true });
    await setLanguage(office, 'de');
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);

    // The export: one row per person, the relation and the parent's number, "=cmd" kept as text.
    const download = office.waitForEvent('download');
    await office.getByRole('button', { name: de.exportCsv }).click();
    const csvPath = join(mkdtempSync(join(tmpdir(), 'luca-export-')), (await download).suggestedFilename());
    await (await download).saveAs(csvPath);
    const [header, ...records] = parseCsv(readFileSync(csvPath, 'utf8'));
    const column = (name: string) => (header ?? []).indexOf(name);
    const byName = (first: string) => records.find((row) => row[column('Vorname')] === first);
    expect(records).toHaveLength(4);
    expect(
      ['Anna', 'Mia', "'=cmd", 'Ina'].map((first) => {
        const row = byName(first);
        return [
          row?.[column('Telefon')],
          row?.[column('Begleitung von')],
          row?.[column('Erreichbar über Telefon')],
          row?.[column('Status')],
        ];
      }),
    ).toEqual([
      ['030 5550123', '', '030 5550123', 'anzurufen'],
      ['', 'Anna Eltern', '030 5550123', 'erreicht'],
      ['', 'Anna Eltern', '030 5550123', 'anzurufen'],
      ['', 'Ida Index (Indexfall)', '030 5550999', 'anzurufen'],
    ]);

    // The venue's overview: people, counted in its browser (the index case and her sister, the family of three).
    await venue.goto(`${origin}/venue/#/venue/${card.venueId}`);
    // Counted once the day's outer layers are opened (until then the check-ins alone).
    const counted = venue.locator('[data-testid="day-count"][data-persons]').first();
    await counted.waitFor();
    expect((await counted.textContent())?.trim()).toBe('5 Personen in 2 Check-ins');
    expect(await counted.getAttribute('data-persons')).toBe('5');
    expect(await seriousViolations(venue)).toEqual([]);
    await venue.getByRole('heading', { name: 'Gäste pro Tag (nur Anzahlen)' }).evaluate((heading) => heading.scrollIntoView());
    await venue.screenshot({ path: `${SHOTS}/venue-people-de.png` });
    await setLanguage(venue, 'en');
    await counted.waitFor();
    expect((await counted.textContent())?.trim()).toBe('5 people in 2 check-ins');
    await venue.getByRole('heading', { name: 'Guests per day (counts only)' }).evaluate((heading) => heading.scrollIntoView());
    await venue.screenshot({ path: `${SHOTS}/venue-people-en.png` });
    expect(pageErrors).toEqual([]);
  });
});
