/**
 * Exchanging signed chain heads (trust model 6, protocol/audit-head.ts): an employee posts the
 * head their browser verified; the Worker stores it only if it is theirs, about their office,
 * fresh, signed by their key and true of the stored chain, and serves the newest head of each
 * active employee of the office, and nobody else's. Every refusal is a 4xx and stores nothing.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedAuditHead, signAuditHead } from '../../../protocol/audit-head.ts';
import { type ChainedAuditEntry, linkAuditEntry } from '../../../protocol/audit-log.ts';
import { generateKeyPair } from '../../../protocol/keys.ts';
import { newId } from '../../../protocol/ids.ts';
import { request } from '../../test/http.ts';
import { type TestStaff, auditBy, staffOf } from '../../test/office.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let anna: TestStaff;
let ben: TestStaff;
let otherStaff: TestStaff;
const chain: ChainedAuditEntry[] = [];

/** An entry of Anna's office's chain, stored as the Worker links it. */
async function append(): Promise<ChainedAuditEntry> {
  const signed = await auditBy(anna, { kind: 'exported', caseId: newId(), detail: 'CSV, 3 contacts', at: Date.now() });
  const chained = await linkAuditEntry(signed, chain.at(-1));
  await env.DB.prepare(
    'INSERT INTO audit_log (office_id, seq, venue_id, case_id, entry, hash, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(chained.officeId, chained.seq, '', chained.caseId, JSON.stringify(chained), chained.hash, chained.signature, Date.now())
    .run();
  chain.push(chained);
  return chained;
}

function headBy(staff: TestStaff, entry: ChainedAuditEntry, changes: Partial<SignedAuditHead> = {}, key = staff.signingKey) {
  return signAuditHead(key, {
    officeId: staff.officeId,
    employeeId: staff.accountId,
    seq: entry.seq,
    hash: entry.hash,
    at: Date.now(),
    ...changes,
  });
}

function post(staff: TestStaff, body: unknown) {
  return request('POST', '/api/office/audit/heads', { cookie: staff.cookie, body, client: '198.51.100.17' });
}

async function storedHeads(): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM audit_heads').first<{ n: number }>();
  return row?.n ?? 0;
}

async function headsSeenBy(staff: TestStaff): Promise<SignedAuditHead[]> {
  return (await request('GET', '/api/office/audit/heads', { cookie: staff.cookie }))
    .json<{ heads: SignedAuditHead[] }>()
    .then((r) => r.heads);
}

beforeAll(async () => {
  world = await createWorld();
  anna = await staffOf(world.office);
  ben = await staffOf(world.office);
  otherStaff = await staffOf(world.otherOffice);
  await append();
  await append();
});

describe('signed audit heads', () => {
  it('stores an employee’s head of the stored chain and serves it to the office only', async () => {
    const [first, second] = chain;
    if (!first || !second) throw new Error('no chain');
    const made = await post(anna, { head: await headBy(anna, second) });
    expect(made.status).toBe(201);
    expect(await made.json()).toEqual({ seq: 2 });
    // An older head (another of Anna's devices, behind) does not move hers back.
    expect((await post(anna, { head: await headBy(anna, first) })).status).toBe(201);
    const annasHead = (await headsSeenBy(ben)).find((head) => head.employeeId === anna.accountId);
    expect(annasHead?.seq).toBe(2);
    expect(annasHead?.hash).toBe(second.hash);
    expect(await headsSeenBy(otherStaff)).toEqual([]);
    expect((await request('GET', '/api/office/audit/heads', {})).status).toBe(401);
  });

  it('refuses forged, foreign, stale, untrue and malformed heads, storing nothing', async () => {
    const [, second] = chain;
    if (!second) throw new Error('no chain');
    const before = await storedHeads();
    const stranger = await generateKeyPair('signing');
    const refusals: [TestStaff, unknown, string][] = [
      // Signed by a key that is not Ben's: the server's or another device's forgery.
      [ben, { head: await headBy(ben, second, {}, stranger.privateKey) }, 'audit_signature'],
      // Ben's signature over a head claimed to be Anna's.
      [ben, { head: await headBy(ben, second, { employeeId: anna.accountId }) }, 'audit_mismatch'],
      // Another office's employee, with a head about Anna's office (signed by their own key).
      [otherStaff, { head: await headBy(otherStaff, second, { officeId: anna.officeId }) }, 'audit_mismatch'],
      // Another office's employee, about their own office, naming an entry their chain does not hold.
      [otherStaff, { head: await headBy(otherStaff, second) }, 'audit_mismatch'],
      [ben, { head: await headBy(ben, second, { officeId: world.otherOffice.certificate.officeId }) }, 'audit_mismatch'],
      // Entries the chain does not hold, or not with that hash.
      [ben, { head: await headBy(ben, second, { seq: 99 }) }, 'audit_mismatch'],
      [ben, { head: await headBy(ben, second, { hash: chain[0]?.hash ?? '' }) }, 'audit_mismatch'],
      [ben, { head: await headBy(ben, second, { at: Date.now() - 3_600_000 }) }, 'audit_stale'],
      // Malformed bodies.
      [ben, { head: { ...(await headBy(ben, second)), extra: 1 } }, 'invalid_input'],
      [ben, { head: { ...(await headBy(ben, second)), seq: 0 } }, 'invalid_input'],
      [ben, { head: { ...(await headBy(ben, second)), signature: 'x' } }, 'invalid_input'],
      [ben, { head: await headBy(ben, second), more: true }, 'invalid_input'],
      [ben, {}, 'invalid_input'],
      [ben, '{"head":', 'bad_request'],
    ];
    for (const [staff, body, code] of refusals) {
      const refused = await post(staff, body);
      expect(refused.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(refused.status, JSON.stringify(body)).toBeLessThan(500);
      expect(await refused.json(), JSON.stringify(body)).toMatchObject({ error: { code } });
    }
    expect(await storedHeads()).toBe(before);
    expect((await headsSeenBy(anna)).some((head) => head.employeeId === ben.accountId)).toBe(false);
  });

  it('is only for the office’s active staff', async () => {
    const [first] = chain;
    if (!first) throw new Error('no chain');
    const head = await headBy(anna, first);
    expect((await request('POST', '/api/office/audit/heads', { body: { head } })).status).toBe(401);
    const pending = await staffOf(world.office, { status: 'pending' });
    expect(await (await post(pending, { head: await headBy(pending, first) })).json()).toMatchObject({ error: { code: 'not_admitted' } });
  });
});
