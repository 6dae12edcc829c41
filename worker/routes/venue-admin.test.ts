import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPrivateJwk } from '../../protocol/keys.ts';
import { type ProvisionedVenue, createVenue } from '../../protocol/provisioning.ts';
import { signActivation } from '../../protocol/recovery-kit.ts';
import { newId } from '../../protocol/ids.ts';
import { impostorCard } from '../../protocol/impostor-venue.ts';
import { venueCodeLookup } from '../../protocol/venue-code.ts';
import { signNewVenueCard, signVenueCard } from '../../protocol/venue.ts';
import { type TestOperator, signedInOperator } from '../test/accounts.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type World, createWorld, sealFor, signedRequest, storeRequest } from '../test/world.ts';

const ORIGIN = 'https://luca.test';
let world: World;
let alice: TestOperator;
let bob: TestOperator;

beforeAll(async () => {
  world = await createWorld();
  alice = await signedInOperator('Alice');
  bob = await signedInOperator('Bob');
});

function call(method: string, path: string, who?: TestOperator, body?: unknown, origin = ORIGIN) {
  return callWith(method, path, who, body, { origin });
}

function callWith(method: string, path: string, who: TestOperator | undefined, body: unknown, extra: Record<string, string>) {
  const { origin, ...headers } = extra;
  // Encoded here, so that a fuzzed body that is a string is sent as JSON too.
  return request(method, path, {
    cookie: who?.cookie,
    body: body === undefined ? undefined : JSON.stringify(body),
    origin: origin ?? ORIGIN,
    headers,
  });
}

async function newVenue(): Promise<ProvisionedVenue> {
  return createVenue({
    officeId: world.office.certificate.officeId,
    name: 'Eisdiele Nord',
    street: 'Uferweg 4',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cafe',
    defaultStayMinutes: 45,
    areas: [{ id: 'innen', name: 'Innen' }],
  });
}

async function created(by: TestOperator): Promise<ProvisionedVenue> {
  const venue = await newVenue();
  const response = await call('POST', '/api/venue-admin/venues', by, { card: venue.card });
  expect(response.status).toBe(201);
  return venue;
}

describe('venue admin: who may call', () => {
  it('refuses anonymous callers and expired sessions on every route', async () => {
    const venue = await created(alice);
    const id = venue.card.venueId;
    const expired = await signedInOperator('Old', { expired: true });
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/venue-admin/venues'],
      ['POST', '/api/venue-admin/venues', { card: venue.card }],
      ['GET', `/api/venue-admin/venues/${id}`],
      ['PUT', `/api/venue-admin/venues/${id}`, { card: venue.card }],
      ['POST', `/api/venue-admin/venues/${id}/activate`, { proof: 'A'.repeat(86) }],
      ['PUT', `/api/venue-admin/venues/${id}/keys`, { card: venue.card }],
      ['DELETE', `/api/venue-admin/venues/${id}`],
      ['GET', `/api/venue-admin/venues/${id}/stats`],
      ['POST', '/api/venue-admin/claims', { code: 'A'.repeat(24) }],
      ['POST', '/api/auth/passkeys/options', {}],
      ['GET', '/api/auth/passkeys'],
    ];
    for (const [method, path, body] of routes) {
      for (const who of [undefined, expired]) {
        const response = await call(method, path, who, body);
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'not_signed_in' } });
      }
    }
  });

  it('hides one operator’s venue from another operator on every route', async () => {
    const venue = await created(alice);
    const id = venue.card.venueId;
    const proof = await signActivation(venue.signingPrivateJwk, id, bob.id);
    for (const [method, path, body] of [
      ['GET', `/api/venue-admin/venues/${id}`],
      ['PUT', `/api/venue-admin/venues/${id}`, { card: venue.card }],
      ['POST', `/api/venue-admin/venues/${id}/activate`, { proof }],
      ['PUT', `/api/venue-admin/venues/${id}/keys`, { card: venue.card }],
      ['DELETE', `/api/venue-admin/venues/${id}`],
      ['GET', `/api/venue-admin/venues/${id}/stats`],
    ] as const) {
      const response = await call(method, path, bob, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const list = await (await call('GET', '/api/venue-admin/venues', bob)).json<{ venues: unknown[] }>();
    expect(list.venues).toEqual([]);
    const row = await env.DB.prepare('SELECT status FROM venues WHERE id = ?').bind(id).first<{ status: string }>();
    expect(row?.status).toBe('draft');
  });

  it('refuses writes from another origin even with a valid session', async () => {
    const venue = await newVenue();
    const response = await call('POST', '/api/venue-admin/venues', alice, { card: venue.card }, 'https://evil.example');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'cross_origin' } });
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM venues WHERE id = ?').bind(venue.card.venueId).first<{ n: number }>()).toEqual({
      n: 0,
    });
  });
});

