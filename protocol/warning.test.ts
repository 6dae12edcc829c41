import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { type EmployeeCertificate, issueEmployeeCertificate } from './data-request.ts';
import { newId } from './ids.ts';
import { generateKeyPair, importPrivateJwk } from './keys.ts';
import { type ProvisionedOffice, type RootKey, createCertifiedOffice, createRootKey } from './provisioning.ts';
import { DAY_MS, HOUR_MS } from './time.ts';
import { issueRevocationState, signingKeyFingerprint } from './revocation.ts';
import { type Warning, type WarningOffice, signWarning, signWithdrawal, verifyWarning, verifyWithdrawal } from './warning.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
let root: RootKey;
let office: ProvisionedOffice;
let other: ProvisionedOffice;
let employee: EmployeeCertificate;
let employeeKey: CryptoKey;
let warning: Warning;

async function certify(of: ProvisionedOffice, name: string) {
  const pair = await generateKeyPair('signing');
  const cert = await issueEmployeeCertificate(await importPrivateJwk(of.signingPrivateJwk, 'signing'), {
    officeId: of.certificate.officeId,
    employeeId: newId(),
    name,
    signingKey: pair.publicKey,
    deviceKey: toBase64Url(new Uint8Array(65).fill(4)),
    role: 'member',
    notBefore: now - DAY_MS,
    notAfter: now + 29 * DAY_MS, // certificates live at most 30 days (protocol/revocation.ts)
  });
  return { cert, key: pair.privateKey };
}

const unsignedWarning = () => ({
  warningId: newId(),
  caseId: newId(),
  venueId: newId(),
  from: now - 4 * HOUR_MS,
  to: now - 2 * HOUR_MS,
  level: 2 as const,
  advice: { de: 'Bitte lassen Sie sich testen.', en: 'Please get tested.' },
  contact: { phone: '030 1234567', hours: 'Mo–Fr 8–16 Uhr' },
  createdAt: now,
});

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Mitte',
    postcodes: ['10115'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  other = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Altona',
    postcodes: ['22765'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  ({ cert: employee, key: employeeKey } = await certify(office, 'Dr. Anna Weber'));
  warning = await signWarning(employeeKey, employee, unsignedWarning());
});

const pinned = () => fromBase64Url(root.publicKey);

/** The office as the guest app knows it: its certificate and a fresh revocation state, signed by its identity key. */
async function trustOf(
  of: ProvisionedOffice,
  state: { revoked?: string[]; serial?: number; issuedAt?: number; highestSerialSeen?: number } = {},
): Promise<WarningOffice> {
  const revocation = await issueRevocationState(await importPrivateJwk(of.signingPrivateJwk, 'signing'), {
    officeId: of.certificate.officeId,
    serial: state.serial ?? 1,
    issuedAt: state.issuedAt ?? now - HOUR_MS,
    revoked: state.revoked ?? [],
  });
  return { certificate: of.certificate, revocation, highestSerialSeen: state.highestSerialSeen ?? 0 };
}

