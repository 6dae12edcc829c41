/**
 * The retention job (trust model 7) as the cron trigger runs it: the Worker's `scheduled` handler,
 * against rows of every age. Rows are written straight into D1 with the ages under test (the routes
 * that make them are tested elsewhere); what is checked is which rows the job leaves.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, toBase64Url } from '../protocol/bytes.ts';
import { newId } from '../protocol/ids.ts';
import {
  CLOSED_CASE_RETENTION_DAYS,
  IDLE_CASE_RETENTION_DAYS,
  RETENTION_DAYS,
  UNTAKEN_FORWARD_RETENTION_DAYS,
} from '../protocol/retention.ts';
import { DAY_MS, addDays, dayOf, floorToBucket, startOfDay } from '../protocol/time.ts';
import worker from './index.ts';
import { type World, createWorld, sealFor } from './test/world.ts';

let world: World;
let officeId: string;
let venueId: string;
/** Audit entries about cases, numbered apart from any real chain (the job reads them only for dates). */
let auditSeq = 10_000;

beforeAll(async () => {
  world = await createWorld();
  officeId = world.office.certificate.officeId;
  venueId = world.venue.card.venueId;
});

/** What the cron trigger does: the Worker's scheduled handler, waited for to the end. */
async function runScheduled(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const ago = (days: number) => Date.now() - days * DAY_MS;

async function insertCheckInOn(day: string) {
  const sealed = await sealFor(world, world.venue, startOfDay(day) + 12 * 3_600_000);
  await env.DB.prepare(
    'INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, ciphertext, checkout_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      sealed.id,
      sealed.venueId,
      sealed.officeKeyId,
      sealed.day,
      floorToBucket(sealed.arrivalBucket),
      sealed.ciphertext,
      sealed.checkoutHash,
    )
    .run();
  return sealed.id;
}

/** A case with what hangs on it, each dated in days ago (undefined: not there). */
interface CaseSpec {
  status: 'open' | 'closed';
  opened: number;
  closed?: number;
  /** An audit entry about the case (an export, a decryption, a venue's answer …). */
  step?: number;
  /** A request to the venue, answered then (or pending if `answered` is undefined), with one released check-in. */
  request?: { sent: number; answered?: number; releasedDay?: string };
  /** The contact's status for the released check-in, updated then. */
  contact?: number;
}

interface CaseRows {
  caseId: string;
  requestId: string | undefined;
  checkInId: string;
}

async function insertCase(spec: CaseSpec, owner = officeId): Promise<CaseRows> {
  const caseId = newId();
  const checkInId = newId();
  const statements = [
    env.DB.prepare(
      'INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(caseId, owner, 'GA-1', '[]', spec.status, newId(), ago(spec.opened), spec.closed === undefined ? null : ago(spec.closed)),
  ];
  let requestId: string | undefined;
  if (spec.request) {
    requestId = newId();
    const { sent, answered, releasedDay } = spec.request;
    statements.push(
      env.DB.prepare(
        'INSERT INTO data_requests (id, office_id, venue_id, case_id, request, window_from, window_to, status, answered_at, released_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).bind(
        requestId,
        owner,
        venueId,
        caseId,
        '{}',
        ago(sent + 2),
        ago(sent + 1),
        answered === undefined ? 'pending' : 'approved',
        answered === undefined ? null : ago(answered),
        answered === undefined ? null : 1,
        ago(sent),
      ),
      env.DB.prepare(
        'INSERT INTO released_checkins (request_id, checkin_id, day, office_key_id, departure_bucket, inner) VALUES (?, ?, ?, ?, NULL, ?)',
      ).bind(requestId, checkInId, releasedDay ?? dayOf(ago(sent + 1)), newId(), 'sealed'),
    );
  }
  if (spec.contact !== undefined) {
    statements.push(
      env.DB.prepare("INSERT INTO case_contacts (case_id, checkin_id, status, updated_at) VALUES (?, ?, 'reached', ?)").bind(
        caseId,
        checkInId,
        ago(spec.contact),
      ),
    );
  }
  if (spec.step !== undefined) {
    statements.push(
      env.DB.prepare(
        'INSERT INTO audit_log (office_id, seq, venue_id, case_id, entry, hash, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).bind(owner, auditSeq++, '', caseId, '{}', toBase64Url(randomBytes(32)), toBase64Url(randomBytes(64)), ago(spec.step)),
    );
  }
  await env.DB.batch(statements);
  return { caseId, requestId, checkInId };
}

async function insertForward(from: string, created: number, takenCaseId: string | null = null): Promise<string> {
  const id = newId();
  await env.DB.prepare(
    'INSERT INTO forwards (id, from_office_id, to_office_id, case_id, request, created_at, taken_case_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(id, officeId, world.otherOffice.certificate.officeId, from, '{}', ago(created), takenCaseId)
    .run();
  return id;
}

async function ids(sql: string, ...params: string[]): Promise<string[]> {
  return (
    await env.DB.prepare(sql)
      .bind(...params)
      .all<{ id: string }>()
  ).results.map((row) => row.id);
}

/** What is left of a case: the case, its request, its released check-in, its contact status. */
async function left(rows: CaseRows) {
  const count = async (sql: string, id: string) => (await env.DB.prepare(sql).bind(id).first<{ n: number }>())?.n ?? -1;
  return {
    case: await count('SELECT COUNT(*) AS n FROM cases WHERE id = ?', rows.caseId),
    requests: await count('SELECT COUNT(*) AS n FROM data_requests WHERE case_id = ?', rows.caseId),
    released: rows.requestId ? await count('SELECT COUNT(*) AS n FROM released_checkins WHERE request_id = ?', rows.requestId) : 0,
    contacts: await count('SELECT COUNT(*) AS n FROM case_contacts WHERE case_id = ?', rows.caseId),
  };
}

const gone = { case: 0, requests: 0, released: 0, contacts: 0 };

describe('retention job', () => {
  it(`deletes check-ins older than ${RETENTION_DAYS} days and keeps the rest`, async () => {
    const today = dayOf(Date.now());
    const expired = await insertCheckInOn(addDays(today, -RETENTION_DAYS - 1));
    const kept = await insertCheckInOn(addDays(today, -RETENTION_DAYS));
    await runScheduled();
    const checkIns = await ids('SELECT id FROM checkins');
    expect(checkIns).toContain(kept);
    expect(checkIns).not.toContain(expired);
    const oldKeys = await env.DB.prepare('SELECT COUNT(*) AS n FROM office_daily_keys WHERE day < ?')
      .bind(addDays(today, -RETENTION_DAYS))
      .first<{ n: number }>();
    expect(oldKeys?.n).toBe(0);
  });

  it('deletes cases past their period with everything that hangs on them, and keeps younger ones whole', async () => {
    // Released check-ins dated within their own period, so that only their case can take them along.
    const releasedDay = addDays(dayOf(Date.now()), -20);
    const recent = { sent: 20, answered: 19, releasedDay };
    const early = { sent: 45, answered: 44, releasedDay };
    // Closed: counted from the last step, closing included.
    const closedLongAgo = await insertCase({
      status: 'closed',
      opened: 50,
      closed: CLOSED_CASE_RETENTION_DAYS + 1,
      request: early,
      contact: 40,
    });
    const closedRecently = await insertCase({
      status: 'closed',
      opened: 50,
      closed: CLOSED_CASE_RETENTION_DAYS - 1,
      request: early,
      contact: 40,
    });
    const exportedLately = await insertCase({ status: 'closed', opened: 60, closed: 50, step: 3, request: early, contact: 40 });
    // Open: counted from the last step; a request's answer, a contact's status and an audit entry are steps.
    const idle = await insertCase({
      status: 'open',
      opened: IDLE_CASE_RETENTION_DAYS + 1,
      request: { sent: IDLE_CASE_RETENTION_DAYS + 1 },
    });
    const idleStep = await insertCase({ status: 'open', opened: 60, step: IDLE_CASE_RETENTION_DAYS + 1 });
    const answeredLately = await insertCase({ status: 'open', opened: 60, request: { sent: 55, answered: 30, releasedDay } });
    const workedLately = await insertCase({ status: 'open', opened: 60, request: recent, contact: 2 });
    const fresh = await insertCase({ status: 'open', opened: 1 });

    await runScheduled();

    expect(await left(closedLongAgo)).toEqual(gone);
    expect(await left(idle)).toEqual(gone);
    expect(await left(idleStep)).toEqual(gone);
    expect(await left(closedRecently)).toEqual({ case: 1, requests: 1, released: 1, contacts: 1 });
    expect(await left(exportedLately)).toEqual({ case: 1, requests: 1, released: 1, contacts: 1 });
    expect(await left(answeredLately)).toEqual({ case: 1, requests: 1, released: 1, contacts: 0 });
    expect(await left(workedLately)).toEqual({ case: 1, requests: 1, released: 1, contacts: 1 });
    expect(await left(fresh)).toEqual({ case: 1, requests: 0, released: 0, contacts: 0 });
    // The audit log is the office's record, not the case's: its entries stay (their own period, checkpoints).
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE case_id IN (?, ?)')
        .bind(idleStep.caseId, exportedLately.caseId)
        .first(),
    ).toEqual({ n: 2 });
  });

  it('deletes a contact status with the released check-in it tracks, and keeps the case', async () => {
    const oldDay = addDays(dayOf(Date.now()), -RETENTION_DAYS - 1);
    const rows = await insertCase({ status: 'open', opened: 30, request: { sent: 29, answered: 1, releasedDay: oldDay }, contact: 1 });
    await runScheduled();
    expect(await left(rows)).toEqual({ case: 1, requests: 1, released: 0, contacts: 0 });
  });

  it('deletes forwards no case rests on any more, and untaken ones past their period', async () => {
    const sendingGone = await insertCase({ status: 'closed', opened: 60, closed: CLOSED_CASE_RETENTION_DAYS + 5 });
    const sendingAlive = await insertCase({ status: 'open', opened: 5 });
    const takenAlive = await insertCase({ status: 'open', opened: 5 }, world.otherOffice.certificate.officeId);
    const takenGone = await insertCase(
      { status: 'closed', opened: 60, closed: CLOSED_CASE_RETENTION_DAYS + 5 },
      world.otherOffice.certificate.officeId,
    );
    const untakenOld = await insertForward(sendingAlive.caseId, UNTAKEN_FORWARD_RETENTION_DAYS + 1);
    const untakenYoung = await insertForward(sendingAlive.caseId, UNTAKEN_FORWARD_RETENTION_DAYS - 1);
    const bothGone = await insertForward(sendingGone.caseId, 50, takenGone.caseId);
    const receiverAlive = await insertForward(sendingGone.caseId, 50, takenAlive.caseId);
    const senderAlive = await insertForward(sendingAlive.caseId, 50, takenGone.caseId);
    await runScheduled();
    const forwards = await ids('SELECT id FROM forwards');
    expect(forwards).not.toContain(untakenOld);
    expect(forwards).not.toContain(bothGone);
    expect(forwards).toEqual(expect.arrayContaining([untakenYoung, receiverAlive, senderAlive]));
    expect(await left(takenAlive)).toMatchObject({ case: 1 });
    expect(await left(sendingGone)).toMatchObject({ case: 0 });
  });

  it('touches nothing else, and leaves no reference dangling', async () => {
    await insertCase({ status: 'closed', opened: 90, closed: 80, request: { sent: 85, answered: 84 }, contact: 80 });
    const tables = ['offices', 'venues', 'accounts', 'office_employees', 'audit_log'];
    const counts = () =>
      Promise.all(tables.map(async (table) => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n));
    const before = await counts();
    await runScheduled();
    expect(await counts()).toEqual(before);
    // Every row that names a case, request or forward names one that is still here.
    expect(await ids('SELECT case_id AS id FROM case_contacts WHERE case_id NOT IN (SELECT id FROM cases)')).toEqual([]);
    expect(await ids('SELECT case_id AS id FROM data_requests WHERE case_id NOT IN (SELECT id FROM cases)')).toEqual([]);
    expect(await ids('SELECT request_id AS id FROM released_checkins WHERE request_id NOT IN (SELECT id FROM data_requests)')).toEqual([]);
    expect(
      await ids(
        'SELECT id FROM forwards WHERE taken_case_id IS NOT NULL AND taken_case_id NOT IN (SELECT id FROM cases) AND case_id NOT IN (SELECT id FROM cases)',
      ),
    ).toEqual([]);
    expect(await ids('SELECT source_forward_id AS id FROM cases WHERE source_forward_id NOT IN (SELECT id FROM forwards)')).toEqual([]);
    expect((await env.DB.prepare('PRAGMA foreign_key_check').all()).results).toEqual([]);
  });

  it('keeps a case exactly while its last step is within its period (property over random ages)', async () => {
    // Ages in days, kept half a day off every period, so that the seconds between writing and purging never matter.
    const age = fc.integer({ min: 0, max: 90 }).map((days) => days + 0.5);
    const spec: fc.Arbitrary<CaseSpec> = fc
      .record({
        status: fc.constantFrom('open' as const, 'closed' as const),
        opened: age,
        closed: age,
        step: fc.option(age, { nil: undefined }),
        answered: fc.option(age, { nil: undefined }),
        contact: fc.option(age, { nil: undefined }),
      })
      .map(({ status, opened, closed, step, answered, contact }) => {
        // Nothing happens before the case is opened; the request's check-in stays within its own period.
        const after = (days: number | undefined) => (days === undefined ? undefined : Math.min(days, opened));
        const sent = opened;
        return {
          status,
          opened,
          ...(status === 'closed' ? { closed: Math.min(closed, opened) } : {}),
          ...(step === undefined ? {} : { step: after(step) }),
          request: { sent, ...(answered === undefined ? {} : { answered: after(answered) }), releasedDay: dayOf(Date.now()) },
          ...(contact === undefined ? {} : { contact: after(contact) }),
        };
      });
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 5 }), async (specs) => {
        const made = await Promise.all(specs.map(async (one) => ({ spec: one, rows: await insertCase(one) })));
        await runScheduled();
        for (const { spec: one, rows } of made) {
          const lastStep = Math.min(
            ...[one.opened, one.closed, one.step, one.request?.answered ?? one.request?.sent, one.contact].filter(
              (days): days is number => days !== undefined,
            ),
          );
          const period = one.status === 'closed' ? CLOSED_CASE_RETENTION_DAYS : IDLE_CASE_RETENTION_DAYS;
          const expected = lastStep > period ? gone : { case: 1, requests: 1, released: 1, contacts: one.contact === undefined ? 0 : 1 };
          expect(await left(rows), JSON.stringify(one)).toEqual(expected);
        }
      }),
      { numRuns: 25 },
    );
  });
});
