/**
 * The office's keys in an employee's browser (trust model 3, 7; protocol/office-keyring.ts):
 * joining with a code (device keys made here, the passkey created), unlocking the grants sealed
 * to this device, admitting a colleague (certificate + grants sealed to their device key), and
 * publishing daily keys ahead. Unlocked private keys live in this page's memory only, until
 * sign-out or the inactivity timeout; nothing readable is ever stored or sent.
 */
import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from '@simplewebauthn/browser';
import { type AuditBody, type SignedAuditEntry, signAuditEntry } from '../../protocol/audit-log.ts';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { type DataRequest, type EmployeeCertificate, issueEmployeeCertificate, signDataRequest } from '../../protocol/data-request.ts';
import { type DailyKey, issueDailyKey } from '../../protocol/hierarchy.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair, importPrivateJwk, importPublicKey } from '../../protocol/keys.ts';
import { IDENTITY_KEY_ID, openKeyGrant, openSetupBundle, parseOfficeCode, sealKeyGrant } from '../../protocol/office-keyring.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import { api } from '../shared/api.ts';
import { type DeviceKeys, deviceKeys, newDeviceKeys } from './device-keys.ts';
import { type Employee, type Grant, type Me, officeApi } from './office-api.ts';

/** How long an employee certificate is valid; an admin re-admits after that. */
export const EMPLOYEE_CERTIFICATE_DAYS = 365;

export interface DailyPrivateKey {
  key: DailyKey;
  privateKey: CryptoKey;
  publicKey: Uint8Array<ArrayBuffer>;
  jwk: JsonWebKey;
}

export interface UnlockedOffice {
  me: Me;
  device: DeviceKeys;
  /** The office identity key, held by admins. */
  identity: { privateKey: CryptoKey; jwk: JsonWebKey } | undefined;
  daily: Map<string, DailyPrivateKey>;
}

export class MissingDeviceKeysError extends Error {
  constructor() {
    super('This browser does not hold your office keys. Ask an administrator for a new invite code for this device.');
  }
}

export async function joinWithCode(typedCode: string, displayName: string): Promise<void> {
  const code = parseOfficeCode(typedCode);
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialCreationOptionsJSON }>('/api/office/join/options', { code, displayName });
  const keys = await newDeviceKeys();
  const response = await startRegistration({ optionsJSON: options });
  const joined = await api.post<{ account: { id: string }; employee: { officeId: string }; setup: { name: string; postcodes: string[]; bundle: string | null } | null }>('/api/office/join/verify', {
    flowId,
    response,
    deviceKey: toBase64Url(keys.devicePublic),
    signingKey: toBase64Url(keys.signingPublic),
  });
  const device: DeviceKeys = { accountId: joined.account.id, ...keys };
  await deviceKeys.store(device);
  if (!joined.setup) return; // an employee now waits for an admin to admit them
  const self = { accountId: joined.account.id, officeId: joined.employee.officeId, displayName, signingPublic: keys.signingPublic, devicePublic: keys.devicePublic };
  if (joined.setup.bundle) {
    // The office's keys exist already (handed over with the code): certify and grant to ourselves.
    const bundle = await openSetupBundle(code, joined.setup.bundle);
    const identity = await importPrivateJwk(bundle.identity, 'signing');
    const grants: Grant[] = [
      { keyId: IDENTITY_KEY_ID, day: null, sealed: await sealKeyGrant(keys.devicePublic, { officeId: self.officeId, accountId: self.accountId, keyId: IDENTITY_KEY_ID }, bundle.identity) },
    ];
    for (const entry of bundle.daily) grants.push({ keyId: entry.keyId, day: entry.day, sealed: await sealKeyGrant(keys.devicePublic, { officeId: self.officeId, accountId: self.accountId, keyId: entry.keyId }, entry.jwk) });
    await officeApi.grant(self.accountId, await certify(identity, self), grants);
    return;
  }
  // A new office: its identity key is made here and waits for the deployment's certificate.
  const identity = await generateKeyPair('signing', true);
  const identityJwk = await exportPrivateJwk(identity.privateKey);
  await officeApi.requestCertificate(toBase64Url(await exportPublicKey(identity.publicKey)));
  const sealed = await sealKeyGrant(keys.devicePublic, { officeId: self.officeId, accountId: self.accountId, keyId: IDENTITY_KEY_ID }, identityJwk);
  await officeApi.grant(self.accountId, await certify(identity.privateKey, self), [{ keyId: IDENTITY_KEY_ID, day: null, sealed }]);
}

