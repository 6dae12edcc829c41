/**
 * The tracing audit log (trust model 6): every TAN redemption, request, forward, approval,
 * decline, decryption, export and case step is an entry signed by the person or venue who acted, and the entries of
 * one health office form a hash chain, so a changed, removed or reordered entry is seen by
 * anyone who checks the chain.
 *
 *   signature = ECDSA_actor(encodeFields("luca-next/v1/audit-entry", officeId, kind, caseId,
 *                 venueId, requestId, detail, at, actorType, actorId))
 *   hash_n    = SHA-256(encodeFields("luca-next/v1/audit-chain", hash_{n-1}, seq_n, officeId, kind,
 *                 caseId, venueId, requestId, detail, at, actorType, actorId, signature))
 *   hash_0    = SHA-256(encodeFields("luca-next/v1/audit-genesis", officeId))
 *
 * The actor signs what happened; the server links entries in the order it received them (so
 * concurrent employees never race for the head). The server cannot forge an entry (no actor's
 * key) nor change one (its hash and every later hash change); a client that remembers the last
 * head it saw also notices a truncated log.
 */
import * as v from 'valibot';
import { type Bytes, encodeFields, fromBase64Url, sha256, toBase64Url } from './bytes.ts';
import { signFields, verifyFields } from './signing.ts';
import { AUDIT_KINDS, type AuditKind, formatAuditDetail } from './audit-detail.ts';
import { Digest32Schema } from './wire-primitives.ts';

const ENTRY_LABEL = 'luca-next/v1/audit-entry';
const CHAIN_LABEL = 'luca-next/v1/audit-chain';
const GENESIS_LABEL = 'luca-next/v1/audit-genesis';

// The kinds belong with their details; re-exported here, where entries are made and read.
export { AUDIT_KINDS, type AuditKind };

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));

export const AuditActorSchema = v.strictObject({ type: v.picklist(['employee', 'venue']), id: Id });
export type AuditActor = v.InferOutput<typeof AuditActorSchema>;

export const SignedAuditEntrySchema = v.strictObject({
  v: v.literal(1),
  officeId: Id,
  kind: v.picklist(AUDIT_KINDS),
  caseId: Id,
  /** The venue the entry is about ('' when none): venues read the entries about their venues. */
  venueId: v.union([Id, v.literal('')]),
  requestId: v.union([Id, v.literal('')]),
  /** A short, human-readable statement ("12 check-ins released", "CSV, 9 contacts"). */
  detail: v.pipe(v.string(), v.maxLength(500), v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')),
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  actor: AuditActorSchema,
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/)),
});
export type SignedAuditEntry = v.InferOutput<typeof SignedAuditEntrySchema>;
export type AuditBody = Omit<SignedAuditEntry, 'v' | 'actor' | 'signature'>;

/** A signed entry as the server linked it into the office's chain (and serves it, verbatim). */
export const ChainedAuditEntrySchema = v.strictObject({
  ...SignedAuditEntrySchema.entries,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  prevHash: Digest32Schema,
  hash: Digest32Schema,
});
export type ChainedAuditEntry = v.InferOutput<typeof ChainedAuditEntrySchema>;

/** The detail of a venue's approval: what it released, checked by the Worker against the release. */
/** What a venue's approval must state (checked exactly by the Worker): see protocol/audit-detail.ts. */
export function releasedDetail(count: number): string {
  return formatAuditDetail({ kind: 'request_approved', released: count });
}

function entryFields(entry: AuditBody & { actor: AuditActor }): string[] {
  return [
    entry.officeId,
    entry.kind,
    entry.caseId,
    entry.venueId,
    entry.requestId,
    entry.detail,
    String(entry.at),
    entry.actor.type,
    entry.actor.id,
  ];
}

export async function signAuditEntry(privateKey: CryptoKey, actor: AuditActor, body: AuditBody): Promise<SignedAuditEntry> {
  const entry = { ...body, actor };
  const signature = await signFields(privateKey, ENTRY_LABEL, ...entryFields(entry));
  return { v: 1, ...entry, signature: toBase64Url(signature) };
}

/** False for a signature that is not the actor's over exactly these fields. */
export async function verifyAuditSignature(entry: SignedAuditEntry, actorKey: Bytes | CryptoKey): Promise<boolean> {
  let signature: Bytes;
  try {
    signature = fromBase64Url(entry.signature);
  } catch {
    return false;
  }
  return verifyFields(actorKey, signature, ENTRY_LABEL, ...entryFields(entry));
}

export async function genesisHash(officeId: string): Promise<string> {
  return toBase64Url(await sha256(encodeFields(GENESIS_LABEL, officeId)));
}

export async function chainHash(prevHash: string, seq: number, entry: SignedAuditEntry): Promise<string> {
  return toBase64Url(await sha256(encodeFields(CHAIN_LABEL, prevHash, String(seq), ...entryFields(entry), entry.signature)));
}

/** Links a signed entry after `head` (the previous entry, or none for the office's first). */
export async function linkAuditEntry(entry: SignedAuditEntry, head: { seq: number; hash: string } | undefined): Promise<ChainedAuditEntry> {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? (await genesisHash(entry.officeId));
  return { ...entry, seq, prevHash, hash: await chainHash(prevHash, seq, entry) };
}

/** Why a chain does not verify at an entry; `cut` is found by a device that remembers a head the log no longer holds. */
export type ChainProblem = 'out_of_order' | 'other_office' | 'not_linked' | 'changed' | 'unsigned' | 'cut';
export type ChainCheck =
  { intact: true; head: { seq: number; hash: string } | undefined } | { intact: false; seq: number; problem: ChainProblem };

/**
 * Checks one office's whole log, from its first entry: consecutive numbers, each entry linked to
 * the one before, each hash recomputed, each signature the actor's (keys resolved by the caller,
 * who verified them: employee certificates under the office key, venue cards).
 */
export async function verifyAuditChain(
  officeId: string,
  entries: readonly ChainedAuditEntry[],
  actorKey: (actor: AuditActor) => Bytes | CryptoKey | undefined,
): Promise<ChainCheck> {
  let prevHash = await genesisHash(officeId);
  let head: { seq: number; hash: string } | undefined;
  for (const [index, entry] of entries.entries()) {
    const seq = index + 1;
    if (entry.seq !== seq) return { intact: false, seq, problem: 'out_of_order' };
    if (entry.officeId !== officeId) return { intact: false, seq, problem: 'other_office' };
    if (entry.prevHash !== prevHash) return { intact: false, seq, problem: 'not_linked' };
    if ((await chainHash(prevHash, seq, entry)) !== entry.hash) return { intact: false, seq, problem: 'changed' };
    const key = actorKey(entry.actor);
    if (!key || !(await verifyAuditSignature(entry, key))) return { intact: false, seq, problem: 'unsigned' };
    prevHash = entry.hash;
    head = { seq, hash: entry.hash };
  }
  return { intact: true, head };
}
