/**
 * A case from any history an honest guest app can share: open stays, pre-registrations for later
 * slots, stays over midnight, visits at another office's venues, stays checked out at once,
 * visits near the retention limit, an empty history. The office app's intake
 * (protocol/history-intake.ts) turns each into ticked visits and windows; the Worker, exactly as
 * strict as before, must accept every case and request it produces. Also: a case for an index
 * case without the app, and the office's search for venues of its area.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatAuditDetail } from '../../../protocol/audit-detail.ts';
import type { Visit } from '../../../protocol/history.ts';
import { caseVisitOf, intakeVisits, isRequestable, windowProblem } from '../../../protocol/history-intake.ts';
import { newId } from '../../../protocol/ids.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../protocol/time.ts';
import type { VenueCard } from '../../../protocol/venue.ts';
import { createVenue } from '../../../protocol/provisioning.ts';
import { seedRows } from '../../db/seed-rows.ts';
import { database } from '../../db/client.ts';
import { venues } from '../../db/schema.ts';
import { type TestOperator, signedInOperator } from '../../test/accounts.ts';
import { type TestStaff, auditBy, redeemedFor, requestBy, staffOf } from '../../test/office.ts';
import { request } from '../../test/http.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let anna: TestStaff;
let otherStaff: TestStaff;
let operator: TestOperator;

let clients = 0;

/**
 * Each call from its own client address: the property test below sends some 200 requests, more
 * than one client's write budget (120 a minute) when they fall into one limiter window.
 */
function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  clients += 1; // its own /64: IPv6 clients are kept apart by prefix
  return request(method, path, { cookie, body, client: `2001:db8:ca5e:${clients.toString(16)}::1` });
}

