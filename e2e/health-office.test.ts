/**
 * The tracing journey across three browsers (issue 6): a guest visits two venues and shares the
 * history; the health office joins with a setup code (passkey), takes the case by TAN, asks both
 * venues; both venues approve in their app; the office sees the other guests who were there in
 * the window (not the ones outside it) with exact arrival times, the overlap timeline, exports a
 * CSV that LibreOffice shows as text, and finds its audit chain intact.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContactData } from '../protocol/contact.ts';
import { HOUR_MS, MINUTE_MS } from '../protocol/time.ts';
import { type VenueCard, pinnedPayloadOf, venueQrUrl } from '../protocol/venue.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { venueTime } from '../client/venue-time.ts';
import { seriousViolations } from './support/accessibility.ts';
import { guestVisit } from './support/actors.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { spreadsheetView } from './support/libreoffice.ts';
import { demoOfficeSetupCode } from './support/office.ts';
import { addAuthenticator, createVenueUpToKit, restoreKit, signUpOperator } from './support/venue.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

const guest = (firstName: string, lastName: string, phone: string): ContactData => ({ ...sampleContact, firstName, lastName, phone });

async function cardOf(venueId: string): Promise<VenueCard> {
  return ((await (await fetch(`${origin}/api/venues/${venueId}`)).json()) as { card: VenueCard }).card;
}

async function visitAndLeave(page: Page, card: VenueCard): Promise<void> {
  await page.goto(venueQrUrl(origin, await pinnedPayloadOf(card)));
  await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
  await expect.poll(() => text(page, 'stay-venue')).toBe(card.name);
  await page.getByRole('button', { name: 'Auschecken' }).click();
  await expect.poll(() => text(page, 'notice')).toContain('Ausgecheckt');
}

describe('health office', () => {
  it('takes a case by TAN, gets both venues’ approvals and sees exactly the overlapping guests, exports safely, with an intact audit chain', async () => {
    const world = await loadDemoWorld();

    // The venue operator: two venues of the demo office, keys restored from their kits.
    const venue = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await addAuthenticator(venue);
    await signUpOperator(venue, origin, 'Gastro Zwei GmbH');
    const venueIds: string[] = [];
    for (const name of ['Bar Eins', 'Kino Zwei']) {
      await venue.goto(`${origin}/venue/#/`);
      const { kitPath, kit, passphrase } = await createVenueUpToKit(venue, { name, postcode: '10117', areas: [] });
      await restoreKit(venue, kitPath, passphrase);
      await venue.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();
      venueIds.push(kit.venueId);
    }
    const [bar, kino] = await Promise.all(venueIds.map(cardOf));
    if (!bar || !kino) throw new Error('venues missing');

    // The index case: visits both venues with the guest app, then shares the history.
    const guestPage = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(guestPage, origin, { ...sampleContact, firstName: 'Ida', lastName: 'Index', postcode: '10117' });
    const visitStart = Date.now();
    await visitAndLeave(guestPage, bar);
    await visitAndLeave(guestPage, kino);

    // Other guests, checked in through the API as their phones would.
    const now = Date.now();
    const together = guest('=HYPERLINK("http://x","y")', 'Hyperlink', '+49 30 1111111');
    const plus = guest('Paula', '+1-2', '+49 30 2222222');
    const earlier = guest('Erik', 'Früher', '+49 30 3333333');
    const outside = guest('Otto', 'Außerhalb', '+49 30 4444444');
    const togetherVisit = await guestVisit(origin, world.root.publicKey, bar.venueId, together, visitStart - 20 * MINUTE_MS, now);
    const plusVisit = await guestVisit(origin, world.root.publicKey, kino.venueId, plus, visitStart - 10 * MINUTE_MS, now);
    await guestVisit(origin, world.root.publicKey, bar.venueId, earlier, visitStart - 25 * MINUTE_MS, visitStart - 15 * MINUTE_MS);
    await guestVisit(origin, world.root.publicKey, bar.venueId, outside, visitStart - 5 * HOUR_MS, visitStart - 4 * HOUR_MS);

    await guestPage.getByRole('button', { name: 'Teilen' }).click();
    await guestPage.getByRole('searchbox').fill('Demo');
    await guestPage.getByRole('button', { name: /2 Besuche mit/ }).click();
    await expect.poll(() => text(guestPage, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const tan = (await text(guestPage, 'tan')) ?? '';

    // The health office: joins with the setup code (a passkey, keys made in this browser).
    const office = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    const pageErrors: string[] = [];
    office.on('pageerror', (error) => pageErrors.push(error.message));
    office.on('console', (message) => {
      // The signed-out start asks who is signed in and is told 401; the browser logs that.
      if (message.type() === 'error' && !message.text().includes('status of 401')) pageErrors.push(message.text());
    });
    await addAuthenticator(office);
    await office.goto(`${origin}/health/`);
    expect(await seriousViolations(office)).toEqual([]);
    await office.getByLabel('Code (24 Zeichen)').fill((await demoOfficeSetupCode(persistTo, world)).toLowerCase());
    await office.getByLabel('Ihr Name, wie Betriebe ihn sehen').fill('Dr. Hanna Amt');
    await office.getByRole('button', { name: 'Passkey anlegen und beitreten' }).click();
    await office.getByRole('link', { name: 'Neuer Fall' }).click();

    // The case: the TAN as read out on the phone; both visits, default windows; requests out.
    await office.getByLabel('TAN (12 Zeichen, wie vorgelesen)').fill(tan.replace(/-/g, ' ').toLowerCase());
    await office.getByRole('button', { name: 'Besuchshistorie entschlüsseln' }).click();
    await office.getByRole('heading', { name: '2 Besuche in der geteilten Historie' }).waitFor();
    expect(await seriousViolations(office)).toEqual([]);
    // Every key the server served matched its signed record: no refusal (verified-keyring.ts) is shown.
    expect(await office.locator('p.error').allTextContents()).toEqual([]);
    await office.getByLabel('Aktenzeichen').fill('GA-2026-1107');
    await office.getByRole('button', { name: 'Fall anlegen und Anfragen senden' }).click();
    await office.waitForURL(/#\/case\//);
    const caseId = new URL(office.url()).hash.split('/')[2] ?? '';
    await expect
      .poll(async () => (await office.locator('luca-case-view [data-testid="request"]').allTextContents()).join(' | '))
      .toMatch(/Bar Eins.*wartet auf Freigabe.*Kino Zwei.*wartet auf Freigabe|Kino Zwei.*wartet.*Bar Eins.*wartet/s);
    const requests = query<{ id: string; venue_id: string }>(
      persistTo,
      `SELECT id, venue_id FROM data_requests WHERE case_id = '${caseId}'`,
    );
    expect(requests.map((row) => row.venue_id).sort()).toEqual([bar.venueId, kino.venueId].sort());

    // Both venues approve in their app (signatures verified there up to the root).
    await venue.goto(`${origin}/venue/#/requests`);
    for (const request of requests) {
      const card = venue.locator(`[data-request-id="${request.id}"]`);
      await expect.poll(async () => (await card.allTextContents()).join(' ')).toContain('Signatur geprüft: echt');
      expect(await card.textContent()).toContain('GA-2026-1107');
      await card.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
      // The venue app asks to confirm what leaves before it sends anything.
      await card.getByRole('button', { name: 'Ja, freigeben' }).click();
      await expect.poll(async () => (await card.locator('[data-testid="request-status"]').allTextContents())[0]).toMatch(/^Freigegeben/);
    }

    // The venue reads the audit entries about its venues: the office's request and its own answer, both signed.
    await venue.reload();
    for (const request of requests) {
      const trail = venue.locator(`[data-request-id="${request.id}"] [data-testid="request-trail"]`);
      await expect
        .poll(async () => (await trail.allTextContents()).join(' '))
        .toMatch(/Anfrage gesendet · Signatur geprüft.*Freigegeben · Signatur geprüft/s);
    }

    // The office sees the guests in the windows, decrypted in its browser, exact to the minute.
    await office.getByRole('button', { name: 'Aktualisieren' }).click();
    const rows = office.locator('luca-case-view [data-testid="contact"]');
    await expect.poll(() => rows.count()).toBe(3);
    const table = (await office.locator('luca-case-view [data-testid="contacts"]').textContent()) ?? '';
    expect(table).toContain('=HYPERLINK("http://x","y") Hyperlink');
    expect(table).toContain('Paula +1-2');
    expect(table).toContain('Erik Früher');
    expect(table).not.toContain('Außerhalb');
    expect(table).not.toContain('Ida Index');
    // On the venues' clock, naming the zone where this machine's clock differs (as the browser, on this machine, does).
    const minute = (ms: number) => venueTime(ms, 'de', 'dayTime');
    const rowOf = (checkInId: string) => office.locator(`luca-case-view [data-checkin-id="${checkInId}"]`);
    expect(await rowOf(togetherVisit.id).locator('[data-testid="arrived"]').textContent()).toBe(minute(visitStart - 20 * MINUTE_MS));
    expect(await rowOf(plusVisit.id).locator('[data-testid="arrived"]').textContent()).toBe(minute(visitStart - 10 * MINUTE_MS));
    // Together with the index case: the two who stayed; the one who left before: 0 minutes.
    expect(Number.parseInt((await rowOf(togetherVisit.id).locator('[data-testid="overlap"]').textContent()) ?? '', 10)).toBeGreaterThan(0);
    expect(await office.locator('luca-case-view tr', { hasText: 'Erik Früher' }).locator('[data-testid="overlap"]').textContent()).toBe(
      '0 min',
    );
    await expect.poll(() => office.locator('luca-overlap-timeline').count()).toBe(2);
    expect(await seriousViolations(office)).toEqual([]);
    await rowOf(plusVisit.id).getByRole('combobox').selectOption('reached');
    await expect
      .poll(() => query<{ status: string }>(persistTo, `SELECT status FROM case_contacts WHERE checkin_id = '${plusVisit.id}'`)[0]?.status)
      .toBe('reached');

    // Export: the CSV opens in LibreOffice with the names as text, not as formulas.
    const download = office.waitForEvent('download');
    await office.getByRole('button', { name: 'Export CSV' }).click();
    const csvPath = join(mkdtempSync(join(tmpdir(), 'luca-export-')), (await download).suggestedFilename());
    await (await download).saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).not.toContain('Außerhalb');
    const sheet = await spreadsheetView(csvPath);
    expect(sheet.formulas).toBe(0);
    const cells = sheet.text.flat();
    expect(cells.some((cell) => cell.includes('=HYPERLINK("http://x","y")'))).toBe(true);
    expect(cells.some((cell) => cell.includes('+1-2'))).toBe(true);

    // Closing the case, after saying what it means: no more requests for it.
    await office.getByRole('button', { name: 'Fall abschließen' }).click();
    const confirm = office.getByRole('dialog', { name: 'Fall abschließen?' });
    await confirm.getByText('GA-2026-1107').waitFor();
    expect(query<{ status: string }>(persistTo, `SELECT status FROM cases WHERE id = '${caseId}'`)[0]?.status).toBe('open');
    await confirm.getByRole('button', { name: 'Fall abschließen' }).click();
    await office.getByText('Dieser Fall ist abgeschlossen.').waitFor();
    expect(query<{ status: string }>(persistTo, `SELECT status FROM cases WHERE id = '${caseId}'`)[0]?.status).toBe('closed');

    // The audit chain: every step, each signed by its actor, the chain checked in the browser.
    await office.getByRole('link', { name: 'Protokoll' }).click();
    await expect.poll(async () => (await text(office, 'chain-status'))?.trim()).toMatch(/^Kette intakt: \d+ Einträge/);
    const kinds = query<{ kind: string }>(
      persistTo,
      `SELECT json_extract(entry, '$.kind') AS kind FROM audit_log WHERE case_id = '${caseId}' ORDER BY seq`,
    ).map((row) => row.kind);
    expect(kinds.slice(0, 4)).toEqual(['tan_redeemed', 'case_opened', 'request_sent', 'request_sent']);
    expect(kinds.filter((kind) => kind === 'request_approved')).toHaveLength(2);
    expect(kinds).toContain('results_decrypted');
    expect(kinds.slice(-2)).toEqual(['exported', 'case_closed']);
    // The browser signed the head it verified and posted it, for the office's other devices.
    const [head] = query<{ seq: number; top: number }>(
      persistTo,
      // This employee's head (the one who closed the case); other journeys' employees post heads of their own.
      `SELECT audit_heads.seq AS seq, (SELECT max(seq) FROM audit_log WHERE office_id = audit_heads.office_id) AS top FROM audit_heads
       WHERE employee_id = (SELECT json_extract(entry, '$.actor.id') FROM audit_log WHERE case_id = '${caseId}' AND json_extract(entry, '$.kind') = 'case_closed')`,
    );
    expect(head).toBeDefined();
    expect(head?.seq).toBe(head?.top);

    // The server swaps Bar Eins's signing key for Kino Zwei's: the card's keys no longer give Bar Eins's id, so it is
    // refused and named, and this device checks with the key it verified and pinned before (the chain stays intact).
    query(persistTo, `UPDATE venues SET card = json_set(card, '$.signingKey', '${kino.signingKey}') WHERE id = '${bar.venueId}'`);
    await office.getByRole('link', { name: 'Fälle' }).click();
    await office.getByRole('link', { name: 'Protokoll' }).click();
    await expect.poll(async () => (await text(office, 'venue-key-refused'))?.trim()).toContain('Bar Eins');
    expect((await text(office, 'chain-status'))?.trim()).toMatch(/^Kette intakt: \d+ Einträge/);
    query(persistTo, `UPDATE venues SET card = json_set(card, '$.signingKey', '${bar.signingKey}') WHERE id = '${bar.venueId}'`);
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
