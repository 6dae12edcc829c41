/**
 * The guest's check-in as a state machine, in Node: a stay is kept first and then brought as far as
 * the connection allows (pending → sent), a retried upload is recognised, a checkout made offline
 * waits in the queue, refusals are final and recorded, and the queue runs one flush at a time.
 * The store is memory instead of IndexedDB, the Worker a fake that keeps what it accepted.
 */
import * as v from 'valibot';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CheckOut, type CreateCheckIn, CreateCheckInSchema } from '../../protocol/api/checkins.ts';
import { fromBase64Url } from '../../protocol/bytes.ts';
import { checkoutHashOf, openInnerLayer, openOuterLayer } from '../../protocol/checkin.ts';
import { importPrivateJwk } from '../../protocol/keys.ts';
import type { Companion } from '../../protocol/party.ts';
import { impostorCard } from '../../protocol/impostor-venue.ts';
import type { ContactData } from '../../protocol/contact.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from '../../protocol/provisioning.ts';
import { DAY_MS, MINUTE_MS, addDays, ceilToBucket, dayOf } from '../../protocol/time.ts';
import { type VenueCard, type VerifiedVenue, verifyVenueCard } from '../../protocol/venue.ts';
import { ApiRequestError } from '../../client/api.ts';
import { type CheckInApi, type CheckInService, checkInService } from './checkin-service.ts';
import type { Stay } from './guest-store.ts';
import { type OfflineQueue, offlineQueue } from './sync.ts';

// The build pins the root (vite's define); here each service is given the test's root instead.
vi.mock('../../client/pinned-root.ts', () => ({ PINNED_ROOT_PUBLIC_KEY: new Uint8Array(65) }));

const contact: ContactData = {
  firstName: 'Erika',
  lastName: 'Mustermann',
  street: 'Heidestraße 17',
  postcode: '51147',
  city: 'Köln',
  phone: '+49 221 1234567',
};

let root: Uint8Array<ArrayBuffer>;
let office: ProvisionedOffice;
let provisioned: ProvisionedVenue;
let venue: VerifiedVenue;

beforeAll(async () => {
  const rootKey = await createRootKey();
  root = fromBase64Url(rootKey.publicKey);
  office = await createCertifiedOffice(rootKey, {
    name: 'Gesundheitsamt Köln',
    postcodes: ['51147'],
    notBefore: Date.now() - DAY_MS,
    validDays: 365,
  });
  office.dailyKeys = await createDailyKeys(office, addDays(dayOf(Date.now()), -1), 3);
  provisioned = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Café Kranz',
    street: 'Domplatz 1',
    postcode: '51147',
    city: 'Köln',
    kind: 'cafe',
    defaultStayMinutes: 90,
    areas: [],
  });
  venue = await verifyVenueCard(provisioned.card, provisioned.qr);
});

/** IndexedDB's part: copies in, copies out, newest first. */
function memoryStore() {
  const stays = new Map<string, Stay>();
  return {
    stays,
    stay: (id: string) => Promise.resolve(stays.has(id) ? structuredClone(stays.get(id)) : undefined),
    saveStay: (stay: Stay) => {
      stays.set(stay.id, structuredClone(stay));
      return Promise.resolve();
    },
    all: () => Promise.resolve([...stays.values()].sort((a, b) => b.arrivedAt - a.arrivedAt).map((stay) => structuredClone(stay))),
    expireOld: () => Promise.resolve(0),
  };
}

const offline = () => new ApiRequestError(0, 'offline', 'No connection to the server.');

/**
 * The Worker as the device sees it: what it stored, and a switch for the connection. `loseAnswers`
 * stores an upload but loses the answer on the way back (the device must retry with the same id).
 */
