import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from './bytes.ts';
import { checkoutHashOf, openInnerLayer, openOuterLayer, sealCheckIn } from './checkin.ts';
import type { ContactData } from './contact.ts';
import { verifiedKeyForDay } from './hierarchy.ts';
import { importPrivateJwk } from './keys.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from './provisioning.ts';
import { addDays, dayOf } from './time.ts';

const now = Date.parse('2026-11-23T18:42:17.123Z');
const today = dayOf(now);
const contact: ContactData = {
  firstName: 'Erika',
  lastName: 'Mustermann',
  street: 'Heidestraße 17',
  postcode: '51147',
  city: 'Köln',
  phone: '+49 221 1234567',
  email: 'erika@example.org',
};

let office: ProvisionedOffice;
let venue: ProvisionedVenue;
let rootPublic: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  const root = await createRootKey();
  rootPublic = fromBase64Url(root.publicKey);
  office = await createCertifiedOffice(root, { name: 'Gesundheitsamt Köln', postcodes: ['51147'], notBefore: now - 1000, validDays: 365 });
  office.dailyKeys = await createDailyKeys(office, addDays(today, -1), 3);
  venue = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Café Kranz',
    street: 'Domplatz 1',
    postcode: '51147',
    city: 'Köln',
    kind: 'cafe',
    defaultStayMinutes: 90,
    areas: [{ id: 't1', name: 'Tisch 1' }],
  });
});

function directory() {
  return { certificate: office.certificate, dailyKeys: office.dailyKeys.map((entry) => entry.key) };
}

async function seal(overrides: Partial<ContactData> = {}) {
  const officeKey = await verifiedKeyForDay(rootPublic, directory(), office.certificate.officeId, today, now);
  return sealCheckIn({
    contact: { ...contact, ...overrides },
    venueId: venue.card.venueId,
    venueKey: fromBase64Url(venue.card.encryptionKey),
    officeKey,
    arrivedAt: now,
    areaId: 't1',
  });
}

async function venueKey() {
  return importPrivateJwk(venue.encryptionPrivateJwk, 'encryption');
}

async function officeKey(day = today) {
  const entry = office.dailyKeys.find((candidate) => candidate.key.day === day);
  if (!entry) throw new Error('no key');
  return { privateKey: await importPrivateJwk(entry.privateJwk, 'encryption'), publicKey: fromBase64Url(entry.key.publicKey) };
}

