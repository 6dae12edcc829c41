import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateCheckInSchema } from './api/checkins.ts';
import { ProtocolError, fromBase64Url } from './bytes.ts';
import { checkoutHashOf, openInnerLayer, openOuterLayer } from './checkin.ts';
import type { ContactData } from './contact.ts';
import { importPrivateJwk } from './keys.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from './provisioning.ts';
import { type SealVisitInput, sealVisit } from './seal-visit.ts';
import { DAY_MS, HOUR_MS, addDays, ceilToBucket, dayOf, floorToBucket } from './time.ts';
import { type VerifiedVenue, verifyVenueCard } from './venue.ts';

const now = Date.parse('2026-11-23T18:42:17.123Z');
const today = dayOf(now);
const contact: ContactData = {
  firstName: 'Erika',
  lastName: 'Mustermann',
  street: 'Heidestraße 17',
  postcode: '51147',
  city: 'Köln',
  phone: '+49 221 1234567',
};

let rootPublic: Uint8Array<ArrayBuffer>;
let office: ProvisionedOffice;
let otherOffice: ProvisionedOffice;
let provisioned: ProvisionedVenue;
let venue: VerifiedVenue;

beforeAll(async () => {
  const root = await createRootKey();
  rootPublic = fromBase64Url(root.publicKey);
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Köln',
    postcodes: ['51147'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  office.dailyKeys = await createDailyKeys(office, addDays(today, -1), 3);
  otherOffice = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Bonn',
    postcodes: ['53111'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  otherOffice.dailyKeys = await createDailyKeys(otherOffice, today, 1);
  provisioned = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Café Kranz',
    street: 'Domplatz 1',
    postcode: '51147',
    city: 'Köln',
    kind: 'cafe',
    defaultStayMinutes: 90,
    areas: [{ id: 't1', name: 'Tisch 1' }],
  });
  venue = await verifyVenueCard(provisioned.card, { ...provisioned.qr, areaId: 't1' });
});

const entryOf = (owner: ProvisionedOffice) => ({ certificate: owner.certificate, dailyKeys: owner.dailyKeys.map((entry) => entry.key) });
const input = (overrides: Partial<SealVisitInput> = {}): SealVisitInput => ({
  root: rootPublic,
  venue,
  office: entryOf(office),
  contact,
  arrivedAt: now,
  now,
  ...overrides,
});

async function opened(request: { id: string; venueId: string; day: string; officeKeyId: string; ciphertext: string }) {
  const outer = await openOuterLayer(
    await importPrivateJwk(provisioned.encryptionPrivateJwk, 'encryption'),
    venue.encryptionKey,
    request,
    request.ciphertext,
  );
  const key = office.dailyKeys.find((entry) => entry.key.keyId === request.officeKeyId);
  if (!key) throw new Error('sealed to a key the office does not have');
  const inner = await openInnerLayer(
    await importPrivateJwk(key.privateJwk, 'encryption'),
    fromBase64Url(key.key.publicKey),
    request,
    outer.inner,
  );
  return { outer, inner };
}

describe('sealVisit', () => {
  it('seals a scan for the office key of its day: a request the Worker accepts, and a secret that matches its hash', async () => {
    const { request, checkoutSecret } = await sealVisit(input());
    expect(v.safeParse(CreateCheckInSchema, request).success).toBe(true);
    expect(request).toMatchObject({ venueId: provisioned.card.venueId, day: today, arrivalBucket: floorToBucket(now) });
    expect(request.officeKeyId).toBe(office.dailyKeys.find((entry) => entry.key.day === today)?.key.keyId);
    expect(request.checkoutHash).toBe(await checkoutHashOf(checkoutSecret));
    expect(request).not.toHaveProperty('departureBucket');
    expect(request).not.toHaveProperty('kiosk');
    const { outer, inner } = await opened(request);
    expect(outer.areaId).toBe('t1');
    expect(inner.contact).toMatchObject(contact);
    expect(inner.arrivedAt).toBe(now);
  });

  it('keeps the id and checkout secret the device already holds, and carries the kiosk code', async () => {
    const id = 'CCCCCCCCCCCCCCCCCCCCCC';
    const checkoutSecret = 'S'.repeat(43);
    const kiosk = { period: 29_000_000, signature: 'A'.repeat(86) };
    const sealed = await sealVisit(input({ id, checkoutSecret, kiosk }));
    expect(sealed.checkoutSecret).toBe(checkoutSecret);
    expect(sealed.request.id).toBe(id);
    expect(sealed.request.checkoutHash).toBe(await checkoutHashOf(checkoutSecret));
    expect(sealed.request.kiosk).toEqual(kiosk);
    await opened(sealed.request); // the id is bound into both layers
  });

  it('seals a booked window with its departure, at most a day after arrival, and the reference in both layers', async () => {
    const start = Date.parse('2026-11-24T19:00:00Z');
    const booked = await sealVisit(input({ arrivedAt: start, departure: start + 2 * HOUR_MS + 60_000, reference: 'Tisch 4' }));
    expect(booked.request.day).toBe(addDays(today, 1));
    expect(booked.request.departureBucket).toBe(ceilToBucket(start + 2 * HOUR_MS + 60_000));
    const { outer, inner } = await opened(booked.request);
    expect([outer.reference, inner.reference]).toEqual(['Tisch 4', 'Tisch 4']);
    const long = await sealVisit(input({ departure: now + 3 * DAY_MS }));
    expect(long.request.departureBucket).toBe(floorToBucket(now) + DAY_MS);
  });

  it('refuses another office, a day without a key and an office not under the root, with a ProtocolError', async () => {
    const refusal = async (overrides: Partial<SealVisitInput>) =>
      sealVisit(input(overrides)).then(
        () => undefined,
        (error: unknown) => error,
      );
    const other = await refusal({ office: entryOf(otherOffice) });
    expect(other).toBeInstanceOf(ProtocolError);
    expect(other).toMatchObject({ code: 'wrong_office' });
    expect(await refusal({ arrivedAt: now + 5 * DAY_MS })).toMatchObject({ code: 'wrong_day' });
    const forged = await createCertifiedOffice(await createRootKey(), {
      name: 'Gesundheitsamt Köln',
      postcodes: ['51147'],
      notBefore: now - DAY_MS,
      validDays: 365,
    });
    forged.dailyKeys = await createDailyKeys(forged, today, 1);
    const impostor = await refusal({
      office: { ...entryOf(forged), certificate: { ...forged.certificate, officeId: office.certificate.officeId } },
    });
    expect(impostor).toBeInstanceOf(ProtocolError);
  });
});