function fakeWorker() {
  const stored = new Map<string, CreateCheckIn>();
  const departures = new Map<string, number>();
  const state = {
    online: true,
    loseAnswers: false,
    refuse: undefined as ApiRequestError | undefined,
    uploads: [] as CreateCheckIn[],
    gate: undefined as Promise<void> | undefined,
    card: undefined as VenueCard | undefined,
  };
  const api: CheckInApi = {
    venueCard: () => {
      if (!state.online) return Promise.reject(offline());
      return Promise.resolve(state.card ?? provisioned.card);
    },
    office: () => {
      if (!state.online) return Promise.reject(offline());
      return Promise.resolve({ certificate: office.certificate, dailyKeys: office.dailyKeys.map((entry) => entry.key), revocation: null });
    },
    createCheckIn: async (request) => {
      await state.gate;
      if (!state.online) throw offline();
      state.uploads.push(request);
      if (state.refuse) throw state.refuse;
      expect(v.safeParse(CreateCheckInSchema, request).success).toBe(true);
      const earlier = stored.get(request.id);
      if (earlier && JSON.stringify(earlier) !== JSON.stringify(request)) throw new ApiRequestError(409, 'id_taken', 'taken');
      stored.set(request.id, request);
      if (state.loseAnswers) throw offline();
      return earlier ? { id: request.id, duplicate: true } : { id: request.id };
    },
    checkOut: async (checkInId: string, body: CheckOut) => {
      if (!state.online) throw offline();
      const request = stored.get(checkInId);
      if (!request || request.checkoutHash !== (await checkoutHashOf(body.secret)))
        throw new ApiRequestError(403, 'checkout_refused', 'refused');
      const departureBucket = departures.get(checkInId) ?? ceilToBucket(body.departedAt);
      departures.set(checkInId, departureBucket);
      return { id: checkInId, departureBucket };
    },
  };
  return { api, state, stored, departures };
}

let store: ReturnType<typeof memoryStore>;
let worker: ReturnType<typeof fakeWorker>;
let service: CheckInService;
let queue: OfflineQueue;

beforeEach(() => {
  store = memoryStore();
  worker = fakeWorker();
  service = checkInService({ store, api: worker.api, root });
  queue = offlineQueue(service, { stay: store.stay, stays: store.all, expireOld: store.expireOld });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('a check-in', () => {
  it('is kept, sealed for the office key of its day and sent: pending → sent', async () => {
    const arrivedAt = Date.now();
    const stay = await service.checkIn(provisioned.qr, venue, contact, arrivedAt);
    expect(stay).toMatchObject({ checkIn: 'sent', verified: true, venueName: 'Café Kranz', arrivedAt });
    expect(await store.stay(stay.id)).toEqual(stay);
    const [upload] = worker.state.uploads;
    expect(upload).toEqual(stay.request);
    expect(upload).toMatchObject({ id: stay.id, venueId: provisioned.card.venueId, day: dayOf(arrivedAt) });
    // The device's own secret is the one whose hash the server keeps.
    expect(upload?.checkoutHash).toBe(await checkoutHashOf(stay.checkoutSecret));
    expect(worker.stored.has(stay.id)).toBe(true);
  });

  it('made offline stays pending, unverified, and is verified, sealed and sent once the connection is back', async () => {
    worker.state.online = false;
    const error = await rejection(service.checkIn(provisioned.qr, undefined, contact));
    expect(error).toMatchObject({ code: 'offline' });
    const [pending] = [...store.stays.values()];
    expect(pending).toMatchObject({ checkIn: 'pending', verified: false, venueName: '' });
    expect(pending?.request).toBeUndefined();
    expect(await queue.needsFlush()).toBe(true);

    worker.state.online = true;
    expect(await queue.flushQueue(contact)).toEqual({ sent: 1, waiting: 0, problems: [] });
    expect(await store.stay(pending?.id ?? '')).toMatchObject({ checkIn: 'sent', verified: true, venueName: 'Café Kranz' });
    expect(await queue.needsFlush()).toBe(false);
  });

  it('whose answer was lost is sent again with the same id and content, and the server keeps it once', async () => {
    worker.state.loseAnswers = true;
    const error = await rejection(service.checkIn(provisioned.qr, venue, contact));
    expect(error).toMatchObject({ code: 'offline' });
    const [kept] = [...store.stays.values()];
    expect(kept).toMatchObject({ checkIn: 'pending' });
    expect(kept?.request).toBeDefined();

    worker.state.loseAnswers = false;
    const done = await service.completeCheckIn(kept?.id ?? '', contact);
    expect(done.checkIn).toBe('sent');
    // Sealed once: the retry carries the very same request, which the server recognises.
    expect(worker.state.uploads).toHaveLength(2);
    expect(worker.state.uploads[1]).toEqual(worker.state.uploads[0]);
    expect(worker.stored.size).toBe(1);
  });

  it('refused by the server for good is recorded as failed, with the reason, and not sent again', async () => {
    worker.state.refuse = new ApiRequestError(422, 'venue_not_live', 'not live');
    expect(await rejection(service.checkIn(provisioned.qr, venue, contact))).toMatchObject({ code: 'venue_not_live' });
    const [failed] = [...store.stays.values()];
    expect(failed).toMatchObject({ checkIn: 'failed', problem: { source: 'api', code: 'venue_not_live' } });
    expect(await queue.needsFlush()).toBe(false);
    expect(await queue.flushQueue(contact)).toEqual({ sent: 0, waiting: 0, problems: [] });
    expect(worker.state.uploads).toHaveLength(1);
  });

  it('waits on a rate limit instead of failing', async () => {
    worker.state.refuse = new ApiRequestError(429, 'rate_limited', 'slow down');
    await rejection(service.checkIn(provisioned.qr, venue, contact));
    expect([...store.stays.values()][0]).toMatchObject({ checkIn: 'pending' });
    worker.state.refuse = undefined;
    expect((await queue.flushQueue(contact)).sent).toBe(1);
  });

  it('at a venue whose card does not match the scanned pins is refused, on the device, before anything is sealed', async () => {
    worker.state.card = await impostorCard(provisioned.card, { name: 'Falsches Café' });
    // Scanned offline; the card arrives later, from a server that answers with another venue's keys.
    worker.state.online = false;
    await rejection(service.checkIn(provisioned.qr, undefined, contact));
    worker.state.online = true;
    const result = await queue.flushQueue(contact);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ checkIn: 'refused', verified: false, problem: { source: 'protocol', code: 'bad_key' } });
    expect(result.problems[0]?.request).toBeUndefined();
    expect(worker.state.uploads).toHaveLength(0);
    expect(await queue.needsFlush()).toBe(false);
  });
});

