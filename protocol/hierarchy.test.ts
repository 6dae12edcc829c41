import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { issueDailyKey, keyIdOf, verifiedKeyForDay, verifyOfficeCertificate } from './hierarchy.ts';
import { exportPublicKey, generateKeyPair, importPrivateJwk } from './keys.ts';
import { type ProvisionedOffice, type RootKey, createCertifiedOffice, createDailyKeys, createRootKey } from './provisioning.ts';
import { DAY_MS, addDays, dayOf } from './time.ts';

const now = Date.parse('2026-11-23T09:00:00Z');
const today = dayOf(now);
let root: RootKey;
let office: ProvisionedOffice;

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Berlin-Mitte',
    postcodes: ['10115', '10117'],
    notBefore: now - DAY_MS,
    validDays: 30,
  });
  office.dailyKeys = await createDailyKeys(office, today, 2);
});

const entry = () => ({ certificate: office.certificate, dailyKeys: office.dailyKeys.map((k) => k.key) });
const pinned = () => fromBase64Url(root.publicKey);

describe('key hierarchy', () => {
  it('accepts a daily key certified under the pinned root', async () => {
    const key = await verifiedKeyForDay(pinned(), entry(), office.certificate.officeId, today, now);
    expect(key.keyId).toBe(office.dailyKeys[0]?.key.keyId);
    expect(key.officeId).toBe(office.certificate.officeId);
  });

  it('refuses an office certified by another root (a key the server made up)', async () => {
    const otherRoot = await createRootKey();
    const forged = await createCertifiedOffice(otherRoot, {
      name: 'Gesundheitsamt Berlin-Mitte',
      postcodes: ['10115'],
      notBefore: now - DAY_MS,
      validDays: 30,
      officeId: office.certificate.officeId,
    });
    forged.dailyKeys = await createDailyKeys(forged, today, 1);
    await expect(
      verifiedKeyForDay(
        pinned(),
        { certificate: forged.certificate, dailyKeys: forged.dailyKeys.map((k) => k.key) },
        office.certificate.officeId,
        today,
        now,
      ),
    ).rejects.toThrow('not signed by the pinned root');
  });

  it('refuses a certificate whose fields were changed after signing', async () => {
    for (const change of [{ name: 'Evil Office' }, { postcodes: ['99999'] }, { notAfter: now + 999 * DAY_MS }]) {
      await expect(verifyOfficeCertificate(pinned(), { ...office.certificate, ...change }, now)).rejects.toThrow(
        'not signed by the pinned root',
      );
    }
  });

  it('refuses an expired or not yet valid certificate', async () => {
    await expect(verifyOfficeCertificate(pinned(), office.certificate, now + 40 * DAY_MS)).rejects.toThrow('expired');
    await expect(verifyOfficeCertificate(pinned(), office.certificate, now - 2 * DAY_MS)).rejects.toThrow('not valid yet');
  });

  it('refuses a daily key swapped by the server, even with its own id', async () => {
    const pair = await generateKeyPair('encryption');
    const raw = await exportPublicKey(pair.publicKey);
    const first = office.dailyKeys[0]?.key;
    if (!first) throw new Error('fixture');
    const swapped = { ...first, publicKey: toBase64Url(raw), keyId: await keyIdOf(raw) };
    await expect(
      verifiedKeyForDay(pinned(), { certificate: office.certificate, dailyKeys: [swapped] }, office.certificate.officeId, today, now),
    ).rejects.toThrow('not signed by the office');
  });

  it('refuses a daily key signed by another certified office', async () => {
    const other = await createCertifiedOffice(root, { name: 'Other', postcodes: ['20095'], notBefore: now - DAY_MS, validDays: 30 });
    const signer = await importPrivateJwk(other.signingPrivateJwk, 'signing');
    const pair = await generateKeyPair('encryption');
    const foreign = await issueDailyKey(signer, office.certificate.officeId, today, pair.publicKey);
    await expect(
      verifiedKeyForDay(pinned(), { certificate: office.certificate, dailyKeys: [foreign] }, office.certificate.officeId, today, now),
    ).rejects.toThrow('not signed by the office');
  });

  it('refuses a daily key, properly signed by the office, for a day after its certificate ends', async () => {
    // The certificate is valid today but ends in 29 days; a key published for day 35 must not be
    // used, or an office whose certification lapsed could keep collecting check-ins.
    const late = addDays(today, 35);
    const [beyond] = await createDailyKeys(office, late, 1);
    if (!beyond) throw new Error('fixture');
    await expect(
      verifiedKeyForDay(pinned(), { certificate: office.certificate, dailyKeys: [beyond.key] }, office.certificate.officeId, late, now),
    ).rejects.toThrow('outlives the office certificate');
    // The last day of the certificate is still fine.
    const lastDay = dayOf(office.certificate.notAfter);
    const [last] = await createDailyKeys(office, lastDay, 1);
    if (!last) throw new Error('fixture');
    expect(
      (
        await verifiedKeyForDay(
          pinned(),
          { certificate: office.certificate, dailyKeys: [last.key] },
          office.certificate.officeId,
          lastDay,
          now,
        )
      ).day,
    ).toBe(lastDay);
  });

  it('refuses a key for another day and a day without a key', async () => {
    const tomorrowKey = office.dailyKeys[1]?.key;
    if (!tomorrowKey) throw new Error('fixture');
    await expect(
      verifiedKeyForDay(
        pinned(),
        { certificate: office.certificate, dailyKeys: [{ ...tomorrowKey, day: today }] },
        office.certificate.officeId,
        today,
        now,
      ),
    ).rejects.toThrow('not signed by the office');
    await expect(verifiedKeyForDay(pinned(), entry(), office.certificate.officeId, addDays(today, 5), now)).rejects.toThrow('no key for');
  });

  it('refuses another, equally certified office when the venue names this one', async () => {
    const other = await createCertifiedOffice(root, { name: 'Other', postcodes: ['20095'], notBefore: now - DAY_MS, validDays: 30 });
    other.dailyKeys = await createDailyKeys(other, today, 1);
    const answer = { certificate: other.certificate, dailyKeys: other.dailyKeys.map((k) => k.key) };
    await expect(verifiedKeyForDay(pinned(), answer, office.certificate.officeId, today, now)).rejects.toThrow('another health office');
  });

  it('finds the valid key for the day even when a forged one is listed first', async () => {
    const pair = await generateKeyPair('encryption');
    const raw = await exportPublicKey(pair.publicKey);
    const real = office.dailyKeys[0]?.key;
    if (!real) throw new Error('fixture');
    const forged = { ...real, publicKey: toBase64Url(raw), keyId: await keyIdOf(raw) };
    const key = await verifiedKeyForDay(
      pinned(),
      { certificate: office.certificate, dailyKeys: [forged, real] },
      office.certificate.officeId,
      today,
      now,
    );
    expect(key.keyId).toBe(real.keyId);
  });

  it('signs the postcode list unambiguously', async () => {
    const joined = { ...office.certificate, postcodes: [office.certificate.postcodes.join(',')] };
    await expect(verifyOfficeCertificate(pinned(), joined, now)).rejects.toThrow('not signed by the pinned root');
  });

  it('refuses a key id that does not derive from the key', async () => {
    const first = office.dailyKeys[0]?.key;
    const second = office.dailyKeys[1]?.key;
    if (!first || !second) throw new Error('fixture');
    await expect(
      verifiedKeyForDay(
        pinned(),
        { certificate: office.certificate, dailyKeys: [{ ...first, keyId: second.keyId }] },
        office.certificate.officeId,
        today,
        now,
      ),
    ).rejects.toThrow('key id does not match');
  });
});
