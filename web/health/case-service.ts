/**
 * A case in the employee's browser (trust model 2, 5, 6): the shared history opened with the
 * TAN, the case opened with the chosen visits, one signed request per visit (or a forward to the
 * responsible office), and the released inner layers decrypted off the main thread into the
 * contact list. Every step is signed into the office's audit chain.
 */
import type { ContactStatus, ExportContact } from '../../protocol/csv-export.ts';
import { verifyDataRequest } from '../../protocol/data-request.ts';
import { type Visit, openHistory } from '../../protocol/history.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../shared/pinned-root.ts';
import { newId } from '../../protocol/ids.ts';
import { parseTan } from '../../protocol/tan.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import type { Lang } from '../shared/i18n.ts';
import { decryptReleases } from './inner-layer-client.ts';
import { type UnlockedOffice, auditEntry, signRequest } from './keyring.ts';
import { type CaseDetail, type CaseVisit, type Forward, officeApi } from './office-api.ts';
import { type ContactStay, type Stay, overlapMs } from './overlap.ts';

/** The window proposed around a stay: the venue rarely knows departures to the minute. */
export const WINDOW_MARGIN_MS = 30 * MINUTE_MS;
/** A visit without a checkout is assumed to have lasted this long. */
export const ASSUMED_STAY_MS = 3 * 60 * MINUTE_MS;

export interface SharedHistory {
  tan: string;
  visits: Visit[];
  /** The case this redemption is for (drawn here, named in the signed "tan_redeemed" entry). */
  caseId: string;
}

export async function openSharedHistory(office: UnlockedOffice, typedTan: string): Promise<SharedHistory> {
  const tan = parseTan(typedTan);
  const caseId = newId();
  const shared = await officeApi.redeem(tan, caseId, await auditEntry(office, { kind: 'tan_redeemed', caseId }));
  const key = office.daily.get(shared.officeKeyId);
  if (!key) throw new Error('The key this history was encrypted to is not on this device (older than the retention period?).');
  const history = await openHistory(key.privateKey, key.publicKey, { officeId: shared.officeId, officeKeyId: shared.officeKeyId, tan }, shared.ciphertext);
  return { tan, caseId, visits: [...history.visits].sort((a, b) => a.arrivedAt - b.arrivedAt) };
}

export function stayOf(visit: Visit): Stay {
  return { from: visit.arrivedAt, to: visit.departedAt ?? visit.arrivedAt + ASSUMED_STAY_MS };
}

export interface SelectedVisit {
  visit: Visit;
  from: number;
  to: number;
}

/** Opens the case and asks each chosen venue (or forwards to its office); returns the case id. */
export async function openCaseWithRequests(office: UnlockedOffice, shared: SharedHistory, reference: string, reason: string, selected: readonly SelectedVisit[]): Promise<string> {
  const { caseId, visits: allVisits } = shared;
  const visits: CaseVisit[] = allVisits.map((visit) => ({ venueId: visit.venueId, ...stayOf(visit), checkInId: visit.checkInId }));
  await officeApi.openCase({ caseId, reference, visits, audit: await auditEntry(office, { kind: 'case_opened', caseId, detail: `${allVisits.length} visits in the shared history` }) });
  for (const choice of selected) {
    const request = await signRequest(office, {
      requestId: newId(),
      caseId,
      caseReference: reference,
      venueId: choice.visit.venueId,
      from: choice.from,
      to: choice.to,
      basis: 'visit',
      reason,
      createdAt: Date.now(),
    });
    const own = choice.visit.officeId === office.me.staff.officeId;
    const audit = await auditEntry(office, { kind: own ? 'request_sent' : 'request_forwarded', caseId, venueId: request.venueId, requestId: request.requestId, detail: `${choice.visit.venueName}` });
    if (own) await officeApi.sendRequest(caseId, request, audit);
    else await officeApi.forward(caseId, request, audit);
  }
  return caseId;
}

export interface Contact {
  checkInId: string;
  venue: VenueCard;
  firstName: string;
  lastName: string;
  phone: string;
  email: string | undefined;
  street: string;
  /** Absent in contacts older app versions sealed (the number is then part of the street). */
  houseNumber: string | undefined;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; absent in contacts older app versions sealed (German ones). */
  country: string | undefined;
  areaName: string | undefined;
  reference: string | undefined;
  arrivedAt: number;
  /** Rounded up to five minutes by the server; null without checkout. */
  departedAt: number | null;
  stay: ContactStay;
  overlapMinutes: number;
  status: ContactStatus;
}

/**
 * Decrypts every released inner layer of the case in a Web Worker and joins it with what the
 * office knows: the venue, the index case's stay there, the contact's status. The index case's
 * own check-ins (ids recorded with the case's visits) are left out.
 */
