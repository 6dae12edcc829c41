import * as v from 'valibot';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../protocol/api/office-cases.ts';
import type { Employee } from '../../../protocol/api/office-staff.ts';
import {
  type AuditActor,
  type ChainedAuditEntry,
  ChainedAuditEntrySchema,
  releasedDetail,
  signAuditEntry,
  verifyAuditChain,
} from '../../../protocol/audit-log.ts';
import { encodeFields, fromBase64Url, toBase64Url } from '../../../protocol/bytes.ts';
import { openOuterLayer } from '../../../protocol/checkin.ts';
import { isCanonicalSignature, withNegatedS } from '../../../protocol/ecdsa.ts';
import { type EmployeeCertificate, verifyEmployeeCertificate } from '../../../protocol/data-request.ts';
import { newId } from '../../../protocol/ids.ts';
import { importPrivateJwk, importPublicKey } from '../../../protocol/keys.ts';
import { HOUR_MS } from '../../../protocol/time.ts';
import type { VenueCard } from '../../../protocol/venue.ts';
import { type TestOperator, signedInOperator } from '../../test/accounts.ts';
import { type TestStaff, auditBy, redeemedFor, requestBy, sessionCookieFor, staffOf } from '../../test/office.ts';
import { request } from '../../test/http.ts';
import { type World, createWorld, sealFor } from '../../test/world.ts';

let world: World;
let anna: TestStaff;
let otherStaff: TestStaff;
let operator: TestOperator;
const now = Date.now();
const visit = { from: now - 5 * HOUR_MS, to: now - 3 * HOUR_MS };

function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  return request(method, path, { cookie, body });
}

