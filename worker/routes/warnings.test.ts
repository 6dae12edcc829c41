/**
 * Warnings on the Worker (trust model 19, 20): who may warn and withdraw, the per-office limit,
 * fuzzed bodies (4xx, nothing stored), the feed (cursor, ETag, what it holds), acknowledgements
 * only with the check-in's secret, and the retention of feed entries.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_WARNINGS_PER_OFFICE_DAY, officeWarningRoutes } from '../../protocol/api/office-warnings.ts';
import { warningRoutes } from '../../protocol/api/warnings.ts';
import { venueWarningRoutes } from '../../protocol/api/venue-warnings.ts';
import { formatAuditDetail } from '../../protocol/audit-detail.ts';
import { newId } from '../../protocol/ids.ts';
import { generateKeyPair } from '../../protocol/keys.ts';
import { DAY_MS, HOUR_MS } from '../../protocol/time.ts';
import { type Warning, signWarning, signWithdrawal } from '../../protocol/warning.ts';
import { type FeedEntry, openFeedEntry } from '../../protocol/warning-feed.ts';
import worker from '../index.ts';
import { signedInOperator } from '../test/accounts.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type TestStaff, auditBy, redeemedFor, staffOf } from '../test/office.ts';
import { type World, createWorld, sealFor } from '../test/world.ts';

let world: World;
let anna: TestStaff;
let pending: TestStaff;
let stranger: TestStaff;
const now = Date.now();
const visit = { from: now - 5 * HOUR_MS, to: now - 3 * HOUR_MS };

beforeAll(async () => {
  world = await createWorld();
  anna = await staffOf(world.office, { role: 'admin' });
  pending = await staffOf(world.office, { status: 'pending' });
  stranger = await staffOf(world.otherOffice);
});

async function openCase(staff: TestStaff, venueId = world.venue.card.venueId): Promise<string> {
  const caseId = newId();
  await redeemedFor(staff, caseId);
  const audit = await auditBy(staff, { kind: 'case_opened', caseId });
  const response = await request('POST', '/api/office/cases', {
    cookie: staff.cookie,
    body: { caseId, reference: 'GA-2026-0815', visits: [{ venueId, ...visit }], audit },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return caseId;
}

function warningBy(staff: TestStaff, caseId: string, fields: Partial<Warning> = {}): Promise<Warning> {
  return signWarning(staff.signingKey, staff.certificate, {
    warningId: newId(),
    caseId,
    venueId: world.venue.card.venueId,
    from: visit.from - HOUR_MS,
    to: visit.to + HOUR_MS,
    level: 1,
    advice: { de: 'Achten Sie auf Symptome.', en: 'Watch for symptoms.' },
    contact: { phone: '030 9018 0', hours: 'Mo–Fr 8–16 Uhr' },
    createdAt: Date.now(),
    ...fields,
  });
}

async function auditFor(staff: TestStaff, warning: Warning) {
  return auditBy(staff, {
    kind: 'warning_sent',
    caseId: warning.caseId,
    venueId: warning.venueId,
    requestId: warning.warningId,
    detail: formatAuditDetail({ kind: 'warning_sent', level: warning.level, from: warning.from, to: warning.to }),
  });
}

async function sendWarning(staff: TestStaff, caseId: string, warning: Warning, audit?: Awaited<ReturnType<typeof auditFor>>) {
  return request('POST', `/api/office/cases/${caseId}/warnings`, {
    cookie: staff.cookie,
    body: { warning, audit: audit ?? (await auditFor(staff, warning)) },
    client: freshClient(),
  });
}

async function counts() {
  const row = await env.DB.prepare(
    'SELECT (SELECT COUNT(*) FROM warnings) AS warnings, (SELECT COUNT(*) FROM warning_feed) AS feed, (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM warning_reads) AS reads',
  ).first<{ warnings: number; feed: number; audit: number; reads: number }>();
  return row;
}

async function feed(after?: number): Promise<{ entries: FeedEntry[]; cursor: number; more: boolean }> {
  const response = await request('GET', `/api/warnings/feed${after === undefined ? '' : `?after=${after}`}`, { client: freshClient() });
  expect(response.status).toBe(200);
  return v.parse(warningRoutes.feed.response, await response.json());
}

describe('sending a warning', () => {
  it('publishes a signed warning for a visit of the case into the feed and the audit chain', async () => {
    const caseId = await openCase(anna);
    const { cursor: before } = await feed();
    const warning = await warningBy(anna, caseId);
    const response = await sendWarning(anna, caseId, warning);
    expect(response.status, await response.clone().text()).toBe(201);
    const { entries } = await feed(before);
    expect(entries.length).toBeGreaterThanOrEqual(1);
    // Only a reader who knows the venue id opens it, and finds the warning exactly as signed.
    const body = await openFeedEntry(world.venue.card.venueId, entries[0] as FeedEntry);
    expect(body).toEqual({ v: 1, kind: 'warning', warning });
    await expect(openFeedEntry(world.otherVenue.card.venueId, entries[0] as FeedEntry)).rejects.toThrow();
    const stored = JSON.stringify(entries);
    expect(stored).not.toContain(world.venue.card.venueId);
    expect(stored).not.toContain(caseId);
    // The audit entry is in the office's chain, and the venue reads it like a request's.
    const audit = await env.DB.prepare("SELECT entry FROM audit_log WHERE case_id = ? AND json_extract(entry, '$.kind') = 'warning_sent'")
      .bind(caseId)
      .first<{ entry: string }>();
    expect(audit?.entry).toContain(warning.warningId);
    // The same warning twice is refused.
    expect((await sendWarning(anna, caseId, warning)).status).toBe(409);
  });

  it('is only for an admitted employee of the office, with their own certified key, for a visit of an open case', async () => {
    const caseId = await openCase(anna);
    const before = await counts();
    const good = await warningBy(anna, caseId);
    // Anonymous, pending, another office's employee.
    expect(
      (await request('POST', `/api/office/cases/${caseId}/warnings`, { body: { warning: good, audit: await auditFor(anna, good) } }))
        .status,
    ).toBe(401);
    expect((await sendWarning(pending, caseId, good)).status).toBe(403);
    expect((await sendWarning(stranger, caseId, await warningBy(stranger, caseId))).status).toBe(404);
    // Signed by a key the office never certified, under Anna's certificate.
    const rogue = await generateKeyPair('signing');
    const forged = await signWarning(rogue.privateKey, anna.certificate, { ...good, warningId: newId() });
    const forgedResponse = await sendWarning(anna, caseId, forged);
    expect(forgedResponse.status).toBe(422);
    expect(await forgedResponse.json()).toMatchObject({ error: { code: 'bad_warning_signature' } });
    // A colleague's certificate: not the caller's signature.
    const colleague = await staffOf(world.office);
    expect((await sendWarning(anna, caseId, await warningBy(colleague, caseId))).status).toBe(403);
    // Altered after signing.
    expect((await sendWarning(anna, caseId, { ...(await warningBy(anna, caseId)), level: 2 })).status).toBe(422);
    // A venue or time the index case did not visit; another case; an unknown venue.
    expect((await sendWarning(anna, caseId, await warningBy(anna, caseId, { venueId: world.otherVenue.card.venueId }))).status).toBe(422);
    expect(
      (await sendWarning(anna, caseId, await warningBy(anna, caseId, { from: now - 3 * DAY_MS, to: now - 3 * DAY_MS + HOUR_MS }))).status,
    ).toBe(422);
    expect((await sendWarning(anna, caseId, await warningBy(anna, newId()))).status).toBe(422);
    expect((await sendWarning(anna, caseId, await warningBy(anna, caseId, { venueId: newId() }))).status).toBe(404);
    // An audit entry that does not state the level and window.
    const w = await warningBy(anna, caseId);
    const vague = await auditBy(anna, {
      kind: 'warning_sent',
      caseId,
      venueId: w.venueId,
      requestId: w.warningId,
      detail: 'level 2, 1 to 2',
    });
    expect((await sendWarning(anna, caseId, w, vague)).status).toBe(422);
    expect(await counts()).toEqual(before);
    // A closed case takes no warning.
    const closedCase = await openCase(anna);
    await request('POST', `/api/office/cases/${closedCase}/close`, {
      cookie: anna.cookie,
      body: { audit: await auditBy(anna, { kind: 'case_closed', caseId: closedCase }) },
    });
    expect((await sendWarning(anna, closedCase, await warningBy(anna, closedCase))).status).toBe(409);
  });

  it(`stops an office after ${MAX_WARNINGS_PER_OFFICE_DAY} warnings a day`, async () => {
    const caseId = await openCase(anna);
    const sent =
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM warnings WHERE office_id = ?').bind(anna.officeId).first<{ n: number }>())?.n ?? 0;
    const filler = Array.from({ length: MAX_WARNINGS_PER_OFFICE_DAY - sent }, () =>
      env.DB.prepare("INSERT INTO warnings (id, office_id, case_id, venue_id, warning, created_at) VALUES (?, ?, ?, ?, '{}', ?)").bind(
        newId(),
        anna.officeId,
        newId(),
        world.venue.card.venueId,
        Date.now(),
      ),
    );
    await env.DB.batch(filler);
    const response = await sendWarning(anna, caseId, await warningBy(anna, caseId));
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: { code: 'warning_limit' } });
    // Another office is not held back by this one's count.
    await env.DB.prepare('DELETE FROM warnings WHERE warning = ?').bind('{}').run();
  });

  it('answers fuzzed bodies with a 4xx and stores nothing', async () => {
    const caseId = await openCase(anna);
    const valid = await warningBy(anna, caseId);
    const audit = await auditFor(anna, valid);
    const before = await counts();
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ warning: fc.jsonValue(), audit: fc.constant(audit) }),
      fc.record({ warning: fc.constant(valid), audit: fc.jsonValue() }),
      fc.record({
        warning: fc.record({ ...Object.fromEntries(Object.keys(valid).map((key) => [key, fc.jsonValue()])) }),
        audit: fc.constant(audit),
      }),
      fc.constant({ warning: valid, audit, extra: 1 }),
      fc.constant({ warning: { ...valid, extra: 1 }, audit }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const response = await request('POST', `/api/office/cases/${caseId}/warnings`, {
          cookie: anna.cookie,
          body: payload,
          client: freshClient(),
        });
        await expectRefusal(response, JSON.stringify(payload).slice(0, 200));
      }),
      { numRuns: 80 },
    );
    expect(await counts()).toEqual(before);
  }, 60_000);
});

describe('withdrawing a warning', () => {
  it('publishes a signed withdrawal under the same tags; only by the office, once', async () => {
    const caseId = await openCase(anna);
    const warning = await warningBy(anna, caseId);
    expect((await sendWarning(anna, caseId, warning)).status).toBe(201);
    const { cursor } = await feed();
    const withdrawal = await signWithdrawal(anna.signingKey, anna.certificate, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: Date.now(),
    });
    const audit = await auditBy(anna, { kind: 'warning_withdrawn', caseId, venueId: warning.venueId, requestId: warning.warningId });
    const path = `/api/office/cases/${caseId}/warnings/${warning.warningId}/withdraw`;
    // Another office's employee cannot; a withdrawal signed by an uncertified key cannot.
    expect((await request('POST', path, { cookie: stranger.cookie, body: { withdrawal, audit } })).status).toBe(404);
    const rogue = await generateKeyPair('signing');
    const forged = await signWithdrawal(rogue.privateKey, anna.certificate, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: Date.now(),
    });
    expect((await request('POST', path, { cookie: anna.cookie, body: { withdrawal: forged, audit } })).status).toBe(422);
    const response = await request('POST', path, { cookie: anna.cookie, body: { withdrawal, audit } });
    expect(response.status, await response.clone().text()).toBe(200);
    const { entries } = await feed(cursor);
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(await openFeedEntry(warning.venueId, entries[0] as FeedEntry)).toEqual({ v: 1, kind: 'withdrawal', withdrawal });
    const again = await signWithdrawal(anna.signingKey, anna.certificate, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: Date.now(),
    });
    const againAudit = await auditBy(anna, { kind: 'warning_withdrawn', caseId, venueId: warning.venueId, requestId: warning.warningId });
    expect((await request('POST', path, { cookie: anna.cookie, body: { withdrawal: again, audit: againAudit } })).status).toBe(409);
  });
});

describe("the venue's view", () => {
  it('gives an operator the signed warnings and withdrawals about their own venues, with the office to check them against', async () => {
    const owner = await signedInOperator('Kranz GmbH');
    const other = await signedInOperator('Nachbar GmbH');
    await env.DB.prepare('UPDATE venues SET operator_id = ? WHERE id = ?').bind(owner.id, world.venue.card.venueId).run();
    const caseId = await openCase(anna);
    const warning = await warningBy(anna, caseId);
    expect((await sendWarning(anna, caseId, warning)).status).toBe(201);
    const withdrawal = await signWithdrawal(anna.signingKey, anna.certificate, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: Date.now(),
    });
    const audit = await auditBy(anna, { kind: 'warning_withdrawn', caseId, venueId: warning.venueId, requestId: warning.warningId });
    const path = `/api/office/cases/${caseId}/warnings/${warning.warningId}/withdraw`;
    expect((await request('POST', path, { cookie: anna.cookie, body: { withdrawal, audit } })).status).toBe(200);

    const own = await request('GET', '/api/venue-admin/warnings', { cookie: owner.cookie });
    expect(own.status).toBe(200);
    const { warnings } = v.parse(venueWarningRoutes.list.response, await own.json());
    const found = warnings.find((item) => item.warning.warningId === warning.warningId);
    expect(found).toMatchObject({ warning, withdrawal, office: world.office.certificate });
    expect(warnings.every((item) => item.warning.venueId === world.venue.card.venueId)).toBe(true);

    const foreign = await request('GET', '/api/venue-admin/warnings', { cookie: other.cookie });
    expect(await foreign.json()).toEqual({ warnings: [] });
    expect((await request('GET', '/api/venue-admin/warnings', {})).status).toBe(401);
    expect((await request('GET', '/api/venue-admin/warnings', { cookie: anna.cookie })).status).toBe(403);
  });
});

describe('the feed', () => {
  it('pages by cursor, names each page by an ETag and may be cached briefly', async () => {
    const first = await request('GET', '/api/warnings/feed', { client: freshClient() });
    expect(first.headers.get('cache-control')).toBe('public, max-age=15');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await worker.fetch(
      new Request('https://luca.test/api/warnings/feed', { headers: { 'if-none-match': etag } }),
      env,
      createExecutionContext(),
    );
    expect(again.status).toBe(304);
    const page = v.parse(warningRoutes.feed.response, await first.json());
    const later = await feed(page.cursor);
    expect(later.entries).toEqual([]);
    expect(later.cursor).toBe(page.cursor);
    // Every entry carries only its seq, a tag, a day and the sealed body.
    for (const entry of page.entries) expect(Object.keys(entry).sort()).toEqual(['body', 'day', 'seq', 'tag']);
    expect((await request('GET', '/api/warnings/feed?after=-1', { client: freshClient() })).status).toBe(400);
    // The head for a device without stays: no entries, a cursor behind the entries of the last two hours.
    const head = v.parse(
      warningRoutes.feed.response,
      await (await request('GET', '/api/warnings/feed?head=1', { client: freshClient() })).json(),
    );
    expect(head.entries).toEqual([]);
    const older = await env.DB.prepare('SELECT max(seq) AS seq FROM warning_feed WHERE created_at < ?')
      .bind(Date.now() - 2 * HOUR_MS)
      .first<{ seq: number | null }>();
    expect(head.cursor).toBe(older?.seq ?? 0);
    expect((await request('GET', '/api/warnings/feed?head=2', { client: freshClient() })).status).toBe(400);
  });
});

describe('acknowledging a warning', () => {
  it('records "read" for one check-in only with its secret, at the warned venue, and never for another', async () => {
    const caseId = await openCase(anna);
    const warning = await warningBy(anna, caseId);
    expect((await sendWarning(anna, caseId, warning)).status).toBe(201);
    const mine = await sealFor(world, world.venue, visit.from);
    const other = await sealFor(world, world.venue, visit.from);
    const elsewhere = await sealFor(world, world.otherVenue, visit.from);
    for (const sealed of [mine, other, elsewhere]) {
      const { checkoutSecret: _secret, ...wire } = sealed;
      expect((await request('POST', '/api/checkins', { body: wire, client: freshClient() })).status).toBe(201);
    }
    const path = `/api/warnings/${warning.warningId}/read`;
    const before = await counts();
    const refusals = [
      { checkInId: mine.id, secret: other.checkoutSecret },
      { checkInId: newId(), secret: mine.checkoutSecret },
      { checkInId: elsewhere.id, secret: elsewhere.checkoutSecret },
    ];
    const answers = await Promise.all(refusals.map((body) => request('POST', path, { body, client: freshClient() }).then((r) => r.text())));
    // Byte for byte alike: the route confirms no check-in and no venue.
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('read_refused');
    expect(
      (
        await request('POST', `/api/warnings/${newId()}/read`, {
          body: { checkInId: mine.id, secret: mine.checkoutSecret },
          client: freshClient(),
        })
      ).status,
    ).toBe(403);
    expect(await counts()).toEqual(before);
    const ok = await request('POST', path, { body: { checkInId: mine.id, secret: mine.checkoutSecret }, client: freshClient() });
    expect(ok.status).toBe(200);
    const { readAt } = v.parse(warningRoutes.read.response, await ok.json());
    const retry = await request('POST', path, { body: { checkInId: mine.id, secret: mine.checkoutSecret }, client: freshClient() });
    expect(v.parse(warningRoutes.read.response, await retry.json()).readAt).toBe(readAt);
    const rows = await env.DB.prepare('SELECT warning_id, checkin_id FROM warning_reads WHERE warning_id = ?')
      .bind(warning.warningId)
      .all();
    expect(rows.results).toEqual([{ warning_id: warning.warningId, checkin_id: mine.id }]);
    // The office sees the read only once the venue released that check-in to this case.
    const list = async () => {
      const response = await request('GET', `/api/office/cases/${caseId}/warnings`, { cookie: anna.cookie });
      expect(response.status).toBe(200);
      return v.parse(officeWarningRoutes.list.response, await response.json());
    };
    expect((await list()).warnings[0]?.reads).toEqual([]);
    const requestId = newId();
    await env.DB.prepare(
      "INSERT INTO data_requests (id, office_id, venue_id, case_id, request, window_from, window_to, status, created_at) VALUES (?, ?, ?, ?, '{}', ?, ?, 'approved', ?)",
    )
      .bind(requestId, anna.officeId, world.venue.card.venueId, caseId, visit.from, visit.to, Date.now())
      .run();
    for (const sealed of [mine, other])
      await env.DB.prepare('INSERT INTO released_checkins (request_id, checkin_id, day, office_key_id, inner) VALUES (?, ?, ?, ?, ?)')
        .bind(requestId, sealed.id, sealed.day, sealed.officeKeyId, 'AAAA')
        .run();
    expect((await list()).warnings[0]?.reads).toEqual([{ checkInId: mine.id, readAt }]);
    // Another office cannot list this case's warnings.
    expect((await request('GET', `/api/office/cases/${caseId}/warnings`, { cookie: stranger.cookie })).status).toBe(404);
    // A withdrawn warning takes no more reads.
    const withdrawal = await signWithdrawal(anna.signingKey, anna.certificate, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: Date.now(),
    });
    const audit = await auditBy(anna, { kind: 'warning_withdrawn', caseId, venueId: warning.venueId, requestId: warning.warningId });
    expect(
      (
        await request('POST', `/api/office/cases/${caseId}/warnings/${warning.warningId}/withdraw`, {
          cookie: anna.cookie,
          body: { withdrawal, audit },
        })
      ).status,
    ).toBe(200);
    expect(
      (await request('POST', path, { body: { checkInId: other.id, secret: other.checkoutSecret }, client: freshClient() })).status,
    ).toBe(403);
  });

  it('never answers 500 to fuzzed ids and bodies, and records nothing', async () => {
    const before = await counts();
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ checkInId: fc.oneof(fc.string(), fc.constant(newId())), secret: fc.string() }, { requiredKeys: [] }),
    );
    const id = fc.oneof(
      fc.constant(newId()),
      fc.string({ maxLength: 40 }).filter((text) => text.length > 0),
    );
    await fc.assert(
      fc.asyncProperty(id, body, async (warningId, payload) => {
        const response = await request('POST', `/api/warnings/${encodeURIComponent(warningId)}/read`, {
          body: payload,
          client: freshClient(),
        });
        await expectRefusal(response, `${warningId} ${JSON.stringify(payload)}`);
      }),
      { numRuns: 100 },
    );
    expect(await counts()).toEqual(before);
  }, 30_000);
});

describe('office warning texts', () => {
  it('are kept per office, saved by its admins only', async () => {
    const texts = {
      level1: { de: 'Beobachten Sie sich auf Symptome.', en: 'Watch for symptoms.' },
      level2: { de: 'Lassen Sie sich testen.', en: 'Get tested.' },
      contact: { phone: '030 9018 0', hours: 'Mo–Fr 8–16 Uhr' },
    };
    const member = await staffOf(world.office);
    expect((await request('PUT', '/api/office/warning-texts', { cookie: member.cookie, body: texts })).status).toBe(403);
    expect((await request('PUT', '/api/office/warning-texts', { cookie: anna.cookie, body: texts })).status).toBe(200);
    const read = await request('GET', '/api/office/warning-texts', { cookie: member.cookie });
    expect(await read.json()).toEqual({ texts });
    expect(await (await request('GET', '/api/office/warning-texts', { cookie: stranger.cookie })).json()).toEqual({ texts: null });
  });
});

describe('retention', () => {
  it('purges feed entries and warnings after 28 days, and reads with their check-ins', async () => {
    const old = Date.now() - 29 * DAY_MS;
    const oldId = newId();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO warning_feed (tag, day, body, warning_id, created_at) VALUES ('t', '2020-01-01', 'b', ?, ?)").bind(
        oldId,
        old,
      ),
      env.DB.prepare(
        'INSERT INTO warnings (id, office_id, case_id, venue_id, warning, created_at) VALUES (?, ?, ?, ?, \'{"old":1}\', ?)',
      ).bind(oldId, anna.officeId, newId(), world.venue.card.venueId, old),
      env.DB.prepare('INSERT INTO warning_reads (warning_id, checkin_id, read_at) VALUES (?, ?, ?)').bind(oldId, newId(), old),
    ]);
    const fresh = await counts();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM warning_feed WHERE warning_id = ?').bind(oldId).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM warnings WHERE id = ?').bind(oldId).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM warning_reads WHERE warning_id = ?').bind(oldId).first('n')).toBe(0);
    // Fresh entries stay.
    const after = await counts();
    expect(after?.feed).toBe((fresh?.feed ?? 0) - 1);
  });
});