export async function decryptContacts(office: UnlockedOffice, detail: CaseDetail, onProgress: (done: number, total: number) => void): Promise<{ contacts: Contact[]; failed: number }> {
  const keys = [...office.daily.values()].map((entry) => ({ keyId: entry.key.keyId, privateKey: entry.privateKey, publicKey: entry.publicKey }));
  const result = await decryptReleases({ keys, releases: detail.released.map(({ requestId: _request, ...release }) => release) }, onProgress);
  const venues = new Map(detail.requests.map((entry) => [entry.venue.venueId, entry.venue]));
  const statuses = new Map(detail.contacts.map((entry) => [entry.checkInId, entry.status]));
  const contacts: Contact[] = [];
  const own = new Set(detail.case.visits.map((visit) => visit.checkInId));
  for (const found of result.contacts) {
    const venue = venues.get(found.venueId);
    if (!venue || own.has(found.checkInId)) continue;
    const index = indexStayAt(detail, found.venueId);
    const stay: ContactStay = { id: found.checkInId, label: `${found.contact.firstName} ${found.contact.lastName}`, from: found.arrivedAt, to: found.departureBucket, defaultStayMs: venue.defaultStayMinutes * MINUTE_MS };
    contacts.push({
      checkInId: found.checkInId,
      venue,
      firstName: found.contact.firstName,
      lastName: found.contact.lastName,
      phone: found.contact.phone,
      email: found.contact.email,
      street: found.contact.street,
      houseNumber: found.contact.houseNumber,
      postcode: found.contact.postcode,
      city: found.contact.city,
      country: found.contact.country,
      areaName: venue.areas.find((area) => area.id === found.areaId)?.name,
      reference: found.reference,
      arrivedAt: found.arrivedAt,
      departedAt: found.departureBucket,
      stay,
      overlapMinutes: index ? Math.ceil(overlapMs(index, stay) / MINUTE_MS) : 0,
      status: statuses.get(found.checkInId) ?? 'to_call',
    });
  }
  contacts.sort((a, b) => b.overlapMinutes - a.overlapMinutes || a.arrivedAt - b.arrivedAt);
  if (result.contacts.length > 0) {
    await officeApi.audit(detail.case.id, await auditEntry(office, { kind: 'results_decrypted', caseId: detail.case.id, detail: `${result.contacts.length} check-ins decrypted, ${result.failed.length} failed` }));
  }
  return { contacts, failed: result.failed.length };
}

/** The index case's stay at a venue, as recorded in the case (first visit there). */
export function indexStayAt(detail: CaseDetail, venueId: string): Stay | undefined {
  const visit = detail.case.visits.find((entry) => entry.venueId === venueId);
  return visit ? { from: visit.from, to: visit.to } : undefined;
}

function exportRows(contacts: readonly Contact[]): ExportContact[] {
  return contacts.map((contact) => ({
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: contact.phone,
    email: contact.email,
    street: contact.street,
    houseNumber: contact.houseNumber,
    postcode: contact.postcode,
    city: contact.city,
    country: contact.country,
    venueName: contact.venue.name,
    areaName: contact.areaName,
    reference: contact.reference,
    arrivedAt: contact.arrivedAt,
    departedAt: contact.departedAt,
    overlapMinutes: contact.overlapMinutes,
    status: contact.status,
  }));
}

/** The export is logged before the file exists: no unlogged copy of contact data leaves the app. */
export async function exportCsv(office: UnlockedOffice, detail: CaseDetail, contacts: readonly Contact[], format: 'csv' | 'sormas', lang: Lang): Promise<{ name: string; text: string }> {
  await officeApi.audit(detail.case.id, await auditEntry(office, { kind: 'exported', caseId: detail.case.id, detail: `${format === 'csv' ? 'CSV' : 'SORMAS CSV'}, ${contacts.length} contacts` }));
  // Loaded on demand: the export's phone formatting brings libphonenumber-js (about 50 KB gzipped).
  const { contactsCsv, sormasContactsCsv } = await import('../../protocol/csv-export.ts');
  const kase = { caseReference: detail.case.reference, indexVenueNames: [...new Set(contacts.map((contact) => contact.venue.name))] };
  const safeReference = detail.case.reference.replace(/[^A-Za-z0-9_-]+/g, '_');
  return format === 'csv'
    ? { name: `kontakte-${safeReference}.csv`, text: contactsCsv(kase, exportRows(contacts), lang) }
    : { name: `sormas-kontakte-${safeReference}.csv`, text: sormasContactsCsv(kase, exportRows(contacts)) };
}

export async function closeCase(office: UnlockedOffice, caseId: string): Promise<void> {
  await officeApi.close(caseId, await auditEntry(office, { kind: 'case_closed', caseId }));
}

/**
 * Takes over a visit another office forwarded (the venue is ours): the forward is verified up to
 * the pinned root first; then our own case for it (the server marks the forward taken), and our
 * own signed request for the same window and reason. Returns the new case id.
 */
export async function takeOverForward(office: UnlockedOffice, forward: Forward): Promise<string> {
  const { request: theirs } = forward;
  await verifyDataRequest(PINNED_ROOT_PUBLIC_KEY, forward.fromOffice, theirs, Date.now());
  const caseId = newId();
  const reference = `${theirs.caseReference} (${forward.fromOffice.name})`.slice(0, 80);
  await officeApi.openCase({
    caseId,
    reference,
    forwardId: forward.id,
    visits: [{ venueId: theirs.venueId, from: theirs.from, to: theirs.to }],
    audit: await auditEntry(office, { kind: 'case_opened', caseId, detail: `forwarded by ${forward.fromOffice.name}`.slice(0, 500) }),
  });
  const request = await signRequest(office, { requestId: newId(), caseId, caseReference: reference, venueId: theirs.venueId, from: theirs.from, to: theirs.to, basis: 'visit', reason: theirs.reason, createdAt: Date.now() });
  await officeApi.sendRequest(caseId, request, await auditEntry(office, { kind: 'request_sent', caseId, venueId: request.venueId, requestId: request.requestId, detail: forward.venue?.name ?? '' }));
  return caseId;
}
