/**
 * Identity key rotation in the protocol (trust model 26): a rotation request counts only when the
 * office certificate in force signed it, for exactly what it names; a device that has pinned an
 * office's newer certificate refuses an older one (the removed admin's key with the server).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, toBase64Url } from './bytes.ts';
import { newId } from './ids.ts';
import { exportPublicKey, generateKeyPair, importPrivateJwk } from './keys.ts';
import { type RotationRequest, checkCertificatePin, precedes, signRotationRequest, verifyRotationRequest } from './office-rotation.ts';
import { type ProvisionedOffice, type RootKey, createCertifiedOffice, createRootKey } from './provisioning.ts';
import { DAY_MS } from './time.ts';

const NOW = Date.parse('2026-11-30T08:00:00Z');
let root: RootKey;
let office: ProvisionedOffice;
let rotated: ProvisionedOffice;
let request: RotationRequest;

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return error instanceof ProtocolError ? error.code : String(error);
  }
};

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Mitte',
    postcodes: ['10115'],
    notBefore: NOW - DAY_MS,
    validDays: 365,
  });
  rotated = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Mitte',
    postcodes: ['10115'],
    notBefore: NOW,
    validDays: 365,
    officeId: office.certificate.officeId,
  });
  request = await signRotationRequest(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
    officeId: office.certificate.officeId,
    currentKey: office.certificate.signingKey,
    nextKey: rotated.certificate.signingKey,
    requestedAt: NOW,
  });
});

describe('rotation request', () => {
  it('verifies under the certificate in force', async () => {
    expect(await codeOf(verifyRotationRequest(office.certificate, request))).toBe('accepted');
  });

  it('is refused when signed by another key (a removed admin’s own), for another office or naming the same key again', async () => {
    const stranger = await generateKeyPair('signing');
    const foreign = await signRotationRequest(stranger.privateKey, { ...request });
    expect(await codeOf(verifyRotationRequest(office.certificate, foreign))).toBe('bad_signature');
    // Checked against the certificate of another office, it names the wrong office.
    const other = await createCertifiedOffice(root, { name: 'Gesundheitsamt Altona', postcodes: ['22765'], notBefore: NOW, validDays: 1 });
    expect(await codeOf(verifyRotationRequest(other.certificate, request))).toBe('wrong_office');
    // Checked against the new certificate (after a rotation), it no longer names the key in force.
    expect(await codeOf(verifyRotationRequest(rotated.certificate, request))).toBe('bad_key');
    const same = await signRotationRequest(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
      ...request,
      nextKey: office.certificate.signingKey,
    });
    expect(await codeOf(verifyRotationRequest(office.certificate, same))).toBe('bad_key');
  });

  it('property: any changed field is refused', async () => {
    const otherKey = toBase64Url(await exportPublicKey((await generateKeyPair('signing')).publicKey));
    const changes = fc.oneof(
      fc.constant<Partial<RotationRequest>>({ officeId: newId() }),
      fc.constant<Partial<RotationRequest>>({ nextKey: otherKey }),
      fc
        .integer({ min: 0, max: 8.64e15 })
        .filter((at) => at !== request.requestedAt)
        .map((requestedAt) => ({ requestedAt })),
      fc
        .tuple(fc.integer({ min: 0, max: 85 }), fc.constantFrom('A', 'B', '_'))
        .map(([at, char]) => ({ signature: request.signature.slice(0, at) + char + request.signature.slice(at + 1) }))
        .filter((change) => change.signature !== request.signature),
    );
    await fc.assert(
      fc.asyncProperty(changes, async (change) => {
        expect(await codeOf(verifyRotationRequest(office.certificate, { ...request, ...change }))).not.toBe('accepted');
      }),
      { numRuns: 60 },
    );
  });
});

describe('certificate pin', () => {
  const pinOf = (of: ProvisionedOffice) => ({ notBefore: of.certificate.notBefore, signingKey: of.certificate.signingKey });
  const refusal = (run: () => void) => {
    try {
      run();
      return 'accepted';
    } catch (error) {
      return error instanceof ProtocolError ? error.code : String(error);
    }
  };

  it('refuses the replaced certificate on a device that saw the new one, and accepts the new one on a device that saw the old', () => {
    expect(refusal(() => checkCertificatePin(pinOf(rotated), office.certificate))).toBe('certificate_rolled_back');
    expect(refusal(() => checkCertificatePin(pinOf(office), rotated.certificate))).toBe('accepted');
    expect(refusal(() => checkCertificatePin(pinOf(rotated), rotated.certificate))).toBe('accepted');
    expect(refusal(() => checkCertificatePin(undefined, office.certificate))).toBe('accepted');
  });

  it('refuses a certificate beginning at the same moment with another key: the one seen first stands', () => {
    const twin = { notBefore: office.certificate.notBefore, signingKey: rotated.certificate.signingKey };
    expect(refusal(() => checkCertificatePin(twin, office.certificate))).toBe('certificate_rolled_back');
  });

  it('orders an office’s certificates by notBefore and key', () => {
    expect(precedes(office.certificate, rotated.certificate)).toBe(true);
    expect(precedes(rotated.certificate, office.certificate)).toBe(false);
    expect(precedes(office.certificate, office.certificate)).toBe(false);
  });
});