describe('venue admin: a venue’s life', () => {
  it('stays closed to guests until the operator proves the restored key, then opens', async () => {
    const venue = await created(alice);
    const id = venue.card.venueId;
    expect((await request('GET', `/api/venues/${id}`, { origin: null })).status).toBe(404);
    // 25 minutes into an hour: the counts come per whole hour of arrival.
    const sealed = await sealFor(world, venue, Math.floor(Date.now() / 3_600_000) * 3_600_000 - 35 * 60_000);
    const { checkoutSecret: _secret, ...body } = sealed;
    const early = await request('POST', '/api/checkins', { body, origin: null });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ error: { code: 'venue_not_live' } });

    const wrongKey = await signActivation((await newVenue()).signingPrivateJwk, id, alice.id);
    expect((await call('POST', `/api/venue-admin/venues/${id}/activate`, alice, { proof: wrongKey })).status).toBe(422);
    const proof = await signActivation(venue.signingPrivateJwk, id, alice.id);
    const activated = await call('POST', `/api/venue-admin/venues/${id}/activate`, alice, { proof });
    expect(activated.status).toBe(200);
    expect(await activated.json()).toMatchObject({ venue: { status: 'live' } });

    expect((await request('GET', `/api/venues/${id}`, { origin: null })).status).toBe(200);
    const late = await request('POST', '/api/checkins', { body, origin: null });
    expect(late.status).toBe(201);
    const stats = await (
      await call('GET', `/api/venue-admin/venues/${id}/stats`, alice)
    ).json<{ hours: { hour: number; checkIns: number }[] }>();
    expect(stats.hours).toEqual([{ hour: Math.floor(sealed.arrivalBucket / 3_600_000) * 3_600_000, checkIns: 1 }]);
  });

  it('refuses cards not signed by their own key, for an office not responsible, or reusing an id', async () => {
    const venue = await newVenue();
    const tampered = { ...venue.card, name: 'Something else' };
    expect(await (await call('POST', '/api/venue-admin/venues', alice, { card: tampered })).json()).toMatchObject({
      error: { code: 'bad_card' },
    });
    const signer = await importPrivateJwk(venue.signingPrivateJwk, 'signing');
    const { v: _v, signature: _s, ...unsigned } = venue.card;
    const elsewhere = await signVenueCard(signer, { ...unsigned, postcode: '99999' });
    expect(await (await call('POST', '/api/venue-admin/venues', alice, { card: elsewhere })).json()).toMatchObject({
      error: { code: 'wrong_office' },
    });
    const otherOffice = await signNewVenueCard(signer, { ...unsigned, officeId: world.otherOffice.certificate.officeId });
    expect(await (await call('POST', '/api/venue-admin/venues', alice, { card: otherOffice })).json()).toMatchObject({
      error: { code: 'wrong_office' },
    });
    // An id that does not follow from the keys and office: another office kept under the old id,
    // and a self-signed card under an id the browser chose (as ids were once drawn at random).
    for (const card of [
      await signVenueCard(signer, { ...unsigned, officeId: world.otherOffice.certificate.officeId }),
      await signVenueCard(signer, { ...unsigned, venueId: newId() }),
    ]) {
      expect(await (await call('POST', '/api/venue-admin/venues', alice, { card })).json()).toMatchObject({ error: { code: 'bad_card' } });
      expect(await env.DB.prepare('SELECT 1 FROM venues WHERE id = ?').bind(card.venueId).first()).toBeNull();
    }
    expect((await call('POST', '/api/venue-admin/venues', alice, { card: venue.card })).status).toBe(201);
    expect((await call('POST', '/api/venue-admin/venues', bob, { card: venue.card })).status).toBe(409);
    expect((await call('POST', '/api/venue-admin/venues', alice, { card: { ...venue.card, extra: 1 } })).status).toBe(400);
  });

  it('lets the owner edit the card but not swap its keys', async () => {
    const venue = await created(alice);
    const signer = await importPrivateJwk(venue.signingPrivateJwk, 'signing');
    const { v: _v, signature: _s, ...unsigned } = venue.card;
    const renamed = await signVenueCard(signer, { ...unsigned, name: 'Eisdiele Nord & Süd', defaultStayMinutes: 60 });
    const response = await call('PUT', `/api/venue-admin/venues/${venue.card.venueId}`, alice, { card: renamed });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ venue: { card: { name: 'Eisdiele Nord & Süd' } } });
    const other = await newVenue();
    const otherSigner = await importPrivateJwk(other.signingPrivateJwk, 'signing');
    const swapped = await signVenueCard(otherSigner, {
      ...unsigned,
      encryptionKey: other.card.encryptionKey,
      signingKey: other.card.signingKey,
    });
    const refused = await call('PUT', `/api/venue-admin/venues/${venue.card.venueId}`, alice, { card: swapped });
    expect(await refused.json()).toMatchObject({ error: { code: 'keys_changed' } });
  });
});

