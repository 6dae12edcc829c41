import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../protocol/bytes.ts';
import { openInnerLayer, openOuterLayer } from '../../protocol/checkin.ts';
import { generateKeyPair, importPrivateJwk } from '../../protocol/keys.ts';
import { type ProvisionedVenue, createVenue } from '../../protocol/provisioning.ts';
import { HOUR_MS } from '../../protocol/time.ts';
import { signAuditEntry } from '../../protocol/audit-log.ts';
import { venueCodeLookup } from '../../protocol/venue-code.ts';
import { type TestOperator, signedInOperator } from '../test/accounts.ts';
import { request } from '../test/http.ts';
import { type World, contact, createWorld, sealFor, signedRequest, storeRequest } from '../test/world.ts';

let world: World;
let alice: TestOperator;
let bob: TestOperator;
let venue: ProvisionedVenue;
const now = Date.now();
const window = { from: now - 3 * HOUR_MS, to: now - HOUR_MS };
const ids: Record<'inside' | 'near' | 'far', string> = { inside: '', near: '', far: '' };

function call(method: string, path: string, who?: TestOperator, body?: unknown) {
  return request(method, path, { cookie: who?.cookie, body });
}

/** A check-in stored as the Worker stores it, arrived at `arrivedAt` and left an hour later. */
async function storeCheckIn(arrivedAt: number): Promise<string> {
  const sealed = await sealFor(world, venue, arrivedAt);
  await env.DB.prepare(
    'INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, departure_bucket, ciphertext, checkout_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      sealed.id,
      sealed.venueId,
      sealed.officeKeyId,
      sealed.day,
      sealed.arrivalBucket,
      sealed.arrivalBucket + HOUR_MS,
      sealed.ciphertext,
      sealed.checkoutHash,
    )
    .run();
  return sealed.id;
}

beforeAll(async () => {
  world = await createWorld();
  alice = await signedInOperator('Alice');
  bob = await signedInOperator('Bob');
  venue = await createVenue({
    officeId: world.office.certificate.officeId,
    name: 'Bar Tresen',
    street: 'Hof 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'bar',
    defaultStayMinutes: 120,
    areas: [],
  });
  await env.DB.prepare(
    "INSERT INTO venues (id, office_id, code, card, created_at, operator_id, status, live_at) VALUES (?, ?, ?, ?, ?, ?, 'live', ?)",
  )
    .bind(venue.card.venueId, venue.card.officeId, venueCodeLookup(venue.card.venueId), JSON.stringify(venue.card), now, alice.id, now)
    .run();
  ids.inside = await storeCheckIn(now - 2 * HOUR_MS);
  ids.near = await storeCheckIn(now - 10 * HOUR_MS);
  ids.far = await storeCheckIn(now - 40 * HOUR_MS);
});

/** The venue's signed audit entry for its answer, as the venue app makes it. */
async function answer(
  request: { officeId: string; caseId: string; venueId: string; requestId: string },
  kind: 'request_approved' | 'request_declined',
  detail = '',
) {
  const key = await importPrivateJwk(venue.signingPrivateJwk, 'signing');
  return signAuditEntry(
    key,
    { type: 'venue', id: request.venueId },
    {
      officeId: request.officeId,
      kind,
      caseId: request.caseId,
      venueId: request.venueId,
      requestId: request.requestId,
      detail,
      at: Date.now(),
    },
  );
}

async function pendingRequest() {
  const request = await signedRequest(world, venue, window);
  await storeRequest(request);
  return request;
}

async function innerOf(id: string, ciphertext: string, day: string, officeKeyId: string) {
  const key = await importPrivateJwk(venue.encryptionPrivateJwk, 'encryption');
  return (
    await openOuterLayer(key, fromBase64Url(venue.card.encryptionKey), { id, venueId: venue.card.venueId, day, officeKeyId }, ciphertext)
  ).inner;
}

interface Candidate {
  id: string;
  day: string;
  officeKeyId: string;
  ciphertext: string;
}

