import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedVenue, createVenue } from '../../protocol/provisioning.ts';
import { DAY_MS } from '../../protocol/time.ts';
import { formatClaimCode, generateClaimCode, openClaimBundle } from '../../protocol/venue-claim.ts';
import { database } from '../db/client.ts';
import { venueClaimCodes, venues } from '../db/schema.ts';
import { claimCodeRow, seedRows } from '../db/seed-rows.ts';
import { type TestOperator, signedInOperator } from '../test/accounts.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { staffOf } from '../test/office.ts';
import { type World, createWorld } from '../test/world.ts';

let world: World;
let alice: TestOperator;
let bob: TestOperator;

beforeAll(async () => {
  world = await createWorld();
  alice = await signedInOperator('Alice');
  bob = await signedInOperator('Bob');
});

function claim(who: TestOperator | undefined, body: unknown, headers: Record<string, string> = {}) {
  const { origin, ...others } = headers;
  // Encoded here, so that a fuzzed body that is a string is sent as JSON too.
  return request('POST', '/api/venue-admin/claims', {
    cookie: who?.cookie,
    body: JSON.stringify(body),
    origin,
    client: freshClient(),
    headers: others,
  });
}

/** A venue the deployment holds (no operator), seeded as the demo seed does. */
async function deploymentVenue(): Promise<ProvisionedVenue> {
  const venue = await createVenue({
    officeId: world.office.certificate.officeId,
    name: 'Café Demo',
    street: 'Invalidenstraße 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cafe',
    defaultStayMinutes: 120,
    areas: [],
  });
  await database(env.DB)
    .insert(venues)
    .values(seedRows([], [venue.card], Date.now()).venues);
  return venue;
}

async function storeCode(venue: ProvisionedVenue, options: { validDays?: number; now?: number } = {}): Promise<string> {
  const code = generateClaimCode();
  const row = await claimCodeRow(
    code,
    venue.card.venueId,
    { encryption: venue.encryptionPrivateJwk, signing: venue.signingPrivateJwk },
    options.now ?? Date.now(),
    options.validDays ?? 30,
  );
  await database(env.DB).insert(venueClaimCodes).values(row);
  return code;
}

async function state(venueId: string) {
  const venue = await env.DB.prepare('SELECT operator_id AS operatorId, status, card FROM venues WHERE id = ?')
    .bind(venueId)
    .first<{ operatorId: string | null; status: string; card: string }>();
  const codes = await env.DB.prepare(
    'SELECT code_hash AS codeHash, bundle, used_at AS usedAt, used_by AS usedBy FROM venue_claim_codes WHERE venue_id = ? ORDER BY code_hash',
  )
    .bind(venueId)
    .all<{ codeHash: string; bundle: string | null; usedAt: number | null; usedBy: string | null }>();
  return { venue, codes: codes.results };
}

describe('taking over a venue with a code', () => {
  it('gives the venue and its keys to the operator who types the code, once, and erases every bundle of the venue', async () => {
    const venue = await deploymentVenue();
    const older = await storeCode(venue);
    const code = await storeCode(venue);

    // As printed by npm start: groups of four, typed in lower case.
    const response = await claim(alice, { code: formatClaimCode(code).toLowerCase() });
    expect(response.status).toBe(200);
    const body = await response.json<{ venue: { card: { venueId: string }; status: string }; bundle: string }>();
    expect(body.venue).toMatchObject({ card: { venueId: venue.card.venueId }, status: 'live' });
    // The bundle opens with the code into exactly the keys of the card.
    const keys = await openClaimBundle(code, body.bundle, venue.card);
    expect(keys.signing.d).toBe(venue.signingPrivateJwk.d);

    const after = await state(venue.card.venueId);
    expect(after.venue?.operatorId).toBe(alice.id);
    expect(after.codes.every((row) => row.bundle === null && row.usedAt !== null)).toBe(true);
    expect(after.codes.filter((row) => row.usedBy === alice.id)).toHaveLength(1);
    const list = await (
      await request('GET', '/api/venue-admin/venues', { cookie: alice.cookie, origin: null })
    ).json<{ venues: { card: { venueId: string } }[] }>();
    expect(list.venues.map((entry) => entry.card.venueId)).toContain(venue.card.venueId);

    // Spent once: the same code again, and the venue's other code, are unknown now.
    for (const [who, again] of [
      [alice, code],
      [bob, code],
      [bob, older],
    ] as const) {
      const refused = await claim(who, { code: again });
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ error: { code: 'unknown_claim_code', field: 'code' } });
    }
    expect((await state(venue.card.venueId)).venue?.operatorId).toBe(alice.id);
  });

  it('refuses a venue another account holds, and leaves venue and code as they were', async () => {
    const venue = await deploymentVenue();
    const code = await storeCode(venue);
    await env.DB.prepare('UPDATE venues SET operator_id = ? WHERE id = ?').bind(bob.id, venue.card.venueId).run();
    const before = await state(venue.card.venueId);
    const response = await claim(alice, { code });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'venue_claimed' } });
    expect(await state(venue.card.venueId)).toEqual(before);
  });

  it('refuses unknown, expired, mistyped and anonymous claims, and office accounts, storing nothing', async () => {
    const venue = await deploymentVenue();
    const expired = await storeCode(venue, { now: Date.now() - 31 * DAY_MS, validDays: 30 });
    const valid = await storeCode(venue);
    const before = await state(venue.card.venueId);
    const cases: [TestOperator | undefined, unknown, number, string, Record<string, string>?][] = [
      [alice, { code: generateClaimCode() }, 404, 'unknown_claim_code'],
      [alice, { code: expired }, 404, 'unknown_claim_code'],
      [alice, { code: valid.slice(0, 23) }, 400, 'bad_code'],
      [alice, { code: `${valid}U` }, 400, 'bad_code'],
      [alice, { code: valid, extra: true }, 400, 'invalid_input'],
      [alice, { code: 'x'.repeat(41) }, 400, 'invalid_input'],
      [undefined, { code: valid }, 401, 'not_signed_in'],
      [alice, { code: valid }, 403, 'cross_origin', { origin: 'https://evil.example' }],
    ];
    for (const [who, body, status, code, headers] of cases) {
      const response = await claim(who, body, headers);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    const office = await staffOf(world.office);
    const wrongAccount = await claim({ id: office.accountId, cookie: office.cookie }, { code: valid });
    expect(wrongAccount.status).toBe(403);
    expect(await state(venue.card.venueId)).toEqual(before);
  });

  it('never answers 500 to arbitrary bodies, and changes nothing', async () => {
    const venue = await deploymentVenue();
    const code = await storeCode(venue);
    const before = await state(venue.card.venueId);
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ code: fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue(), fc.constant(`${code}0`)) }, { requiredKeys: [] }),
      fc.record({ code: fc.constant(code), extra: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        // Each run its own operator: the code budget (10 a minute) is the account's, and the
        // run is to exercise the input checks, not the limiter.
        await expectRefusal(await claim(await signedInOperator('Fuzz'), payload), JSON.stringify(payload));
      }),
      { numRuns: 120 },
    );
    expect(await state(venue.card.venueId)).toEqual(before);
  });
});
