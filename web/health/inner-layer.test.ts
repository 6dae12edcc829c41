import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { openOuterLayer, sealCheckIn } from '../../protocol/checkin.ts';
import type { ContactData } from '../../protocol/contact.ts';
import type { Companion } from '../../protocol/party.ts';
import { personsOf } from './party-contacts.ts';
import { importPrivateJwk } from '../../protocol/keys.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from '../../protocol/provisioning.ts';
import { DAY_MS, addDays, dayOf, floorToBucket } from '../../protocol/time.ts';
import {
  type InnerKey,
  type InnerRelease,
  MAX_WORKERS,
  decryptInnerLayers,
  mergeResults,
  progressCombiner,
  splitJob,
  workerCount,
} from './inner-layer.ts';

const now = Date.parse('2026-11-23T18:42:17.123Z');
const today = dayOf(now);
const contact = (i: number): ContactData => ({
  firstName: `Erika ${i}`,
  lastName: 'Mustermann',
  street: 'Heidestraße 17',
  postcode: '51147',
  city: 'Köln',
  phone: '+49 221 1234567',
});

/** A parent's two children on release 3: one without phone or address, one with a seat of their own. */
const companions: Companion[] = [
  { firstName: 'Mia', lastName: 'Mustermann' },
  { firstName: 'Leo', lastName: 'Mustermann', phone: '+49 170 1234567', seat: 'Reihe F · Platz 13' },
];

let office: ProvisionedOffice;
let venue: ProvisionedVenue;
let keys: InnerKey[];
/** Released inner layers, as the venue hands them over: 3 from yesterday, 3 from today. */
let releases: InnerRelease[];

beforeAll(async () => {
  const root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Köln',
    postcodes: ['51147'],
    notBefore: now - 2 * DAY_MS,
    validDays: 365,
  });
  office.dailyKeys = await createDailyKeys(office, addDays(today, -1), 2);
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
  keys = await Promise.all(
    office.dailyKeys.map(async (entry) => ({
      keyId: entry.key.keyId,
      privateKey: await importPrivateJwk(entry.privateJwk, 'encryption'),
      publicKey: fromBase64Url(entry.key.publicKey),
    })),
  );
  const venueKey = fromBase64Url(venue.card.encryptionKey);
  const venuePrivate = await importPrivateJwk(venue.encryptionPrivateJwk, 'encryption');
  releases = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const arrivedAt = now - (i < 3 ? DAY_MS : 0) + i * 60_000;
      const entry = defined(office.dailyKeys.find((candidate) => candidate.key.day === dayOf(arrivedAt)));
      const officeKey = {
        officeId: entry.key.officeId,
        day: entry.key.day,
        keyId: entry.key.keyId,
        publicKey: fromBase64Url(entry.key.publicKey),
      };
      const sealed = await sealCheckIn({
        contact: contact(i),
        venueId: venue.card.venueId,
        venueKey,
        officeKey,
        arrivedAt,
        areaId: i % 2 === 0 ? 't1' : undefined,
        reference: i === 5 ? 'Saal 2 · Reihe F' : undefined,
        companions: i === 3 ? companions : undefined,
      });
      const outer = await openOuterLayer(venuePrivate, venueKey, sealed, sealed.ciphertext);
      return {
        checkInId: sealed.id,
        venueId: sealed.venueId,
        day: sealed.day,
        officeKeyId: sealed.officeKeyId,
        departureBucket: i === 0 ? null : floorToBucket(arrivedAt) + 30 * 60_000,
        inner: outer.inner,
      };
    }),
  );
});

/** The value, or a thrown error if a test reached for one its fixtures do not have. */
function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

function flipByte(inner: string, position: number): string {
  const bytes = fromBase64Url(inner);
  bytes[position] = (bytes[position] ?? 0) ^ 0x01;
  return toBase64Url(bytes);
}

