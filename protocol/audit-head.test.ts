/**
 * Signed heads against a dishonest server (trust model 6): two devices of one office each sign the
 * head they verified; the server then forks the chain (shows a device a different history after
 * the other device's head) or cuts it after that head. The other device's signed head gives it
 * away; an honest chain, a forged head and a head of another office do not raise a problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditActor, type ChainedAuditEntry, linkAuditEntry, signAuditEntry, verifyAuditChain } from './audit-log.ts';
import { type SignedAuditHead, SignedAuditHeadSchema, checkOtherHeads, signAuditHead, verifyAuditHead } from './audit-head.ts';
import * as v from 'valibot';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { newId } from './ids.ts';

const officeId = newId();
const anna: AuditActor = { type: 'employee', id: newId() };
const ben: AuditActor = { type: 'employee', id: newId() };
const pairs = new Map<string, CryptoKeyPair>();
const publicKeys = new Map<string, Uint8Array<ArrayBuffer>>();
const keyOf = (employeeId: string) => publicKeys.get(employeeId);

function pair(actor: AuditActor): CryptoKeyPair {
  const found = pairs.get(actor.id);
  if (!found) throw new Error('no key');
  return found;
}

/** Appends entries signed by Anna after `base`, as the server links them. */
async function extend(base: readonly ChainedAuditEntry[], count: number, tag: string): Promise<ChainedAuditEntry[]> {
  const entries = [...base];
  for (let i = 0; i < count; i++) {
    const signed = await signAuditEntry(pair(anna).privateKey, anna, {
      officeId,
      kind: 'exported',
      caseId: newId(),
      venueId: '',
      requestId: '',
      detail: `${tag} ${i}`,
      at: 1_790_000_000_000 + entries.length,
    });
    entries.push(await linkAuditEntry(signed, entries.at(-1)));
  }
  return entries;
}

async function headOf(actor: AuditActor, entries: readonly ChainedAuditEntry[]): Promise<SignedAuditHead> {
  const last = entries.at(-1);
  if (!last) throw new Error('empty chain');
  return signAuditHead(pair(actor).privateKey, { officeId, employeeId: actor.id, seq: last.seq, hash: last.hash, at: 1_790_000_100_000 });
}

/** What a device does: verify the chain it was served, then the other devices' heads against it. */
async function checkOnDevice(entries: readonly ChainedAuditEntry[], heads: readonly SignedAuditHead[]) {
  const check = await verifyAuditChain(officeId, entries, (actor) => publicKeys.get(actor.id), 1_790_000_200_000);
  return checkOtherHeads(check, officeId, entries, heads, keyOf);
}

beforeAll(async () => {
  for (const actor of [anna, ben]) {
    const generated = await generateKeyPair('signing');
    pairs.set(actor.id, generated);
    publicKeys.set(actor.id, await exportPublicKey(generated.publicKey));
  }
});

describe('signed audit heads', () => {
  it('signs a head only the employee can make, in the wire shape', async () => {
    const chain = await extend([], 3, 'honest');
    const head = await headOf(anna, chain);
    expect(v.is(SignedAuditHeadSchema, head)).toBe(true);
    expect(await verifyAuditHead(head, publicKeys.get(anna.id) ?? new Uint8Array())).toBe(true);
    expect(await verifyAuditHead(head, publicKeys.get(ben.id) ?? new Uint8Array())).toBe(false);
    for (const changed of [{ seq: 2 }, { hash: chain[0]?.hash ?? '' }, { at: head.at + 1 }, { employeeId: ben.id }, { officeId: newId() }])
      expect(await verifyAuditHead({ ...head, ...changed }, publicKeys.get(anna.id) ?? new Uint8Array())).toBe(false);
  });

  it('an honest chain: both devices’ heads match, also once the chain grew', async () => {
    const chain = await extend([], 3, 'honest');
    const annaHead = await headOf(anna, chain);
    const longer = await extend(chain, 2, 'later');
    const benHead = await headOf(ben, longer);
    expect(await checkOnDevice(longer, [annaHead, benHead])).toEqual({ intact: true, head: { seq: 5, hash: longer[4]?.hash } });
  });

  it('a fork: the server shows Ben another history after the entry both saw, and Anna’s head gives it away', async () => {
    const common = await extend([], 2, 'common');
    const annasView = await extend(common, 2, 'anna');
    const bensView = await extend(common, 3, 'ben');
    const annaHead = await headOf(anna, annasView);
    const benHead = await headOf(ben, bensView);
    // Each chain verifies on its own: only the other device's head shows the fork, on both sides.
    expect((await checkOnDevice(bensView, [])).intact).toBe(true);
    expect(await checkOnDevice(bensView, [annaHead, benHead])).toEqual({ intact: false, seq: 4, problem: 'forked' });
    expect(await checkOnDevice(annasView, [annaHead, benHead])).toEqual({ intact: false, seq: 5, problem: 'forked' });
  });

  it('a cut: the server drops the entries after the head Anna saw, and Ben is told', async () => {
    const chain = await extend([], 4, 'honest');
    const annaHead = await headOf(anna, chain);
    const cut = chain.slice(0, 2);
    expect((await checkOnDevice(cut, [])).intact).toBe(true);
    expect(await checkOnDevice(cut, [annaHead])).toEqual({ intact: false, seq: 4, problem: 'forked' });
    // Cut and then grown again with other entries: the hash at Anna's number differs.
    expect(await checkOnDevice(await extend(cut, 3, 'rewritten'), [annaHead])).toEqual({ intact: false, seq: 4, problem: 'forked' });
  });

  it('heads the server forged or took from another office count for nothing', async () => {
    const chain = await extend([], 3, 'honest');
    const stranger = await generateKeyPair('signing');
    const forged = await signAuditHead(stranger.privateKey, { officeId, employeeId: anna.id, seq: 9, hash: chain[0]?.hash ?? '', at: 1 });
    const otherOffice = await signAuditHead(pair(anna).privateKey, {
      officeId: newId(),
      employeeId: anna.id,
      seq: 9,
      hash: chain[0]?.hash ?? '',
      at: 1,
    });
    const unknown = await signAuditHead(stranger.privateKey, { officeId, employeeId: newId(), seq: 9, hash: chain[0]?.hash ?? '', at: 1 });
    expect((await checkOnDevice(chain, [forged, otherOffice, unknown])).intact).toBe(true);
  });
});