describe('venue admin: a draft’s way out', () => {
  /** New keys for the same details, as the app makes them when the first kit was lost: a new card under the id they give. */
  function rekeyed(venue: ProvisionedVenue): Promise<ProvisionedVenue> {
    const { v: _v, signature: _s, venueId: _id, encryptionKey: _e, signingKey: _k, ...details } = venue.card;
    return createVenue(details);
  }

  async function row(id: string) {
    return env.DB.prepare('SELECT card, status, operator_id AS operatorId FROM venues WHERE id = ?')
      .bind(id)
      .first<{ card: string; status: string; operatorId: string }>();
  }

  it('gives a draft new keys that verify as on creation; only those keys activate it; a live venue keeps its keys', async () => {
    const venue = await created(alice);
    const id = venue.card.venueId;
    const fresh = await rekeyed(venue);
    // The id follows from the keys: the draft moves to the new keys' id, with its code's lookup half.
    const newId = fresh.card.venueId;
    expect(newId).not.toBe(id);
    const response = await call('PUT', `/api/venue-admin/venues/${id}/keys`, alice, { card: fresh.card });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      venue: { status: 'draft', card: { venueId: newId, signingKey: fresh.card.signingKey } },
    });
    expect(await row(id)).toBeNull();
    expect(JSON.parse((await row(newId))?.card ?? '{}')).toEqual(fresh.card);
    const code = await env.DB.prepare('SELECT code FROM venues WHERE id = ?').bind(newId).first<{ code: string }>();
    expect(code?.code).toBe(venueCodeLookup(newId));

    // The old key can no longer activate it; the new one does.
    const oldProof = await signActivation(venue.signingPrivateJwk, newId, alice.id);
    expect(await (await call('POST', `/api/venue-admin/venues/${newId}/activate`, alice, { proof: oldProof })).json()).toMatchObject({
      error: { code: 'bad_proof' },
    });
    const proof = await signActivation(fresh.signingPrivateJwk, newId, alice.id);
    expect((await call('POST', `/api/venue-admin/venues/${newId}/activate`, alice, { proof })).status).toBe(200);

    const again = await rekeyed(fresh);
    const refused = await call('PUT', `/api/venue-admin/venues/${newId}/keys`, alice, { card: again.card });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_a_draft' } });
    expect(JSON.parse((await row(newId))?.card ?? '{}')).toEqual(fresh.card);
    expect(await row(again.card.venueId)).toBeNull();
  });

  it('refuses new keys on a card that does not verify, names another venue or office, or is another operator’s, changing nothing', async () => {
    const venue = await created(alice);
    const id = venue.card.venueId;
    const fresh = await rekeyed(venue);
    const signer = await importPrivateJwk(fresh.signingPrivateJwk, 'signing');
    const { v: _v, signature: _s, venueId: _id, ...unsigned } = fresh.card;
    const taken = await created(alice);
    const cases: [TestOperator, unknown, number, string][] = [
      [alice, { card: { ...fresh.card, name: 'Unsigned change' } }, 422, 'bad_card'],
      // Other details under the new keys, properly signed: new keys keep the details.
      [alice, { card: await signNewVenueCard(signer, { ...unsigned, postcode: '10117' }) }, 422, 'bad_card'],
      [alice, { card: await signNewVenueCard(signer, { ...unsigned, officeId: world.otherOffice.certificate.officeId }) }, 422, 'bad_card'],
      // The draft's id kept with other keys (an id that does not follow from them), and a made-up id.
      [alice, { card: await impostorCard(venue.card) }, 422, 'bad_card'],
      [alice, { card: await signVenueCard(signer, { ...unsigned, venueId: 'BBBBBBBBBBBBBBBBBBBBBQ' }) }, 422, 'bad_card'],
      // Another venue's card (same details, its own keys and id): that id is taken.
      [alice, { card: taken.card }, 409, 'venue_exists'],
      [alice, { card: { ...fresh.card, extra: 1 } }, 400, 'invalid_input'],
      [bob, { card: fresh.card }, 404, 'unknown_venue'],
    ];
    for (const [who, body, status, code] of cases) {
      const response = await call('PUT', `/api/venue-admin/venues/${id}/keys`, who, body);
      expect(response.status, code).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    expect(JSON.parse((await row(id))?.card ?? '{}')).toEqual(venue.card);
  });

  it('deletes a draft, and refuses a live venue, another operator’s, and a draft an office request names', async () => {
    const draft = await created(alice);
    expect((await call('DELETE', `/api/venue-admin/venues/${draft.card.venueId}`, bob)).status).toBe(404);
    expect(await row(draft.card.venueId)).not.toBeNull();
    const deleted = await call('DELETE', `/api/venue-admin/venues/${draft.card.venueId}`, alice);
    expect(deleted.status).toBe(200);
    expect(await row(draft.card.venueId)).toBeNull();
    expect((await call('GET', `/api/venue-admin/venues/${draft.card.venueId}`, alice)).status).toBe(404);
    expect((await call('DELETE', `/api/venue-admin/venues/${draft.card.venueId}`, alice)).status).toBe(404);

    const live = await created(alice);
    const proof = await signActivation(live.signingPrivateJwk, live.card.venueId, alice.id);
    expect((await call('POST', `/api/venue-admin/venues/${live.card.venueId}/activate`, alice, { proof })).status).toBe(200);
    const refused = await call('DELETE', `/api/venue-admin/venues/${live.card.venueId}`, alice);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_a_draft' } });
    expect((await row(live.card.venueId))?.status).toBe('live');

    const named = await created(alice);
    await storeRequest(await signedRequest(world, named, { from: Date.now() - 3_600_000, to: Date.now() }));
    const kept = await call('DELETE', `/api/venue-admin/venues/${named.card.venueId}`, alice);
    expect(kept.status).toBe(409);
    expect(await row(named.card.venueId)).not.toBeNull();
  });

  it('answers arbitrary bodies and ids on the draft routes with a 4xx and changes nothing', async () => {
    // Four owners of a draft each, taking turns: the write budget (120 a minute) is the account's,
    // and the run is to exercise the input checks, not the limiter.
    const owners = await Promise.all(
      ['Fuzz 1', 'Fuzz 2', 'Fuzz 3', 'Fuzz 4'].map(async (name) => {
        const who = await signedInOperator(name);
        return { who, venue: await created(who) };
      }),
    );
    const venue = owners[0]?.venue ?? (await created(alice));
    const id = venue.card.venueId;
    const before = await Promise.all(owners.map(async (owner) => row(owner.venue.card.venueId)));
    let turn = 0;
    const card = fc.oneof(
      fc.jsonValue(),
      fc.record(
        Object.fromEntries(
          Object.keys(venue.card).map((key) => [key, fc.oneof(fc.constant(venue.card[key as keyof typeof venue.card]), fc.jsonValue())]),
        ),
        { requiredKeys: [] },
      ),
    );
    const venueId = fc.oneof(fc.constant(id), fc.constant(newId()), fc.string({ minLength: 1, maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(
        venueId,
        fc.oneof(
          card.map((value) => ({ card: value })),
          fc.jsonValue(),
        ),
        async (target, body) => {
          fc.pre(JSON.stringify(body) !== JSON.stringify({ card: venue.card }));
          const owner = owners[turn++ % owners.length];
          if (!owner) throw new Error('no owner');
          // `id` stands for the owner's own draft.
          const own = target === id ? owner.venue.card.venueId : target;
          fc.pre(JSON.stringify(body) !== JSON.stringify({ card: owner.venue.card }));
          const headers = { 'cf-connecting-ip': freshClient() };
          const path = `/api/venue-admin/venues/${encodeURIComponent(own)}`;
          await expectRefusal(await callWith('PUT', `${path}/keys`, owner.who, body, headers), `PUT ${own} ${JSON.stringify(body)}`);
          if (target !== id) await expectRefusal(await callWith('DELETE', path, owner.who, undefined, headers), `DELETE ${own}`);
        },
      ),
      { numRuns: 100 },
    );
    expect(await Promise.all(owners.map(async (owner) => row(owner.venue.card.venueId)))).toEqual(before);
    // 200 requests and four drafts: more than the default 5 s on a loaded two-core machine.
  }, 30_000);
});

describe('passkey routes', () => {
  it('offers registration for this host, and refuses forged or replayed ceremonies with 4xx', async () => {
    const options = await call('POST', '/api/auth/register/options', undefined, { displayName: 'Café Owner' });
    expect(options.status).toBe(200);
    const { flowId, options: publicKey } = await options.json<{
      flowId: string;
      options: { rp: { id: string }; authenticatorSelection: { userVerification: string } };
    }>();
    expect(publicKey.rp.id).toBe('luca.test');
    expect(publicKey.authenticatorSelection.userVerification).toBe('required');
    const forged = {
      id: 'abc',
      rawId: 'abc',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'AAAA' },
      clientExtensionResults: {},
    };
    const first = await call('POST', '/api/auth/register/verify', undefined, { flowId, response: forged });
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ error: { code: 'passkey_refused' } });
    // The challenge was used up by the failed attempt.
    const replay = await call('POST', '/api/auth/register/verify', undefined, { flowId, response: forged });
    expect(await replay.json()).toMatchObject({ error: { code: 'challenge_expired' } });
    // A sign-in answers with an assertion (a signature), not a new credential.
    const assertion = {
      id: 'abc',
      rawId: 'abc',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
      clientExtensionResults: {},
    };
    const login = await (await call('POST', '/api/auth/login/options')).json<{ flowId: string }>();
    const unknown = await call('POST', '/api/auth/login/verify', undefined, { flowId: login.flowId, response: assertion });
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_passkey' } });
    expect((await call('POST', '/api/auth/login/verify', undefined, { flowId: newId(), response: assertion })).status).toBe(400);
    // A new credential where an assertion belongs is malformed.
    expect(await (await call('POST', '/api/auth/login/verify', undefined, { flowId: newId(), response: forged })).json()).toMatchObject({
      error: { code: 'invalid_input' },
    });
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM accounts WHERE display_name = ?').bind('Café Owner').first<{ n: number }>(),
    ).toEqual({ n: 0 });
  });

  it('offers a signed-in account another passkey, excluding the ones it has, and lists them without their keys', async () => {
    const dora = await signedInOperator('Dora');
    const now = Date.now();
    await env.DB.prepare(
      'INSERT INTO passkeys (credential_id, account_id, public_key, counter, transports, created_at, last_used_at) VALUES (?, ?, ?, 0, ?, ?, NULL)',
    )
      .bind('Y3JlZGVudGlhbA', dora.id, 'cHVibGlj', '["internal"]', now)
      .run();
    const options = await call('POST', '/api/auth/passkeys/options', dora);
    expect(options.status).toBe(200);
    expect(await options.json()).toMatchObject({
      options: { excludeCredentials: [{ id: 'Y3JlZGVudGlhbA', type: 'public-key' }], user: { name: 'Dora' } },
    });
    const listed = await call('GET', '/api/auth/passkeys', dora);
    expect(await listed.json()).toEqual({ passkeys: [{ createdAt: now, lastUsedAt: null }] });
  });

  it('refuses every passkey ceremony started from another website', async () => {
    for (const path of ['/api/auth/register/options', '/api/auth/login/options', '/api/auth/logout']) {
      const response = await call(
        'POST',
        path,
        undefined,
        path.includes('register') ? { displayName: 'Café Owner' } : undefined,
        'https://evil.example',
      );
      expect(response.status, path).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'cross_origin' } });
    }
  });

  it('signs out: the session no longer works', async () => {
    const carol = await signedInOperator('Carol');
    expect((await call('GET', '/api/auth/session', carol)).status).toBe(200);
    const out = await call('POST', '/api/auth/logout', carol);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call('GET', '/api/auth/session', carol)).status).toBe(401);
  });
});
