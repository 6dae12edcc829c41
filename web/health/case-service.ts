/**
 * A case in the employee's browser (trust model 2, 5, 6): the shared history opened with the
 * TAN, the case opened with the chosen visits, one signed request per visit (or a forward to the
 * responsible office), and the released inner layers decrypted off the main thread into the
 * contact list. Every step is signed into the office's audit chain.
 */
import type { ExportContact } from './csv-export.ts';
import { type Contact, contactRows } from './contact-list.ts';
import { verifyDataRequest } from '../../protocol/data-request.ts';
import { formatAuditDetail } from '../../protocol/audit-detail.ts';
import { type Visit, openHistory } from '../../protocol/history.ts';
import { type IntakeVisit, caseVisitOf } from '../../protocol/history-intake.ts';
import { ApiRequestError, call } from '../../client/api.ts';
import { type CaseVisit, VISIT_REQUEST_MARGIN_MS } from '../../protocol/case-visit.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { newId } from '../../protocol/ids.ts';
import { ProtocolError } from '../../protocol/bytes.ts';
import { parseTan, tanLookup } from '../../protocol/tan.ts';
import type { VenueCard } from '../../protocol/venue.ts';

/** A visit of the shared history that can be requested: it has happened, within the retention. */
export type RequestableVisit = IntakeVisit & { stay: { from: number; to: number }; window: { from: number; to: number } };
import type { Lang } from '../../client/i18n.ts';
import { decryptReleases } from './inner-layer-client.ts';
import { type UnlockedOffice, auditEntry, signRequest } from './keyring.ts';
import { type CaseDetail, type Forward, officeApi } from './office-api.ts';

export { type Contact, contactRows, groupStays, indexStayAt } from './contact-list.ts';
import { directoryRoutes } from '../../protocol/api/directory.ts';

/** The key a shared history was sealed to is not on this device (a day past the retention, or a key never granted here). */
export class HistoryKeyMissingError extends Error {
  constructor() {
    super('The key this history was encrypted to is not on this device.');
    this.name = 'HistoryKeyMissingError';
  }
}

/** The Worker refused a visit the case would record: which one (its index among the ticked visits) and why. */
export class VisitRefusedError extends Error {
  constructor(
    readonly index: number,
    readonly refusal: ApiRequestError,
  ) {
    super(refusal.message);
    this.name = 'VisitRefusedError';
  }
}

/**
 * The history the server returned does not open with the TAN the employee typed: the last five
 * characters were misheard (the check character catches most, not every, slip), or the server
 * answered with a history the guest did not share (it never learns those characters, so it
 * cannot make one that opens). Nothing of it is shown or used.
 */
export class HistoryNotOpenedError extends Error {
  constructor() {
    super('The shared history does not open with this TAN.');
    this.name = 'HistoryNotOpenedError';
  }
}

export interface SharedHistory {
  tan: string;
  visits: Visit[];
  /** The case this redemption is for (drawn here, named in the signed "tan_redeemed" entry). */
  caseId: string;
}

export async function openSharedHistory(office: UnlockedOffice, typedTan: string): Promise<SharedHistory> {
  const tan = parseTan(typedTan);
  const caseId = newId();
  // Only the lookup part goes to the server; the rest of the TAN stays here to open the history.
  const shared = await officeApi.redeem(tanLookup(tan), caseId, await auditEntry(office, { kind: 'tan_redeemed', caseId }));
  const key = office.daily.get(shared.officeKeyId);
  if (!key) throw new HistoryKeyMissingError();
  const history = await openHistory(
    key.privateKey,
    key.publicKey,
    { officeId: shared.officeId, officeKeyId: shared.officeKeyId, tan },
    shared.ciphertext,
  ).catch((error: unknown) => {
    throw error instanceof ProtocolError ? new HistoryNotOpenedError() : error;
  });
  return { tan, caseId, visits: [...history.visits].sort((a, b) => a.arrivedAt - b.arrivedAt) };
}

/** A visit the employee ticked, with the window they settled on. */
export interface TickedVisit {
  entry: RequestableVisit;
  window: { from: number; to: number };
}

/** A request that could not be sent (the case stands; the employee can send it again from the case). */
export interface RequestFailure {
  venueName: string;
  window: { from: number; to: number };
  error: unknown;
}

