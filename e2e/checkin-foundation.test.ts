/**
 * The first end-to-end check-in (issue 2): a guest with contact data opens the demo venue's QR
 * link in the PWA, confirms, and the check-in travels through the Worker into D1. The test then
 * plays venue and office: it decrypts the stored row with the demo keys and gets back exactly
 * the contact data, and finds none of it in a dump or the raw files of the database.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64Url } from '../protocol/bytes.ts';
import { openInnerLayer, openOuterLayer } from '../protocol/checkin.ts';
import type { ContactData } from '../protocol/contact.ts';
import { importPrivateJwk } from '../protocol/keys.ts';
import { venueQrUrl } from '../protocol/venue.ts';
import { loadDemoWorld } from '../scripts/demo-world.ts';
import { launchChromium } from './support/browser.ts';
import { dump, query, rawStateBytes } from './support/d1.ts';
import { onboard, text } from './support/guest.ts';

const origin = inject('origin');
const persistTo = inject('persistTo');

const contact: ContactData = {
  firstName: 'Wilhelmine',
  lastName: 'Zabelthau',
  street: 'Kastanienallee',
  houseNumber: '77',
  postcode: '10435',
  city: 'Berlin',
  country: 'DE',
  phone: '+49 170 9988776',
  email: 'w.zabelthau@example.net',
};

interface CheckInRow {
  id: string;
  venue_id: string;
  office_key_id: string;
  day: string;
  arrival_bucket: number;
  departure_bucket: number | null;
  ciphertext: string;
  checkout_hash: string;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe('first encrypted check-in, end to end', () => {
  it('stores only ciphertext that venue and office together decrypt to exactly the contact data', async () => {
    const world = await loadDemoWorld();
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') cspViolations.push(message.text());
    });

    await onboard(page, origin, contact);

    const countAtVenue = () =>
      query<{ n: number }>(persistTo, `SELECT COUNT(*) AS n FROM checkins WHERE venue_id = '${world.venue.card.venueId}'`)[0]?.n ?? 0;
    const before = countAtVenue();
    const earlier = new Set(
      query<{ id: string }>(persistTo, `SELECT id FROM checkins WHERE venue_id = '${world.venue.card.venueId}'`).map((entry) => entry.id),
    );
    await page.goto(venueQrUrl(origin, world.venue.qr));
    await expect.poll(() => text(page, 'venue-name')).toBe('Café Demo');
    // Nothing is sent before the guest confirms.
    expect(countAtVenue()).toBe(before);
    await page.getByRole('button', { name: 'Einchecken' }).click();
    await expect.poll(() => text(page, 'stay-venue')).toBe('Café Demo');
    await expect.poll(() => text(page, 'stay-status')).not.toContain('Noch nicht gesendet');

    const rows = query<CheckInRow>(
      persistTo,
      `SELECT * FROM checkins WHERE venue_id = '${world.venue.card.venueId}' ORDER BY arrival_bucket DESC`,
    );
    expect(rows).toHaveLength(before + 1);
    // This guest's row: other journeys check in at the demo venue too, maybe in the same 5-minute bucket.
    const row = rows.find((entry) => !earlier.has(entry.id));
    if (!row) throw new Error('no row');
    expect(Object.keys(row).sort()).toEqual([
      'arrival_bucket',
      'checkout_hash',
      'ciphertext',
      'day',
      'departure_bucket',
      'id',
      'office_key_id',
      'venue_id',
    ]);

    // The venue opens the outer layer, the office the inner layer: together they get the contact.
    const context = { id: row.id, venueId: row.venue_id, day: row.day, officeKeyId: row.office_key_id };
    const venueKey = await importPrivateJwk(world.venue.encryptionPrivateJwk, 'encryption');
    const outer = await openOuterLayer(venueKey, fromBase64Url(world.venue.card.encryptionKey), context, row.ciphertext);
    const daily = world.office.dailyKeys.find((entry) => entry.key.keyId === row.office_key_id);
    if (!daily) throw new Error(`check-in encrypted to an unknown office key ${row.office_key_id}`);
    expect(daily.key.day).toBe(row.day);
    const officeKey = await importPrivateJwk(daily.privateJwk, 'encryption');
    const inner = await openInnerLayer(officeKey, fromBase64Url(daily.key.publicKey), context, outer.inner);
    expect(inner.contact).toEqual(contact);
    expect(Math.abs(inner.arrivedAt - row.arrival_bucket)).toBeLessThan(5 * 60_000);

    // Checkout with the device's secret reaches the row.
    await page.getByRole('button', { name: 'Auschecken' }).click();
    await expect.poll(() => text(page, 'notice')).toContain('Ausgecheckt');
    const after = query<CheckInRow>(persistTo, `SELECT * FROM checkins WHERE id = '${row.id}'`)[0];
    expect(after?.departure_bucket).toBeGreaterThan(row.arrival_bucket);

    // No plaintext anywhere: not in a dump of every table, not in the raw database files.
    const sqlDump = dump(persistTo);
    expect(sqlDump).toContain(row.ciphertext.slice(0, 40));
    const raw = rawStateBytes(persistTo);
    // Positive control: the scan does see the database's contents (public data is stored in clear).
    expect(raw.includes(Buffer.from('Gesundheitsamt Demostadt'))).toBe(true);
    for (const value of [
      contact.firstName,
      contact.lastName,
      contact.street,
      contact.phone,
      contact.phone.replace(/\s/g, ''),
      contact.email ?? '',
    ]) {
      expect(sqlDump).not.toContain(value);
      expect(raw.includes(Buffer.from(value))).toBe(false);
    }
    expect(cspViolations.filter((text) => text.includes('Content Security Policy'))).toEqual([]);
  });
});
