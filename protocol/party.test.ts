/**
 * The group codec: companions travel in the one inner layer of the guest's check-in, and the
 * lengths a D1 reader sees tell only a coarse bucket (PROTOCOL.md "Check-in", Groups).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bytes, ProtocolError, fromBase64Url, toBase64Url, utf8 } from './bytes.ts';
import {
  INNER_SIZES,
  type SealCheckInInput,
  checkInAssociatedData,
  openInnerLayer,
  openOuterLayer,
  outerSizeFor,
  sealCheckIn,
} from './checkin.ts';
import { CONTACT_LIMITS, type ContactData } from './contact.ts';
import { type VerifiedDailyKey, verifiedKeyForDay } from './hierarchy.ts';
import { MIN_ENVELOPE_LENGTH, seal } from './hybrid.ts';
import { importPrivateJwk } from './keys.ts';
import { type Companion, PARTY_LIMIT, displayName, partySize } from './party.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from './provisioning.ts';
import { CHECKIN_INNER, CHECKIN_OUTER, envelopeLengthAllowed } from './sealed-size.ts';
import { dayOf } from './time.ts';

const now = Date.parse('2026-11-28T19:45:00Z');
let office: ProvisionedOffice;
let venue: ProvisionedVenue;
let officeKey: VerifiedDailyKey;

beforeAll(async () => {
  const root = await createRootKey();
  office = await createCertifiedOffice(root, { name: 'Gesundheitsamt Köln', postcodes: ['51147'], notBefore: now - 1000, validDays: 365 });
  office.dailyKeys = await createDailyKeys(office, dayOf(now), 1);
  venue = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Kino am Dom',
    street: 'Domplatz 2',
    postcode: '51147',
    city: 'Köln',
    kind: 'cinema',
    defaultStayMinutes: 150,
    areas: [],
  });
  const directory = { certificate: office.certificate, dailyKeys: office.dailyKeys.map((entry) => entry.key) };
  officeKey = await verifiedKeyForDay(fromBase64Url(root.publicKey), directory, office.certificate.officeId, dayOf(now), now);
});

/** A guest as the app's form stores one: every field an everyday German contact fills. */
const guest: ContactData = {
  firstName: 'Katharina',
  lastName: 'Schneider-Lüdenscheidt',
  street: 'Hohenzollernring',
  houseNumber: '112a',
  postcode: '50672',
  city: 'Köln',
  country: 'DE',
  phone: '+49 221 98765432',
  email: 'katharina.schneider-luedenscheidt@example.org',
};
const children: Companion[] = [
  { firstName: 'Maximilian', lastName: 'Schneider-Lüdenscheidt' },
  { firstName: 'Charlotte', lastName: 'Schneider-Lüdenscheidt' },
  { firstName: 'Friedrich', lastName: 'Schneider-Lüdenscheidt', phone: '+49 170 1234567' },
];

function sealWith(companions: readonly Companion[] | undefined, extra: Partial<SealCheckInInput> = {}) {
  return sealCheckIn({
    contact: guest,
    companions,
    venueId: venue.card.venueId,
    venueKey: fromBase64Url(venue.card.encryptionKey),
    officeKey,
    arrivedAt: now,
    inApp: true,
    ...extra,
  });
}

async function keys() {
  const entry = office.dailyKeys[0];
  if (!entry) throw new Error('no daily key');
  return {
    venue: await importPrivateJwk(venue.encryptionPrivateJwk, 'encryption'),
    office: await importPrivateJwk(entry.privateJwk, 'encryption'),
    officePublic: fromBase64Url(entry.key.publicKey),
  };
}

async function openBoth(sealed: Awaited<ReturnType<typeof sealWith>>) {
  const { venue: venuePrivate, office: officePrivate, officePublic } = await keys();
  const outer = await openOuterLayer(venuePrivate, fromBase64Url(venue.card.encryptionKey), sealed, sealed.ciphertext);
  const inner = await openInnerLayer(officePrivate, officePublic, sealed, outer.inner);
  return { outer, inner };
}

const innerLength = (outerInner: string) => fromBase64Url(outerInner).length - MIN_ENVELOPE_LENGTH;

const name = fc.string({ minLength: 1, maxLength: CONTACT_LIMITS.name }).filter((value) => value.trim() === value && value !== '');
const companionArbitrary: fc.Arbitrary<Companion> = fc.record(
  {
    firstName: name,
    lastName: name,
    phone: fc.constantFrom('+49 170 1234567', '+43 664 123456'),
    address: fc.record({ street: name, postcode: fc.constantFrom('50672', '1010'), city: name }),
    seat: fc.constantFrom('F12', 'Reihe F · Platz 13'),
  },
  { requiredKeys: ['firstName', 'lastName'] },
);

