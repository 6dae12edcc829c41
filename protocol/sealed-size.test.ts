/**
 * The ciphertext size rule (sealed-size.ts) against what honest clients really seal: every
 * check-in (both layers), history and key grant they can make passes; anything else (another
 * length, another spelling of the same bytes, not base64url, another version byte) is refused.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { sealCheckIn } from './checkin.ts';
import { CONTACT_LIMITS, type ContactData } from './contact.ts';
import { type VerifiedDailyKey, verifiedKeyForDay } from './hierarchy.ts';
import { type Visit, sealHistory } from './history.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { sealKeyGrant } from './office-keyring.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from './provisioning.ts';
import {
  CHECKIN_INNER,
  CHECKIN_OUTER,
  type EnvelopeShape,
  HISTORY,
  KEY_GRANT,
  maxEnvelopeCharacters,
  sealedEnvelope,
} from './sealed-size.ts';
import { generateTanSecret } from './tan.ts';
import { dayOf } from './time.ts';

const now = Date.parse('2026-11-23T18:42:17.123Z');
let office: ProvisionedOffice;
let venue: ProvisionedVenue;
let officeKey: VerifiedDailyKey;

beforeAll(async () => {
  const root = await createRootKey();
  office = await createCertifiedOffice(root, { name: 'Gesundheitsamt Köln', postcodes: ['51147'], notBefore: now - 1000, validDays: 365 });
  office.dailyKeys = await createDailyKeys(office, dayOf(now), 1);
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
  const directory = { certificate: office.certificate, dailyKeys: office.dailyKeys.map((entry) => entry.key) };
  officeKey = await verifiedKeyForDay(fromBase64Url(root.publicKey), directory, office.certificate.officeId, dayOf(now), now);
});

function passes(shape: EnvelopeShape, text: string): boolean {
  return v.safeParse(sealedEnvelope(shape), text).success;
}

async function sealBoth(contact: ContactData, reference?: string) {
  const sealed = await sealCheckIn({
    contact,
    venueId: venue.card.venueId,
    venueKey: fromBase64Url(venue.card.encryptionKey),
    officeKey,
    arrivedAt: now,
    areaId: 'A'.repeat(16),
    reference,
  });
  return sealed.ciphertext;
}

/** Text of `length` UTF-16 units that JSON escapes to six bytes each (control characters, lone surrogates). */
const worst = (length: number, unit = '\u0001') => unit.repeat(length);

