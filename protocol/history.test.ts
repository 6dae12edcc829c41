import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from './bytes.ts';
import { type VerifiedDailyKey, verifiedKeyForDay } from './hierarchy.ts';
import { type Visit, openHistory, sealHistory } from './history.ts';
import { importPrivateJwk } from './keys.ts';
import { type ProvisionedOffice, createCertifiedOffice, createDailyKeys, createRootKey } from './provisioning.ts';
import { TAN_DATA_LENGTH, TAN_LOOKUP_LENGTH, generateTan, generateTanSecret, tanFromBytes, tanLookup, tanSecret } from './tan.ts';
import { DAY_MS, dayOf } from './time.ts';

const now = Date.parse('2026-11-23T10:00:00Z');
const TAN = generateTan();
/** What the guest's device seals to: the TAN's secret part. */
const SECRET = tanSecret(TAN);
let office: ProvisionedOffice;
let other: ProvisionedOffice;
let key: VerifiedDailyKey;

const visits: Visit[] = [
  {
    checkInId: 'AAAAAAAAAAAAAAAAAAAAAA',
    venueId: 'BBBBBBBBBBBBBBBBBBBBBB',
    officeId: 'CCCCCCCCCCCCCCCCCCCCCC',
    venueName: 'Bar Mitte',
    venueAddress: 'Torstr. 1, 10115 Berlin',
    arrivedAt: now - DAY_MS,
    departedAt: now - DAY_MS + 3_600_000,
  },
  {
    checkInId: 'DDDDDDDDDDDDDDDDDDDDDD',
    venueId: 'EEEEEEEEEEEEEEEEEEEEEE',
    officeId: 'CCCCCCCCCCCCCCCCCCCCCC',
    venueName: 'Kino',
    venueAddress: 'Hauptstr. 2, 10115 Berlin',
    areaName: 'Saal 2',
    arrivedAt: now - 7_200_000,
  },
];

beforeAll(async () => {
  const root = await createRootKey();
  office = await createCertifiedOffice(root, { name: 'A', postcodes: ['10115'], notBefore: now - DAY_MS, validDays: 30 });
  office.dailyKeys = await createDailyKeys(office, dayOf(now), 1);
  other = await createCertifiedOffice(root, { name: 'B', postcodes: ['20095'], notBefore: now - DAY_MS, validDays: 30 });
  other.dailyKeys = await createDailyKeys(other, dayOf(now), 1);
  key = await verifiedKeyForDay(
    fromBase64Url(root.publicKey),
    { certificate: office.certificate, dailyKeys: office.dailyKeys.map((k) => k.key) },
    office.certificate.officeId,
    dayOf(now),
    now,
  );
});

async function privateOf(o: ProvisionedOffice) {
  const entry = o.dailyKeys[0];
  if (!entry) throw new Error('fixture');
  return { privateKey: await importPrivateJwk(entry.privateJwk, 'encryption'), publicKey: fromBase64Url(entry.key.publicKey) };
}

describe('shared history', () => {
  it('opens for the chosen office with exactly the visits', async () => {
    const ciphertext = await sealHistory(key, SECRET, visits, now);
    const { privateKey, publicKey } = await privateOf(office);
    const history = await openHistory(privateKey, publicKey, { officeId: key.officeId, officeKeyId: key.keyId, tan: TAN }, ciphertext);
    expect(history.visits).toEqual(visits);
    expect(history.sharedAt).toBe(now);
  });

  it('does not open for another office, or under another office id', async () => {
    const ciphertext = await sealHistory(key, SECRET, visits, now);
    const foreign = await privateOf(other);
    await expect(
      openHistory(foreign.privateKey, foreign.publicKey, { officeId: key.officeId, officeKeyId: key.keyId, tan: TAN }, ciphertext),
    ).rejects.toThrow('could not be opened');
    const own = await privateOf(office);
    await expect(
      openHistory(own.privateKey, own.publicKey, { officeId: other.certificate.officeId, officeKeyId: key.keyId, tan: TAN }, ciphertext),
    ).rejects.toThrow('could not be opened');
  });

  it('does not open under another TAN: a server cannot answer one TAN with another guest’s history', async () => {
    let secret = generateTanSecret();
    while (secret === SECRET) secret = generateTanSecret();
    const ciphertext = await sealHistory(key, secret, visits, now);
    const own = await privateOf(office);
    await expect(
      openHistory(own.privateKey, own.publicKey, { officeId: key.officeId, officeKeyId: key.keyId, tan: TAN }, ciphertext),
    ).rejects.toThrow('could not be opened');
  });

  it('hides the number of visits up to the padding block', async () => {
    const one = await sealHistory(key, SECRET, visits.slice(0, 1), now);
    const two = await sealHistory(key, SECRET, visits, now);
    expect(one.length).toBe(two.length);
  });
});

describe('shared history against a dishonest server', () => {
  // The server knows the office's public daily key (it serves it) and the lookup part of the TAN
  // (the office sends it to redeem). It seals a history of its own making under every TAN that
  // shares that lookup, guessing the secret part: none opens in the office's browser.
  it('a history the server sealed with the lookup and a guessed secret does not open with the real TAN', async () => {
    const { privateKey, publicKey } = await privateOf(office);
    const context = { officeId: key.officeId, officeKeyId: key.keyId, tan: TAN };
    const madeUp: Visit[] = [{ ...visits[0], venueName: 'Chosen by the server' } as Visit];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: TAN_DATA_LENGTH, maxLength: TAN_DATA_LENGTH }), async (bytes) => {
        const guessed = tanSecret(tanFromBytes(bytes));
        fc.pre(guessed !== SECRET);
        const ciphertext = await sealHistory(key, guessed, madeUp, now);
        await expect(openHistory(privateKey, publicKey, context, ciphertext)).rejects.toMatchObject({ code: 'decryption_failed' });
      }),
      { numRuns: 25 },
    );
  });

  it('the server is never told the secret part: the lookup is the first six symbols only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: TAN_DATA_LENGTH, maxLength: TAN_DATA_LENGTH }), (bytes) => {
        const tan = tanFromBytes(bytes);
        expect(tanLookup(tan)).toBe(tan.slice(0, TAN_LOOKUP_LENGTH));
        expect(TAN_DATA_LENGTH - TAN_LOOKUP_LENGTH).toBeGreaterThanOrEqual(5); // ≥ 25 secret bits
      }),
    );
  });
});
