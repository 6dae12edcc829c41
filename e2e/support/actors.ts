/**
 * Other parties a browser journey needs, acting through the public API or the database as they
 * would: a guest's device checking in (sealed in Node exactly as the PWA seals), and a health
 * office whose employee signs a data request (the office's own route arrives with its app).
 */
import { fromBase64Url } from '../../protocol/bytes.ts';
import type { CheckInContext } from '../../protocol/checkin.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { type DataRequest, signDataRequest } from '../../protocol/data-request.ts';
import { newId } from '../../protocol/ids.ts';
import type { Companion } from '../../protocol/party.ts';
import { generateKeyPair, importPrivateJwk } from '../../protocol/keys.ts';
import { type RevocationState, RevocationStateSchema, issueRevocationState, signingKeyFingerprint } from '../../protocol/revocation.ts';
import * as v from 'valibot';
import { certifyEmployee } from '../../protocol/provisioning.ts';
import type { OfficeDirectoryEntry } from '../../protocol/schemas.ts';
import { sealVisit } from '../../protocol/seal-visit.ts';
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { type Visit, sealHistory } from '../../protocol/history.ts';
import { generateTanSecret, tanFromParts } from '../../protocol/tan.ts';
import { DAY_MS, dayOf } from '../../protocol/time.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import type { DemoWorld } from '../../scripts/demo-world.ts';
import { query } from './d1.ts';

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A GET's JSON, asked once more if the first try fails before any answer: Node's fetch reuses an
 * idle kept-alive connection that wrangler dev may have closed just then, and then fails with
 * "other side closed" instead of connecting anew (nodejs/undici#3492; seen here after a
 * check-out). A GET changes nothing, so asking again is safe.
 */
async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    response = await fetch(url);
  }
  return json<T>(response);
}

/**
 * Checks a guest in (and out) through the API, verified and sealed as the guest app does; with
 * `companions`, as one group check-in (protocol/party.ts).
 */
export async function guestVisit(
  origin: string,
  root: string,
  venueId: string,
  contact: ContactData,
  arrivedAt: number,
  departedAt: number,
  companions?: readonly Companion[],
): Promise<CheckInContext> {
  const { card } = await getJson<{ card: VenueCard }>(`${origin}/api/venues/${venueId}`);
  const office = await getJson<OfficeDirectoryEntry>(`${origin}/api/offices/${card.officeId}`);
  const venue = { card, encryptionKey: fromBase64Url(card.encryptionKey) };
  const { request, checkoutSecret } = await sealVisit({
    root: fromBase64Url(root),
    venue,
    office,
    contact,
    companions,
    arrivedAt,
    now: Date.now(),
  });
  const post = (path: string, body: unknown) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.50' },
      body: JSON.stringify(body),
    });
  await json(await post('/api/checkins', request));
  await json(await post(`/api/checkins/${request.id}/checkout`, { secret: checkoutSecret, departedAt }));
  return request;
}

/**
 * Shares a visit history with an office through the API as the guest app does
 * (web/guest/share-service.ts): the office's key checked up to the root, the history sealed to it
 * and bound to a TAN secret drawn here, the TAN completed with the lookup the Worker drew.
 */
export async function shareHistoryByApi(origin: string, root: string, officeId: string, visits: readonly Visit[]): Promise<string> {
  const entry = await getJson<OfficeDirectoryEntry>(`${origin}/api/offices/${officeId}`);
  const now = Date.now();
  const key = await verifiedKeyForDay(fromBase64Url(root), entry, officeId, dayOf(now), now);
  const secret = generateTanSecret();
  const ciphertext = await sealHistory(key, secret, visits, now);
  const { lookup } = await json<{ lookup: string }>(
    await fetch(`${origin}/api/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.51' },
      body: JSON.stringify({ officeId: key.officeId, officeKeyId: key.keyId, ciphertext }),
    }),
  );
  return tanFromParts(lookup, secret);
}

/** A request from the demo office, signed by an employee the office certified (or, forged, by one it did not). */
export async function officeRequest(
  world: DemoWorld,
  venueId: string,
  window: { from: number; to: number },
  options: { forged?: boolean; caseReference?: string } = {},
): Promise<DataRequest> {
  // Forged: certified by a key that is not the office's identity key.
  const certifier = options.forged ? (await generateKeyPair('signing')).privateKey : undefined;
  const employee = await certifyEmployee(world.office, {
    name: 'Dr. Anna Weber',
    notBefore: Date.now() - DAY_MS,
    validDays: 30,
    certifier,
  });
  return signDataRequest(employee.signingKey, employee.certificate, {
    requestId: newId(),
    caseId: newId(),
    caseReference: options.caseReference ?? 'GA-2026-4711',
    venueId,
    from: window.from,
    to: window.to,
    basis: 'visit',
    reason: 'Index case was a guest in this window.',
    createdAt: Date.now(),
  });
}

export function storeRequest(persistTo: string, request: DataRequest): void {
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  query(
    persistTo,
    `INSERT INTO data_requests (id, office_id, venue_id, case_id, request, window_from, window_to, created_at) VALUES (${[request.requestId, request.officeId, request.venueId, request.caseId, JSON.stringify(request)].map(literal).join(', ')}, ${request.from}, ${request.to}, ${request.createdAt})`,
  );
}

/**
 * Writes the demo office's revocation state into D1 as a server could: any state, replacing the
 * stored one whatever its serial (a dishonest server rolling back). `signer` defaults to the demo
 * office's identity key; the state is made with the protocol code (protocol/revocation.ts).
 */
export async function storeRevocationState(
  persistTo: string,
  world: DemoWorld,
  fields: { serial: number; issuedAt: number; revokedSigningKeys: readonly string[] },
): Promise<RevocationState> {
  const state = await issueRevocationState(await importPrivateJwk(world.office.signingPrivateJwk, 'signing'), {
    officeId: world.office.certificate.officeId,
    serial: fields.serial,
    issuedAt: fields.issuedAt,
    revoked: await Promise.all(fields.revokedSigningKeys.map(signingKeyFingerprint)),
  });
  putRevocationState(persistTo, state);
  return state;
}

/** Puts a state (one made before, e.g. an older one) into D1 as it is. */
export function putRevocationState(persistTo: string, state: RevocationState): void {
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  query(
    persistTo,
    `INSERT INTO office_revocation_states (office_id, serial, issued_at, state) VALUES (${literal(state.officeId)}, ${state.serial}, ${state.issuedAt}, ${literal(JSON.stringify(state))}) ON CONFLICT (office_id) DO UPDATE SET serial = excluded.serial, issued_at = excluded.issued_at, state = excluded.state`,
  );
}

/** The demo office's stored revocation state, if any. */
export function storedRevocationState(persistTo: string, officeId: string): RevocationState | undefined {
  const row = query<{ state: string }>(persistTo, `SELECT state FROM office_revocation_states WHERE office_id = '${officeId}'`)[0];
  return row ? v.parse(RevocationStateSchema, JSON.parse(row.state)) : undefined;
}
