/**
 * Answering a health-office request in the operator's browser (trust model 2, 6): verify the
 * request's signatures up to the pinned root, open the outer layers of the venue's check-ins
 * around the window (in a Web Worker), keep exactly the stays that overlap the window, and
 * upload their inner layers only, still sealed to the office.
 */
import { type InboxEntry, type Release, venueRequestRoutes as routes } from '../../protocol/api/venue-requests.ts';
import { type ChainedAuditEntry, releasedDetail, signAuditEntry, verifyAuditSignature } from '../../protocol/audit-log.ts';
import { ProtocolError, type ProtocolErrorCode, fromBase64Url } from '../../protocol/bytes.ts';
import { type DataRequest, type VerifiedRequest, stayOverlaps, verifyDataRequest } from '../../protocol/data-request.ts';
import { verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import { verifyEmployeeActive, verifyRevocationState } from '../../protocol/revocation.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import { revocationMemory } from '../../client/revocation-memory.ts';
import { officeCertificateMemory } from '../../client/office-certificate-memory.ts';
import { call } from '../../client/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { openOuterLayers } from './outer-layer-client.ts';
import type { OwnVenue } from './venue-api.ts';
import { venueKeys } from './venue-keys.ts';

export type { InboxEntry };

/** Why a request did not verify: a protocol check that failed, or an office not responsible for the venue. */
export type RequestProblem = ProtocolErrorCode | 'not_responsible' | 'unreadable';

export interface CheckedEntry extends InboxEntry {
  verified: VerifiedRequest | undefined;
  problem: RequestProblem | undefined;
  /** The office's audit entries about this request, each with its signature checked here. */
  trail: { entry: ChainedAuditEntry; signed: boolean }[];
}

/** An entry is the requesting employee's (their certified key) or this venue's (its card's key). */
async function checkTrailEntry(entry: ChainedAuditEntry, request: DataRequest, venues: readonly OwnVenue[]): Promise<boolean> {
  const key =
    entry.actor.type === 'employee' && entry.actor.id === request.employee.employeeId
      ? request.employee.signingKey
      : entry.actor.type === 'venue'
        ? venues.find((venue) => venue.card.venueId === entry.actor.id)?.card.signingKey
        : undefined;
  return key !== undefined && verifyAuditSignature(entry, fromBase64Url(key));
}

/**
 * The requesting employee must not be revoked in the office's revocation state, which must verify
 * under the office's certified identity key, be at most a week old and not older than a state this
 * device has seen (protocol/revocation.ts). No fresh state: the request is not approvable (fail closed).
 */
async function checkEmployeeActive(entry: InboxEntry, now: number): Promise<void> {
  // An older office certificate than this device has seen (from before a rotation; its key may be a removed admin's) is refused.
  officeCertificateMemory.check(entry.office);
  const office = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, entry.office, now);
  officeCertificateMemory.remember(entry.office);
  const officeId = entry.office.officeId;
  const state = entry.revocation
    ? await verifyRevocationState(office.signingKey, officeId, entry.revocation, now, revocationMemory.highest(officeId))
    : undefined;
  if (state) revocationMemory.remember(officeId, state.serial);
  await verifyEmployeeActive(state, entry.request.employee, now, entry.request.createdAt);
}

/** Verifies every request; one from an office other than the venue's own is not approvable. */
export async function loadInbox(venues: readonly OwnVenue[], now = Date.now()): Promise<CheckedEntry[]> {
  const [{ requests }, { entries }] = await Promise.all([call(routes.requests, {}), call(routes.audit, {})]);
  return Promise.all(
    requests.map(async (found) => {
      const about = entries.filter((entry) => entry.requestId === found.request.requestId);
      const trail = await Promise.all(about.map(async (entry) => ({ entry, signed: await checkTrailEntry(entry, found.request, venues) })));
      const entry = { ...found, trail };
      try {
        const venue = venues.find((candidate) => candidate.card.venueId === entry.request.venueId);
        if (venue && venue.card.officeId !== entry.request.officeId)
          return { ...entry, verified: undefined, problem: 'not_responsible' as const };
        const verified = await verifyDataRequest(PINNED_ROOT_PUBLIC_KEY, entry.office, entry.request, now);
        // Only a request still to be answered: an answer given before a removal stays as it was.
        if (entry.status === 'pending') await checkEmployeeActive(entry, now);
        return { ...entry, verified, problem: undefined };
      } catch (error) {
        return { ...entry, verified: undefined, problem: error instanceof ProtocolError ? error.code : ('unreadable' as const) };
      }
    }),
  );
}

/** What an approval would release: the inner layers of exactly the stays overlapping the window. */
export interface PreparedRelease {
  requestId: string;
  released: Release[];
}

/**
 * Opens the outer layers of the venue's check-ins around the window (in a Web Worker) and keeps
 * the stays that overlap it; nothing is sent yet, so the operator can confirm what will leave.
 */
export async function prepareRelease(
  entry: CheckedEntry,
  venue: OwnVenue,
  onProgress: (done: number, total: number) => void,
): Promise<PreparedRelease> {
  if (!entry.verified) throw new Error('Only a verified request can be approved.');
  const keys = await venueKeys.get(venue.card.venueId);
  if (!keys) throw new Error('The venue key is not on this device. Restore the recovery kit first.');
  const { requestId, from, to } = entry.request;
  const { checkIns } = await call(routes.checkIns, { params: { requestId } });
  const { opened } = await openOuterLayers(
    { venueKey: keys.encryption, venuePublicKey: fromBase64Url(venue.card.encryptionKey), venueId: venue.card.venueId, checkIns },
    onProgress,
  );
  const defaultStayMs = venue.card.defaultStayMinutes * MINUTE_MS;
  // A stay without a departure (no checkout, a kiosk walk-in) counts as the venue's usual stay.
  const released = opened
    .filter((stay) => stayOverlaps({ from, to }, { arrivedAt: stay.arrivedAt, departedAt: stay.departedAt, defaultStayMs }))
    .map((stay) => ({ checkInId: stay.id, inner: stay.inner }));
  return { requestId, released };
}

/** Sends a prepared release with the venue's signed audit entry stating its count. */
export async function sendRelease(entry: CheckedEntry, venue: OwnVenue, prepared: PreparedRelease): Promise<number> {
  if (prepared.requestId !== entry.request.requestId) throw new Error('This release was prepared for another request.');
  const keys = await venueKeys.get(venue.card.venueId);
  if (!keys) throw new Error('The venue key is not on this device. Restore the recovery kit first.');
  const audit = await signAnswer(entry.request, keys.signing, 'request_approved', releasedDetail(prepared.released.length));
  await call(routes.approve, { params: { requestId: prepared.requestId }, body: { released: prepared.released, audit } });
  return prepared.released.length;
}

/** The venue's entry for the office's audit chain, signed with the venue key (trust model 6). */
function signAnswer(request: DataRequest, signingKey: CryptoKey, kind: 'request_approved' | 'request_declined', detail: string) {
  return signAuditEntry(
    signingKey,
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

export async function decline(entry: InboxEntry, reason: string): Promise<void> {
  const keys = await venueKeys.get(entry.request.venueId);
  if (!keys) throw new Error('The venue key is not on this device. Restore the recovery kit first.');
  const audit = await signAnswer(entry.request, keys.signing, 'request_declined', reason.slice(0, 200));
  await call(routes.decline, { params: { requestId: entry.request.requestId }, body: { reason, audit } });
}