describe('a group check-in, opened', () => {
  it('carries every companion out of the inner layer, and becomes one person row each', async () => {
    const result = await decryptInnerLayers({ keys, releases: [defined(releases[3])] });
    const group = defined(result.contacts[0]);
    expect(group.companions).toEqual(companions);
    const persons = personsOf(group.contact, group.companions);
    expect(
      persons.map((person) => [person.person, `${person.firstName} ${person.lastName}`, person.companionOf, person.reachablePhone]),
    ).toEqual([
      [0, 'Erika 3 Mustermann', undefined, '+49 221 1234567'],
      [1, 'Mia Mustermann', 'Erika 3 Mustermann', '+49 221 1234567'],
      [2, 'Leo Mustermann', 'Erika 3 Mustermann', '+49 170 1234567'],
    ]);
    expect(persons[1]?.address).toEqual({
      street: 'Heidestraße 17',
      houseNumber: undefined,
      postcode: '51147',
      city: 'Köln',
      country: undefined,
    });
    expect(persons[2]?.seat).toBe('Reihe F · Platz 13');
  });
});

describe('decryptInnerLayers', () => {
  it('opens real two-layer check-ins sealed to two daily keys, in release order', async () => {
    expect(new Set(releases.map((release) => release.officeKeyId)).size).toBe(2);
    const result = await decryptInnerLayers({ keys, releases }, { concurrency: 4 });
    expect(result.kind).toBe('done');
    expect(result.failed).toEqual([]);
    expect(result.contacts.map((entry) => entry.checkInId)).toEqual(releases.map((release) => release.checkInId));
    expect(result.contacts.map((entry) => entry.contact.firstName)).toEqual([
      'Erika 0',
      'Erika 1',
      'Erika 2',
      'Erika 3',
      'Erika 4',
      'Erika 5',
    ]);
    const first = defined(result.contacts[0]);
    expect(first).toEqual({
      checkInId: defined(releases[0]).checkInId,
      venueId: venue.card.venueId,
      contact: contact(0),
      arrivedAt: now - DAY_MS,
      areaId: 't1',
      departureBucket: null,
    });
    expect(result.contacts[5]).toMatchObject({ reference: 'Saal 2 · Reihe F', departureBucket: defined(releases[5]).departureBucket });
    expect('areaId' in defined(result.contacts[1])).toBe(false);
    // Only the group check-in carries companions; the others have no such key at all.
    expect(result.contacts.map((entry) => 'companions' in entry)).toEqual([false, false, false, true, false, false]);
  });

  it('reports a release whose key the office did not hand over as no_key, and still opens the rest', async () => {
    const unknown = { ...defined(releases[1]), officeKeyId: 'AAAAAAAAAAAAAAAAAAAAAA' };
    const result = await decryptInnerLayers({ keys, releases: [defined(releases[0]), unknown, defined(releases[2])] });
    expect(result.failed).toEqual([{ checkInId: unknown.checkInId, reason: 'no_key' }]);
    expect(result.contacts.map((entry) => entry.checkInId)).toEqual([defined(releases[0]).checkInId, defined(releases[2]).checkInId]);
    // Only yesterday's key handed over: today's releases have no key.
    const yesterdayOnly = await decryptInnerLayers({
      keys: keys.filter((key) => key.keyId === defined(releases[0]).officeKeyId),
      releases,
    });
    expect(yesterdayOnly.contacts).toHaveLength(3);
    expect(yesterdayOnly.failed.map((entry) => entry.reason)).toEqual(['no_key', 'no_key', 'no_key']);
  });

  it('reports altered bytes, another venue, day or check-in id, and garbage as decryption_failed', async () => {
    const [a, b, c, d, e, f] = releases as [InnerRelease, InnerRelease, InnerRelease, InnerRelease, InnerRelease, InnerRelease];
    const tampered: InnerRelease[] = [
      { ...a, inner: flipByte(a.inner, 80) }, // a ciphertext byte
      { ...b, inner: flipByte(b.inner, 10) }, // the ephemeral public key
      { ...c, venueId: venue.card.venueId.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) },
      { ...d, checkInId: e.checkInId }, // e's id, d's envelope
      { ...e, inner: 'not*base64' },
      { ...f, day: addDays(f.day, 1) },
    ];
    const result = await decryptInnerLayers({ keys, releases: tampered });
    expect(result.contacts).toEqual([]);
    expect(result.failed).toEqual(tampered.map((release) => ({ checkInId: release.checkInId, reason: 'decryption_failed' })));
  });

  it('reports progress from 0 to the total, never backwards, without one message per record', async () => {
    const many = Array.from({ length: 40 }, (_, i) => defined(releases[i % releases.length]));
    let clock = 0;
    const reports: [number, number][] = [];
    const result = await decryptInnerLayers(
      { keys, releases: many },
      {
        concurrency: 8,
        progressIntervalMs: 50,
        // Each reading of the clock moves it 5 ms on: a report about every tenth record.
        now: () => (clock += 5),
        onProgress: (done, total) => reports.push([done, total]),
      },
    );
    expect(result.contacts).toHaveLength(40);
    expect(reports[0]).toEqual([0, 40]);
    expect(reports.at(-1)).toEqual([40, 40]);
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.length).toBeLessThan(10);
    const done = reports.map(([value]) => value);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(reports.every(([, total]) => total === 40)).toBe(true);
  });

  it('handles an empty release list', async () => {
    const reports: number[] = [];
    expect(await decryptInnerLayers({ keys, releases: [] }, { onProgress: (done) => reports.push(done) })).toEqual({
      kind: 'done',
      contacts: [],
      failed: [],
    });
    expect(reports).toEqual([0]);
  });
});