describe('group check-in codec', () => {
  it('gives the office every person and the venue only how many came', async () => {
    const sealed = await sealWith(children);
    const { outer, inner } = await openBoth(sealed);
    expect(inner.contact).toEqual(guest);
    expect(inner.companions).toEqual(children);
    expect(partySize(inner)).toBe(4);
    expect(outer.party).toBe(4);
    expect(JSON.stringify(outer)).not.toContain('Maximilian');
    expect(children.map(displayName)).toContain('Friedrich Schneider-Lüdenscheidt');
  });

  it('writes no companions and no party for a guest alone, also for an empty list', async () => {
    for (const companions of [undefined, []]) {
      const { outer, inner } = await openBoth(await sealWith(companions));
      expect(inner).not.toHaveProperty('companions');
      expect(outer).not.toHaveProperty('party');
      expect(partySize(inner)).toBe(1);
    }
  });

  it('stores a guest alone and a family of four with everyday data at the same length', async () => {
    const alone = await sealWith(undefined);
    const four = await sealWith(children);
    expect(four.ciphertext.length).toBe(alone.ciphertext.length);
    const { outer } = await openBoth(four);
    expect(innerLength(outer.inner)).toBe(INNER_SIZES[0]);
    expect(fromBase64Url(four.ciphertext).length).toBe(outerSizeFor(INNER_SIZES[0]) + MIN_ENVELOPE_LENGTH);
  });

  it('pads every group to the size ladder, which only the Worker’s size rule bounds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(companionArbitrary, { maxLength: PARTY_LIMIT - 1 }),
        fc.option(fc.constantFrom('Saal 2', 'Tisch 7 · Fenster')),
        async (companions, reference) => {
          const sealed = await sealWith(companions, { reference: reference ?? undefined });
          const { outer, inner } = await openBoth(sealed);
          const size = innerLength(outer.inner);
          expect(INNER_SIZES).toContain(size);
          expect(fromBase64Url(sealed.ciphertext).length - MIN_ENVELOPE_LENGTH).toBe(outerSizeFor(size));
          expect(envelopeLengthAllowed(CHECKIN_INNER, fromBase64Url(outer.inner).length)).toBe(true);
          expect(envelopeLengthAllowed(CHECKIN_OUTER, fromBase64Url(sealed.ciphertext).length)).toBe(true);
          expect(inner.companions ?? []).toEqual(companions);
          expect(outer.party).toBe(companions.length === 0 ? undefined : companions.length + 1);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('fits the outer fields beside the inner envelope in every bucket, even the largest seat reference', async () => {
    const worstReference = '\ud800'.repeat(80);
    for (const companions of [[], children, Array.from({ length: PARTY_LIMIT - 1 }, () => children[0] as Companion)]) {
      const sealed = await sealWith(companions, { reference: worstReference, areaId: 'A'.repeat(16) });
      expect(envelopeLengthAllowed(CHECKIN_OUTER, fromBase64Url(sealed.ciphertext).length)).toBe(true);
    }
  });

  it(`refuses more than ${PARTY_LIMIT} persons, and a group whose data exceed the largest size`, async () => {
    const tooMany = Array.from({ length: PARTY_LIMIT }, () => children[0] as Companion);
    await expect(sealWith(tooMany)).rejects.toMatchObject({ code: 'party_too_large' });
    const escaped = '\u0001'.repeat(CONTACT_LIMITS.name);
    const huge: Companion = {
      firstName: escaped,
      lastName: escaped,
      address: { street: '\u0001'.repeat(CONTACT_LIMITS.street), postcode: '50672', city: '\u0001'.repeat(CONTACT_LIMITS.city) },
    };
    const error: unknown = await sealWith(Array.from({ length: PARTY_LIMIT - 1 }, () => huge)).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'party_too_large' });
  });

  it('refuses a companion with a field it does not know, whether sealing or opening', async () => {
    const withEmail = { ...children[0], email: 'mia@example.org' } as Companion;
    await expect(sealWith([withEmail])).rejects.toThrow();
    // A sender that pads the inner layer with an unknown member: authenticated, but malformed.
    const sealed = await sealWith(undefined);
    const { office: officePrivate, officePublic } = await keys();
    const plaintext: Bytes = utf8(JSON.stringify({ v: 1, contact: guest, companions: [withEmail], arrivedAt: now }).padEnd(1023, ' '));
    const forged = await seal(officeKey.publicKey, plaintext, checkInAssociatedData(sealed), 'checkin-inner');
    await expect(openInnerLayer(officePrivate, officePublic, sealed, toBase64Url(forged))).rejects.toMatchObject({ code: 'bad_payload' });
  });
});
