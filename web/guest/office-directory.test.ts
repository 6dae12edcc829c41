import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { type ProvisionedOffice, type RootKey, createCertifiedOffice, createRootKey } from '../../protocol/provisioning.ts';
import { DAY_MS, HOUR_MS } from '../../protocol/time.ts';
import { exportPublicKey, generateKeyPair, importPrivateJwk } from '../../protocol/keys.ts';
import { issueRevocationState } from '../../protocol/revocation.ts';
import { issueOfficeCertificate } from '../../protocol/hierarchy.ts';
import { type CertificatePin, checkCertificatePin } from '../../protocol/office-rotation.ts';
import { type CertificateMemory, type OfficeChoice, type RevocationMemory, searchOffices, verifiedOffices } from './office-directory.ts';

const now = Date.parse('2026-11-23T09:00:00Z');
let root: RootKey;
let mitte: ProvisionedOffice;
let altona: ProvisionedOffice;
let choices: OfficeChoice[];

const entryOf = (office: ProvisionedOffice) => ({ certificate: office.certificate, dailyKeys: [], revocation: null });

beforeAll(async () => {
  root = await createRootKey();
  mitte = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Berlin-Mitte',
    postcodes: ['10115', '10117'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  altona = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Altona',
    postcodes: ['22765'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  choices = await verifiedOffices([entryOf(mitte), entryOf(altona)], fromBase64Url(root.publicKey), now);
});

describe('office directory', () => {
  it('keeps only offices certified under the pinned root and valid now', async () => {
    const forged = await createCertifiedOffice(await createRootKey(), {
      name: 'Gesundheitsamt Berlin-Mitte',
      postcodes: ['10115'],
      notBefore: now - DAY_MS,
      validDays: 365,
    });
    const expired = await createCertifiedOffice(root, {
      name: 'Gesundheitsamt Alt',
      postcodes: ['10115'],
      notBefore: now - 400 * DAY_MS,
      validDays: 365,
    });
    const renamed = { certificate: { ...mitte.certificate, name: 'Gesundheitsamt Falsch' }, dailyKeys: [], revocation: null };
    const listed = await verifiedOffices(
      [entryOf(forged), entryOf(mitte), entryOf(expired), renamed, entryOf(altona)],
      fromBase64Url(root.publicKey),
      now,
    );
    expect(listed.map((choice) => choice.office.officeId)).toEqual([mitte.certificate.officeId, altona.certificate.officeId]);
  });

  it('refuses an office certificate from before a key rotation once the device has seen the new one', async () => {
    // A device's memory as client/office-certificate-memory.ts keeps it, without localStorage.
    const pins = new Map<string, CertificatePin>();
    const memory: CertificateMemory = {
      check: (certificate) => checkCertificatePin(pins.get(certificate.officeId), certificate),
      remember: (certificate) => {
        const pinned = pins.get(certificate.officeId);
        if (!pinned || certificate.notBefore > pinned.notBefore)
          pins.set(certificate.officeId, { notBefore: certificate.notBefore, signingKey: certificate.signingKey });
      },
    };
    const revocations = { highest: () => 0, remember: () => undefined };
    const rotatedKey = await generateKeyPair('signing');
    const { signature: _old, v: _v, ...fields } = mitte.certificate;
    const rotated = await issueOfficeCertificate(await importPrivateJwk(root.privateJwk, 'signing'), {
      ...fields,
      signingKey: toBase64Url(await exportPublicKey(rotatedKey.publicKey)),
      notBefore: now - HOUR_MS,
    });
    const rootKey = fromBase64Url(root.publicKey);
    const ids = async (certificate: typeof rotated) =>
      (await verifiedOffices([{ certificate, dailyKeys: [], revocation: null }], rootKey, now, revocations, memory)).map(
        (choice) => choice.entry.certificate.signingKey,
      );
    // Before the device saw the rotation, the old certificate is accepted; after it, only the new one.
    expect(await ids(mitte.certificate)).toEqual([mitte.certificate.signingKey]);
    expect(await ids(rotated)).toEqual([rotated.signingKey]);
    expect(await ids(mitte.certificate)).toEqual([]);
    expect(await ids(rotated)).toEqual([rotated.signingKey]);
  });

  it('finds an office by part of its name, in any case, or by the start of a postcode', () => {
    const names = (query: string) => searchOffices(choices, query).map((choice) => choice.office.name);
    expect(names('altona')).toEqual(['Gesundheitsamt Altona']);
    expect(names('  MITTE ')).toEqual(['Gesundheitsamt Berlin-Mitte']);
    expect(names('101')).toEqual(['Gesundheitsamt Berlin-Mitte']);
    expect(names('22765')).toEqual(['Gesundheitsamt Altona']);
    expect(names('0115')).toEqual([]); // a postcode matches from its start only
    expect(names('München')).toEqual([]);
  });

  it('lists the office for the guest’s own postcode first, the rest by name', () => {
    expect(searchOffices(choices, '').map((choice) => choice.office.name)).toEqual([
      'Gesundheitsamt Altona',
      'Gesundheitsamt Berlin-Mitte',
    ]);
    expect(searchOffices(choices, '', '10117').map((choice) => choice.office.name)).toEqual([
      'Gesundheitsamt Berlin-Mitte',
      'Gesundheitsamt Altona',
    ]);
    expect(searchOffices(choices, 'gesundheitsamt', '22765')[0]?.office.name).toBe('Gesundheitsamt Altona');
  });

  it('keeps an office’s verified revocation state, and leaves out an office whose state is forged or rolled back (trust model 18)', async () => {
    const seen = new Map<string, number>();
    const memory: RevocationMemory = {
      highest: (officeId) => seen.get(officeId) ?? 0,
      remember: (officeId, serial) => void seen.set(officeId, Math.max(serial, seen.get(officeId) ?? 0)),
    };
    const officeId = mitte.certificate.officeId;
    const stateOf = async (serial: number, key?: CryptoKey) =>
      issueRevocationState(key ?? (await importPrivateJwk(mitte.signingPrivateJwk, 'signing')), {
        officeId,
        serial,
        issuedAt: now - HOUR_MS,
        revoked: [],
      });
    const listed = async (revocation: Awaited<ReturnType<typeof stateOf>>) =>
      (await verifiedOffices([{ ...entryOf(mitte), revocation }, entryOf(altona)], fromBase64Url(root.publicKey), now, memory)).map(
        (choice) => choice.office.name,
      );
    const [first] = await verifiedOffices(
      [{ ...entryOf(mitte), revocation: await stateOf(5) }],
      fromBase64Url(root.publicKey),
      now,
      memory,
    );
    expect(first?.revocation?.serial).toBe(5);
    expect(memory.highest(officeId)).toBe(5);
    // The server serves an older state than this device saw, or one of its own making: the office is left out.
    expect(await listed(await stateOf(4))).toEqual(['Gesundheitsamt Altona']);
    expect(await listed(await stateOf(6, (await generateKeyPair('signing')).privateKey))).toEqual(['Gesundheitsamt Altona']);
    expect(await listed({ ...(await stateOf(6)), serial: 7 })).toEqual(['Gesundheitsamt Altona']);
    expect(await listed(await stateOf(6))).toEqual(['Gesundheitsamt Berlin-Mitte', 'Gesundheitsamt Altona']);
    // Without a state the office is still offered for sharing (no employee signs a share), with nothing to clear a signature.
    const [bare] = await verifiedOffices([entryOf(mitte)], fromBase64Url(root.publicKey), now, memory);
    expect(bare?.revocation).toBeUndefined();
  });
});
