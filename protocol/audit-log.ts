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
 *
 * Checkpoints: the log is not kept for ever (AUDIT_RETENTION_DAYS). An employee's browser that
 * checked the whole chain appends a `checkpoint` entry, signed like any other, stating the
 * sequence number, hash and time of an entry it checked that is older than the retention. The
 * retention job deletes entries only up to such a covered entry, never the checkpoint itself
 * (it comes later in the chain). A log that no longer begins at entry 1 verifies only if its
 * first entry links to exactly the entry a checkpoint in the remaining chain covers, and that
 * entry is old enough: the server can delete what the office let go, but cannot cut the chain
 * anywhere else, nor earlier than the retention, without the check failing.
 */
import * as v from 'valibot';
import { type Bytes, encodeFields, fromBase64Url, sha256, toBase64Url } from './bytes.ts';
import { signFields, verifyFields } from './signing.ts';
import { AUDIT_KINDS, type AuditKind, formatAuditDetail, parseAuditDetail } from './audit-detail.ts';
import { AUDIT_CUT_TOLERANCE_DAYS, AUDIT_RETENTION_DAYS } from './retention.ts';
import { DAY_MS } from './time.ts';
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
  /** The case the entry is about; '' for a checkpoint, which is about the chain (the Worker and the check hold the pairing). */
  caseId: v.union([Id, v.literal('')]),
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

/**
 * Why a chain does not verify at an entry: `cut` is found by a device that remembers a head the
 * log no longer holds; `unanchored`, a log whose oldest entries are gone without a checkpoint
 * covering them past the retention; `bad_checkpoint`, a checkpoint that states another chain than
 * the one served (or is not an employee's statement about the chain); `forked`, a head another
 * device signed that this chain does not hold (protocol/audit-head.ts).
 */
export type ChainProblem =
  'out_of_order' | 'other_office' | 'not_linked' | 'changed' | 'unsigned' | 'cut' | 'unanchored' | 'bad_checkpoint' | 'forked';
/** An entry as a checkpoint names it: enough to find it in the chain and to tell how old it is. */
export interface CoveredEntry {
  seq: number;
  hash: string;
  at: number;
}
/** Entries 1 to `through` were deleted by the retention job, as the checkpoint at `checkpoint` allowed. */
export interface Purged {
  through: number;
  checkpoint: number;
}
export type ChainCheck =
  | { intact: true; head: { seq: number; hash: string } | undefined; purged?: Purged }
  | { intact: false; seq: number; problem: ChainProblem };

/** What a checkpoint entry covers, or undefined if the entry is not a well-formed checkpoint. */
export function checkpointClaim(entry: SignedAuditEntry): CoveredEntry | undefined {
  if (entry.kind !== 'checkpoint' || entry.caseId !== '' || entry.venueId !== '' || entry.requestId !== '') return undefined;
  if (entry.actor.type !== 'employee') return undefined;
  const detail = parseAuditDetail('checkpoint', entry.detail);
  return detail?.kind === 'checkpoint' ? { seq: detail.seq, hash: detail.hash, at: detail.at } : undefined;
}

/** The body of a checkpoint entry covering `covered` (signed by the employee's browser, appended by the Worker). */
export function checkpointBody(officeId: string, covered: CoveredEntry, nowMs: number): AuditBody {
  return {
    officeId,
    kind: 'checkpoint',
    caseId: '',
    venueId: '',
    requestId: '',
    detail: formatAuditDetail({ kind: 'checkpoint', ...covered }),
    at: nowMs,
  };
}

/** The newest time an entry may have for the retention job to delete it, as the office's browser judges it. */
function purgeableBefore(nowMs: number): number {
  return nowMs - (AUDIT_RETENTION_DAYS - AUDIT_CUT_TOLERANCE_DAYS) * DAY_MS;
}

/**
 * The entry a new checkpoint should cover in a chain that verified intact: the newest entry
 * older than the retention (a day's margin, so that the server's clock agrees) that no checkpoint
 * covers yet. Undefined when there is none: a checkpoint is made only when it lets entries go.
 */
