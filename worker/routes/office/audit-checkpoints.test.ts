/**
 * The audit log past its retention (trust model 6, 7): an employee's browser that checked the
 * chain appends a signed checkpoint over an old entry; the scheduled job then deletes the entries
 * up to it and no further; the chain the office reads afterwards still verifies in the browser,
 * and any other cut does not.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditActor,
  type ChainedAuditEntry,
  checkSeenHead,
  checkpointBody,
  checkpointDue,
  linkAuditEntry,
  verifyAuditChain,
} from '../../../protocol/audit-log.ts';
import { fromBase64Url } from '../../../protocol/bytes.ts';
import { type EmployeeCertificate, verifyEmployeeCertificate } from '../../../protocol/data-request.ts';
import { newId } from '../../../protocol/ids.ts';
import { importPublicKey } from '../../../protocol/keys.ts';
import { AUDIT_RETENTION_DAYS } from '../../../protocol/retention.ts';
import { DAY_MS } from '../../../protocol/time.ts';
import worker from '../../index.ts';
import { request } from '../../test/http.ts';
import { type TestStaff, auditBy, staffOf } from '../../test/office.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let anna: TestStaff;
let otherStaff: TestStaff;

beforeAll(async () => {
  world = await createWorld();
  anna = await staffOf(world.office);
  otherStaff = await staffOf(world.otherOffice);
});

interface Log {
  entries: ChainedAuditEntry[];
  employees: EmployeeCertificate[];
}

async function runScheduled(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function readLog(): Promise<Log> {
  return (await request('GET', '/api/office/audit', { cookie: anna.cookie })).json<Log>();
}

/** Checks the chain as the office's browser does: employee keys only if certified by the office. */
async function check(log: Log) {
  const officeKey = await importPublicKey(fromBase64Url(world.office.certificate.signingKey), 'signing');
  const keys = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const employee of log.employees)
    if (await verifyEmployeeCertificate(officeKey, employee))
      keys.set(`employee:${employee.employeeId}`, fromBase64Url(employee.signingKey));
  return verifyAuditChain(world.office.certificate.officeId, log.entries, (actor: AuditActor) => keys.get(`${actor.type}:${actor.id}`));
}

