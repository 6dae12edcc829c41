/**
 * Checking the office's audit chain in the browser (trust model 6): employee keys count only if
 * certified by the office's identity key (itself verified under the pinned root), venue entries
 * are checked with the keys of venue cards whose id follows from their keys (venue-pins.ts), and the last head seen on this device is kept,
 * so that a log cut short since is noticed too. The heads other devices of the office verified and
 * signed are checked against this chain (a fork or a cut after another device's head shows), and
 * this device signs and posts the head it verified in turn (protocol/audit-head.ts). A chain that
 * checks out and holds entries past
 * the retention gets this employee's signed checkpoint, which lets the retention job delete them
 * without breaking the chain (protocol/audit-log.ts, "Checkpoints").
 */
import {
  type ChainCheck,
  type ChainedAuditEntry,
  checkpointBody,
  checkpointDue,
  checkSeenHead,
  verifyAuditChain,
} from '../../protocol/audit-log.ts';
import { checkOtherHeads, signAuditHead } from '../../protocol/audit-head.ts';
import { fromBase64Url } from '../../protocol/bytes.ts';
import { verifyEmployeeCertificate } from '../../protocol/data-request.ts';
import { verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import { ApiRequestError } from '../../client/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { healthDb } from './device-keys.ts';
import { pinVenueKeys } from './venue-pins.ts';
import { type UnlockedOffice, auditEntry } from './keyring.ts';
import { previousOffices } from './office-rotation.ts';
import { officeApi } from './office-api.ts';

export interface CheckedLog {
  entries: ChainedAuditEntry[];
  check: ChainCheck;
  names: Map<string, string>;
  /** Names of venues whose served card is not their own (its keys do not give the venue's id). */
  venueKeyRefused: string[];
}

async function someAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (await test(item)) return true;
  return false;
}

export async function loadCheckedLog(office: UnlockedOffice): Promise<CheckedLog> {
  const now = Date.now();
  const certificate = office.me.office.certificate;
  if (!certificate) throw new ApiRequestError(409, 'office_not_certified', 'Your office has no certificate yet.');
  const verified = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, certificate, now);
  // Heads before the log, not in parallel: every head then names an entry the server held before
  // it answered with the log, so an honest log holds it (a head read after could be newer).
  const { heads } = await officeApi.heads();
  const log = await officeApi.log();
  const keys = new Map<string, Uint8Array<ArrayBuffer>>();
  const names = new Map<string, string>();
  // A colleague removed before an identity key rotation keeps the certificate of the key before it.
  const previous = await previousOffices(certificate, office.me.office.previousCertificates);
  const officeKeys = [verified.signingKey, ...previous.map((entry) => entry.signingKey)];
  for (const employee of log.employees) {
    if (employee.officeId !== certificate.officeId) continue;
    if (!(await someAsync(officeKeys, (key) => verifyEmployeeCertificate(key, employee)))) continue;
    keys.set(`employee:${employee.employeeId}`, fromBase64Url(employee.signingKey));
    names.set(`employee:${employee.employeeId}`, employee.name);
  }
  const db = await healthDb();
  const pins = await pinVenueKeys(log.venues, new Map((await db.getAll('venueKeys')).map((pin) => [pin.venueId, pin.signingKey])));
  for (const card of log.venues) {
    const key = pins.keys.get(card.venueId);
    if (key !== undefined) keys.set(`venue:${card.venueId}`, fromBase64Url(key));
    names.set(`venue:${card.venueId}`, card.name);
  }
  const venueKeyRefused = pins.refused.map((venueId) => names.get(`venue:${venueId}`) ?? venueId);
  let check = await verifyAuditChain(certificate.officeId, log.entries, (actor) => keys.get(`${actor.type}:${actor.id}`), now);
  const seen = await db.get('heads', certificate.officeId);
  if (check.intact && seen) check = checkSeenHead(check, log.entries, seen);
  check = await checkOtherHeads(check, certificate.officeId, log.entries, heads, (id) => keys.get(`employee:${id}`));
  // A key is pinned only once the entries it checks verified: a chain that fails pins nothing.
  if (check.intact) for (const pin of pins.fresh) await db.put('venueKeys', pin);
  if (check.intact && check.head) {
    await db.put('heads', { officeId: certificate.officeId, ...check.head });
    await postHead(office, check.head);
  }
  if (check.intact) await checkpoint(office, log.entries, now);
  return { entries: log.entries, check, names, venueKeyRefused };
}

/**
 * Appends this employee's checkpoint when the chain, just checked, holds entries past the
 * retention that no checkpoint covers yet. A refusal (another device was quicker, or the server's
 * clock judges the entry a little younger) leaves nothing for the employee to do: the next check
 * tries again, and the chain shown is the one checked.
 */
async function checkpoint(office: UnlockedOffice, entries: readonly ChainedAuditEntry[], now: number): Promise<void> {
  const due = checkpointDue(entries, now);
  if (!due) return;
  try {
    await officeApi.checkpoint(await auditEntry(office, checkpointBody(office.me.staff.officeId, due, Date.now())));
  } catch (error) {
    console.warn('audit checkpoint not appended', error);
  }
}

/**
 * Signs the head this device just verified, for the office's other devices to check their chain
 * against. A refusal (a clock off by minutes, an entry appended meanwhile) is not the employee's
 * to act on: the next check posts again, and this device's own check stands.
 */
async function postHead(office: UnlockedOffice, head: { seq: number; hash: string }): Promise<void> {
  try {
    const signed = await signAuditHead(office.device.signing.privateKey, {
      officeId: office.me.staff.officeId,
      employeeId: office.me.account.id,
      ...head,
      at: Date.now(),
    });
    await officeApi.postHead(signed);
  } catch (error) {
    console.warn('audit head not posted', error);
  }
}
