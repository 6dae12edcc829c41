/**
 * Sharing the history by TAN (issue 3, trust model 5): the guest shares, the test then acts as
 * the health office: it redeems the TAN and decrypts exactly the guest's visits with the demo
 * office key. Wrong, mistyped and expired TANs are refused, and guessing is cut off.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { openHistory } from '../protocol/history.ts';
import { importPrivateJwk } from '../protocol/keys.ts';
import { generateTan, parseTan } from '../protocol/tan.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
import { onboard, sampleContact, text } from './support/guest.ts';
import { type ApiStaff, officeStaffByApi, redemptionBody } from './support/office.ts';
import { officeFetch } from './support/office-origin.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');
const officeOrigin = inject('officeOrigin');
let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  world = await loadDemoWorld();
  browser = await launchChromium();
  staff = await officeStaffByApi(persistTo, world.office.certificate.officeId);
});
afterAll(async () => {
  await browser.close();
});

let staff: ApiStaff;

/** The office redeems as a signed-in employee (the office app's own journey is in health-office.test.ts). */
async function redeem(tan: string, ip = '192.0.2.10') {
  return officeFetch(officeOrigin, '/api/transfers/redeem', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, origin: officeOrigin, cookie: staff.cookie },
    body: JSON.stringify(await redemptionBody(staff, tan)),
  });
}

async function visitAndLeave(page: Page): Promise<void> {
  await page.goto(venueQrUrl(origin, { ...world.venue.qr, areaId: 't1' }));
  await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
  await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
  await page.getByRole('button', { name: 'Auschecken' }).click();
  await expect.poll(() => text(page, 'notice')).toContain('Ausgecheckt');
}

describe('sharing the history with a health office', () => {
  it('gives the office a TAN that opens exactly the guest’s visits, and refuses wrong, expired and guessed TANs', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(page, origin, { ...sampleContact, postcode: '10115' });
    await visitAndLeave(page);
    await visitAndLeave(page);
    const stays = await page.evaluate(
      () =>
        new Promise<{ id: string; arrivedAt: number; departedAt?: number }[]>((resolve, reject) => {
          const request = indexedDB.open('luca-guest');
          request.onsuccess = () => {
            const all = request.result.transaction('stays').objectStore('stays').getAll();
            all.onsuccess = () => resolve(all.result as { id: string; arrivedAt: number; departedAt?: number }[]);
          };
          request.onerror = () => reject(request.error ?? new Error('opening the database failed'));
        }),
    );

    await page.getByRole('button', { name: 'Teilen' }).click();
    // The office serving the guest's postcode is offered first and chosen.
    await page.getByRole('searchbox').fill('Demo');
    await expect.poll(() => page.getByRole('radio', { name: /Gesundheitsamt Demostadt/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '2 Besuche mit „Gesundheitsamt Demostadt“ teilen' }).click();
    await expect.poll(() => text(page, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const tan = (await text(page, 'tan')) ?? '';
    expect(await page.getByText(/Gültig bis/).count()).toBe(1);

    // The server holds only ciphertext and the hash of the TAN's lookup part.
    const stored = JSON.stringify(query(persistTo, 'SELECT * FROM transfers'));
    expect(stored).not.toContain(tan.replace(/-/g, '').slice(0, 6));
    expect(stored).not.toContain('Café Demo');

    // The office: redeem the TAN as read out on the phone, decrypt with its daily key.
    const response = await redeem(tan.toLowerCase());
    expect(response.status).toBe(200);
    const transfer = (await response.json()) as { officeKeyId: string; ciphertext: string };
    const daily = world.office.dailyKeys.find((entry) => entry.key.keyId === transfer.officeKeyId);
    if (!daily) throw new Error('history sealed to an unknown key');
    const history = await openHistory(
      await importPrivateJwk(daily.privateJwk, 'encryption'),
      fromBase64Url(daily.key.publicKey),
      { officeId: world.office.certificate.officeId, officeKeyId: transfer.officeKeyId, tan: tan.replace(/-/g, '') },
      transfer.ciphertext,
    );
    expect(history.visits.map((visit) => visit.checkInId).sort()).toEqual(stays.map((stay) => stay.id).sort());
    for (const visit of history.visits) {
      expect(visit).toMatchObject({
        venueName: 'Café Demo',
        areaName: 'Tisch 1',
        venueId: world.venue.card.venueId,
        officeId: world.office.certificate.officeId,
      });
      expect(visit.departedAt).toBeGreaterThanOrEqual(visit.arrivedAt);
    }

    // A wrong TAN is refused with a code the office app can explain; a mistyped one is caught by
    // its check character before anything is sent, and the server refuses a whole TAN outright.
    expect((await redeem(generateTan())).status).toBe(404);
    const typo = tan.replace(/-/g, '').slice(0, 11) + (tan.endsWith('0') ? '1' : '0');
    expect(() => parseTan(typo)).toThrow('typo');
    const whole = await officeFetch(officeOrigin, '/api/transfers/redeem', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.11', origin: officeOrigin, cookie: staff.cookie },
      body: JSON.stringify({ ...(await redemptionBody(staff, tan)), lookup: tan.replace(/-/g, '') }),
    });
    expect(whole.status).toBe(400);

    // Expired: the TAN's time has passed (moved back in the database, as 24 hours would).
    query(persistTo, `UPDATE transfers SET expires_at = ${Date.now() - 1000}`);
    const expired = await redeem(tan);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: { code: 'tan_expired' } });

    // Guessing: an employee who keeps trying is cut off (from any address: the budget is the
    // account's), and told when to try again.
    const responses: Response[] = [];
    while (responses.length < 40 && responses.at(-1)?.status !== 429)
      responses.push(await redeem(generateTan(), `192.0.2.${100 + responses.length}`));
    expect(responses.at(-1)?.status).toBe(429);
    expect(Number(responses.at(-1)?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(responses.length).toBeLessThanOrEqual(21); // at most two windows' budget of 10
  });
});