export function checkpointDue(entries: readonly ChainedAuditEntry[], nowMs: number): CoveredEntry | undefined {
  const old = nowMs - (AUDIT_RETENTION_DAYS + 1) * DAY_MS;
  let covered = (entries[0]?.seq ?? 1) - 1;
  for (const entry of entries) covered = Math.max(covered, checkpointClaim(entry)?.seq ?? 0);
  const due = entries.findLast((entry) => entry.at < old);
  return due && due.seq > covered ? { seq: due.seq, hash: due.hash, at: due.at } : undefined;
}

/**
 * Checks one office's log from its first remaining entry: consecutive numbers, each entry linked
 * to the one before, each hash recomputed, each signature the actor's (keys resolved by the
 * caller, who verified them: employee certificates under the office key, venue cards), each
 * checkpoint's statement true of the entry it names. A log that begins at entry 1 starts from
 * the genesis hash. A log that begins later must begin right after an entry a checkpoint in it
 * covers, one older than the retention at `nowMs` (less a tolerance for clocks).
 */
export async function verifyAuditChain(
  officeId: string,
  entries: readonly ChainedAuditEntry[],
  actorKey: (actor: AuditActor) => Bytes | CryptoKey | undefined,
  nowMs: number = Date.now(),
): Promise<ChainCheck> {
  const genesis = await genesisHash(officeId);
  const first = entries[0];
  // A first entry that links to genesis is entry 1 wherever it stands; otherwise, a later first
  // entry names the entry before it, which the retention job deleted (checked below).
  const start =
    first && first.seq > 1 && first.prevHash !== genesis ? { seq: first.seq - 1, hash: first.prevHash } : { seq: 0, hash: genesis };
  let prevHash = start.hash;
  let head: { seq: number; hash: string } | undefined;
  let anchor: number | undefined;
  for (const [index, entry] of entries.entries()) {
    const seq = start.seq + index + 1;
    if (entry.seq !== seq) return { intact: false, seq, problem: 'out_of_order' };
    if (entry.officeId !== officeId) return { intact: false, seq, problem: 'other_office' };
    if (entry.prevHash !== prevHash) return { intact: false, seq, problem: 'not_linked' };
    if ((await chainHash(prevHash, seq, entry)) !== entry.hash) return { intact: false, seq, problem: 'changed' };
    const key = actorKey(entry.actor);
    if (!key || !(await verifyAuditSignature(entry, key))) return { intact: false, seq, problem: 'unsigned' };
    if (entry.kind === 'checkpoint' || entry.caseId === '') {
      const claim = checkpointClaim(entry);
      if (!claim || claim.seq >= seq) return { intact: false, seq, problem: 'bad_checkpoint' };
      if (claim.seq > start.seq) {
        // The entry it covers is still here (and checked above): it must be exactly that entry.
        const covered = entries[claim.seq - start.seq - 1];
        if (covered?.hash !== claim.hash || covered.at !== claim.at) return { intact: false, seq, problem: 'bad_checkpoint' };
      } else if (claim.seq === start.seq && start.seq > 0) {
        if (claim.hash !== start.hash) return { intact: false, seq, problem: 'bad_checkpoint' };
        if (claim.at < purgeableBefore(nowMs)) anchor ??= seq;
      }
      // A claim about an entry before the start covers entries already deleted: nothing left to compare.
    }
    prevHash = entry.hash;
    head = { seq, hash: entry.hash };
  }
  if (start.seq === 0) return { intact: true, head };
  if (anchor === undefined) return { intact: false, seq: start.seq + 1, problem: 'unanchored' };
  return { intact: true, head, purged: { through: start.seq, checkpoint: anchor } };
}

/**
 * The head this device saw last must still be in the log with its hash. If the retention job has
 * deleted it since, the log's check already proved that a checkpoint allowed the cut; the one
 * entry still comparable then is the covered one, which the first remaining entry links to.
 */
export function checkSeenHead(check: ChainCheck, entries: readonly ChainedAuditEntry[], seen: { seq: number; hash: string }): ChainCheck {
  if (!check.intact) return check;
  const first = entries[0]?.seq ?? 1;
  const cut: ChainCheck = { intact: false, seq: seen.seq, problem: 'cut' };
  if (seen.seq >= first) return entries[seen.seq - first]?.hash === seen.hash ? check : cut;
  if (!check.purged) return cut;
  if (seen.seq === check.purged.through) return entries[0]?.prevHash === seen.hash ? check : cut;
  return check;
}
