/**
 * The local demo world: a demo root key (for local use only, never committed: it lives in
 * .local/, which git ignores), one certified demo health office with daily keys, a demo café and a
 * demo cinema (the widget's two demo host pages).
 * Created once, then extended with the daily keys of new days each time it is loaded, so the
 * demo keeps working day after day and past check-ins stay decryptable within the retention.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type ProvisionedOffice,
  type ProvisionedVenue,
  type RootKey,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
  createVenue,
} from '../protocol/provisioning.ts';
import { ProtocolError, fromBase64Url } from '../protocol/bytes.ts';
import { verifyDailyKey, verifyOfficeCertificate } from '../protocol/hierarchy.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS, RETENTION_DAYS, addDays, dayOf } from '../protocol/time.ts';
import { verifyVenueCard } from '../protocol/venue.ts';
import { REVOCATION_RESIGN_AFTER_MS, type RevocationState, issueRevocationState } from '../protocol/revocation.ts';
import { importPrivateJwk } from '../protocol/keys.ts';

export const DEMO_WORLD_FILE = resolve(import.meta.dirname, '../.local/demo-world.json');

export interface DemoWorld {
  root: RootKey;
  office: ProvisionedOffice;
  venue: ProvisionedVenue;
  cinema: ProvisionedVenue;
  /**
   * The demo office's revocation state (protocol/revocation.ts), re-signed on load once a day old,
   * so that venues accept the demo office's requests before any admin has signed in. Missing in a
   * world file written before revocation states.
   */
  revocation?: RevocationState;
}

export async function createDemoWorld(now: number): Promise<DemoWorld> {
  const root = await createRootKey();
  const office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Demostadt',
    postcodes: ['10115', '10117', '10119'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  const venue = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Café Demo',
    street: 'Invalidenstraße 1',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cafe',
    defaultStayMinutes: 120,
    areas: [
      { id: 'terrasse', name: 'Terrasse' },
      { id: 't1', name: 'Tisch 1' },
    ],
  });
  const cinema = await createVenue({
    officeId: office.certificate.officeId,
    name: 'Kino Demo',
    street: 'Invalidenstraße 3',
    postcode: '10115',
    city: 'Berlin',
    kind: 'cinema',
    defaultStayMinutes: 150,
    areas: [
      { id: 'saal1', name: 'Saal 1' },
      { id: 'saal2', name: 'Saal 2' },
    ],
  });
  return { root, office, venue, cinema };
}

/** Adds daily keys for every day from the retention horizon to the publish-ahead horizon. */
export async function extendDailyKeys(world: DemoWorld, now: number): Promise<boolean> {
  const today = dayOf(now);
  const have = new Set(world.office.dailyKeys.map((entry) => entry.key.day));
  let added = false;
  for (let offset = -RETENTION_DAYS; offset <= PUBLISH_AHEAD_DAYS; offset++) {
    const day = addDays(today, offset);
    if (have.has(day) || day < dayOf(world.office.certificate.notBefore)) continue;
    world.office.dailyKeys.push(...(await createDailyKeys(world.office, day, 1)));
    added = true;
  }
  world.office.dailyKeys.sort((a, b) => a.key.day.localeCompare(b.key.day));
  // Destroy private keys past the retention period, as a real office must (trust model 7).
  const oldest = addDays(today, -RETENTION_DAYS);
  const kept = world.office.dailyKeys.filter((entry) => entry.key.day >= oldest);
  if (kept.length !== world.office.dailyKeys.length) {
    world.office.dailyKeys = kept;
    added = true;
  }
  return added;
}

/**
 * A stored world is reused only while every signature in it still verifies under the current
 * protocol: the daily keys' too, since a world written before the low-s rule (PROTOCOL.md
 * "Signatures") holds some whose s is high, which clients now refuse.
 */
async function stillValid(world: DemoWorld, now: number): Promise<boolean> {
  if (world.office.certificate.notAfter < now + 30 * DAY_MS) return false; // about to expire
  try {
    const office = await verifyOfficeCertificate(fromBase64Url(world.root.publicKey), world.office.certificate, now);
    await verifyVenueCard(world.venue.card, world.venue.qr);
    await verifyVenueCard(world.cinema.card, world.cinema.qr);
    for (const { key } of world.office.dailyKeys) {
      try {
        await verifyDailyKey(office, key, key.day);
      } catch (error) {
        // Keys published ahead may outlive the certificate's last month; that is no reason to start over.
        if (!(error instanceof ProtocolError && error.code === 'expired')) throw error;
      }
    }
    return true;
  } catch {
    return false; // signed under an older encoding or rule: start over
  }
}

/**
 * Signs the demo office's revocation state anew once it is a day old. It names nobody: the seed
 * stores it only while the office has no active or removed employee (then admins' browsers keep
 * it). Its serial is the time in seconds, so it grows across restarts without reading the database.
 */
async function refreshRevocation(world: DemoWorld, now: number): Promise<boolean> {
  if (world.revocation && now - world.revocation.issuedAt < REVOCATION_RESIGN_AFTER_MS) return false;
  world.revocation = await issueRevocationState(await importPrivateJwk(world.office.signingPrivateJwk, 'signing'), {
    officeId: world.office.certificate.officeId,
    serial: Math.floor(now / 1000),
    issuedAt: now,
    revoked: [],
  });
  return true;
}

export async function loadDemoWorld(now = Date.now()): Promise<DemoWorld> {
  let world: DemoWorld | undefined;
  if (existsSync(DEMO_WORLD_FILE)) {
    world = JSON.parse(readFileSync(DEMO_WORLD_FILE, 'utf8')) as DemoWorld;
    if (!(await stillValid(world, now))) world = undefined;
  }
  const created = world === undefined;
  world ??= await createDemoWorld(now);
  const resigned = await refreshRevocation(world, now);
  if ((await extendDailyKeys(world, now)) || created || resigned) {
    mkdirSync(dirname(DEMO_WORLD_FILE), { recursive: true });
    writeFileSync(DEMO_WORLD_FILE, `${JSON.stringify(world, null, 1)}\n`, { mode: 0o600 });
  }
  return world;
}

if (process.argv[1] === import.meta.filename) {
  const world = await loadDemoWorld();
  console.log(`Demo world ready in ${DEMO_WORLD_FILE}: office "${world.office.certificate.name}", venue "${world.venue.card.name}".`);
}