async function count(table: 'cases' | 'data_requests' | 'forwards' | 'audit_log'): Promise<number> {
  return (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;
}

beforeAll(async () => {
  world = await createWorld();
  anna = await staffOf(world.office, { role: 'admin' });
  otherStaff = await staffOf(world.otherOffice);
  operator = await signedInOperator('Venue Owner');
});

/**
 * A visit as the guest app shares it (web/guest/shared-visits.ts): one of the states a stay
 * reaches there, at the world's own venue or the other office's. Times relative to `now`.
 */
function guestVisit(now: number) {
  const minute = (from: number, to: number) => fc.integer({ min: from, max: to }).map((m) => m * MINUTE_MS);
  const shape = fc.oneof(
    // checked out by button or automatically (up to the venue's default stay, or a long night)
    fc
      .record({ ago: minute(10, 27 * 24 * 60), length: minute(0, 10 * 60) })
      .map(({ ago, length }) => ({ arrivedAt: now - ago, departedAt: Math.min(now - ago + length, now) })),
    // still checked in (within or past the default stay: shared before the automatic checkout ran)
    minute(0, 30 * 60).map((ago) => ({ arrivedAt: now - ago, departedAt: undefined })),
    // a booking or ticket for a later slot, or one in progress
    fc
      .record({ start: minute(-3 * 60, 13 * 24 * 60), length: minute(15, 5 * 60) })
      .map(({ start, length }) => ({ arrivedAt: now + start, departedAt: now + start + length })),
    // over midnight: 22:00 to 02:00 some night of the last four weeks
    fc.integer({ min: 1, max: 27 }).map((days) => {
      const midnight = Math.floor((now - days * DAY_MS) / DAY_MS) * DAY_MS;
      return { arrivedAt: midnight - 2 * HOUR_MS, departedAt: midnight + 2 * HOUR_MS };
    }),
    // near the retention limit
    minute(27 * 24 * 60, 28 * 24 * 60 + 120).map((ago) => ({ arrivedAt: now - ago, departedAt: now - ago + 90 * MINUTE_MS })),
  );
  return fc
    .record({ shape, foreign: fc.boolean(), defaultStayMinutes: fc.option(fc.constantFrom(15, 120, 150, 180), { nil: undefined }) })
    .map(({ shape, foreign, defaultStayMinutes }): Visit => {
      const venue = foreign ? world.otherVenue : world.venue;
      return {
        checkInId: newId(),
        venueId: venue.card.venueId,
        officeId: venue.card.officeId,
        venueName: venue.card.name,
        venueAddress: `${venue.card.street}, ${venue.card.postcode} ${venue.card.city}`,
        arrivedAt: shape.arrivedAt,
        ...(shape.departedAt === undefined ? {} : { departedAt: shape.departedAt }),
        ...(defaultStayMinutes === undefined ? {} : { defaultStayMinutes }),
      };
    });
}

describe('a case from a realistic shared history', () => {
  it('opens a case and sends every ticked request for any history the guest app can share', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(guestVisit(Date.now()), { maxLength: 8 }), fc.boolean(), async (visits, tickAll) => {
        const now = Date.now();
        const entries = intakeVisits(visits, now);
        const requestable = entries.filter(isRequestable);
        // What has not happened yet is never requestable; what is requestable starts in the past.
        for (const entry of entries) if (entry.visit.arrivedAt > now) expect(entry.state).toBe('upcoming');
        const ticked = tickAll ? requestable : requestable.filter((_, index) => index % 2 === 0);
        for (const entry of ticked) expect(windowProblem(entry.window, entry.stay, now)).toBeUndefined();

        const caseId = newId();
        await redeemedFor(anna, caseId);
        const audit = await auditBy(anna, {
          kind: 'case_opened',
          caseId,
          detail: formatAuditDetail({ kind: 'case_opened', source: 'tan', visits: ticked.length }),
        });
        const opened = await call('POST', '/api/office/cases', anna.cookie, {
          caseId,
          reference: 'GA-P-1',
          visits: ticked.map(caseVisitOf),
          audit,
        });
        expect(opened.status, await opened.clone().text()).toBe(201);

        for (const entry of ticked) {
          const own = entry.visit.officeId === anna.officeId;
          const request = await requestBy(anna, { caseId, caseReference: 'GA-P-1', venueId: entry.visit.venueId, ...entry.window });
          const kind = own ? 'request_sent' : 'request_forwarded';
          const sent = await call('POST', `/api/office/cases/${caseId}/${own ? 'requests' : 'forwards'}`, anna.cookie, {
            request,
            audit: await auditBy(anna, {
              kind,
              caseId,
              venueId: request.venueId,
              requestId: request.requestId,
              detail: formatAuditDetail({ kind, venue: entry.visit.venueName }),
            }),
          });
          expect(sent.status, `${entry.state} visit: ${await sent.clone().text()}`).toBe(201);
        }
      }),
      { numRuns: 40 },
    );
    // Some 200 requests, each held to the contract: 2–4 s alone, more on a loaded two-core machine.
  }, 20_000);

  it('opens a case from an empty history, and names the visit a refusal concerns', async () => {
    const empty = newId();
    await redeemedFor(anna, empty);
    expect(
      (
        await call('POST', '/api/office/cases', anna.cookie, {
          caseId: empty,
          reference: 'GA-0',
          visits: [],
          audit: await auditBy(anna, { kind: 'case_opened', caseId: empty }),
        })
      ).status,
    ).toBe(201);

    // An app that sent a visit that has not begun (as older office apps did) is refused, naming that visit.
    const caseId = newId();
    await redeemedFor(anna, caseId);
    const now = Date.now();
    const venueId = world.venue.card.venueId;
    const before = await count('cases');
    const refused = await call('POST', '/api/office/cases', anna.cookie, {
      caseId,
      reference: 'GA-1',
      visits: [
        { venueId, from: now - 3 * HOUR_MS, to: now - HOUR_MS },
        { venueId, from: now + DAY_MS, to: now + DAY_MS + 2 * HOUR_MS },
      ],
      audit: await auditBy(anna, { kind: 'case_opened', caseId }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: { code: 'bad_visit', field: 'visits.1' } });
    const unknown = await call('POST', '/api/office/cases', anna.cookie, {
      caseId,
      reference: 'GA-1',
      visits: [
        { venueId, from: now - 3 * HOUR_MS, to: now - HOUR_MS },
        { venueId: newId(), from: now - 3 * HOUR_MS, to: now - HOUR_MS },
      ],
      audit: await auditBy(anna, { kind: 'case_opened', caseId }),
    });
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_visit_venue', field: 'visits.1' } });
    expect(await count('cases')).toBe(before);
  });
});