/** What a request needs to know about its venue: which one, and which office it belongs to. */
export interface RequestTarget {
  venueId: string;
  officeId: string;
  venueName: string;
}

/**
 * Signs and sends one request (or forwards it to the venue's office, when the venue is another
 * office's), with its audit entry: "visit" for a visit of the case, "other" with its own reason.
 */
export async function sendRequest(
  office: UnlockedOffice,
  caseId: string,
  reference: string,
  target: RequestTarget,
  window: { from: number; to: number },
  basis: 'visit' | 'other',
  reason: string,
): Promise<void> {
  const request = await signRequest(office, {
    requestId: newId(),
    caseId,
    caseReference: reference,
    venueId: target.venueId,
    from: window.from,
    to: window.to,
    basis,
    reason,
    createdAt: Date.now(),
  });
  const own = target.officeId === office.me.staff.officeId;
  const kind = own ? 'request_sent' : 'request_forwarded';
  const audit = await auditEntry(office, {
    kind,
    caseId,
    venueId: request.venueId,
    requestId: request.requestId,
    detail: formatAuditDetail({ kind, venue: target.venueName }),
  });
  if (own) await officeApi.sendRequest(caseId, request, audit);
  else await officeApi.forward(caseId, request, audit);
}

/**
 * Opens the case with exactly the ticked visits (a pre-registration not yet begun is never one),
 * then asks each ticked venue. A refused visit stops before anything is stored and names the
 * visit; a request that fails afterwards is reported, and the case stands.
 */
export async function openCaseFromHistory(
  office: UnlockedOffice,
  shared: SharedHistory,
  reference: string,
  reason: string,
  ticked: readonly TickedVisit[],
): Promise<{ caseId: string; failures: RequestFailure[] }> {
  const { caseId } = shared;
  const audit = await auditEntry(office, {
    kind: 'case_opened',
    caseId,
    detail: formatAuditDetail({ kind: 'case_opened', source: 'tan', visits: ticked.length }),
  });
  try {
    await officeApi.openCase({ caseId, reference, visits: ticked.map(({ entry }) => caseVisitOf(entry)), audit });
  } catch (error) {
    const index = error instanceof ApiRequestError ? /^visits\.(\d+)$/.exec(error.field ?? '')?.[1] : undefined;
    if (error instanceof ApiRequestError && index !== undefined) throw new VisitRefusedError(Number(index), error);
    throw error;
  }
  const failures: RequestFailure[] = [];
  for (const { entry, window } of ticked) {
    const { visit } = entry;
    try {
      await sendRequest(
        office,
        caseId,
        reference,
        { venueId: visit.venueId, officeId: visit.officeId, venueName: visit.venueName },
        window,
        'visit',
        reason,
      );
    } catch (error) {
      failures.push({ venueName: visit.venueName, window, error });
    }
  }
  return { caseId, failures };
}

/**
 * A case for an index case who never used the app: no TAN, no history; the reason is signed
 * into the audit chain, and every venue is asked on the "other" basis with its own reason.
 */
export async function openCaseWithoutApp(office: UnlockedOffice, reference: string, reason: string): Promise<string> {
  const caseId = newId();
  const audit = await auditEntry(office, {
    kind: 'case_opened',
    caseId,
    detail: formatAuditDetail({ kind: 'case_opened', source: 'interview', reason }),
  });
  await officeApi.openCase({ caseId, reference, visits: [], withoutApp: { reason }, audit });
  return caseId;
}

/**
 * Decrypts every released inner layer of the case in a Web Worker and joins it with what the
 * office knows: the venue, the index case's stay there, each person's status. Every person of a
 * group check-in is a contact of their own. The index case is left out (their own check-ins are
 * recorded with the case's visits), but not whoever came with them.
 */
