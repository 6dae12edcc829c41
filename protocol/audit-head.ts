/**
 * Signed chain heads (trust model 6): the server orders the office's audit entries, so on its
 * own a device that remembers the last head it saw notices only a log cut short on that device.
 * A server could still show two devices two different chains (a fork) or cut the chain after a
 * head that only another device saw. So each office device that verified the chain signs the
 * head it verified with the employee's key and posts it; every device checks the other devices'
 * heads against the chain it verified itself:
 *
 *   signature = ECDSA_employee(encodeFields("luca-next/v1/audit-head", officeId, employeeId,
 *                 seq, hash, at))
 *
 * The server cannot forge or alter a head (no employee key), only withhold it: withholding every
 * head hides a fork from the devices that never see one another's heads, which no server-relayed
 * exchange can prevent (THREAT-MODEL.md row 6).
 */
import * as v from 'valibot';
import { type Bytes, fromBase64Url, toBase64Url } from './bytes.ts';
import { type ChainCheck, type ChainedAuditEntry, checkSeenHead } from './audit-log.ts';
import { signFields, verifyFields } from './signing.ts';
import { Digest32Schema } from './wire-primitives.ts';

const HEAD_LABEL = 'luca-next/v1/audit-head';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));

export const SignedAuditHeadSchema = v.strictObject({
  v: v.literal(1),
  officeId: Id,
  /** The employee who signed (their account id, as in audit entries' actor). */
  employeeId: Id,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  hash: Digest32Schema,
  at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/)),
});
export type SignedAuditHead = v.InferOutput<typeof SignedAuditHeadSchema>;
export type AuditHeadBody = Omit<SignedAuditHead, 'v' | 'signature'>;

function headFields(head: AuditHeadBody): string[] {
  return [head.officeId, head.employeeId, String(head.seq), head.hash, String(head.at)];
}

export async function signAuditHead(privateKey: CryptoKey, body: AuditHeadBody): Promise<SignedAuditHead> {
  const signature = await signFields(privateKey, HEAD_LABEL, ...headFields(body));
  return { v: 1, ...body, signature: toBase64Url(signature) };
}

/** False for a signature that is not the employee's over exactly this head. */
export async function verifyAuditHead(head: SignedAuditHead, employeeKey: Bytes | CryptoKey): Promise<boolean> {
  let signature: Bytes;
  try {
    signature = fromBase64Url(head.signature);
  } catch {
    return false;
  }
  return verifyFields(employeeKey, signature, HEAD_LABEL, ...headFields(head));
}

/**
 * Checks other devices' heads against a chain this device verified. Only heads of this office
 * signed under a key the caller verified (an employee certificate under the office key) count: a
 * head the server made up proves nothing, either way. A counted head must name an entry of this
 * chain with its hash, or one the retention job deleted as a checkpoint allowed (checkSeenHead);
 * otherwise the server showed that device another chain, or cut this one after that device saw
 * it: `forked`, at the head's sequence number.
 */
export async function checkOtherHeads(
  check: ChainCheck,
  officeId: string,
  entries: readonly ChainedAuditEntry[],
  heads: readonly SignedAuditHead[],
  employeeKey: (employeeId: string) => Bytes | CryptoKey | undefined,
): Promise<ChainCheck> {
  if (!check.intact) return check;
  for (const head of heads) {
    const key = head.officeId === officeId ? employeeKey(head.employeeId) : undefined;
    if (!key || !(await verifyAuditHead(head, key))) continue;
    if (!checkSeenHead(check, entries, head).intact) return { intact: false, seq: head.seq, problem: 'forked' };
  }
  return check;
}
