/**
 * The keyring as a dishonest server would serve it (trust model 17): it knows this device's public
 * key, so it can seal any private key of its own making to it, and it can list any record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../protocol/api/office-keys.ts';
import { fromBase64Url, toBase64Url, utf8 } from '../../protocol/bytes.ts';
import { type DailyKey, issueDailyKey } from '../../protocol/hierarchy.ts';
import { open, seal } from '../../protocol/hybrid.ts';
import { newId } from '../../protocol/ids.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair } from '../../protocol/keys.ts';
import { IDENTITY_KEY_ID, sealKeyGrant } from '../../protocol/office-keyring.ts';
import {
  type ProvisionedOffice,
  type RootKey,
  createCertifiedOffice,
  createDailyKeys,
  createRootKey,
} from '../../protocol/provisioning.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import { type KeyringInput, OfficeCertificateRefusedError, daysToPublish, verifyKeyring } from './verified-keyring.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const TODAY = dayOf(NOW);
const ACCOUNT = newId();
let root: RootKey;
let office: ProvisionedOffice;
let device: { privateKey: CryptoKey; publicKey: Uint8Array<ArrayBuffer> };

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Test',
    postcodes: ['10115'],
    notBefore: NOW - DAY_MS,
    validDays: 365,
  });
  office.dailyKeys = await createDailyKeys(office, TODAY, 3);
  const pair = await generateKeyPair('encryption');
  device = { privateKey: pair.privateKey, publicKey: await exportPublicKey(pair.publicKey) };
});

const pinned = () => fromBase64Url(root.publicKey);
const officeId = () => office.certificate.officeId;
const day = (offset: number) => addDays(TODAY, offset);

/** A grant sealed to this device's public key: what the admin's browser makes, and what the server can make too. */
async function grant(keyId: string, jwk: JsonWebKey): Promise<Grant> {
  const sealed = await sealKeyGrant(device.publicKey, { officeId: officeId(), accountId: ACCOUNT, keyId }, jwk);
  return { keyId, day: null, sealed };
}

async function honestGrants(): Promise<Grant[]> {
  return [
    await grant(IDENTITY_KEY_ID, office.signingPrivateJwk),
    ...(await Promise.all(office.dailyKeys.map((entry) => grant(entry.key.keyId, entry.privateJwk)))),
  ];
}

function input(overrides: Partial<KeyringInput> = {}): KeyringInput {
  return {
    officeId: officeId(),
    accountId: ACCOUNT,
    certificate: office.certificate,
    certificateRequest: null,
    device,
    grants: [],
    dailyKeys: office.dailyKeys.map((entry) => entry.key),
    ...overrides,
  };
}

async function foreignJwk(kind: 'signing' | 'encryption'): Promise<JsonWebKey> {
  return exportPrivateJwk((await generateKeyPair(kind, true)).privateKey);
}

/** A daily key the server made and "signed" with an identity key of its own. */
async function forgedRecord(forDay: string): Promise<{ key: DailyKey; jwk: JsonWebKey }> {
  const signer = await generateKeyPair('signing');
  const pair = await generateKeyPair('encryption', true);
  return { key: await issueDailyKey(signer.privateKey, officeId(), forDay, pair.publicKey), jwk: await exportPrivateJwk(pair.privateKey) };
}

function dailyAt(index: number): { key: DailyKey; privateJwk: JsonWebKey } {
  const entry = office.dailyKeys[index];
  if (!entry) throw new Error(`no daily key ${index}`);
  return entry;
}

