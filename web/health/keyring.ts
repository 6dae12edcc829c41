/**
 * The office's keys in an employee's browser (trust model 3, 7; protocol/office-keyring.ts):
 * joining with a code (device keys made here, the passkey created), unlocking the grants sealed
 * to this device, admitting a colleague (certificate + grants sealed to their device key), and
 * publishing daily keys ahead. Unlocked private keys live in this page's memory only, until
 * sign-out or the inactivity timeout; nothing readable is ever stored or sent.
 */
import { startRegistration } from '@simplewebauthn/browser';
import { officeJoinRoutes } from '../../protocol/api/office-join.ts';
import { type AuditBody, type SignedAuditEntry, signAuditEntry } from '../../protocol/audit-log.ts';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import {
  type DataRequest,
  EMPLOYEE_CERTIFICATE_DAYS,
  type EmployeeCertificate,
  MAX_CERTIFICATE_LIFETIME_MS,
  issueEmployeeCertificate,
  signDataRequest,
  verifyEmployeeCertificate,
} from '../../protocol/data-request.ts';
import { issueDailyKey, verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair, importPrivateJwk, importPublicKey } from '../../protocol/keys.ts';
import { IDENTITY_KEY_ID, deviceFingerprint, openSetupBundle, parseOfficeCode, sealKeyGrant } from '../../protocol/office-keyring.ts';
import { normaliseCrockford } from '../../protocol/tan.ts';
import { signingKeyFingerprint } from '../../protocol/revocation.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { officeCertificateMemory } from '../../client/office-certificate-memory.ts';
import { DAY_MS } from '../../protocol/time.ts';
import { call } from '../../client/api.ts';
import { publishInBatches } from './daily-key-batches.ts';
import { type DeviceKeys, deviceKeys, newDeviceKeys } from './device-keys.ts';
import { type Employee, type Grant, type Me, officeApi } from './office-api.ts';
import { type ServedRevocation, verifyServedRevocation } from './revocation-state.ts';
import { type DailyPrivateKey, type RefusedKey, daysToPublish, verifyKeyring } from './verified-keyring.ts';

export type { DailyPrivateKey, RefusedKey } from './verified-keyring.ts';

export interface UnlockedOffice {
  me: Me;
  device: DeviceKeys;
  /** The office identity key, held by admins; only if it matches the office certificate. */
  identity: { privateKey: CryptoKey; jwk: JsonWebKey } | undefined;
  /** Daily keys whose private half matches a record signed by the office identity key. */
  daily: Map<string, DailyPrivateKey>;
  /** Days with a verified record: what publishing counts as having a key (verified-keyring.ts). */
  keyedDays: Set<string>;
  /** What the server served that did not check out and is not used; the app says so. */
  refused: RefusedKey[];
  /** The office's revocation state, if the server served one that verified (revocation-state.ts). */
  revocation: ServedRevocation;
}

export class MissingDeviceKeysError extends Error {
  constructor() {
    super('This browser does not hold your office keys. Ask an administrator for a new invite code for this device.');
  }
}

export async function joinWithCode(typedCode: string, displayName: string): Promise<void> {
  const code = parseOfficeCode(typedCode);
  const { flowId, options } = await call(officeJoinRoutes.options, { body: { code, displayName } });
  const keys = await newDeviceKeys();
  const response = await startRegistration({ optionsJSON: options });
  const joined = await call(officeJoinRoutes.verify, {
    // Spread into a plain object: the credential as JSON, whose inside the Worker's WebAuthn library checks.
    body: { flowId, response: { ...response }, deviceKey: toBase64Url(keys.devicePublic), signingKey: toBase64Url(keys.signingPublic) },
  });
  const device: DeviceKeys = { accountId: joined.account.id, ...keys };
  await deviceKeys.store(device);
  if (!joined.setup) return; // an employee now waits for an admin to admit them
  const self = {
    accountId: joined.account.id,
    officeId: joined.employee.officeId,
    displayName,
    signingPublic: keys.signingPublic,
    devicePublic: keys.devicePublic,
  };
  if (joined.setup.bundle) {
    // The office's keys exist already (handed over with the code): certify and grant to ourselves.
    const bundle = await openSetupBundle(code, joined.setup.bundle);
    const identity = await importPrivateJwk(bundle.identity, 'signing');
    const grants: Grant[] = [
      {
        keyId: IDENTITY_KEY_ID,
        day: null,
        sealed: await sealKeyGrant(
          keys.devicePublic,
          { officeId: self.officeId, accountId: self.accountId, keyId: IDENTITY_KEY_ID },
          bundle.identity,
        ),
      },
    ];
    for (const entry of bundle.daily)
      grants.push({
        keyId: entry.keyId,
        day: entry.day,
        sealed: await sealKeyGrant(
          keys.devicePublic,
          { officeId: self.officeId, accountId: self.accountId, keyId: entry.keyId },
          entry.jwk,
        ),
      });
    await officeApi.grant(self.accountId, await certify(identity, { ...self, role: 'admin' }), grants);
    return;
  }
  // A new office: its identity key is made here and waits for the deployment's certificate.
  const identity = await generateKeyPair('signing', true);
  const identityJwk = await exportPrivateJwk(identity.privateKey);
  await officeApi.requestCertificate(toBase64Url(await exportPublicKey(identity.publicKey)));
  const sealed = await sealKeyGrant(
    keys.devicePublic,
    { officeId: self.officeId, accountId: self.accountId, keyId: IDENTITY_KEY_ID },
    identityJwk,
  );
  await officeApi.grant(self.accountId, await certify(identity.privateKey, { ...self, role: 'admin' }), [
    { keyId: IDENTITY_KEY_ID, day: null, sealed },
  ]);
}

