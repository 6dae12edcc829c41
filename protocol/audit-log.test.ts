import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditActor,
  type AuditBody,
  type ChainedAuditEntry,
  AUDIT_KINDS,
  linkAuditEntry,
  signAuditEntry,
  verifyAuditChain,
} from './audit-log.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { newId } from './ids.ts';

const officeId = newId();
const caseId = newId();
const employee: AuditActor = { type: 'employee', id: newId() };
const venue: AuditActor = { type: 'venue', id: newId() };
const keys = new Map<string, CryptoKeyPair>();
const publicKeys = new Map<string, Uint8Array<ArrayBuffer>>();
let log: ChainedAuditEntry[];

function body(index: number): AuditBody {
  return {
    officeId,
    kind: AUDIT_KINDS[index % AUDIT_KINDS.length] ?? 'case_opened',
    caseId,
    venueId: index % 2 ? venue.id : '',
    requestId: index % 3 ? newId() : '',
    detail: `step ${index}`,
    at: 1_790_000_000_000 + index,
  };
}

async function buildLog(length: number): Promise<ChainedAuditEntry[]> {
  const entries: ChainedAuditEntry[] = [];
  for (let i = 0; i < length; i++) {
    const actor = i % 2 ? venue : employee;
    const pair = keys.get(actor.id);
    if (!pair) throw new Error('no key');
    const signed = await signAuditEntry(pair.privateKey, actor, body(i));
    entries.push(await linkAuditEntry(signed, entries.at(-1)));
  }
  return entries;
}

const resolve = (actor: AuditActor) => publicKeys.get(actor.id);

beforeAll(async () => {
  for (const actor of [employee, venue]) {
    const pair = await generateKeyPair('signing');
    keys.set(actor.id, pair);
    publicKeys.set(actor.id, await exportPublicKey(pair.publicKey));
  }
  log = await buildLog(6);
});

/** Every field an attacker with database access could change, as a mutation of one entry. */
const tamperings: Record<string, (entry: ChainedAuditEntry) => ChainedAuditEntry> = {
  kind: (e) => ({ ...e, kind: e.kind === 'exported' ? 'case_closed' : 'exported' }),
  caseId: (e) => ({ ...e, caseId: newId() }),
  venueId: (e) => ({ ...e, venueId: e.venueId ? '' : newId() }),
  requestId: (e) => ({ ...e, requestId: e.requestId ? '' : newId() }),
  detail: (e) => ({ ...e, detail: `${e.detail}!` }),
  at: (e) => ({ ...e, at: e.at + 1 }),
  actor: (e) => ({ ...e, actor: { ...e.actor, id: newId() } }),
  actorType: (e) => ({ ...e, actor: { ...e.actor, type: e.actor.type === 'venue' ? 'employee' : 'venue' } }),
  signature: (e) => ({ ...e, signature: `${e.signature.slice(0, 10)}${e.signature[10] === 'A' ? 'B' : 'A'}${e.signature.slice(11)}` }),
  hash: (e) => ({ ...e, hash: e.prevHash }),
  prevHash: (e) => ({ ...e, prevHash: e.hash }),
  seq: (e) => ({ ...e, seq: e.seq + 1 }),
  officeId: (e) => ({ ...e, officeId: newId() }),
};

describe('audit log chain', () => {
  it('verifies an untouched log and reports its head', async () => {
    const check = await verifyAuditChain(officeId, log, resolve);
    expect(check).toEqual({ intact: true, head: { seq: 6, hash: log[5]?.hash } });
    expect(await verifyAuditChain(officeId, [], resolve)).toEqual({ intact: true, head: undefined });
  });

  it('breaks when any field of any entry is changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: log.length - 1 }), fc.constantFrom(...Object.keys(tamperings)), async (index, field) => {
        const tampered = log.map((entry, i) => (i === index ? (tamperings[field]?.(entry) ?? entry) : entry));
        const check = await verifyAuditChain(officeId, tampered, resolve);
        expect(check.intact, `${field} of entry ${index + 1}`).toBe(false);
        if (!check.intact) expect(check.seq).toBe(index + 1);
      }),
      { numRuns: 60 },
    );
  });

  it('breaks when an entry is removed, swapped or re-linked without the actor', async () => {
    const withoutThird = log.filter((_, i) => i !== 2);
    expect((await verifyAuditChain(officeId, withoutThird, resolve)).intact).toBe(false);
    const swapped = [log[0], log[2], log[1], ...log.slice(3)].filter((e): e is ChainedAuditEntry => e !== undefined);
    expect((await verifyAuditChain(officeId, swapped, resolve)).intact).toBe(false);
    // A server re-chaining an entry whose detail it rewrote still lacks the actor's signature.
    const forged = { ...log[0], detail: 'nothing happened' } as ChainedAuditEntry;
    const relinked = await linkAuditEntry(forged, undefined);
    const check = await verifyAuditChain(officeId, [relinked], resolve);
    expect(check).toEqual({ intact: false, seq: 1, problem: 'unsigned' });
  });

  it('refuses an entry signed by someone other than its named actor', async () => {
    const other = await generateKeyPair('signing');
    const signed = await signAuditEntry(other.privateKey, employee, body(0));
    const check = await verifyAuditChain(officeId, [await linkAuditEntry(signed, undefined)], resolve);
    expect(check.intact).toBe(false);
  });
});