async function certify(identity: CryptoKey, employee: { accountId: string; officeId: string; displayName: string; signingPublic: Uint8Array<ArrayBuffer> }): Promise<EmployeeCertificate> {
  const now = Date.now();
  return issueEmployeeCertificate(identity, {
    officeId: employee.officeId,
    employeeId: employee.accountId,
    name: employee.displayName,
    signingKey: await importPublicKey(employee.signingPublic, 'signing'),
    notBefore: now - 60_000,
    notAfter: now + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
}

/** Opens this device's grants: the office's private keys, usable in this page until sign-out. */
export async function unlock(me: Me): Promise<UnlockedOffice> {
  const device = await deviceKeys.get(me.account.id);
  if (!device) throw new MissingDeviceKeysError();
  const { grants, dailyKeys } = await officeApi.keyring();
  const records = new Map(dailyKeys.map((key) => [key.keyId, key]));
  const daily = new Map<string, DailyPrivateKey>();
  let identity: UnlockedOffice['identity'];
  for (const grant of grants) {
    const jwk = await openKeyGrant(device.device.privateKey, device.devicePublic, { officeId: me.staff.officeId, accountId: me.account.id, keyId: grant.keyId }, grant.sealed);
    if (grant.keyId === IDENTITY_KEY_ID) {
      identity = { privateKey: await importPrivateJwk(jwk, 'signing'), jwk };
      continue;
    }
    const key = records.get(grant.keyId);
    if (!key) continue; // past retention: its public record is gone, and soon the grant
    daily.set(key.keyId, { key, privateKey: await importPrivateJwk(jwk, 'encryption'), publicKey: fromBase64Url(key.publicKey), jwk });
  }
  return { me, device, identity, daily };
}

async function sealAll(office: UnlockedOffice, employee: Pick<Employee, 'accountId' | 'deviceKey' | 'role'>): Promise<Grant[]> {
  const devicePublic = fromBase64Url(employee.deviceKey);
  const context = (keyId: string) => ({ officeId: office.me.staff.officeId, accountId: employee.accountId, keyId });
  const grants: Grant[] = [];
  if (employee.role === 'admin' && office.identity) grants.push({ keyId: IDENTITY_KEY_ID, day: null, sealed: await sealKeyGrant(devicePublic, context(IDENTITY_KEY_ID), office.identity.jwk) });
  for (const entry of office.daily.values()) grants.push({ keyId: entry.key.keyId, day: entry.key.day, sealed: await sealKeyGrant(devicePublic, context(entry.key.keyId), entry.jwk) });
  return grants;
}

/** Admits a colleague who joined with an invite: certifies their key and shares the office's keys with their device. */
export async function admit(office: UnlockedOffice, employee: Employee): Promise<void> {
  if (!office.identity) throw new Error('Only an administrator holding the office key can admit.');
  const certificate = await certify(office.identity.privateKey, { accountId: employee.accountId, officeId: office.me.staff.officeId, displayName: employee.displayName, signingPublic: fromBase64Url(employee.signingKey) });
  await officeApi.grant(employee.accountId, certificate, await sealAll(office, employee));
}

/**
 * Makes the daily keys missing from today to the publish-ahead horizon (guests and bookings
 * encrypt to them), signed by the identity key and granted to every active colleague.
 */
export async function publishMissingDailyKeys(office: UnlockedOffice, nowMs = Date.now()): Promise<number> {
  if (!office.identity || !office.me.office.certificate) return 0;
  const have = new Set([...office.daily.values()].map((entry) => entry.key.day));
  const today = dayOf(nowMs);
  const missing = Array.from({ length: PUBLISH_AHEAD_DAYS + 1 }, (_, i) => addDays(today, i)).filter((day) => !have.has(day) && day <= dayOf(office.me.office.certificate?.notAfter ?? 0));
  if (missing.length === 0) return 0;
  const { employees } = await officeApi.employees();
  const active = employees.filter((employee) => employee.status === 'active');
  const keys: { record: DailyKey; grants: { accountId: string; sealed: string }[] }[] = [];
  for (const day of missing) {
    const pair = await generateKeyPair('encryption', true);
    const jwk = await exportPrivateJwk(pair.privateKey);
    const record = await issueDailyKey(office.identity.privateKey, office.me.staff.officeId, day, pair.publicKey);
    const grants = await Promise.all(active.map(async (employee) => ({ accountId: employee.accountId, sealed: await sealKeyGrant(fromBase64Url(employee.deviceKey), { officeId: record.officeId, accountId: employee.accountId, keyId: record.keyId }, jwk) })));
    keys.push({ record, grants });
    office.daily.set(record.keyId, { key: record, privateKey: await importPrivateJwk(jwk, 'encryption'), publicKey: fromBase64Url(record.publicKey), jwk });
  }
  await officeApi.publishDailyKeys(keys);
  return keys.length;
}

/** An audit entry signed by this employee. */
export function auditEntry(office: UnlockedOffice, body: Omit<AuditBody, 'officeId' | 'at' | 'venueId' | 'requestId' | 'detail'> & Partial<AuditBody>): Promise<SignedAuditEntry> {
  return signAuditEntry(office.device.signing.privateKey, { type: 'employee', id: office.me.account.id }, { officeId: office.me.staff.officeId, venueId: '', requestId: '', detail: '', at: Date.now(), ...body });
}

export function signRequest(office: UnlockedOffice, request: Omit<DataRequest, 'v' | 'signature' | 'employee' | 'officeId'>): Promise<DataRequest> {
  const certificate = office.me.staff.certificate;
  if (!certificate) throw new Error('You have no employee certificate yet.');
  return signDataRequest(office.device.signing.privateKey, certificate, request);
}
