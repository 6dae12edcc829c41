/**
 * A health-office request reaches the venue (issue 4, trust model 2 and 6): the operator sees it
 * with its verified signature, approves, and exactly the check-ins inside the window leave, as
 * inner layers only, which the office's key opens; a check-in outside the window stays
 * untouched. Another request is declined with a reason; a forged one is marked as such.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { openInnerLayer } from '../protocol/checkin.ts';
import { importPrivateJwk } from '../protocol/keys.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../protocol/time.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import {
  guestVisit,
  officeRequest,
  putRevocationState,
  storeRequest,
  storeRevocationState,
  storedRevocationState,
} from './support/actors.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { sampleContact, text } from './support/guest.ts';
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

describe('health-office requests at the venue', () => {
  it('releases exactly the in-window check-ins as inner layers, declines with a reason, flags forgeries', async () => {
    const world = await loadDemoWorld();
    const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await addAuthenticator(page);
    await signUpOperator(page, origin, 'Bar Tresen');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(page, { name: 'Bar Tresen', postcode: '10119', areas: [] });
    await restoreKit(page, kitPath, passphrase);
    await page.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();

    const now = Date.now();
    const inside = { ...sampleContact, firstName: 'Ines', lastName: 'Innerhalb' };
    const outside = { ...sampleContact, firstName: 'Otto', lastName: 'Außerhalb' };
    const insideVisit = await guestVisit(origin, world.root.publicKey, kit.venueId, inside, now - 2 * HOUR_MS, now - 90 * MINUTE_MS);
    const outsideVisit = await guestVisit(origin, world.root.publicKey, kit.venueId, outside, now - 8 * HOUR_MS, now - 7 * HOUR_MS);
    const window = { from: now - 3 * HOUR_MS, to: now - HOUR_MS };
    const request = await officeRequest(world, kit.venueId, window);
    storeRequest(persistTo, request);

    await page.goto(`${origin}/venue/#/`);
    await expect.poll(() => text(page, 'inbox-link')).toContain('1 offen');
    await page.locator('[data-testid="inbox-link"]').click();
    const card = page.locator(`[data-request-id="${request.requestId}"]`);
    await expect.poll(async () => (await card.allTextContents()).join(' ')).toContain('Signatur geprüft: echt');
    for (const shown of ['Gesundheitsamt Demostadt', 'Dr. Anna Weber', 'GA-2026-4711', 'Bar Tresen', 'Index case was a guest'])
      expect(await card.textContent()).toContain(shown);
    await card.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).click();
    // Nothing leaves before the operator confirmed what: the count, venue, window and office.
    const summary = card.locator('[data-testid="release-summary"]');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/^1 Check-in von „Bar Tresen“ im Zeitraum .+ an Gesundheitsamt Demostadt freigeben\?$/);
    expect(
      query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM released_checkins WHERE request_id = '${request.requestId}'`)[0]?.n,
    ).toBe(0);
    await card.getByRole('button', { name: 'Ja, freigeben' }).click();
    await expect
      .poll(async () => (await card.locator('[data-testid="request-status"]').allTextContents())[0])
      .toBe('Freigegeben: 1 Check-in');

    const released = query<{ checkin_id: string; inner: string; day: string; office_key_id: string }>(
      persistTo,
      `SELECT * FROM released_checkins WHERE request_id = '${request.requestId}'`,
    );
    expect(released.map((row) => row.checkin_id)).toEqual([insideVisit.id]);
    const row = released[0];
    const daily = world.office.dailyKeys.find((entry) => entry.key.keyId === row?.office_key_id);
    if (!row || !daily) throw new Error('nothing released');
    const opened = await openInnerLayer(
      await importPrivateJwk(daily.privateJwk, 'encryption'),
      fromBase64Url(daily.key.publicKey),
      { id: row.checkin_id, venueId: kit.venueId, day: row.day, officeKeyId: row.office_key_id },
      row.inner,
    );
    expect(opened.contact).toEqual(inside);
    // The check-in outside the window is still only the venue's outer ciphertext on the server.
    expect(
      query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM released_checkins WHERE checkin_id = '${outsideVisit.id}'`)[0]?.n,
    ).toBe(0);

    // A second request is declined with a reason; a forged one is flagged and cannot be approved.
    const second = await officeRequest(world, kit.venueId, window, { caseReference: 'GA-2026-4712' });
    const forged = await officeRequest(world, kit.venueId, window, { forged: true, caseReference: 'GA-FAKE' });
    storeRequest(persistTo, second);
    storeRequest(persistTo, forged);
    await page.reload();
    const secondCard = page.locator(`[data-request-id="${second.requestId}"]`);
    await secondCard.getByLabel('Grund der Ablehnung').fill('Wir hatten an diesem Abend geschlossen.');
    await secondCard.getByRole('button', { name: 'Ablehnen' }).click();
    await expect
      .poll(async () => (await secondCard.locator('[data-testid="request-status"]').allTextContents())[0])
      .toBe('Abgelehnt: Wir hatten an diesem Abend geschlossen.');
    expect(
      query<{ status: string; decline_reason: string }>(
        persistTo,
        `SELECT status, decline_reason FROM data_requests WHERE id = '${second.requestId}'`,
      )[0],
    ).toEqual({
      status: 'declined',
      decline_reason: 'Wir hatten an diesem Abend geschlossen.',
    });
    const forgedCard = page.locator(`[data-request-id="${forged.requestId}"]`);
    expect(await forgedCard.textContent()).toContain('Signatur NICHT gültig');
    expect(await forgedCard.getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).count()).toBe(0);
  });

  it('refuses a removed employee’s request, a revocation state the server rolled back, and one gone stale (trust model 18)', async () => {
    const world = await loadDemoWorld();
    const officeId = world.office.certificate.officeId;
    const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await addAuthenticator(page);
    await signUpOperator(page, origin, 'Kneipe Eck');
    const { kitPath, kit, passphrase } = await createVenueUpToKit(page, { name: 'Kneipe Eck', postcode: '10119', areas: [] });
    await restoreKit(page, kitPath, passphrase);
    await page.locator('[data-testid="venue-status"]').getByText('Aktiv').waitFor();

    const now = Date.now();
    const window = { from: now - 3 * HOUR_MS, to: now - HOUR_MS };
    // Both employees' certificates are valid for weeks; one of them is then removed by the office.
    const removed = await officeRequest(world, kit.venueId, window, { caseReference: 'GA-ENTFERNT' });
    const active = await officeRequest(world, kit.venueId, window, { caseReference: 'GA-AKTIV' });
    storeRequest(persistTo, removed);
    storeRequest(persistTo, active);
    const before = storedRevocationState(persistTo, officeId);
    if (!before) throw new Error('the seed stores the demo office’s revocation state');
    await storeRevocationState(persistTo, world, {
      serial: before.serial + 1,
      issuedAt: now,
      revokedSigningKeys: [removed.employee.signingKey],
    });

    const cardText = async (requestId: string) => (await page.locator(`[data-request-id="${requestId}"]`).allTextContents()).join(' ');
    const approvable = (requestId: string) =>
      page.locator(`[data-request-id="${requestId}"]`).getByRole('button', { name: 'Gästeliste für diesen Zeitraum freigeben' }).count();
    await page.goto(`${origin}/venue/#/requests`);
    await expect.poll(() => cardText(active.requestId)).toContain('Signatur geprüft: echt');
    await expect.poll(() => cardText(removed.requestId)).toContain('Die Person wurde vom Gesundheitsamt entfernt');
    expect(await cardText(removed.requestId)).toContain('Signatur NICHT gültig');
    expect(await approvable(removed.requestId)).toBe(0);
    expect(await approvable(active.requestId)).toBe(1);

    // The dishonest server serves the state from before the removal again: this device has seen a newer one.
    putRevocationState(persistTo, before);
    await page.reload();
    await expect.poll(() => cardText(removed.requestId)).toContain('ältere Sperrliste');
    expect(await cardText(active.requestId)).toContain('ältere Sperrliste');
    expect(await approvable(removed.requestId)).toBe(0);
    expect(await approvable(active.requestId)).toBe(0);

    // A state the office signed more than a week ago clears nobody: fail closed, also for the active employee.
    await storeRevocationState(persistTo, world, {
      serial: before.serial + 2,
      issuedAt: now - 8 * DAY_MS,
      revokedSigningKeys: [removed.employee.signingKey],
    });
    await page.reload();
    await expect.poll(() => cardText(active.requestId)).toContain('nicht aktuell');
    expect(await approvable(active.requestId)).toBe(0);

    // The office signs a fresh state: the active employee's request can be answered, the removed one's cannot.
    await storeRevocationState(persistTo, world, {
      serial: before.serial + 3,
      issuedAt: Date.now(),
      revokedSigningKeys: [removed.employee.signingKey],
    });
    await page.reload();
    await expect.poll(() => cardText(active.requestId)).toContain('Signatur geprüft: echt');
    expect(await approvable(active.requestId)).toBe(1);
    expect(await approvable(removed.requestId)).toBe(0);
  });
});