export interface Certifiable {
  accountId: string;
  officeId: string;
  displayName: string;
  signingPublic: Uint8Array<ArrayBuffer>;
  devicePublic: Uint8Array<ArrayBuffer>;
  role: 'admin' | 'member';
}

/** An employee certificate from the identity key: EMPLOYEE_CERTIFICATE_DAYS from now (a minute back for clock slack). */
export async function certify(identity: CryptoKey, employee: Certifiable, now = Date.now()): Promise<EmployeeCertificate> {
  return issueEmployeeCertificate(identity, {
    officeId: employee.officeId,
    employeeId: employee.accountId,
    name: employee.displayName,
    signingKey: await importPublicKey(employee.signingPublic, 'signing'),
    deviceKey: toBase64Url(employee.devicePublic),
    role: employee.role,
    notBefore: now - 60_000,
    notAfter: now + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
}

/**
 * Opens this device's grants: the office's private keys, usable in this page until sign-out. Only
 * keys that match their verified public records are kept (verified-keyring.ts); an office
 * certificate that does not verify up to the pinned root unlocks nothing.
 */
export async function unlock(me: Me): Promise<UnlockedOffice> {
  const device = await deviceKeys.get(me.account.id);
  if (!device) throw new MissingDeviceKeysError();
  // An older office certificate than this device has seen (from before a rotation) unlocks nothing.
  if (me.office.certificate) officeCertificateMemory.check(me.office.certificate);
  const { grants, dailyKeys, revocation } = await officeApi.keyring();
  const verified = await verifyKeyring(PINNED_ROOT_PUBLIC_KEY, {
    officeId: me.staff.officeId,
    accountId: me.account.id,
    certificate: me.office.certificate,
    certificateRequest: me.office.certificateRequest,
    device: { privateKey: device.device.privateKey, publicKey: device.devicePublic },
    grants,
    dailyKeys,
  });
  if (me.office.certificate) officeCertificateMemory.remember(me.office.certificate);
  return {
    me,
    device,
    ...verified,
    revocation: await verifyServedRevocation(me.office.certificate, revocation, Date.now(), me.office.previousCertificates),
  };
}

/** Seals the office's keys to a device the office certified: the identity key only to admins. */
async function sealAll(office: UnlockedOffice, certificate: EmployeeCertificate): Promise<Grant[]> {
  const devicePublic = fromBase64Url(certificate.deviceKey);
  const context = (keyId: string) => ({ officeId: office.me.staff.officeId, accountId: certificate.employeeId, keyId });
  const grants: Grant[] = [];
  if (certificate.role === 'admin' && office.identity)
    grants.push({
      keyId: IDENTITY_KEY_ID,
      day: null,
      sealed: await sealKeyGrant(devicePublic, context(IDENTITY_KEY_ID), office.identity.jwk),
    });
  for (const entry of office.daily.values())
    grants.push({
      keyId: entry.key.keyId,
      day: entry.key.day,
      sealed: await sealKeyGrant(devicePublic, context(entry.key.keyId), entry.jwk),
    });
  return grants;
}

/**
 * A step the office's keys do not allow (the app says why in the employee's language):
 * not_keyholder: only an admin holding the identity key can admit; not_certified: the office has no
 * certificate yet; colleague_uncertified: the server lists an active colleague without a
 * certificate of this office for that device, so nothing is published (fail closed);
 * no_certificate: this employee has no certificate yet; certificate_expired: this employee's
 * short-lived certificate lapsed (no admin's browser renewed it in time: an admin signs in).
 */
export class KeyringError extends Error {
  constructor(
    readonly code: 'not_keyholder' | 'not_certified' | 'colleague_uncertified' | 'no_certificate' | 'certificate_expired',
    readonly colleague?: string,
  ) {
    super(`keyring: ${code}${colleague ? ` (${colleague})` : ''}`);
    this.name = 'KeyringError';
  }
}

export class FingerprintMismatchError extends Error {
  constructor() {
    super('The device code does not match the keys the server lists for this colleague.');
  }
}

/**
 * Admits a colleague who joined with an invite: only if the device code they read out matches the
 * keys the server lists for them (a swapped key is caught here); then certifies those keys and
 * seals the office's keys to their device.
 */
export async function admit(office: UnlockedOffice, employee: Employee, readOutCode: string): Promise<void> {
  if (!office.identity) throw new KeyringError('not_keyholder');
  const expected = await deviceFingerprint(employee.signingKey, employee.deviceKey);
  if (normaliseCrockford(readOutCode) !== normaliseCrockford(expected)) throw new FingerprintMismatchError();
  const certificate = await certify(office.identity.privateKey, {
    accountId: employee.accountId,
    officeId: office.me.staff.officeId,
    displayName: employee.displayName,
    signingPublic: fromBase64Url(employee.signingKey),
    devicePublic: fromBase64Url(employee.deviceKey),
    role: employee.role === 'admin' ? 'admin' : 'member',
  });
  await officeApi.grant(employee.accountId, certificate, await sealAll(office, certificate));
}

/**
 * The colleagues keys may be sealed to: every active employee whose certificate the office's
 * identity key (verified up to the pinned root) issued for exactly the listed device. If the
 * server lists anyone else as active, nothing is sealed at all.
 */
export async function certifiedColleagues(office: UnlockedOffice, employees: readonly Employee[]): Promise<EmployeeCertificate[]> {
  const certificate = office.me.office.certificate;
  if (!certificate) throw new KeyringError('not_certified');
  const identity = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, certificate, Date.now());
  const certified: EmployeeCertificate[] = [];
  for (const employee of employees.filter((entry) => entry.status === 'active')) {
    const cert = employee.certificate;
    const genuine =
      cert !== null &&
      cert.officeId === certificate.officeId &&
      cert.employeeId === employee.accountId &&
      cert.deviceKey === employee.deviceKey &&
      (await verifyEmployeeCertificate(identity.signingKey, cert)) &&
      // A server listing a removed colleague as active again gets no keys sealed to them.
      !office.revocation.state?.revoked.has(await signingKeyFingerprint(cert.signingKey));
    if (!genuine) throw new KeyringError('colleague_uncertified', employee.displayName);
    certified.push(cert);
  }
  return certified;
}

/**
 * Makes the daily keys missing from today to the publish-ahead horizon (guests and bookings
 * encrypt to them), signed by the identity key and granted to every active colleague, and
 * publishes them in requests of at most DAILY_KEYS_PER_REQUEST (daily-key-batches.ts). A request
 * that fails after others were stored throws PublishIncompleteError; the next unlock makes the rest.
 */
export async function publishMissingDailyKeys(office: UnlockedOffice, nowMs = Date.now()): Promise<number> {
  const identity = office.identity?.privateKey;
  const certificate = office.me.office.certificate;
  if (!identity || !certificate) return 0;
  // Only verified records count: a forged one for a coming day must not keep its real key from being made.
  const missing = daysToPublish(office.keyedDays, certificate.notAfter, nowMs);
  if (missing.length === 0) return 0;
  const active = await certifiedColleagues(office, (await officeApi.employees()).employees);
  const officeId = office.me.staff.officeId;
  return publishInBatches(
    missing,
    async (day) => {
      const pair = await generateKeyPair('encryption', true);
      const jwk = await exportPrivateJwk(pair.privateKey);
      const record = await issueDailyKey(identity, officeId, day, pair.publicKey);
      const grants = await Promise.all(
        active.map(async (cert) => ({
          accountId: cert.employeeId,
          sealed: await sealKeyGrant(fromBase64Url(cert.deviceKey), { officeId, accountId: cert.employeeId, keyId: record.keyId }, jwk),
        })),
      );
      const held: DailyPrivateKey = {
        key: record,
        privateKey: await importPrivateJwk(jwk, 'encryption'),
        publicKey: fromBase64Url(record.publicKey),
        jwk,
      };
      return { record, grants, held };
    },
    async (batch) => {
      await officeApi.publishDailyKeys(batch.map(({ record, grants }) => ({ record, grants })));
    },
    (batch) => {
      for (const { held } of batch) {
        office.daily.set(held.key.keyId, held);
        office.keyedDays.add(held.key.day);
      }
    },
  );
}

/** An audit entry signed by this employee. */
export function auditEntry(
  office: UnlockedOffice,
  body: Omit<AuditBody, 'officeId' | 'at' | 'venueId' | 'requestId' | 'detail'> & Partial<AuditBody>,
): Promise<SignedAuditEntry> {
  return signAuditEntry(
    office.device.signing.privateKey,
    { type: 'employee', id: office.me.account.id },
    { officeId: office.me.staff.officeId, venueId: '', requestId: '', detail: '', at: Date.now(), ...body },
  );
}

export function signRequest(
  office: UnlockedOffice,
  request: Omit<DataRequest, 'v' | 'signature' | 'employee' | 'officeId'>,
): Promise<DataRequest> {
  const certificate = office.me.staff.certificate;
  if (!certificate) throw new KeyringError('no_certificate');
  if (certificateLapsed(certificate, Date.now())) throw new KeyringError('certificate_expired');
  return signDataRequest(office.device.signing.privateKey, certificate, request);
}

/** A certificate venues no longer accept: past its end, or longer-lived than an office may certify (from before short lifetimes). */
export function certificateLapsed(certificate: EmployeeCertificate, nowMs: number): boolean {
  return nowMs > certificate.notAfter || certificate.notAfter - certificate.notBefore > MAX_CERTIFICATE_LIFETIME_MS;
}