async function openCase(staff: TestStaff, venueId = world.venue.card.venueId): Promise<string> {
  const caseId = newId();
  await redeemedFor(staff, caseId);
  const audit = await auditBy(staff, { kind: 'case_opened', caseId });
  const response = await call('POST', '/api/office/cases', staff.cookie, {
    caseId,
    reference: 'GA-2026-0815',
    visits: [{ venueId, ...visit }],
    audit,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return caseId;
}

async function send(staff: TestStaff, caseId: string, fields: Parameters<typeof requestBy>[1], path = 'requests') {
  const request = await requestBy(staff, fields);
  const audit = await auditBy(staff, {
    kind: path === 'requests' ? 'request_sent' : 'request_forwarded',
    caseId,
    venueId: request.venueId,
    requestId: request.requestId,
  });
  return { request, response: await call('POST', `/api/office/cases/${caseId}/${path}`, staff.cookie, { request, audit }) };
}

async function requestCount(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM data_requests').first<{ n: number }>())?.n ?? -1;
}

beforeAll(async () => {
  world = await createWorld();
  anna = await staffOf(world.office, { role: 'admin' });
  otherStaff = await staffOf(world.otherOffice);
  operator = await signedInOperator('Venue Owner');
  await env.DB.prepare('UPDATE venues SET operator_id = ? WHERE id = ?').bind(operator.id, world.venue.card.venueId).run();
});

describe('case-bound requests', () => {
  it('accepts a signed request for a visit of an open case, and nothing else', async () => {
    const caseId = await openCase(anna);
    const before = await requestCount();
    const venueId = world.venue.card.venueId;
    const window = { from: visit.from - HOUR_MS, to: visit.to + HOUR_MS };

    // No such case (or another office's case).
    expect(await (await send(anna, newId(), { caseId: newId(), venueId, ...window })).response.json<object>()).toMatchObject({
      error: { code: 'unknown_case' },
    });
    const foreignCase = await openCase(otherStaff, world.otherVenue.card.venueId);
    expect((await send(anna, foreignCase, { caseId: foreignCase, venueId, ...window })).response.status).toBe(404);

    // No valid signature: the request altered after signing, or signed by a key the office never certified.
    const { request } = await send(anna, caseId, { caseId, venueId, ...window, from: window.from + 1 });
    const altered = { ...request, requestId: newId(), to: request.to + HOUR_MS };
    const unsigned = await call('POST', `/api/office/cases/${caseId}/requests`, anna.cookie, {
      request: altered,
      audit: await auditBy(anna, { kind: 'request_sent', caseId, venueId, requestId: altered.requestId }),
    });
    expect(await unsigned.json()).toMatchObject({ error: { code: 'bad_request_signature' } });

    // From another office: signed by the other office's employee, sent with our session or theirs.
    const theirs = await requestBy(otherStaff, { caseId, venueId, ...window });
    const smuggled = await call('POST', `/api/office/cases/${caseId}/requests`, anna.cookie, {
      request: theirs,
      audit: await auditBy(anna, { kind: 'request_sent', caseId, venueId, requestId: theirs.requestId }),
    });
    expect(await smuggled.json()).toMatchObject({ error: { code: 'other_office' } });
    const otherSession = await call('POST', `/api/office/cases/${caseId}/requests`, otherStaff.cookie, {
      request: theirs,
      audit: await auditBy(otherStaff, { kind: 'request_sent', caseId, venueId, requestId: theirs.requestId }),
    });
    expect(otherSession.status).toBe(404);

    // A venue outside the case's visits, or a time far from the visit, "as a visit": refused.
    const elsewhere = await send(anna, caseId, { caseId, venueId, from: now - 40 * HOUR_MS, to: now - 38 * HOUR_MS });
    expect(await elsewhere.response.json()).toMatchObject({ error: { code: 'not_a_case_visit' } });
    // ... and on another basis, only with a real reason.
    const noReason = await send(anna, caseId, {
      caseId,
      venueId,
      from: now - 40 * HOUR_MS,
      to: now - 38 * HOUR_MS,
      basis: 'other',
      reason: 'needed',
    });
    expect(await noReason.response.json()).toMatchObject({ error: { code: 'reason_required' } });
    // A venue of another office cannot be asked directly.
    const foreignVenue = await send(anna, caseId, { caseId, venueId: world.otherVenue.card.venueId, ...window });
    expect(await foreignVenue.response.json()).toMatchObject({ error: { code: 'forward_required' } });
    expect(await requestCount()).toBe(before + 1);

    const reasoned = await send(anna, caseId, {
      caseId,
      venueId,
      from: now - 40 * HOUR_MS,
      to: now - 38 * HOUR_MS,
      basis: 'other',
      reason: 'The index case’s partner works here on Tuesdays.',
    });
    expect(reasoned.response.status).toBe(201);
    expect(await requestCount()).toBe(before + 2);
  });

  it('forwards a visit at another office’s venue into that office’s inbox', async () => {
    const caseId = await openCase(anna, world.otherVenue.card.venueId);
    const window = { from: visit.from - HOUR_MS, to: visit.to + HOUR_MS };
    const ownVenue = await send(
      anna,
      caseId,
      {
        caseId,
        venueId: world.venue.card.venueId,
        ...window,
        basis: 'other',
        reason: 'Second venue named by the index case on the phone.',
      },
      'forwards',
    );
    expect(await ownVenue.response.json()).toMatchObject({ error: { code: 'own_venue' } });
    const { request, response } = await send(anna, caseId, { caseId, venueId: world.otherVenue.card.venueId, ...window }, 'forwards');
    expect(await response.json()).toEqual({ forwarded: true, toOfficeId: world.otherOffice.certificate.officeId });
    const inbox = await (
      await call('GET', '/api/office/forwards', otherStaff.cookie)
    ).json<{ forwards: { id: string; fromOffice: { officeId: string } }[] }>();
    expect(inbox.forwards.map((entry) => entry.id)).toContain(request.requestId);
    expect(inbox.forwards.find((entry) => entry.id === request.requestId)?.fromOffice.officeId).toBe(world.office.certificate.officeId);
    const ours = await (await call('GET', '/api/office/forwards', anna.cookie)).json<{ forwards: unknown[] }>();
    expect(ours.forwards).toEqual([]);

    // The responsible office takes it over: its own case for the forwarded visit (only it can, and only once),
    // then its own signed request to its own venue.
    const takeOver = async (staff: TestStaff) => {
      const takenCase = newId();
      const body = {
        caseId: takenCase,
        reference: 'GA-A-77',
        forwardId: request.requestId,
        visits: [],
        audit: await auditBy(staff, { kind: 'case_opened', caseId: takenCase }),
      };
      return { takenCase, response: await call('POST', '/api/office/cases', staff.cookie, body) };
    };
    expect((await takeOver(anna)).response.status).toBe(404);
    const taken = await takeOver(otherStaff);
    expect(taken.response.status).toBe(201);
    expect((await takeOver(otherStaff)).response.status).toBe(409);
    const own = await send(otherStaff, taken.takenCase, {
      caseId: taken.takenCase,
      caseReference: 'GA-A-77',
      venueId: world.otherVenue.card.venueId,
      ...window,
    });
    expect(own.response.status).toBe(201);
  });

  it('shows the venue’s answer in the case with the released check-ins, and follows up only those contacts', async () => {
    const caseId = await openCase(anna);
    const venueId = world.venue.card.venueId;
    const sent = await send(anna, caseId, { caseId, venueId, ...visit });
    expect(sent.response.status).toBe(201);
    // A guest's check-in during the visit, as the Worker stores it; the venue releases its inner layer.
    const sealed = await sealFor(world, world.venue, visit.from + HOUR_MS);
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
    const venueKey = await importPrivateJwk(world.venue.encryptionPrivateJwk, 'encryption');
    const { inner } = await openOuterLayer(
      venueKey,
      fromBase64Url(world.venue.card.encryptionKey),
      { id: sealed.id, venueId, day: sealed.day, officeKeyId: sealed.officeKeyId },
      sealed.ciphertext,
    );
    const signer = await importPrivateJwk(world.venue.signingPrivateJwk, 'signing');
    const answer = await signAuditEntry(
      signer,
      { type: 'venue', id: venueId },
      {
        officeId: anna.officeId,
        kind: 'request_approved',
        caseId,
        venueId,
        requestId: sent.request.requestId,
        detail: releasedDetail(1),
        at: Date.now(),
      },
    );
    const approved = await call('POST', `/api/venue-admin/requests/${sent.request.requestId}/approve`, operator.cookie, {
      released: [{ checkInId: sealed.id, inner }],
      audit: answer,
    });
    expect(approved.status, await approved.clone().text()).toBe(200);

    const detail = async () => await (await call('GET', `/api/office/cases/${caseId}`, anna.cookie)).json<CaseDetail>();
    const answered = await detail();
    expect(answered.requests.map((entry) => [entry.request.requestId, entry.status, entry.releasedCount])).toEqual([
      [sent.request.requestId, 'approved', 1],
    ]);
    expect(answered.released).toEqual([
      {
        requestId: sent.request.requestId,
        checkInId: sealed.id,
        venueId,
        day: sealed.day,
        officeKeyId: sealed.officeKeyId,
        departureBucket: sealed.arrivalBucket + HOUR_MS,
        inner,
      },
    ]);
    expect(answered.contacts).toEqual([]);
    // Another office sees nothing of it.
    expect(await (await call('GET', `/api/office/cases/${caseId}`, otherStaff.cookie)).json()).toMatchObject({
      error: { code: 'unknown_case' },
    });

    expect(
      await (await call('PUT', `/api/office/cases/${caseId}/contacts/${sealed.id}`, anna.cookie, { status: 'reached' })).json(),
    ).toEqual({ status: 'reached' });
    expect(
      await (await call('PUT', `/api/office/cases/${caseId}/contacts/${newId()}`, anna.cookie, { status: 'reached' })).json(),
    ).toMatchObject({ error: { code: 'unknown_contact' } });
    expect((await detail()).contacts).toEqual([{ checkInId: sealed.id, status: 'reached' }]);
    // A group check-in: each companion has a status of their own, next to the one who checked in.
    expect(
      await (
        await call('PUT', `/api/office/cases/${caseId}/contacts/${sealed.id}`, anna.cookie, { status: 'unreachable', person: 2 })
      ).json(),
    ).toEqual({ status: 'unreachable' });
    for (const person of [0, 10, 1.5, -1, '1']) {
      const refused = await call('PUT', `/api/office/cases/${caseId}/contacts/${sealed.id}`, anna.cookie, { status: 'reached', person });
      expect(refused.status).toBe(400);
    }
    expect((await detail()).contacts).toEqual(
      expect.arrayContaining([
        { checkInId: sealed.id, status: 'reached' },
        { checkInId: sealed.id, person: 2, status: 'unreachable' },
      ]),
    );
    expect((await detail()).contacts).toHaveLength(2);
    // The office's list names the employee who sent the request, with the certificate it was signed under.
    const { employees } = await (await call('GET', '/api/office/employees', anna.cookie)).json<{ employees: Employee[] }>();
    expect(employees.find((employee) => employee.accountId === anna.accountId)).toMatchObject({
      status: 'active',
      certificate: anna.certificate,
    });
  });

  it('opens a case only from a TAN redeemed for it, with plausible visits', async () => {
    const venueId = world.venue.card.venueId;
    const open = async (caseId: string, visits: unknown[]) =>
      call('POST', '/api/office/cases', anna.cookie, {
        caseId,
        reference: 'X-1',
        visits,
        audit: await auditBy(anna, { kind: 'case_opened', caseId }),
      });
    const unfounded = newId();
    expect(await (await open(unfounded, [{ venueId, ...visit }])).json()).toMatchObject({ error: { code: 'no_source' } });
    // A TAN redeemed by the other office does not found a case here.
    await redeemedFor(otherStaff, unfounded);
    expect(await (await open(unfounded, [{ venueId, ...visit }])).json()).toMatchObject({ error: { code: 'no_source' } });
    const founded = newId();
    await redeemedFor(anna, founded);
    expect(await (await open(founded, [{ venueId, from: 0, to: 9e15 }])).json()).toMatchObject({ error: { code: 'bad_visit' } });
    expect(await (await open(founded, [{ venueId: newId(), ...visit }])).json()).toMatchObject({ error: { code: 'unknown_visit_venue' } });
    expect((await open(founded, [{ venueId, ...visit }])).status).toBe(201);
    // A window beyond the visit's margin, or another file number, is refused even "as a visit".
    const wide = await send(anna, founded, {
      caseId: founded,
      caseReference: 'X-1',
      venueId,
      from: visit.from - 13 * HOUR_MS,
      to: visit.to,
    });
    expect(await wide.response.json()).toMatchObject({ error: { code: 'not_a_case_visit' } });
    const otherReference = await send(anna, founded, { caseId: founded, caseReference: 'Y-2', venueId, ...visit });
    expect(await otherReference.response.json()).toMatchObject({ error: { code: 'wrong_reference' } });
  });

  it('refuses an audit entry that does not state the action or is not the caller’s', async () => {
    const caseId = newId();
    const wrongKind = await auditBy(anna, { kind: 'exported', caseId });
    expect(
      await (await call('POST', '/api/office/cases', anna.cookie, { caseId, reference: 'X', visits: [], audit: wrongKind })).json(),
    ).toMatchObject({ error: { code: 'audit_mismatch' } });
    const forged = await signAuditEntry(
      otherStaff.signingKey,
      { type: 'employee', id: anna.accountId },
      { officeId: anna.officeId, kind: 'case_opened', caseId, venueId: '', requestId: '', detail: '', at: Date.now() },
    );
    expect(
      await (await call('POST', '/api/office/cases', anna.cookie, { caseId, reference: 'X', visits: [], audit: forged })).json(),
    ).toMatchObject({ error: { code: 'audit_signature' } });
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM cases WHERE id = ?').bind(caseId).first<{ n: number }>()).toEqual({ n: 0 });
  });
});

describe('audit chain', () => {
  interface Log {
    entries: ChainedAuditEntry[];
    employees: EmployeeCertificate[];
    venues: VenueCard[];
  }

  /** Checks the chain as the office's browser does: employee keys only if certified by the office. */
  async function check(log: Log) {
    const officeKey = await importPublicKey(fromBase64Url(world.office.certificate.signingKey), 'signing');
    const keys = new Map<string, Uint8Array<ArrayBuffer>>();
    for (const employee of log.employees)
      if (await verifyEmployeeCertificate(officeKey, employee))
        keys.set(`employee:${employee.employeeId}`, fromBase64Url(employee.signingKey));
    for (const card of log.venues) keys.set(`venue:${card.venueId}`, fromBase64Url(card.signingKey));
    return verifyAuditChain(world.office.certificate.officeId, log.entries, (actor: AuditActor) => keys.get(`${actor.type}:${actor.id}`));
  }

  it('records a signed act once: the same entry with its signature re-encoded as (r, n − s) is refused and not stored', async () => {
    const caseId = await openCase(anna);
    const stored = async () =>
      (await env.DB.prepare('SELECT signature FROM audit_log WHERE case_id = ? ORDER BY seq').bind(caseId).all<{ signature: string }>())
        .results;
    const entry = await auditBy(anna, { kind: 'results_decrypted', caseId, detail: '3 contacts' });
    const twin = { ...entry, signature: toBase64Url(withNegatedS(fromBase64Url(entry.signature))) };
    // The attacker's entry is valid ECDSA by the same key over the same bytes (WebCrypto alone
    // accepts it), and its bytes differ, so the unique index on audit_log.signature would not
    // catch it: only the one-encoding rule stands between it and a second record of the act.
    const annaKey = await importPublicKey(fromBase64Url(anna.certificate.signingKey), 'signing');
    const signedBytes = encodeFields(
      'luca-next/v1/audit-entry',
      ...[
        entry.officeId,
        entry.kind,
        entry.caseId,
        entry.venueId,
        entry.requestId,
        entry.detail,
        String(entry.at),
        'employee',
        anna.accountId,
      ],
    );
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, annaKey, fromBase64Url(twin.signature), signedBytes)).toBe(true);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, annaKey, fromBase64Url(entry.signature), signedBytes)).toBe(true);

    const before = await stored();
    // Presented first, the re-encoding is refused as any bad signature is; the honest entry then lands.
    const early = await call('POST', `/api/office/cases/${caseId}/audit`, anna.cookie, { audit: twin });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ error: { code: 'audit_signature' } });
    expect(await stored()).toEqual(before);
    expect((await call('POST', `/api/office/cases/${caseId}/audit`, anna.cookie, { audit: entry })).status).toBe(201);
    const after = await stored();
    expect(after).toEqual([...before, { signature: entry.signature }]);
    // Appended once, the same act comes back re-encoded: refused with a 4xx, nothing stored.
    const replayed = await call('POST', `/api/office/cases/${caseId}/audit`, anna.cookie, { audit: twin });
    expect(replayed.status).toBe(422);
    expect(await replayed.json()).toMatchObject({ error: { code: 'audit_signature' } });
    expect((await call('POST', `/api/office/cases/${caseId}/audit`, anna.cookie, { audit: entry })).status).toBe(409);
    expect(await stored()).toEqual(after);
    // Every signature the chain holds is in its one valid encoding.
    expect(after.every(({ signature }) => isCanonicalSignature(fromBase64Url(signature)))).toBe(true);
  });

  it('holds every step of a case, venue answers included, and breaks on any tampered entry', async () => {
    const caseId = await openCase(anna);
    const venueId = world.venue.card.venueId;
    const sent = await send(anna, caseId, { caseId, venueId, ...visit });
    expect(sent.response.status).toBe(201);
    // The venue declines, signing with the venue key.
    const venueKey = await importPrivateJwk(world.venue.signingPrivateJwk, 'signing');
    const answer = await signAuditEntry(
      venueKey,
      { type: 'venue', id: venueId },
      {
        officeId: anna.officeId,
        kind: 'request_declined',
        caseId,
        venueId,
        requestId: sent.request.requestId,
        detail: 'closed that day',
        at: Date.now(),
      },
    );
    const declined = await call('POST', `/api/venue-admin/requests/${sent.request.requestId}/decline`, operator.cookie, {
      reason: 'We were closed.',
      audit: answer,
    });
    expect(declined.status, await declined.clone().text()).toBe(200);
    for (const kind of ['results_decrypted', 'exported'] as const) {
      const entry = await auditBy(anna, { kind, caseId, detail: '0 contacts' });
      expect((await call('POST', `/api/office/cases/${caseId}/audit`, anna.cookie, { audit: entry })).status).toBe(201);
      // The same signed statement cannot be appended twice.
      expect(await (await call('POST', `/api/office/cases/${caseId}/audit`, anna.cookie, { audit: entry })).json()).toMatchObject({
        error: { code: 'audit_replayed' },
      });
    }
    expect(
      (
        await call('POST', `/api/office/cases/${caseId}/close`, anna.cookie, {
          audit: await auditBy(anna, { kind: 'case_closed', caseId }),
        })
      ).status,
    ).toBe(200);

    const log = await (await call('GET', '/api/office/audit', anna.cookie)).json<Log>();
    const kinds = log.entries.filter((entry) => entry.caseId === caseId).map((entry) => entry.kind);
    expect(kinds).toEqual(['case_opened', 'request_sent', 'request_declined', 'results_decrypted', 'exported', 'case_closed']);
    expect(await check(log)).toMatchObject({ intact: true });

    // The venue reads the entries about its venue, and only those.
    const venueView = await (
      await call('GET', '/api/venue-admin/requests/audit', operator.cookie)
    ).json<{ entries: ChainedAuditEntry[] }>();
    expect(venueView.entries.length).toBeGreaterThan(0);
    expect(venueView.entries.every((entry) => entry.venueId === venueId)).toBe(true);

    // Tamper with each stored entry in turn (as an operator with database access could): the check fails at that entry.
    const rows = (
      await env.DB.prepare('SELECT seq, entry FROM audit_log WHERE office_id = ? ORDER BY seq')
        .bind(anna.officeId)
        .all<{ seq: number; entry: string }>()
    ).results;
    for (const row of rows) {
      for (const field of ['detail', 'at', 'kind', 'signature'] as const) {
        const original = v.parse(ChainedAuditEntrySchema, JSON.parse(row.entry));
        const changed = {
          ...original,
          [field]:
            field === 'at'
              ? original.at + 1
              : field === 'kind'
                ? original.kind === 'exported'
                  ? 'case_closed'
                  : 'exported'
                : field === 'signature'
                  ? flipSecondLast(original.signature)
                  : `${original.detail} (edited)`,
        };
        await env.DB.prepare('UPDATE audit_log SET entry = ? WHERE office_id = ? AND seq = ?')
          .bind(JSON.stringify(changed), anna.officeId, row.seq)
          .run();
        const tampered = await (await call('GET', '/api/office/audit', anna.cookie)).json<Log>();
        const result = await check(tampered);
        expect(result.intact, `${field} of entry ${row.seq}`).toBe(false);
        if (!result.intact) expect(result.seq).toBe(row.seq);
        await env.DB.prepare('UPDATE audit_log SET entry = ? WHERE office_id = ? AND seq = ?')
          .bind(row.entry, anna.officeId, row.seq)
          .run();
      }
    }
    // Removing an entry in the middle breaks it too; restored, the chain is intact again.
    const middle = rows[Math.floor(rows.length / 2)];
    if (!middle) throw new Error('no entries');
    await env.DB.prepare('DELETE FROM audit_log WHERE office_id = ? AND seq = ?').bind(anna.officeId, middle.seq).run();
    expect((await check(await (await call('GET', '/api/office/audit', anna.cookie)).json<Log>())).intact).toBe(false);
    const original = v.parse(ChainedAuditEntrySchema, JSON.parse(middle.entry));
    await env.DB.prepare('INSERT INTO audit_log (office_id, seq, venue_id, case_id, entry, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(anna.officeId, middle.seq, original.venueId, original.caseId, middle.entry, original.hash, Date.now())
      .run();
    expect(await check(await (await call('GET', '/api/office/audit', anna.cookie)).json<Log>())).toMatchObject({ intact: true });
  });
});

/**
 * Another valid base64url signature of the same length: the second-to-last symbol changed. (Writing
 * a fixed "AA" at the end left the signature unchanged whenever it already ended so, 1 in 256.)
 */
function flipSecondLast(signature: string): string {
  return `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.slice(-1)}`;
}

describe('office access', () => {
  it('refuses venue operators, pending employees and idle sessions', async () => {
    expect((await call('GET', '/api/office/cases', operator.cookie)).status).toBe(403);
    const pending = await staffOf(world.office, { status: 'pending' });
    expect(await (await call('GET', '/api/office/cases', pending.cookie)).json()).toMatchObject({ error: { code: 'not_admitted' } });
    expect((await call('GET', '/api/office/me', pending.cookie)).status).toBe(200);
    expect((await call('GET', '/api/venue-admin/venues', anna.cookie)).status).toBe(403);
    const idle = await sessionCookieFor(anna.accountId, Date.now() - 31 * 60_000);
    expect((await call('GET', '/api/office/cases', idle)).status).toBe(401);
  });
});