describe('a group check-in', () => {
  const mia: Companion = { firstName: 'Mia', lastName: 'Mustermann' };
  const leo: Companion = {
    firstName: 'Leo',
    lastName: 'Mustermann',
    phone: '+49 170 1234567',
    address: { street: 'Domstraße', houseNumber: '3', postcode: '50667', city: 'Köln', country: 'DE' },
  };

  /** What the venue and then the office read from an upload: the outer layer, then the inner. */
  async function opened(request: CreateCheckIn) {
    const outer = await openOuterLayer(
      await importPrivateJwk(provisioned.encryptionPrivateJwk, 'encryption'),
      fromBase64Url(provisioned.card.encryptionKey),
      request,
      request.ciphertext,
    );
    const daily = office.dailyKeys.find((entry) => entry.key.keyId === request.officeKeyId);
    if (!daily) throw new Error('no office key for the day');
    const inner = await openInnerLayer(
      await importPrivateJwk(daily.privateJwk, 'encryption'),
      fromBase64Url(daily.key.publicKey),
      request,
      outer.inner,
    );
    return { outer, inner };
  }

  it('is one check-in holding every person: the venue sees how many came, the office who', async () => {
    const stay = await service.checkIn(provisioned.qr, venue, contact, Date.now(), [mia, leo]);
    expect(stay.companions).toEqual([mia, leo]);
    expect(worker.state.uploads).toHaveLength(1);
    const { outer, inner } = await opened(worker.state.uploads[0] as CreateCheckIn);
    expect(outer.party).toBe(3);
    expect(inner.contact).toMatchObject({ firstName: 'Erika' });
    expect(inner.companions).toEqual([mia, leo]);
  });

  it('made offline keeps the persons chosen then and seals them when the connection is back', async () => {
    worker.state.online = false;
    await rejection(service.checkIn(provisioned.qr, undefined, contact, Date.now(), [mia]));
    const [pending] = [...store.stays.values()];
    expect(pending).toMatchObject({ checkIn: 'pending', companions: [mia] });
    worker.state.online = true;
    expect((await queue.flushQueue(contact)).sent).toBe(1);
    const { outer, inner } = await opened(worker.state.uploads[0] as CreateCheckIn);
    expect(outer.party).toBe(2);
    expect(inner.companions).toEqual([mia]);
  });

  it('alone carries no companions at all, not an empty list', async () => {
    const stay = await service.checkIn(provisioned.qr, venue, contact, Date.now(), []);
    expect('companions' in stay).toBe(false);
    const { outer, inner } = await opened(worker.state.uploads[0] as CreateCheckIn);
    expect(outer.party).toBeUndefined();
    expect(inner.companions).toBeUndefined();
  });
});