describe('a case for an index case without the app', () => {
  const reason = 'Index case without the app: named Zur Linde, Friday evening, on the phone.';

  async function openWithoutApp(staff: TestStaff, body: { reason?: string; visits?: unknown[]; detail?: string; forwardId?: string }) {
    const caseId = newId();
    const detail = body.detail ?? formatAuditDetail({ kind: 'case_opened', source: 'interview', reason: body.reason ?? reason });
    const response = await call('POST', '/api/office/cases', staff.cookie, {
      caseId,
      reference: 'GA-NOAPP-1',
      withoutApp: { reason: body.reason ?? reason },
      visits: body.visits ?? [],
      ...(body.forwardId ? { forwardId: body.forwardId } : {}),
      audit: await auditBy(staff, { kind: 'case_opened', caseId, detail }),
    });
    return { caseId, response };
  }

  it('needs a reason stated in the signed entry, takes no visits, and asks venues only with a reason', async () => {
    const before = { cases: await count('cases'), log: await count('audit_log') };
    const short = await openWithoutApp(anna, { reason: 'Café on Friday' });
    expect(await short.response.json()).toMatchObject({ error: { code: 'reason_required', field: 'withoutApp.reason' } });
    const withVisits = await openWithoutApp(anna, {
      visits: [{ venueId: world.venue.card.venueId, from: Date.now() - 3 * HOUR_MS, to: Date.now() - HOUR_MS }],
    });
    expect(await withVisits.response.json()).toMatchObject({ error: { code: 'bad_visit' } });
    const unstated = await openWithoutApp(anna, { detail: '0 visits in the shared history' });
    expect(await unstated.response.json()).toMatchObject({ error: { code: 'audit_mismatch' } });
    const both = await openWithoutApp(anna, { forwardId: newId() });
    expect(await both.response.json()).toMatchObject({ error: { code: 'no_source' } });
    expect({ cases: await count('cases'), log: await count('audit_log') }).toEqual(before);

    const { caseId, response } = await openWithoutApp(anna, {});
    expect(response.status, await response.clone().text()).toBe(201);
    const friday = { from: Date.now() - 30 * HOUR_MS, to: Date.now() - 26 * HOUR_MS };
    const send = async (basis: 'visit' | 'other', why: string) => {
      const request = await requestBy(anna, {
        caseId,
        caseReference: 'GA-NOAPP-1',
        venueId: world.venue.card.venueId,
        ...friday,
        basis,
        reason: why,
      });
      return call('POST', `/api/office/cases/${caseId}/requests`, anna.cookie, {
        request,
        audit: await auditBy(anna, { kind: 'request_sent', caseId, venueId: request.venueId, requestId: request.requestId }),
      });
    };
    expect(await (await send('visit', reason)).json()).toMatchObject({ error: { code: 'not_a_case_visit' } });
    expect(await (await send('other', 'Friday')).json()).toMatchObject({ error: { code: 'reason_required' } });
    expect((await send('other', reason)).status).toBe(201);
    // The venue sees the request with its reason, like any other.
    await env.DB.prepare('UPDATE venues SET operator_id = ? WHERE id = ?').bind(operator.id, world.venue.card.venueId).run();
    const inbox = await (
      await call('GET', '/api/venue-admin/requests', operator.cookie)
    ).json<{ requests: { request: { caseId: string; basis: string; reason: string } }[] }>();
    expect(inbox.requests.find((entry) => entry.request.caseId === caseId)?.request).toMatchObject({ basis: 'other', reason });
  });
});

describe('venue search for an office', () => {
  let cafe: VenueCard;

  beforeAll(async () => {
    const details = {
      street: 'Brunnenstraße 12',
      postcode: '10119',
      city: 'Berlin',
      kind: 'cafe' as const,
      defaultStayMinutes: 90,
      areas: [],
    };
    cafe = (await createVenue({ ...details, officeId: world.office.certificate.officeId, name: 'Café 100% Bohne_' })).card;
    const draft = (await createVenue({ ...details, officeId: world.office.certificate.officeId, name: 'Café Entwurf' })).card;
    const elsewhere = (await createVenue({ ...details, officeId: world.otherOffice.certificate.officeId, name: 'Café Hafen' })).card;
    const rows = seedRows([], [cafe, draft, elsewhere], Date.now()).venues;
    await database(env.DB)
      .insert(venues)
      .values(rows.map((row) => (row.id === draft.venueId ? { ...row, status: 'draft' as const } : row)));
  });

  async function search(staff: TestStaff | TestOperator, q: string) {
    return call('GET', `/api/office/venues?q=${encodeURIComponent(q)}`, staff.cookie);
  }

  const names = async (response: Response) => {
    const body = await response.json<{ venues: VenueCard[] }>();
    expect(body.venues, JSON.stringify(body)).toBeDefined();
    return body.venues.map((venue) => venue.name).sort();
  };

  it('finds live venues of the own area by name, street or postcode, nothing else', async () => {
    expect(await names(await search(anna, 'café'))).toEqual(['Café 100% Bohne_']);
    expect(await names(await search(anna, 'brunnen'))).toEqual(['Café 100% Bohne_']);
    expect(await names(await search(anna, '10115'))).toEqual(['Zur Linde']);
    // LIKE's wildcards are taken literally.
    expect(await names(await search(anna, '%%'))).toEqual([]);
    expect(await names(await search(anna, '100%'))).toEqual(['Café 100% Bohne_']);
    expect(await names(await search(anna, 'e_'))).toEqual(['Café 100% Bohne_']);
    // The other office finds its own venue, not ours.
    expect(await names(await search(otherStaff, 'café'))).toEqual(['Café Hafen']);
    expect(await (await search(anna, 'c')).json()).toMatchObject({ error: { code: 'invalid_input', field: 'q' } });
    expect((await search(operator, 'café')).status).toBe(403);
    expect((await call('GET', '/api/office/venues?q=caf', undefined)).status).toBe(401);
  });
});