export async function decryptContacts(
  office: UnlockedOffice,
  detail: CaseDetail,
  onProgress: (done: number, total: number) => void,
): Promise<{ contacts: Contact[]; failed: number }> {
  const keys = [...office.daily.values()].map((entry) => ({
    keyId: entry.key.keyId,
    privateKey: entry.privateKey,
    publicKey: entry.publicKey,
  }));
  const result = await decryptReleases(
    { keys, releases: detail.released.map(({ requestId: _request, ...release }) => release) },
    onProgress,
  );
  const contacts = contactRows(detail, result.contacts);
  if (result.contacts.length > 0) {
    const decrypted = formatAuditDetail({ kind: 'results_decrypted', decrypted: result.contacts.length, failed: result.failed.length });
    await officeApi.audit(
      detail.case.id,
      await auditEntry(office, { kind: 'results_decrypted', caseId: detail.case.id, detail: decrypted }),
    );
  }
  return { contacts, failed: result.failed.length };
}

function exportRows(contacts: readonly Contact[]): ExportContact[] {
  return contacts.map((contact) => {
    const row: ExportContact = {
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
      reference: contact.seat ?? contact.reference,
      arrivedAt: contact.arrivedAt,
      departedAt: contact.departedAt,
      overlapMinutes: contact.overlapMinutes,
      status: contact.status,
      warning: contact.reach,
    };
    if (contact.companionOf !== undefined) row.companionOf = { name: contact.companionOf, indexCase: contact.withIndexCase };
    if (contact.reachableVia !== undefined) row.callVia = { phone: contact.reachablePhone, country: contact.reachablePhoneCountry };
    return row;
  });
}

/** The export is logged before the file exists: no unlogged copy of contact data leaves the app. */
export async function exportCsv(
  office: UnlockedOffice,
  detail: CaseDetail,
  contacts: readonly Contact[],
  format: 'csv' | 'sormas',
  lang: Lang,
): Promise<{ name: string; text: string }> {
  await officeApi.audit(
    detail.case.id,
    await auditEntry(office, {
      kind: 'exported',
      caseId: detail.case.id,
      detail: formatAuditDetail({ kind: 'exported', format, contacts: contacts.length }),
    }),
  );
  // Loaded on demand: the export's phone formatting brings libphonenumber-js (about 50 KB gzipped).
  const { contactsCsv, sormasContactsCsv } = await import('./csv-export.ts');
  const kase = { caseReference: detail.case.reference, indexVenueNames: [...new Set(contacts.map((contact) => contact.venue.name))] };
  const safeReference = detail.case.reference.replace(/[^A-Za-z0-9_-]+/g, '_');
  return format === 'csv'
    ? { name: `kontakte-${safeReference}.csv`, text: contactsCsv(kase, exportRows(contacts), lang) }
    : { name: `sormas-kontakte-${safeReference}.csv`, text: sormasContactsCsv(kase, exportRows(contacts)) };
}

/**
 * The case's visits that no request or forward covers yet (a request that failed when the case
 * was opened), each with its venue's public card for the name and the venue's office.
 */
export async function unrequestedVisits(detail: CaseDetail): Promise<{ visit: CaseVisit; venue: VenueCard }[]> {
  const asked = [...detail.requests.map((entry) => entry.request), ...detail.forwards.map((entry) => entry.request)];
  const open = detail.case.visits.filter(
    (visit) =>
      !asked.some(
        (request) =>
          request.venueId === visit.venueId &&
          request.from < visit.to + VISIT_REQUEST_MARGIN_MS &&
          request.to > visit.from - VISIT_REQUEST_MARGIN_MS,
      ),
  );
  const cards = new Map<string, VenueCard>();
  for (const venueId of new Set(open.map((visit) => visit.venueId))) {
    try {
      cards.set(venueId, (await call(directoryRoutes.venue, { params: { venueId } })).card);
    } catch {
      // A venue gone since (deleted at its operator's request) cannot be asked any more.
    }
  }
  return open.flatMap((visit) => {
    const venue = cards.get(visit.venueId);
    return venue ? [{ visit, venue }] : [];
  });
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
    audit: await auditEntry(office, {
      kind: 'case_opened',
      caseId,
      detail: formatAuditDetail({ kind: 'case_opened', source: 'forward', office: forward.fromOffice.name }),
    }),
  });
  const target = { venueId: theirs.venueId, officeId: office.me.staff.officeId, venueName: forward.venue?.name ?? '' };
  await sendRequest(office, caseId, reference, target, { from: theirs.from, to: theirs.to }, 'visit', theirs.reason);
  return caseId;
}
