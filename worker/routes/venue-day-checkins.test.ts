/**
 * `GET /api/venue-admin/venues/:venueId/checkins` (issue 14): a venue's own check-ins of one
 * local day, their outer layers, for the operator's browser to count people. Only the venue's
 * operator; only that venue's check-ins in the range; paged; bad queries a 4xx, never a 500.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_CHECKINS_PAGE, type OwnCheckIn } from '../../protocol/api/venue-admin.ts';
import { newId } from '../../protocol/ids.ts';
import { type ProvisionedVenue, createVenue } from '../../protocol/provisioning.ts';
import { signActivation } from '../../protocol/recovery-kit.ts';
import { HOUR_MS, MINUTE_MS, floorToBucket } from '../../protocol/time.ts';
import { type TestOperator, signedInOperator } from '../test/accounts.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type SealedForTest, type World, createWorld, sealFor } from '../test/world.ts';

let world: World;
let alice: TestOperator;
let bob: TestOperator;
let venue: ProvisionedVenue;
/** Noon of yesterday (UTC), far from midnight in Berlin: the day's range is [from, to). */
let from: number;
let to: number;
let inRange: SealedForTest[];

async function store(sealed: SealedForTest): Promise<void> {
  await env.DB.prepare(
    'INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, departure_bucket, ciphertext, checkout_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(sealed.id, sealed.venueId, sealed.officeKeyId, sealed.day, sealed.arrivalBucket, null, sealed.ciphertext, sealed.checkoutHash)
    .run();
}

const get = (path: string, who?: TestOperator) => request('GET', path, { cookie: who?.cookie, client: freshClient() });

beforeAll(async () => {
  world = await createWorld();
  alice = await signedInOperator('Alice');
  bob = await signedInOperator('Bob');
  venue = await createVenue({
    officeId: world.office.certificate.officeId,
    name: 'Kino am Markt',
    street: 'Markt 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cinema',
    defaultStayMinutes: 150,
    areas: [],
  });
  expect((await request('POST', '/api/venue-admin/venues', { cookie: alice.cookie, body: { card: venue.card } })).status).toBe(201);
  const proof = await signActivation(venue.signingPrivateJwk, venue.card.venueId, alice.id);
  expect(
    (await request('POST', `/api/venue-admin/venues/${venue.card.venueId}/activate`, { cookie: alice.cookie, body: { proof } })).status,
  ).toBe(200);

  from = Math.floor(Date.now() / (24 * HOUR_MS)) * 24 * HOUR_MS - 12 * HOUR_MS;
  to = from + 24 * HOUR_MS;
  // One more than a page inside the day, one just before it and one at its end (outside: [from, to)).
  inRange = await Promise.all(Array.from({ length: DAY_CHECKINS_PAGE + 1 }, (_, i) => sealFor(world, venue, from + i * 5 * MINUTE_MS)));
  for (const sealed of inRange) await store(sealed);
  await store(await sealFor(world, venue, from - 5 * MINUTE_MS));
  await store(await sealFor(world, venue, floorToBucket(to)));
  // Another venue's check-in in the same day.
  await store(await sealFor(world, world.venue, from + HOUR_MS));
});

const path = (query: string, venueId = venue.card.venueId) => `/api/venue-admin/venues/${venueId}/checkins?${query}`;

describe('a venue’s own check-ins of one day', () => {
  it('gives the operator exactly the venue’s check-ins in the range, outer layers as stored, a page at a time', async () => {
    const first = await get(path(`from=${from}&to=${to}`), alice);
    expect(first.status).toBe(200);
    const one = await first.json<{ checkIns: OwnCheckIn[]; next: string | null }>();
    expect(one.checkIns).toHaveLength(DAY_CHECKINS_PAGE);
    expect(one.next).toBe(one.checkIns.at(-1)?.id);
    const two = await (
      await get(path(`from=${from}&to=${to}&after=${one.next}`), alice)
    ).json<{ checkIns: OwnCheckIn[]; next: string | null }>();
    expect(two.next).toBeNull();
    const all = [...one.checkIns, ...two.checkIns];
    expect(all.map((row) => row.id)).toEqual(inRange.map((sealed) => sealed.id).sort());
    const byId = new Map(inRange.map((sealed) => [sealed.id, sealed]));
    for (const row of all) {
      const sealed = byId.get(row.id);
      expect(row).toEqual({ id: sealed?.id, day: sealed?.day, officeKeyId: sealed?.officeKeyId, ciphertext: sealed?.ciphertext });
    }
  });

  it('is the operator’s alone: another operator and a stranger learn nothing', async () => {
    const other = await get(path(`from=${from}&to=${to}`), bob);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'unknown_venue' } });
    expect((await get(path(`from=${from}&to=${to}`))).status).toBe(401);
    // Alice asking about a venue that is not hers.
    expect((await get(path(`from=${from}&to=${to}`, world.venue.card.venueId), alice)).status).toBe(404);
  });

  it('refuses a range longer than a day, an empty or reversed one, and times not written as whole digits', async () => {
    for (const query of [
      `from=${from}&to=${from + 26 * HOUR_MS + 1}`,
      `from=${from}&to=${from}`,
      `from=${to}&to=${from}`,
      `from=0${from}&to=${to}`,
      `from=${from}.5&to=${to}`,
      `from=${from}`,
      `from=${from}&to=${to}&after=short`,
      '',
    ]) {
      await expectRefusal(await get(path(query), alice), query);
    }
  });

  it('answers any query with a clear refusal or a page, never a 500', async () => {
    const part = fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -1, max: 2 ** 53 }).map(String), fc.constant(newId()));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('from', 'to', 'after', 'x'), part, { maxKeys: 4 }), async (query) => {
        const response = await get(path(new URLSearchParams(query).toString()), alice);
        if (response.status === 200) {
          const page = await response.json<{ checkIns: OwnCheckIn[] }>();
          expect(page.checkIns.every((row) => inRange.some((sealed) => sealed.id === row.id))).toBe(true);
        } else await expectRefusal(response, JSON.stringify(query));
      }),
      { numRuns: 60 },
    );
  });
});
