/**
 * What an employee's browser may take from the keyring the server serves (trust model 3, 17).
 * The server can seal anything to a device key it knows, and list any daily-key record; so only
 * what checks out against keys verified here is used:
 *
 * - the office certificate up to the pinned root (before certification, the identity key waiting
 *   for its certificate stands in, as it does for the Worker's own checks);
 * - every daily-key record under the certificate's identity key (`verifyDailyKey`): a record that
 *   fails is refused and does not count as "this day has a key", so a forged record for a coming
 *   day cannot stop the real key from being published;
 * - every private key a grant holds, against its verified public half (`privateKeyMatching`): the
 *   identity key against the certificate, a daily key against its verified record.
 *
 * A refused key or record is not used and is reported (`refused`), so the app can say so; the
 * honest keys are unlocked as before. Pure: the caller fetches the keyring and the device key.
 */
import type { Grant } from '../../protocol/api/office-keys.ts';
import { type Bytes, fromBase64Url } from '../../protocol/bytes.ts';
import {
  type DailyKey,
  type OfficeCertificate,
  type VerifiedOffice,
  verifyDailyKey,
  verifyOfficeCertificate,
} from '../../protocol/hierarchy.ts';
import { privateKeyMatching } from '../../protocol/key-possession.ts';
import { IDENTITY_KEY_ID, openKeyGrant } from '../../protocol/office-keyring.ts';
import { PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';

export interface DailyPrivateKey {
  key: DailyKey;
  privateKey: CryptoKey;
  publicKey: Uint8Array<ArrayBuffer>;
  jwk: JsonWebKey;
}

/** Something the server served that did not check out, and so was not used. */
export type RefusedKey =
  { kind: 'identity' } | { kind: 'daily'; keyId: string; day: string } | { kind: 'record'; keyId: string; day: string };

export interface KeyringInput {
  officeId: string;
  accountId: string;
  /** The office certificate as the server lists it. */
  certificate: OfficeCertificate | null;
  /** Before certification: the identity key the first admin's browser sent to be certified. */
  certificateRequest: { signingKey: string } | null;
  device: { privateKey: CryptoKey; publicKey: Uint8Array<ArrayBuffer> };
  grants: readonly Grant[];
  dailyKeys: readonly DailyKey[];
}

export interface VerifiedKeyring {
  identity: { privateKey: CryptoKey; jwk: JsonWebKey } | undefined;
  daily: Map<string, DailyPrivateKey>;
  /** Days with a record signed by the office's certified identity key: the only days that have a key. */
  keyedDays: Set<string>;
  refused: RefusedKey[];
}

/** The office certificate the server lists does not verify up to the pinned root: nothing is unlocked. */
export class OfficeCertificateRefusedError extends Error {
  constructor() {
    super('The office certificate the server lists does not verify up to the pinned root key.');
    this.name = 'OfficeCertificateRefusedError';
  }
}

/** Keys or records the server served were refused; the others were unlocked. */
export class KeysRefusedError extends Error {
  constructor(readonly refused: readonly RefusedKey[]) {
    super(`refused ${refused.length} office keys or records that do not match their signed public records`);
    this.name = 'KeysRefusedError';
  }
}

/**
 * Verifies the certificate's chain to the root and that it is this office's. Its validity period
 * is not checked here (so it is verified as of its own first moment): the period decides what may
 * still be published (publishMissingDailyKeys checks it), not whose keys these are, and the keys
 * of an office whose certificate ran out still open its past days' data.
 */
async function verifiedOffice(root: Bytes | CryptoKey, certificate: OfficeCertificate, officeId: string): Promise<VerifiedOffice> {
  if (certificate.officeId !== officeId) throw new OfficeCertificateRefusedError();
  try {
    return await verifyOfficeCertificate(root, certificate, certificate.notBefore);
  } catch {
    throw new OfficeCertificateRefusedError();
  }
}

function decodeKey(text: string | undefined): Bytes | undefined {
  if (text === undefined) return undefined;
  try {
    return fromBase64Url(text);
  } catch {
    return undefined;
  }
}

/** The records signed by the office's identity key, by key id; every other one is refused. */
async function verifiedRecords(
  office: VerifiedOffice | undefined,
  dailyKeys: readonly DailyKey[],
  refused: RefusedKey[],
): Promise<Map<string, { key: DailyKey; publicKey: Bytes }>> {
  const records = new Map<string, { key: DailyKey; publicKey: Bytes }>();
  for (const key of dailyKeys) {
    // Without a certificate there is no key to verify a record under, so none counts.
    const verified = office ? await verifyDailyKey(office, key, key.day).catch(() => undefined) : undefined;
    if (!verified) refused.push({ kind: 'record', keyId: key.keyId, day: key.day });
    else if (!records.has(key.keyId)) records.set(key.keyId, { key, publicKey: verified.publicKey });
  }
  return records;
}

export async function verifyKeyring(root: Bytes | CryptoKey, input: KeyringInput): Promise<VerifiedKeyring> {
  const office = input.certificate ? await verifiedOffice(root, input.certificate, input.officeId) : undefined;
  const identityPublic = decodeKey(input.certificate?.signingKey ?? input.certificateRequest?.signingKey);
  const refused: RefusedKey[] = [];
  const records = await verifiedRecords(office, input.dailyKeys, refused);
  let identity: VerifiedKeyring['identity'];
  const daily = new Map<string, DailyPrivateKey>();
  for (const grant of input.grants) {
    const isIdentity = grant.keyId === IDENTITY_KEY_ID;
    const record = records.get(grant.keyId);
    // No verified record: past retention (its grant goes soon), or a refused record, reported above.
    if (!isIdentity && !record) continue;
    // The server keeps one grant per key; should it list more, the first that checks out counts.
    if (isIdentity ? identity : daily.has(grant.keyId)) continue;
    const jwk = await openKeyGrant(
      input.device.privateKey,
      input.device.publicKey,
      { officeId: input.officeId, accountId: input.accountId, keyId: grant.keyId },
      grant.sealed,
    ).catch(() => undefined);
    if (isIdentity) {
      const privateKey = jwk && identityPublic ? await privateKeyMatching(jwk, 'signing', identityPublic) : undefined;
      if (jwk && privateKey) identity = { privateKey, jwk };
      else refused.push({ kind: 'identity' });
    } else if (record) {
      const privateKey = jwk ? await privateKeyMatching(jwk, 'encryption', record.publicKey) : undefined;
      if (jwk && privateKey) daily.set(grant.keyId, { key: record.key, privateKey, publicKey: record.publicKey, jwk });
      else refused.push({ kind: 'daily', keyId: grant.keyId, day: record.key.day });
    }
  }
  const keyedDays = new Set([...records.values()].map((entry) => entry.key.day));
  return { identity, daily, keyedDays, refused };
}

/**
 * The days from today to the publish-ahead horizon, not after the office certificate ends, that
 * have no verified key yet: what publishMissingDailyKeys makes.
 */
export function daysToPublish(keyedDays: ReadonlySet<string>, certificateNotAfter: number, nowMs: number): string[] {
  const today = dayOf(nowMs);
  return Array.from({ length: PUBLISH_AHEAD_DAYS + 1 }, (_, i) => addDays(today, i)).filter(
    (day) => !keyedDays.has(day) && day <= dayOf(certificateNotAfter),
  );
}