describe('unlocking the keyring the server serves', () => {
  it('unlocks every key of an honest keyring, each the private half of its signed record', async () => {
    const keyring = await verifyKeyring(pinned(), input({ grants: await honestGrants() }));
    expect(keyring.refused).toEqual([]);
    expect(keyring.identity).toBeDefined();
    expect([...keyring.keyedDays].sort()).toEqual([day(0), day(1), day(2)]);
    expect(keyring.daily.size).toBe(3);
    for (const held of keyring.daily.values()) {
      const ad = utf8('test');
      const sealed = await seal(fromBase64Url(held.key.publicKey), utf8('guest'), ad, 'test');
      expect(await open(held.privateKey, held.publicKey, sealed, ad, 'test')).toEqual(utf8('guest'));
    }
  });

  it('refuses a grant sealed to this device that holds a daily key the server made', async () => {
    const target = dailyAt(1);
    const grants = (await honestGrants()).filter((entry) => entry.keyId !== target.key.keyId);
    grants.push(await grant(target.key.keyId, await foreignJwk('encryption')));
    const keyring = await verifyKeyring(pinned(), input({ grants }));
    expect(keyring.daily.has(target.key.keyId)).toBe(false);
    expect(keyring.refused).toEqual([{ kind: 'daily', keyId: target.key.keyId, day: day(1) }]);
    expect([...keyring.daily.keys()].sort()).toEqual([dailyAt(0).key.keyId, dailyAt(2).key.keyId].sort());
    expect(keyring.identity).toBeDefined();
    // The signed record stands (colleagues hold its real key): the day is not made again.
    expect(keyring.keyedDays.has(day(1))).toBe(true);
  });

  it('refuses a daily grant naming the record’s public point with a private scalar of the server’s', async () => {
    const target = dailyAt(0);
    const grants = (await honestGrants()).filter((entry) => entry.keyId !== target.key.keyId);
    grants.push(await grant(target.key.keyId, { ...target.privateJwk, d: (await foreignJwk('encryption')).d }));
    const keyring = await verifyKeyring(pinned(), input({ grants }));
    expect(keyring.daily.has(target.key.keyId)).toBe(false);
    expect(keyring.refused).toEqual([{ kind: 'daily', keyId: target.key.keyId, day: day(0) }]);
  });

  it('refuses an identity grant holding a key the server made, and keeps the daily keys', async () => {
    for (const forged of [await foreignJwk('signing'), { ...office.signingPrivateJwk, d: (await foreignJwk('signing')).d }]) {
      const grants = (await honestGrants()).filter((entry) => entry.keyId !== IDENTITY_KEY_ID);
      grants.unshift(await grant(IDENTITY_KEY_ID, forged));
      const keyring = await verifyKeyring(pinned(), input({ grants }));
      expect(keyring.identity).toBeUndefined();
      expect(keyring.refused).toEqual([{ kind: 'identity' }]);
      expect(keyring.daily.size).toBe(3);
    }
  });

  it('checks the identity key against the key waiting for its certificate before there is one', async () => {
    const request = { signingKey: office.certificate.signingKey };
    const honest = await verifyKeyring(
      pinned(),
      input({ certificate: null, certificateRequest: request, dailyKeys: [], grants: await honestGrants() }),
    );
    expect(honest.identity).toBeDefined();
    expect(honest.refused).toEqual([]);
    const forged = await grant(IDENTITY_KEY_ID, await foreignJwk('signing'));
    const refused = await verifyKeyring(
      pinned(),
      input({ certificate: null, certificateRequest: request, dailyKeys: [], grants: [forged] }),
    );
    expect(refused.identity).toBeUndefined();
    expect(refused.refused).toEqual([{ kind: 'identity' }]);
    const none = await verifyKeyring(pinned(), input({ certificate: null, dailyKeys: [], grants: [forged] }));
    expect(none.refused).toEqual([{ kind: 'identity' }]);
  });

  it('refuses forged records for coming days, so publishing still makes those days’ real keys', async () => {
    const foreignSigned = await forgedRecord(day(5));
    const honestRecord = dailyAt(2).key;
    // The office's own record, moved to another day: its signature no longer covers it.
    const moved: DailyKey = { ...honestRecord, day: day(6) };
    const unsigned: DailyKey = { ...(await forgedRecord(day(7))).key, signature: toBase64Url(new Uint8Array(64)) };
    const dailyKeys = [moved, ...office.dailyKeys.map((entry) => entry.key), foreignSigned.key, unsigned];
    const grants = [...(await honestGrants()), await grant(foreignSigned.key.keyId, foreignSigned.jwk)];
    const keyring = await verifyKeyring(pinned(), input({ dailyKeys, grants }));
    expect(keyring.refused).toEqual([
      { kind: 'record', keyId: moved.keyId, day: day(6) },
      { kind: 'record', keyId: foreignSigned.key.keyId, day: day(5) },
      { kind: 'record', keyId: unsigned.keyId, day: day(7) },
    ]);
    expect(keyring.daily.has(foreignSigned.key.keyId)).toBe(false);
    // The moved record's key is still unlocked, for its signed day.
    expect(keyring.daily.get(honestRecord.keyId)?.key.day).toBe(day(2));
    expect([...keyring.keyedDays].sort()).toEqual([day(0), day(1), day(2)]);
    const missing = daysToPublish(keyring.keyedDays, office.certificate.notAfter, NOW);
    expect(missing).toEqual(expect.arrayContaining([day(5), day(6), day(7)]));
    expect(missing).not.toContain(day(2));
    expect(missing).toHaveLength(PUBLISH_AHEAD_DAYS + 1 - 3);
  });

  it('refuses a record of another office and a grant that does not open', async () => {
    const other = await createCertifiedOffice(root, { name: 'Anderes Amt', postcodes: ['20095'], notBefore: NOW - DAY_MS, validDays: 365 });
    const [otherKey] = await createDailyKeys(other, day(4), 1);
    if (!otherKey) throw new Error('no key');
    const grants = (await honestGrants()).filter((entry) => entry.keyId !== dailyAt(0).key.keyId);
    grants.push({ keyId: dailyAt(0).key.keyId, day: null, sealed: toBase64Url(new Uint8Array(200)) });
    const keyring = await verifyKeyring(
      pinned(),
      input({ grants, dailyKeys: [...office.dailyKeys.map((entry) => entry.key), otherKey.key] }),
    );
    expect(keyring.refused).toEqual([
      { kind: 'record', keyId: otherKey.key.keyId, day: day(4) },
      { kind: 'daily', keyId: dailyAt(0).key.keyId, day: day(0) },
    ]);
    expect(keyring.keyedDays.has(day(4))).toBe(false);
  });

  it('unlocks nothing under a certificate of another root or of another office', async () => {
    const otherRoot = await createRootKey();
    const forged = await createCertifiedOffice(otherRoot, {
      name: 'Gesundheitsamt Test',
      postcodes: ['10115'],
      notBefore: NOW - DAY_MS,
      validDays: 365,
      officeId: officeId(),
    });
    const grants = await honestGrants();
    await expect(verifyKeyring(pinned(), input({ certificate: forged.certificate, grants }))).rejects.toThrow(
      OfficeCertificateRefusedError,
    );
    const neighbour = await createCertifiedOffice(root, {
      name: 'Anderes Amt',
      postcodes: ['20095'],
      notBefore: NOW - DAY_MS,
      validDays: 365,
    });
    await expect(verifyKeyring(pinned(), input({ certificate: neighbour.certificate, grants }))).rejects.toThrow(
      OfficeCertificateRefusedError,
    );
  });

  it('still unlocks the keys of an office whose certificate ran out (its past days stay readable)', async () => {
    const past = await createCertifiedOffice(root, {
      name: 'Altes Amt',
      postcodes: ['10115'],
      notBefore: NOW - 400 * DAY_MS,
      validDays: 30,
    });
    past.dailyKeys = await createDailyKeys(past, dayOf(NOW - 390 * DAY_MS), 1);
    const [entry] = past.dailyKeys;
    if (!entry) throw new Error('no key');
    const seal = (keyId: string, jwk: JsonWebKey) =>
      sealKeyGrant(device.publicKey, { officeId: past.certificate.officeId, accountId: ACCOUNT, keyId }, jwk);
    const keyring = await verifyKeyring(pinned(), {
      ...input(),
      officeId: past.certificate.officeId,
      certificate: past.certificate,
      dailyKeys: [entry.key],
      grants: [
        { keyId: IDENTITY_KEY_ID, day: null, sealed: await seal(IDENTITY_KEY_ID, past.signingPrivateJwk) },
        { keyId: entry.key.keyId, day: entry.key.day, sealed: await seal(entry.key.keyId, entry.privateJwk) },
      ],
    });
    expect(keyring.refused).toEqual([]);
    expect(keyring.identity).toBeDefined();
    expect(keyring.daily.size).toBe(1);
  });
});

describe('the days publishing makes', () => {
  it('are today to the horizon without a verified key, none after the certificate ends', () => {
    const keyed = new Set([day(0), day(3)]);
    expect(daysToPublish(keyed, NOW + 10 * DAY_MS, NOW)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10].map(day));
    expect(daysToPublish(new Set(), NOW + 400 * DAY_MS, NOW)).toHaveLength(PUBLISH_AHEAD_DAYS + 1);
  });
});
