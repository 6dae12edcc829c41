/**
 * A small world for Worker tests: a root, two certified offices with keys around today, and one
 * venue per office, inserted through the same rows the demo seed uses.
 */
import { env } from 'cloudflare:workers';
import { fromBase64Url } from '../../protocol/bytes.ts';
import type { ContactData } from '../../protocol/contact.ts';
import type { Companion } from '../../protocol/party.ts';
import { signDataRequest } from '../../protocol/data-request.ts';
import { newId } from '../../protocol/ids.ts';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  type RootKey,
  certifyEmployee,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from '../../protocol/provisioning.ts';
import { sealVisit } from '../../protocol/seal-visit.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import type { CreateCheckIn } from '../../protocol/api/checkins.ts';
import { database } from '../db/client.ts';
import { officeDailyKeys, offices, venues } from '../db/schema.ts';
import { seedRows } from '../db/seed-rows.ts';

export interface World {
  /** The deployment's root, for tests that play the operator (office:certify). */
  root: RootKey;
  rootPublic: Uint8Array<ArrayBuffer>;
  office: ProvisionedOffice;
  otherOffice: ProvisionedOffice;
  venue: ProvisionedVenue;
  otherVenue: ProvisionedVenue;
}

export const contact: ContactData = {
  firstName: 'Jonas',
  lastName: 'Quellenberg',
  street: 'Lindenallee 5',
  postcode: '10115',
  city: 'Berlin',
  phone: '+49 30 5550199',
};

export async function createWorld(): Promise<World> {
  const now = Date.now();
  const root = await createRootKey();
  const office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Mitte',
    postcodes: ['10115'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  const otherOffice = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Altona',
    postcodes: ['22765'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  // From past the retention horizon to one day beyond the publish-ahead horizon (for the refusals).
  const firstDay = addDays(dayOf(now), -40);
  office.dailyKeys = await createDailyKeys(office, firstDay, 40 + PUBLISH_AHEAD_DAYS + 2);
  otherOffice.dailyKeys = await createDailyKeys(otherOffice, addDays(dayOf(now), -1), 3);
  const details = {
    street: 'Torstraße 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'restaurant' as const,
    defaultStayMinutes: 120,
    areas: [],
  };
  const venue = await createVenue({ ...details, officeId: office.certificate.officeId, name: 'Zur Linde' });
  const otherVenue = await createVenue({ ...details, officeId: otherOffice.certificate.officeId, name: 'Elbblick' });
  const rows = seedRows(
    [office, otherOffice].map((o) => ({ certificate: o.certificate, dailyKeys: o.dailyKeys.map((k) => k.key) })),
    [venue.card, otherVenue.card],
    now,
  );
  const db = database(env.DB);
  await db.insert(offices).values(rows.offices);
  for (const key of rows.officeDailyKeys) await db.insert(officeDailyKeys).values(key);
  await db.insert(venues).values(rows.venues);
  return { root, rootPublic: fromBase64Url(root.publicKey), office, otherOffice, venue, otherVenue };
}

/** A check-in's wire request with the checkout secret the device keeps beside it. */
export type SealedForTest = CreateCheckIn & { checkoutSecret: string };

/** Seals a check-in the way the guest app does (protocol/seal-visit.ts), for the venue's office and the day of `arrivedAt`. */
export async function sealFor(
  world: World,
  venue: ProvisionedVenue,
  arrivedAt = Date.now(),
  companions?: readonly Companion[],
): Promise<SealedForTest> {
  const owner = venue.card.officeId === world.office.certificate.officeId ? world.office : world.otherOffice;
  const { request, checkoutSecret } = await sealVisit({
    root: world.rootPublic,
    venue: { card: venue.card, encryptionKey: fromBase64Url(venue.card.encryptionKey) },
    office: { certificate: owner.certificate, dailyKeys: owner.dailyKeys.map((k) => k.key) },
    contact,
    companions,
    arrivedAt,
    now: Date.now(),
  });
  return { ...request, checkoutSecret };
}

export async function countCheckIns(): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM checkins').first<{ n: number }>();
  return row?.n ?? -1;
}

/** A request from the world's office about `venue`, signed by a freshly certified employee. */
export async function signedRequest(world: World, venue: ProvisionedVenue, window: { from: number; to: number }) {
  const employee = await certifyEmployee(world.office, { name: 'Dr. Anna Weber', notBefore: Date.now() - DAY_MS, validDays: 30 });
  return signDataRequest(employee.signingKey, employee.certificate, {
    requestId: newId(),
    caseId: newId(),
    caseReference: 'GA-2026-0815',
    venueId: venue.card.venueId,
    from: window.from,
    to: window.to,
    basis: 'visit',
    reason: 'The index case stayed here during the window.',
    createdAt: Date.now(),
  });
}

/** Stores a request as the office's route will (issue 6), for the venue's inbox. */
export async function storeRequest(request: Awaited<ReturnType<typeof signedRequest>>): Promise<void> {
  await env.DB.prepare(
    'INSERT INTO data_requests (id, office_id, venue_id, case_id, request, window_from, window_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      request.requestId,
      request.officeId,
      request.venueId,
      request.caseId,
      JSON.stringify(request),
      request.from,
      request.to,
      request.createdAt,
    )
    .run();
}