describe('venue request inbox', () => {
  it('is closed to anonymous callers and to other operators', async () => {
    const request = await pendingRequest();
    for (const [method, path, body] of [
      ['GET', '/api/venue-admin/requests'],
      ['GET', `/api/venue-admin/requests/${request.requestId}/checkins`],
      ['POST', `/api/venue-admin/requests/${request.requestId}/decline`, { reason: 'no' }],
    ] as const) {
      expect((await call(method, path, undefined, body)).status, `${method} ${path}`).toBe(401);
    }
    const list = await (await call('GET', '/api/venue-admin/requests', bob)).json<{ requests: unknown[] }>();
    expect(list.requests).toEqual([]);
    expect((await call('GET', `/api/venue-admin/requests/${request.requestId}/checkins`, bob)).status).toBe(404);
    expect(
      (
        await call('POST', `/api/venue-admin/requests/${request.requestId}/approve`, bob, {
          released: [],
          audit: await answer(request, 'request_approved'),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('POST', `/api/venue-admin/requests/${request.requestId}/decline`, bob, {
          reason: 'not mine',
          audit: await answer(request, 'request_declined'),
        })
      ).status,
    ).toBe(404);
    const row = await env.DB.prepare('SELECT status FROM data_requests WHERE id = ?').bind(request.requestId).first<{ status: string }>();
    expect(row?.status).toBe('pending');
  });

  it('releases only the inner layers the venue selected, only from check-ins around the window', async () => {
    const request = await pendingRequest();
    const listed = await (
      await call('GET', '/api/venue-admin/requests', alice)
    ).json<{ requests: { request: { requestId: string }; office: { officeId: string } }[] }>();
    expect(listed.requests.find((entry) => entry.request.requestId === request.requestId)?.office.officeId).toBe(
      world.office.certificate.officeId,
    );

    const { checkIns } = await (
      await call('GET', `/api/venue-admin/requests/${request.requestId}/checkins`, alice)
    ).json<{ checkIns: Candidate[] }>();
    // The stay that ended hours before the window (near) and the one far outside are not served.
    expect(checkIns.map((row) => row.id)).toEqual([ids.inside]);

    // A check-in far outside the window cannot be smuggled into the answer.
    const far = await env.DB.prepare('SELECT * FROM checkins WHERE id = ?')
      .bind(ids.far)
      .first<{ ciphertext: string; day: string; office_key_id: string }>();
    const farInner = await innerOf(ids.far, far?.ciphertext ?? '', far?.day ?? '', far?.office_key_id ?? '');
    const refused = await call('POST', `/api/venue-admin/requests/${request.requestId}/approve`, alice, {
      released: [{ checkInId: ids.far, inner: farInner }],
      audit: await answer(request, 'request_approved', '1 check-ins released'),
    });
    expect(await refused.json()).toMatchObject({ error: { code: 'not_in_window' } });
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM released_checkins').first<{ n: number }>()).toEqual({ n: 0 });

    const inside = checkIns.find((row) => row.id === ids.inside);
    if (!inside) throw new Error('missing candidate');
    const inner = await innerOf(inside.id, inside.ciphertext, inside.day, inside.officeKeyId);
    // The venue's signed entry must state what it releases: understating it is refused.
    const understated = await call('POST', `/api/venue-admin/requests/${request.requestId}/approve`, alice, {
      released: [{ checkInId: inside.id, inner }],
      audit: await answer(request, 'request_approved', '0 check-ins released'),
    });
    expect(await understated.json()).toMatchObject({ error: { code: 'audit_mismatch' } });
    const approved = await call('POST', `/api/venue-admin/requests/${request.requestId}/approve`, alice, {
      released: [{ checkInId: inside.id, inner }],
      audit: await answer(request, 'request_approved', '1 check-ins released'),
    });
    expect(await approved.json()).toEqual({ status: 'approved', releasedCount: 1 });

    const released = await env.DB.prepare('SELECT * FROM released_checkins WHERE request_id = ?')
      .bind(request.requestId)
      .all<{ checkin_id: string; inner: string; day: string; office_key_id: string }>();
    expect(released.results.map((row) => row.checkin_id)).toEqual([ids.inside]);
    // What was released is the office's to open, and holds the guest.
    const row = released.results[0];
    const daily = world.office.dailyKeys.find((entry) => entry.key.keyId === row?.office_key_id);
    if (!row || !daily) throw new Error('no release');
    const guest = await openInnerLayer(
      await importPrivateJwk(daily.privateJwk, 'encryption'),
      fromBase64Url(daily.key.publicKey),
      { id: row.checkin_id, venueId: venue.card.venueId, day: row.day, officeKeyId: row.office_key_id },
      row.inner,
    );
    expect(guest.contact).toEqual(contact);

    expect(
      (
        await call('POST', `/api/venue-admin/requests/${request.requestId}/decline`, alice, {
          reason: 'too late',
          audit: await answer(request, 'request_declined'),
        })
      ).status,
    ).toBe(409);
    expect((await call('GET', `/api/venue-admin/requests/${request.requestId}/checkins`, alice)).status).toBe(409);
  });

  it('refuses a release that lists a check-in twice, releasing nothing', async () => {
    const request = await pendingRequest();
    const { checkIns } = await (
      await call('GET', `/api/venue-admin/requests/${request.requestId}/checkins`, alice)
    ).json<{ checkIns: Candidate[] }>();
    const inside = checkIns.find((row) => row.id === ids.inside);
    if (!inside) throw new Error('missing candidate');
    const entry = { checkInId: inside.id, inner: await innerOf(inside.id, inside.ciphertext, inside.day, inside.officeKeyId) };
    const twice = await call('POST', `/api/venue-admin/requests/${request.requestId}/approve`, alice, {
      released: [entry, entry],
      audit: await answer(request, 'request_approved', '2 check-ins released'),
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ error: { code: 'duplicate_release' } });
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM released_checkins WHERE request_id = ?')
        .bind(request.requestId)
        .first<{ n: number }>(),
    ).toEqual({ n: 0 });
    expect(
      (await env.DB.prepare('SELECT status FROM data_requests WHERE id = ?').bind(request.requestId).first<{ status: string }>())?.status,
    ).toBe('pending');
  });

  it('stores a decline with its reason and releases nothing', async () => {
    const request = await pendingRequest();
    // An answer whose audit entry is not signed by the venue's key is refused and changes nothing.
    const stranger = await generateKeyPair('signing');
    const forged = await signAuditEntry(
      stranger.privateKey,
      { type: 'venue', id: request.venueId },
      {
        officeId: request.officeId,
        kind: 'request_declined',
        caseId: request.caseId,
        venueId: request.venueId,
        requestId: request.requestId,
        detail: '',
        at: Date.now(),
      },
    );
    expect(
      await (
        await call('POST', `/api/venue-admin/requests/${request.requestId}/decline`, alice, { reason: 'We were closed.', audit: forged })
      ).json(),
    ).toMatchObject({ error: { code: 'audit_signature' } });
    const declined = await call('POST', `/api/venue-admin/requests/${request.requestId}/decline`, alice, {
      reason: 'We were closed that evening.',
      audit: await answer(request, 'request_declined'),
    });
    expect(await declined.json()).toEqual({ status: 'declined' });
    const row = await env.DB.prepare('SELECT status, decline_reason FROM data_requests WHERE id = ?').bind(request.requestId).first();
    expect(row).toEqual({ status: 'declined', decline_reason: 'We were closed that evening.' });
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM released_checkins WHERE request_id = ?')
        .bind(request.requestId)
        .first<{ n: number }>(),
    ).toEqual({ n: 0 });
    expect(
      (
        await call('POST', `/api/venue-admin/requests/${request.requestId}/approve`, alice, {
          released: [],
          audit: await answer(request, 'request_approved', '0 check-ins released'),
        })
      ).status,
    ).toBe(409);
  });
});