describe('splitting a job over several workers', () => {
  it('uses one worker per core for a big job, never more than MAX_WORKERS, and one for a small job', () => {
    expect(workerCount(10_000, 2)).toBe(2);
    expect(workerCount(10_000, 64)).toBe(MAX_WORKERS);
    expect(workerCount(600, 8)).toBe(2);
    expect(workerCount(100, 8)).toBe(1);
    expect(workerCount(0, 8)).toBe(1);
    expect(workerCount(10_000, Number.NaN)).toBe(1);
  });

  it('splits into contiguous parts that together are the job, and merges back in release order', async () => {
    const seven = Array.from({ length: 7 }, (_, i) => defined(releases[i % releases.length]));
    const parts = splitJob({ keys, releases: seven }, 3);
    expect(parts.map((part) => part.releases.length)).toEqual([3, 2, 2]);
    expect(parts.flatMap((part) => part.releases)).toEqual(seven);
    expect(parts.every((part) => part.keys === keys)).toBe(true);
    expect(splitJob({ keys, releases: seven.slice(0, 2) }, 8)).toHaveLength(2);
    expect(splitJob({ keys, releases: [] }, 4)).toEqual([{ keys, releases: [] }]);

    const tampered = [...seven];
    const unknownKey = { ...defined(seven[4]), officeKeyId: 'AAAAAAAAAAAAAAAAAAAAAA' };
    tampered[4] = unknownKey;
    const whole = await decryptInnerLayers({ keys, releases: tampered });
    const merged = mergeResults(await Promise.all(splitJob({ keys, releases: tampered }, 3).map((part) => decryptInnerLayers(part))));
    expect(merged).toEqual(whole);
    expect(merged.failed).toEqual([{ checkInId: unknownKey.checkInId, reason: 'no_key' }]);
  });

  it("sums the parts' progress into one bar, throttled, always reporting the first and the last", () => {
    let clock = 0;
    const reports: [number, number][] = [];
    const report = progressCombiner([5, 4], (done, total) => reports.push([done, total]), { intervalMs: 50, now: () => clock });
    report(0, 0);
    report(1, 0); // same sum: not repeated
    clock = 10;
    report(0, 3); // 10 ms after the last report: quiet
    clock = 60;
    report(1, 2);
    clock = 70;
    report(0, 5);
    report(1, 4); // all done: reported at once
    report(1, 4);
    expect(reports).toEqual([
      [0, 9],
      [5, 9],
      [9, 9],
    ]);
  });
});