describe('two-layer check-in', () => {
  it('gives the office exactly the contact data after the venue opened the outer layer', async () => {
    const sealed = await seal();
    const outer = await openOuterLayer(await venueKey(), fromBase64Url(venue.card.encryptionKey), sealed, sealed.ciphertext);
    expect(outer.arrivedAt).toBe(now);
    expect(outer.areaId).toBe('t1');
    const key = await officeKey();
    const inner = await openInnerLayer(key.privateKey, key.publicKey, sealed, outer.inner);
    expect(inner.contact).toEqual(contact);
    expect(inner.arrivedAt).toBe(now);
  });

  it('carries a booking or ticket reference in both layers, and refuses control characters in it', async () => {
    const dailyKey = await verifiedKeyForDay(rootPublic, directory(), office.certificate.officeId, today, now);
    const input = {
      contact,
      venueId: venue.card.venueId,
      venueKey: fromBase64Url(venue.card.encryptionKey),
      officeKey: dailyKey,
      arrivedAt: now,
    };
    const sealed = await sealCheckIn({ ...input, reference: 'Saal 2 · Reihe F · Platz 12' });
    const outer = await openOuterLayer(await venueKey(), fromBase64Url(venue.card.encryptionKey), sealed, sealed.ciphertext);
    expect(outer.reference).toBe('Saal 2 · Reihe F · Platz 12');
    const key = await officeKey();
    expect((await openInnerLayer(key.privateKey, key.publicKey, sealed, outer.inner)).reference).toBe('Saal 2 · Reihe F · Platz 12');
    await expect(sealCheckIn({ ...input, reference: 'Tisch 4\u0000' })).rejects.toThrow();
    await expect(sealCheckIn({ ...input, reference: 'x'.repeat(81) })).rejects.toThrow();
  });

  it('keeps the id the device chose', async () => {
    const officeKey = await verifiedKeyForDay(rootPublic, directory(), office.certificate.officeId, today, now);
    const sealed = await sealCheckIn({
      id: 'CCCCCCCCCCCCCCCCCCCCCC',
      contact,
      venueId: venue.card.venueId,
      venueKey: fromBase64Url(venue.card.encryptionKey),
      officeKey,
      arrivedAt: now,
    });
    expect(sealed.id).toBe('CCCCCCCCCCCCCCCCCCCCCC');
    await expect(
      openOuterLayer(await venueKey(), fromBase64Url(venue.card.encryptionKey), sealed, sealed.ciphertext),
    ).resolves.toMatchObject({ arrivedAt: now });
  });

  it('stores only a rounded arrival, and the checkout hash of a secret kept on the device', async () => {
    const sealed = await seal();
    expect(sealed.arrivalBucket).toBe(Date.parse('2026-11-23T18:40:00Z'));
    expect(sealed.checkoutHash).toBe(await checkoutHashOf(sealed.checkoutSecret));
    expect(sealed.ciphertext).not.toContain(sealed.checkoutSecret);
  });

  it('keeps the inner layer closed to the venue and the outer layer closed to the office', async () => {
    const sealed = await seal();
    const key = await officeKey();
    await expect(openOuterLayer(key.privateKey, key.publicKey, sealed, sealed.ciphertext)).rejects.toThrow('could not be opened');
    const outer = await openOuterLayer(await venueKey(), fromBase64Url(venue.card.encryptionKey), sealed, sealed.ciphertext);
    await expect(openInnerLayer(await venueKey(), fromBase64Url(venue.card.encryptionKey), sealed, outer.inner)).rejects.toThrow(
      'could not be opened',
    );
  });

  it('refuses a ciphertext replayed under another id, or moved to another venue, day or office key', async () => {
    const sealed = await seal();
    const venuePub = fromBase64Url(venue.card.encryptionKey);
    const others = [
      { ...sealed, id: 'BBBBBBBBBBBBBBBBBBBBBB' },
      { ...sealed, venueId: 'AAAAAAAAAAAAAAAAAAAAAA' },
      { ...sealed, day: addDays(today, 1) },
      { ...sealed, officeKeyId: office.dailyKeys[0]?.key.keyId ?? '' },
    ];
    for (const context of others) {
      await expect(openOuterLayer(await venueKey(), venuePub, context, sealed.ciphertext)).rejects.toThrow('could not be opened');
    }
    const outer = await openOuterLayer(await venueKey(), venuePub, sealed, sealed.ciphertext);
    const key = await officeKey();
    await expect(openInnerLayer(key.privateKey, key.publicKey, { ...sealed, day: addDays(today, 1) }, outer.inner)).rejects.toThrow(
      'could not be opened',
    );
  });

  it('refuses another day’s office key', async () => {
    const sealed = await seal();
    const outer = await openOuterLayer(await venueKey(), fromBase64Url(venue.card.encryptionKey), sealed, sealed.ciphertext);
    const yesterday = await officeKey(addDays(today, -1));
    await expect(openInnerLayer(yesterday.privateKey, yesterday.publicKey, sealed, outer.inner)).rejects.toThrow('could not be opened');
  });

  it('pads, so a short and a long name give ciphertexts of the same length', async () => {
    const short = await seal({ firstName: 'Al', lastName: 'Li' });
    const long = await seal({ firstName: 'Maximiliane-Alexandra', lastName: 'Schwarzenberg-Hohenlohe' });
    expect(short.ciphertext.length).toBe(long.ciphertext.length);
  });

  it('refuses contact data of the wrong shape before encrypting (content rules are the forms’: contact-input.ts)', async () => {
    await expect(seal({ firstName: '' })).rejects.toThrow();
    await expect(seal({ phone: 'x'.repeat(40) })).rejects.toThrow();
    await expect(seal({ country: 'Deutschland' })).rejects.toThrow();
    await expect(seal({ smuggled: 'x' } as Partial<ContactData>)).rejects.toThrow();
    // What an older version sealed, and still seals from a queued stay, is of the right shape.
    await expect(seal({ phone: '030/1234567', postcode: '1011' })).resolves.toBeDefined();
  });

  it('refuses to seal with a key for another day', async () => {
    const officeKeyYesterday = await verifiedKeyForDay(rootPublic, directory(), office.certificate.officeId, addDays(today, -1), now);
    await expect(
      sealCheckIn({
        contact,
        venueId: venue.card.venueId,
        venueKey: fromBase64Url(venue.card.encryptionKey),
        officeKey: officeKeyYesterday,
        arrivedAt: now,
      }),
    ).rejects.toThrow('office key is for');
  });
});