/** An entry signed by Anna at `at` and stored then, linked after the office's head as the Worker links. */
async function appendAt(at: number): Promise<ChainedAuditEntry> {
  const head = await env.DB.prepare('SELECT seq, hash FROM audit_log WHERE office_id = ? ORDER BY seq DESC LIMIT 1')
    .bind(anna.officeId)
    .first<{ seq: number; hash: string }>();
  const signed = await auditBy(anna, { kind: 'exported', caseId: newId(), detail: 'CSV, 3 contacts', at });
  const chained = await linkAuditEntry(signed, head ?? undefined);
  await env.DB.prepare(
    'INSERT INTO audit_log (office_id, seq, venue_id, case_id, entry, hash, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(chained.officeId, chained.seq, '', chained.caseId, JSON.stringify(chained), chained.hash, chained.signature, at)
    .run();
  return chained;
}

async function postCheckpoint(staff: TestStaff, covered: { seq: number; hash: string; at: number }, body = {}) {
  const audit = await auditBy(staff, { ...checkpointBody(staff.officeId, covered, Date.now()), ...body });
  return request('POST', '/api/office/audit/checkpoints', { cookie: staff.cookie, body: { audit } });
}

async function seqs(): Promise<number[]> {
  return (
    await env.DB.prepare('SELECT seq FROM audit_log WHERE office_id = ? ORDER BY seq').bind(anna.officeId).all<{ seq: number }>()
  ).results.map((row) => row.seq);
}

describe('audit log retention with checkpoints', () => {
  it('deletes entries past the retention only up to a checkpoint, and the chain still verifies', async () => {
    const old = Date.now() - (AUDIT_RETENTION_DAYS + 20) * DAY_MS;
    const entries = [await appendAt(old), await appendAt(old + 1), await appendAt(old + 2), await appendAt(old + 3)];
    const young = await appendAt(Date.now() - 10 * DAY_MS);
    const last = entries[3];
    if (!last) throw new Error('no entries');
    const seen = { seq: young.seq, hash: young.hash };

    // Without a checkpoint, old entries stay: the server cannot cut the chain on its own word.
    await runScheduled();
    expect(await seqs()).toEqual([1, 2, 3, 4, 5]);

    // Checkpoints that state no entry of the chain, one too young, another's or about a case: refused, nothing appended.
    for (const [staff, covered, body] of [
      [anna, { seq: young.seq, hash: young.hash, at: young.at }, {}],
      [anna, { seq: 4, hash: young.hash, at: last.at }, {}],
      [anna, { seq: 4, hash: last.hash, at: last.at + 1 }, {}],
      [anna, { seq: 99, hash: last.hash, at: last.at }, {}],
      [anna, { seq: 4, hash: last.hash, at: last.at }, { caseId: newId() }],
      [otherStaff, { seq: 4, hash: last.hash, at: last.at }, { officeId: anna.officeId }],
    ] as const) {
      const refused = await postCheckpoint(staff, covered, body);
      expect(await refused.json(), JSON.stringify(covered)).toMatchObject({ error: { code: 'audit_mismatch' } });
    }
    expect(await seqs()).toEqual([1, 2, 3, 4, 5]);

    // The office's browser: checks the whole chain, finds what is due, signs the checkpoint.
    const before = await readLog();
    expect(await check(before)).toEqual({ intact: true, head: seen });
    const due = checkpointDue(before.entries, Date.now());
    expect(due).toEqual({ seq: 4, hash: last.hash, at: last.at });
    if (!due) throw new Error('nothing due');
    const audit = await auditBy(anna, checkpointBody(anna.officeId, due, Date.now()));
    const made = await request('POST', '/api/office/audit/checkpoints', { cookie: anna.cookie, body: { audit } });
    expect(await made.json()).toEqual({ seq: 6 });
    const replayed = await request('POST', '/api/office/audit/checkpoints', { cookie: anna.cookie, body: { audit } });
    expect(await replayed.json()).toMatchObject({ error: { code: 'audit_replayed' } });

    await runScheduled();
    expect(await seqs()).toEqual([5, 6]);
    // What the office reads now verifies from its first entry, through the checkpoint; the head this device saw is still there.
    const after = await readLog();
    const checked = await check(after);
    expect(checked).toEqual({ intact: true, head: { seq: 6, hash: after.entries[1]?.hash }, purged: { through: 4, checkpoint: 6 } });
    expect(checkSeenHead(checked, after.entries, seen)).toBe(checked);
    expect(checkSeenHead(checked, after.entries, { seq: 4, hash: last.hash })).toBe(checked);
    // Nothing more is due until the remaining entries are old.
    expect(checkpointDue(after.entries, Date.now())).toBeUndefined();

    // A server cutting further than the checkpoint allows is caught.
    const [fifth] = after.entries;
    await env.DB.prepare('DELETE FROM audit_log WHERE office_id = ? AND seq = 5').bind(anna.officeId).run();
    expect(await check(await readLog())).toEqual({ intact: false, seq: 6, problem: 'unanchored' });
    await env.DB.prepare(
      'INSERT INTO audit_log (office_id, seq, venue_id, case_id, entry, hash, signature, created_at) VALUES (?, 5, ?, ?, ?, ?, ?, ?)',
    )
      .bind(anna.officeId, '', fifth?.caseId ?? '', JSON.stringify(fifth), fifth?.hash ?? '', fifth?.signature ?? '', young.at)
      .run();
    expect((await check(await readLog())).intact).toBe(true);
  });

  it('is only for the office’s active staff', async () => {
    const covered = { seq: 1, hash: 'A'.repeat(43), at: 0 };
    const audit = await auditBy(anna, checkpointBody(anna.officeId, covered, Date.now()));
    expect((await request('POST', '/api/office/audit/checkpoints', { body: { audit } })).status).toBe(401);
    const pending = await staffOf(world.office, { status: 'pending' });
    expect(
      await (await request('POST', '/api/office/audit/checkpoints', { cookie: pending.cookie, body: { audit } })).json(),
    ).toMatchObject({
      error: { code: 'not_admitted' },
    });
  });
});