describe('a checkout', () => {
  it('made offline is kept with its time and sent by the queue later, at that time', async () => {
    const arrivedAt = Date.now() - 30 * MINUTE_MS;
    const stay = await service.checkIn(provisioned.qr, venue, contact, arrivedAt);
    worker.state.online = false;
    const departedAt = Date.now();
    expect(await rejection(service.checkOut(stay.id, contact, departedAt))).toMatchObject({ code: 'offline' });
    expect(await store.stay(stay.id)).toMatchObject({ checkIn: 'sent', checkOut: 'pending', departedAt });
    // A second tap does not move the departure.
    await rejection(service.checkOut(stay.id, contact, departedAt + 10 * MINUTE_MS));
    expect((await store.stay(stay.id))?.departedAt).toBe(departedAt);

    worker.state.online = true;
    expect(await queue.flushQueue(contact, departedAt + 20 * MINUTE_MS)).toEqual({ sent: 1, waiting: 0, problems: [] });
    expect(await store.stay(stay.id)).toMatchObject({ checkOut: 'sent', departedAt });
    expect(worker.departures.get(stay.id)).toBe(ceilToBucket(departedAt));
  });

  it('happens on its own, at the end of the venue’s usual stay, when the queue finds it overdue', async () => {
    const arrivedAt = Date.now() - 2 * 60 * MINUTE_MS;
    const stay = await service.checkIn(provisioned.qr, venue, contact, arrivedAt);
    expect(await queue.needsFlush()).toBe(true);
    expect((await queue.flushQueue(contact)).sent).toBe(1);
    expect(await store.stay(stay.id)).toMatchObject({ checkOut: 'sent', departedAt: arrivedAt + 90 * MINUTE_MS });
  });
});

describe('the queue', () => {
  it('runs one flush at a time: a second call while one runs gets its result, and nothing is sent twice', async () => {
    worker.state.online = false;
    await rejection(service.checkIn(provisioned.qr, venue, contact));
    await rejection(service.checkIn(provisioned.qr, venue, contact));
    worker.state.online = true;
    let open = () => {};
    worker.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = queue.flushQueue(contact);
    const second = queue.flushQueue(contact);
    expect(second).toBe(first);
    let idle = false;
    const whenIdle = queue.whenIdle().then(() => {
      idle = true;
    });
    await Promise.resolve();
    expect(idle).toBe(false);
    open();
    expect(await first).toEqual({ sent: 2, waiting: 0, problems: [] });
    await whenIdle;
    expect(worker.state.uploads).toHaveLength(2);
    expect(new Set(worker.state.uploads.map((upload) => upload.id)).size).toBe(2);
    // Done: the next call runs a new flush, which finds nothing to do.
    const third = queue.flushQueue(contact);
    expect(third).not.toBe(first);
    expect(await third).toEqual({ sent: 0, waiting: 0, problems: [] });
  });

  it('counts what still waits while offline', async () => {
    worker.state.online = false;
    await rejection(service.checkIn(provisioned.qr, venue, contact));
    expect(await queue.flushQueue(contact)).toEqual({ sent: 0, waiting: 1, problems: [] });
  });
});
