/**
 * The server plays false with a shared history (trust model 5): when the office redeems the TAN a
 * guest read out, the server answers with a history of its own making, sealed to the office's
 * public daily key under everything it was told. The office's browser refuses to open it, says so
 * in the employee's language, and nothing of it reaches a case; the honest answer still opens
 * afterwards. The server was told only the TAN's lookup part.
 */
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import type { DailyKey } from '../protocol/hierarchy.ts';
import { type Visit, sealHistory } from '../protocol/history.ts';
import { newId } from '../protocol/ids.ts';
import { generateTanSecret } from '../protocol/tan.ts';
import { HOUR_MS } from '../protocol/time.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { type DemoWorld, loadDemoWorld } from '../scripts/demo-world.ts';
import { fetchFromOfficeOrigin } from './support/office-origin.ts';
import { healthMessages } from '../web/health/messages.ts';
import { launchChromium } from './support/browser.ts';
import { query } from './support/d1.ts';
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

interface Redemption {
  officeId: string;
  officeKeyId: string;
  ciphertext: string;
  createdAt: number;
  expiresAt: number;
}

/** What the server knows: the office's published daily key (public) for `keyId`. */
function publishedKey(keyId: string): DailyKey {
  const row = query<{ record: string }>(persistTo, `SELECT record FROM office_daily_keys WHERE key_id = '${keyId}'`)[0];
  if (!row) throw new Error(`no daily key ${keyId}`);
  return JSON.parse(row.record) as DailyKey;
}

describe('a server answering a TAN with a history it made', () => {
  it('is refused in the office’s browser, which told the server only the lookup part', async () => {
    const guest = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await onboard(guest, origin, { ...sampleContact, firstName: 'Ines', lastName: 'Index' });
    await guest.goto(venueQrUrl(origin, world.venue.qr));
    await guest.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await expect.poll(() => text(guest, 'stay-venue')).toBe('Café Demo');
    await guest.getByRole('button', { name: 'Teilen', exact: true }).click();
    await guest.getByRole('searchbox').fill('Demo');
    await guest.getByRole('radio', { name: /Gesundheitsamt Demostadt/ }).check();
    await guest.getByRole('button', { name: /^1 Besuch mit/ }).click();
    await expect.poll(() => text(guest, 'tan')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const tan = (await text(guest, 'tan'))?.replace(/-/g, '') ?? '';

    const office = await (await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } })).newPage();
    await addAuthenticator(office);
    await joinDemoOffice(office, origin, persistTo, world, 'Dr. Frieda Fälschung');

    // The dishonest server: it passes the request on, then swaps the history for its own, sealed
    // to the office's real daily key under a guessed secret part (it drew the lookup itself, and
    // never saw the secret the guest's device drew).
    const sent: string[] = [];
    const dishonest = async (route: Route) => {
      const body = route.request().postData() ?? '';
      sent.push(body);
      const honest = await fetchFromOfficeOrigin(route);
      const answer = (await honest.json()) as Redemption;
      const key = publishedKey(answer.officeKeyId);
      let guessed = generateTanSecret();
      while (guessed === tan.slice(6, 11)) guessed = generateTanSecret();
      const madeUp: Visit[] = [
        {
          checkInId: newId(),
          venueId: newId(),
          officeId: key.officeId,
          venueName: 'Erfundene Bar',
          venueAddress: 'Nirgendwo 1, 10115 Berlin',
          arrivedAt: Date.now() - 30 * HOUR_MS,
          departedAt: Date.now() - 28 * HOUR_MS,
        },
      ];
      const ciphertext = await sealHistory(
        { officeId: key.officeId, day: key.day, keyId: key.keyId, publicKey: fromBase64Url(key.publicKey) },
        guessed,
        madeUp,
        Date.now(),
      );
      await route.fulfill({ response: honest, json: { ...answer, ciphertext } });
    };
    await office.route('**/api/transfers/redeem', dishonest);

    const t = healthMessages.de;
    await office.getByRole('link', { name: t.navNew }).click();
    await office.getByLabel('TAN (12 Zeichen, wie vorgelesen)').fill(tan);
    await office.getByRole('button', { name: 'Besuchshistorie entschlüsseln' }).click();
    await expect.poll(async () => (await office.getByRole('alert').allTextContents()).join(' ')).toContain(t.historyNotOpened);
    const shots = process.env.LUCA_SCREENSHOT_DIR;
    if (shots) await office.screenshot({ path: `${shots}/office-history-forged-de.png` });
    expect(await office.getByText('Erfundene Bar').count()).toBe(0);
    expect(await office.getByRole('heading', { name: /in der geteilten Historie/ }).count()).toBe(0);

    // The server was told the lookup (the first six symbols) and nothing else of the TAN.
    expect(sent).toHaveLength(1);
    const request = JSON.parse(sent[0] ?? '{}') as Record<string, unknown>;
    expect(request.lookup).toBe(tan.slice(0, 6));
    expect(sent[0]).not.toContain(tan.slice(6));
    expect(Object.keys(request).sort()).toEqual(['audit', 'caseId', 'lookup']);

    // With an honest server the same TAN opens the guest's visit: the forged answer spent nothing.
    await office.unroute('**/api/transfers/redeem', dishonest);
    await office.getByRole('button', { name: 'Besuchshistorie entschlüsseln' }).click();
    await office.getByRole('heading', { name: '1 Besuch in der geteilten Historie' }).waitFor();
    expect(await office.locator('luca-case-intake [data-testid="visit"]').allTextContents()).toEqual([
      expect.stringContaining('Café Demo'),
    ]);
  });
});