/** The largest contact an honest client can seal: every field at its limit, every character escaped. */
const largestContact: ContactData = {
  firstName: worst(CONTACT_LIMITS.name),
  lastName: worst(CONTACT_LIMITS.name),
  street: worst(CONTACT_LIMITS.street),
  houseNumber: worst(CONTACT_LIMITS.houseNumber),
  postcode: worst(CONTACT_LIMITS.postcode),
  city: worst(CONTACT_LIMITS.city),
  country: 'DE',
  phone: worst(CONTACT_LIMITS.phone),
  email: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.de`,
};

const text = (max: number) =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: max })
    .filter((value) => value.length <= max && value.trim().length > 0 && value.trim() === value);

const contactArbitrary: fc.Arbitrary<ContactData> = fc.record({
  firstName: text(CONTACT_LIMITS.name),
  lastName: text(CONTACT_LIMITS.name),
  street: text(CONTACT_LIMITS.street),
  postcode: text(CONTACT_LIMITS.postcode),
  city: text(CONTACT_LIMITS.city),
  phone: text(CONTACT_LIMITS.phone),
});

describe('ciphertext sizes an honest client makes', () => {
  it('every check-in an honest client seals passes as an outer layer', async () => {
    await fc.assert(
      fc.asyncProperty(contactArbitrary, async (contact) => {
        expect(passes(CHECKIN_OUTER, await sealBoth(contact))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('the largest contact, with the largest seat reference, passes in both layers', async () => {
    expect(passes(CHECKIN_OUTER, await sealBoth(largestContact, worst(80, '\ud800')))).toBe(true);
    // The inner layer alone: the same worst plaintext sealed as checkin.ts does (256-byte blocks).
    const inner = new TextEncoder().encode(
      JSON.stringify({ v: 1, contact: largestContact, arrivedAt: now, areaId: 'A'.repeat(16), reference: worst(80, '\ud800') }),
    );
    const blocks = Math.ceil((inner.length + 1) / CHECKIN_INNER.block);
    expect(blocks).toBeLessThanOrEqual(CHECKIN_INNER.maxBlocks);
  });

  it('every history an honest client shares passes, up to the most visits that fit', async () => {
    const visit: Visit = {
      checkInId: 'AAAAAAAAAAAAAAAAAAAAAA',
      venueId: 'BBBBBBBBBBBBBBBBBBBBBB',
      officeId: 'CCCCCCCCCCCCCCCCCCCCCC',
      venueName: 'Zur Linde',
      venueAddress: 'Torstraße 1, 10115 Berlin',
      arrivedAt: now,
    };
    for (const count of [0, 1, 7, 300]) {
      const sealed = await sealHistory(officeKey, generateTanSecret(), Array<Visit>(count).fill(visit), now);
      expect(passes(HISTORY, sealed), `${count} visits`).toBe(true);
    }
  });

  it('every office key grant passes: one fixed length', async () => {
    const device = await generateKeyPair('encryption');
    const devicePublic = await exportPublicKey(device.publicKey);
    for (let i = 0; i < 5; i++) {
      const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
      const key = await crypto.subtle.exportKey('jwk', pair.privateKey);
      const sealed = await sealKeyGrant(devicePublic, { officeId: 'o', accountId: 'a', keyId: 'k' }, key);
      expect(passes(KEY_GRANT, sealed)).toBe(true);
    }
  });
});

describe('ciphertexts no honest client makes', () => {
  const shapes = { CHECKIN_INNER, CHECKIN_OUTER, HISTORY, KEY_GRANT };

  function honestLength(shape: EnvelopeShape, blocks: number): number {
    return 82 + (shape.block === 0 ? shape.maxBlocks : shape.block * blocks);
  }
  const envelopeOf = (length: number, fill = 7) => {
    const bytes = new Uint8Array(length).fill(fill);
    bytes[0] = 1;
    return bytes;
  };

  it.each(Object.entries(shapes))('%s: refuses every other length, and accepts the honest ones', (_name, shape) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: maxEnvelopeCharacters(shape) }), (length) => {
        const blocks = shape.block === 0 ? 1 : (length - 82) / shape.block;
        const honest =
          shape.block === 0 ? length === honestLength(shape, 1) : Number.isInteger(blocks) && blocks >= 1 && blocks <= shape.maxBlocks;
        expect(passes(shape, toBase64Url(envelopeOf(length)))).toBe(honest);
      }),
      { numRuns: 300 },
    );
    expect(passes(shape, toBase64Url(envelopeOf(honestLength(shape, shape.block === 0 ? 1 : shape.maxBlocks))))).toBe(true);
    if (shape.block > 0) expect(passes(shape, toBase64Url(envelopeOf(honestLength(shape, shape.maxBlocks + 1))))).toBe(false);
  });

  it('refuses what the attack run stored: 101 and 500 times "A"', () => {
    for (const shape of Object.values(shapes)) {
      expect(passes(shape, 'A'.repeat(101))).toBe(false);
      expect(passes(shape, 'A'.repeat(500))).toBe(false);
    }
  });

  it('refuses a non-canonical spelling, padding, the standard alphabet, whitespace and another version byte', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(shapes)), fc.integer({ min: 1, max: 4 }), (shape, blocks) => {
        const bytes = envelopeOf(honestLength(shape, Math.min(blocks, shape.maxBlocks)), 0xfb);
        const canonical = toBase64Url(bytes);
        expect(passes(shape, canonical)).toBe(true);
        const variants = [`${canonical}=`, `${canonical} `, canonical.replace(/-/g, '+').replace(/_/g, '/'), `${canonical.slice(0, -1)}!`];
        // Unused trailing bits set: the same bytes spelled another way (only where the length leaves such bits).
        if (bytes.length % 3 !== 0) {
          const last = canonical.slice(-1);
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          variants.push(canonical.slice(0, -1) + alphabet.charAt(alphabet.indexOf(last) + 1));
        }
        for (const variant of variants) if (variant !== canonical) expect(passes(shape, variant), variant.slice(-4)).toBe(false);
        const versioned = bytes.slice();
        versioned[0] = 2;
        expect(passes(shape, toBase64Url(versioned))).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