describe('warnings', () => {
  it('verify up to the pinned root and name the office', async () => {
    await expect(verifyWarning(pinned(), await trustOf(office), warning, now)).resolves.toMatchObject({
      officeName: 'Gesundheitsamt Mitte',
    });
  });

  it('refuse every altered field, advice and contact included', async () => {
    const altered: Warning[] = [
      { ...warning, level: 1 },
      { ...warning, from: warning.from - 1 },
      { ...warning, to: warning.to + 1 },
      { ...warning, venueId: newId() },
      { ...warning, caseId: newId() },
      { ...warning, warningId: newId() },
      { ...warning, createdAt: warning.createdAt - 1 },
      { ...warning, advice: { ...warning.advice, de: 'Alles gut, bleiben Sie zu Hause nicht.' } },
      { ...warning, advice: { ...warning.advice, en: 'Nothing to do.' } },
      { ...warning, contact: { ...warning.contact, phone: '0900 666666' } },
      { ...warning, contact: { ...warning.contact, hours: 'never' } },
    ];
    for (const candidate of altered) await expect(verifyWarning(pinned(), await trustOf(office), candidate, now)).rejects.toThrow();
  });

  it('refuse a key the office never certified, and another office’s employee', async () => {
    const stranger = await generateKeyPair('signing');
    const forged = await signWarning(stranger.privateKey, employee, unsignedWarning());
    await expect(verifyWarning(pinned(), await trustOf(office), forged, now)).rejects.toMatchObject({ code: 'bad_signature' });
    // A self-made certificate: right office id, signed by a key that is not the office's.
    const { cert: selfMade, key } = await certify({ ...office, signingPrivateJwk: other.signingPrivateJwk }, 'Mallory');
    const fake = await signWarning(key, selfMade, unsignedWarning());
    await expect(verifyWarning(pinned(), await trustOf(office), fake, now)).rejects.toMatchObject({ code: 'bad_signature' });
    // Another office's real employee, claimed for this office.
    const { cert: foreign, key: foreignKey } = await certify(other, 'Bob');
    const theirs = await signWarning(foreignKey, foreign, unsignedWarning());
    await expect(verifyWarning(pinned(), await trustOf(office), theirs, now)).rejects.toMatchObject({ code: 'wrong_office' });
    await expect(verifyWarning(pinned(), await trustOf(other), theirs, now)).resolves.toBeDefined();
  });

  it('refuse an office certificate of another root, future-dated, expired or over-long warnings', async () => {
    const otherRoot = await createRootKey();
    await expect(verifyWarning(fromBase64Url(otherRoot.publicKey), await trustOf(office), warning, now)).rejects.toThrow();
    await expect(verifyWarning(pinned(), await trustOf(office), warning, now - HOUR_MS)).rejects.toMatchObject({ code: 'bad_payload' });
    await expect(verifyWarning(pinned(), await trustOf(office), warning, now + 29 * DAY_MS)).rejects.toMatchObject({ code: 'expired' });
    const long = await signWarning(employeeKey, employee, { ...unsignedWarning(), from: now - 4 * DAY_MS });
    await expect(verifyWarning(pinned(), await trustOf(office), long, now)).rejects.toMatchObject({ code: 'bad_payload' });
  });

  it('refuse a high-s re-encoding of a valid signature (one signature per act)', async () => {
    const n = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
    const bytes = fromBase64Url(warning.signature);
    const s = BigInt(`0x${toHex(bytes.slice(32))}`);
    const high = fromHex((n - s).toString(16).padStart(64, '0'));
    const reencoded = new Uint8Array(64);
    reencoded.set(bytes.slice(0, 32));
    reencoded.set(high, 32);
    await expect(
      verifyWarning(pinned(), await trustOf(office), { ...warning, signature: toBase64Url(reencoded) }, now),
    ).rejects.toMatchObject({
      code: 'bad_signature',
    });
  });

  it('withdrawals verify like warnings, and refuse another venue or signer', async () => {
    const withdrawal = await signWithdrawal(employeeKey, employee, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: now,
    });
    await expect(verifyWithdrawal(pinned(), await trustOf(office), withdrawal, now)).resolves.toEqual(withdrawal);
    await expect(verifyWithdrawal(pinned(), await trustOf(office), { ...withdrawal, venueId: newId() }, now)).rejects.toThrow();
    await expect(verifyWithdrawal(pinned(), await trustOf(office), { ...withdrawal, warningId: newId() }, now)).rejects.toThrow();
    const stranger = await generateKeyPair('signing');
    const forged = await signWithdrawal(stranger.privateKey, employee, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: now,
    });
    await expect(verifyWithdrawal(pinned(), await trustOf(office), forged, now)).rejects.toMatchObject({ code: 'bad_signature' });
  });
});

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

describe('warnings from a removed employee (trust model 18)', () => {
  it('are refused once the office’s revocation state names the signer, and so is their withdrawal', async () => {
    const removed = { revoked: [await signingKeyFingerprint(employee.signingKey)], serial: 2 };
    await expect(verifyWarning(pinned(), await trustOf(office, removed), warning, now)).rejects.toMatchObject({ code: 'revoked' });
    const withdrawal = await signWithdrawal(employeeKey, employee, {
      warningId: warning.warningId,
      venueId: warning.venueId,
      withdrawnAt: now,
    });
    await expect(verifyWithdrawal(pinned(), await trustOf(office, removed), withdrawal, now)).rejects.toMatchObject({ code: 'revoked' });
    // A colleague who stays is still believed.
    const { cert, key } = await certify(office, 'Ben Kraus');
    const theirs = await signWarning(key, cert, unsignedWarning());
    await expect(verifyWarning(pinned(), await trustOf(office, removed), theirs, now)).resolves.toBeDefined();
  });

  it('are refused without a state, with a stale one, and with one the server rolled back', async () => {
    const none: WarningOffice = { certificate: office.certificate, revocation: null, highestSerialSeen: 0 };
    await expect(verifyWarning(pinned(), none, warning, now)).rejects.toMatchObject({ code: 'stale_revocation' });
    const stale = await trustOf(office, { issuedAt: now - 8 * DAY_MS });
    await expect(verifyWarning(pinned(), stale, warning, now)).rejects.toMatchObject({ code: 'stale_revocation' });
    const rolledBack = await trustOf(office, { serial: 3, highestSerialSeen: 4 });
    await expect(verifyWarning(pinned(), rolledBack, warning, now)).rejects.toMatchObject({ code: 'rolled_back' });
    // A state signed by another office's key does not vouch for this office.
    const foreign = await trustOf(other);
    await expect(verifyWarning(pinned(), { ...foreign, certificate: office.certificate }, warning, now)).rejects.toThrow();
    await expect(verifyWarning(pinned(), await trustOf(office, { serial: 4, highestSerialSeen: 4 }), warning, now)).resolves.toMatchObject({
      revocationSerial: 4,
    });
  });
});
