import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditActor,
  type AuditBody,
  type ChainedAuditEntry,
  AUDIT_KINDS,
  checkSeenHead,
  checkpointBody,
  checkpointDue,
  linkAuditEntry,
  signAuditEntry,
  verifyAuditChain,
} from './audit-log.ts';
import { formatAuditDetail } from './audit-detail.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { newId } from './ids.ts';
import { AUDIT_CUT_TOLERANCE_DAYS, AUDIT_RETENTION_DAYS } from './retention.ts';
import { DAY_MS } from './time.ts';

const officeId = newId();
const caseId = newId();
const employee: AuditActor = { type: 'employee', id: newId() };
const venue: AuditActor = { type: 'venue', id: newId() };
const keys = new Map<string, CryptoKeyPair>();
const publicKeys = new Map<string, Uint8Array<ArrayBuffer>>();
let log: ChainedAuditEntry[];

/** The kinds an ordinary step may have: all but the checkpoint (wherever the list puts it). */
const ORDINARY_KINDS = AUDIT_KINDS.filter((kind) => kind !== 'checkpoint');

function body(index: number): AuditBody {
  return {
    officeId,
    // Every kind but the checkpoint, which states a fact about the chain (tested below).
    kind: ORDINARY_KINDS[index % ORDINARY_KINDS.length] ?? 'case_opened',
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

describe('audit log after the retention job (checkpoints)', () => {
  const now = 1_800_000_000_000;
  const old = now - (AUDIT_RETENTION_DAYS + 30) * DAY_MS;
  const young = now - (AUDIT_RETENTION_DAYS - AUDIT_CUT_TOLERANCE_DAYS - 1) * DAY_MS;

  /** The step of a chain to build: an ordinary entry at `at`, or a checkpoint over entry `covers` (1-based) at `at`. */
  type Step = { at: number; covers?: number; by?: AuditActor; detail?: string; caseId?: string };

  async function chain(steps: readonly Step[]): Promise<ChainedAuditEntry[]> {
    const entries: ChainedAuditEntry[] = [];
    for (const [index, step] of steps.entries()) {
      const actor = step.by ?? (step.covers === undefined && index % 2 ? venue : employee);
      const pair = keys.get(actor.id);
      if (!pair) throw new Error('no key');
      const covered = step.covers === undefined ? undefined : entries[step.covers - 1];
      const ordinary = { ...body(index), at: step.at };
      const made =
        step.covers === undefined
          ? { ...ordinary, ...(step.caseId === undefined ? {} : { caseId: step.caseId }) }
          : covered
            ? {
                ...checkpointBody(officeId, { seq: covered.seq, hash: covered.hash, at: covered.at }, step.at),
                ...(step.detail === undefined ? {} : { detail: step.detail }),
                ...(step.caseId === undefined ? {} : { caseId: step.caseId }),
              }
            : undefined;
      if (!made) throw new Error(`no entry ${step.covers ?? 0} to cover`);
      entries.push(await linkAuditEntry(await signAuditEntry(pair.privateKey, actor, made), entries.at(-1)));
    }
    return entries;
  }

  it('verifies from the first remaining entry when a checkpoint covers the cut past the retention', async () => {
    const log = await chain([{ at: old }, { at: old + 1 }, { at: old + 2 }, { at: now - DAY_MS, covers: 3 }, { at: now }]);
    expect(await verifyAuditChain(officeId, log, resolve, now)).toEqual({ intact: true, head: { seq: 5, hash: log[4]?.hash } });
    const purged = log.slice(3);
    expect(await verifyAuditChain(officeId, purged, resolve, now)).toEqual({
      intact: true,
      head: { seq: 5, hash: log[4]?.hash },
      purged: { through: 3, checkpoint: 4 },
    });
    // A cut anywhere else, or the checkpoint gone with the entries, is not what the office allowed.
    for (const from of [1, 2, 4]) {
      const check = await verifyAuditChain(officeId, log.slice(from), resolve, now);
      expect(check, `cut after ${from}`).toEqual({ intact: false, seq: from + 1, problem: 'unanchored' });
    }
  });

  it('refuses a cut the checkpoint allows only later: entries younger than the retention', async () => {
    const log = await chain([{ at: old }, { at: young }, { at: now, covers: 2 }]);
    expect(await verifyAuditChain(officeId, log.slice(2), resolve, now)).toEqual({ intact: false, seq: 3, problem: 'unanchored' });
    // The same cut is fine once the entry is old enough.
    expect((await verifyAuditChain(officeId, log.slice(2), resolve, now + 10 * DAY_MS)).intact).toBe(true);
  });

  it('breaks on a checkpoint that states another chain, is not an employee’s, or is about a case', async () => {
    const log = await chain([{ at: old }, { at: old + 1 }]);
    const first = log[0];
    if (!first) throw new Error('no entry');
    const lying = formatAuditDetail({ kind: 'checkpoint', seq: 1, hash: log[1]?.hash ?? '', at: first.at });
    for (const step of [
      { at: now, covers: 1, detail: lying },
      { at: now, covers: 1, detail: formatAuditDetail({ kind: 'checkpoint', seq: 1, hash: first.hash, at: first.at + 1 }) },
      { at: now, covers: 1, detail: formatAuditDetail({ kind: 'checkpoint', seq: 3, hash: first.hash, at: first.at }) },
      { at: now, covers: 1, detail: 'all fine' },
      { at: now, covers: 1, by: venue },
      { at: now, covers: 1, caseId: caseId },
      { at: now, caseId: '' },
    ]) {
      const bad = await chain([{ at: old }, { at: old + 1 }, step]);
      expect(await verifyAuditChain(officeId, bad, resolve, now), JSON.stringify(step)).toEqual({
        intact: false,
        seq: 3,
        problem: 'bad_checkpoint',
      });
    }
  });

  it('verifies exactly the cuts a checkpoint allows (property over random chains, checkpoints and cuts)', async () => {
    const steps = fc
      .array(fc.record({ age: fc.integer({ min: 0, max: AUDIT_RETENTION_DAYS * 2 }), covers: fc.option(fc.nat(), { nil: undefined }) }), {
        minLength: 1,
        maxLength: 10,
      })
      .map((drawn) =>
        drawn.map(({ age, covers }, index): Step => {
          const at = now - age * DAY_MS;
          // A checkpoint covers one of the entries before it (its browser checked them).
          return covers === undefined || index === 0 ? { at } : { at, covers: (covers % index) + 1 };
        }),
      );
    await fc.assert(
      fc.asyncProperty(steps, fc.nat(), async (drawn, cutAt) => {
        const log = await chain(drawn);
        const cut = cutAt % log.length;
        const check = await verifyAuditChain(officeId, log.slice(cut), resolve, now);
        const allowed =
          cut === 0 ||
          drawn.some(
            (step, index) =>
              index + 1 > cut &&
              step.covers === cut &&
              (drawn[cut - 1]?.at ?? now) < now - (AUDIT_RETENTION_DAYS - AUDIT_CUT_TOLERANCE_DAYS) * DAY_MS,
          );
        expect(check.intact, `cut after ${cut} of ${JSON.stringify(drawn)}`).toBe(allowed);
        if (check.intact && cut > 0) expect(check.purged?.through).toBe(cut);
        if (!check.intact) expect(check).toMatchObject({ seq: cut + 1, problem: 'unanchored' });
      }),
      { numRuns: 40 },
    );
  });

  it('asks for a checkpoint only over old entries no checkpoint covers yet', async () => {
    const log = await chain([{ at: old }, { at: old + 1 }, { at: now - DAY_MS }]);
    expect(checkpointDue(log, now)).toEqual({ seq: 2, hash: log[1]?.hash, at: old + 1 });
    expect(checkpointDue(await chain([{ at: young }, { at: now }]), now)).toBeUndefined();
    const covered = await chain([{ at: old }, { at: old + 1 }, { at: now - DAY_MS, covers: 2 }]);
    expect(checkpointDue(covered, now)).toBeUndefined();
    // Once the checkpoint itself is old, a new one lets it go too.
    expect(checkpointDue(covered.slice(2), now + AUDIT_RETENTION_DAYS * 2 * DAY_MS)).toMatchObject({ seq: 3 });
  });

  it('compares the head a device saw with a purged log', async () => {
    const log = await chain([{ at: old }, { at: old + 1 }, { at: now - DAY_MS, covers: 2 }, { at: now }]);
    const purged = log.slice(2);
    const check = await verifyAuditChain(officeId, purged, resolve, now);
    const head = (seq: number) => ({ seq, hash: log[seq - 1]?.hash ?? '' });
    // Seen before the cut (the covered entry, or one before it): the checkpoint vouches for it.
    expect(checkSeenHead(check, purged, head(2))).toBe(check);
    expect(checkSeenHead(check, purged, head(1))).toBe(check);
    expect(checkSeenHead(check, purged, { seq: 2, hash: head(1).hash })).toMatchObject({ intact: false, problem: 'cut' });
    // Seen among the remaining entries, or beyond them.
    expect(checkSeenHead(check, purged, head(4))).toBe(check);
    expect(checkSeenHead(check, purged, { seq: 5, hash: head(4).hash })).toMatchObject({ intact: false, seq: 5, problem: 'cut' });
    const whole = await verifyAuditChain(officeId, log, resolve, now);
    expect(checkSeenHead(whole, log, head(3))).toBe(whole);
    expect(checkSeenHead(whole, log.slice(0, 2), head(3))).toMatchObject({ intact: false, problem: 'cut' });
  });
});
