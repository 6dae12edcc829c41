/**
 * Creating the parties of the key hierarchy: a root, a certified office with its daily keys, a venue
 * with its signed card. The certify CLI, the local demo seed, the tests and the benchmarks all use
 * these, so there is one way to make each object. Private keys come back as JWK because every
 * caller here has to store them somewhere (a file, a test variable, later a wrapped blob).
 */
import { toBase64Url } from './bytes.ts';
import { type EmployeeCertificate, issueEmployeeCertificate } from './data-request.ts';
import { type DailyKey, type OfficeCertificate, issueDailyKey, issueOfficeCertificate, fingerprint } from './hierarchy.ts';
import { newId } from './ids.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair, importPrivateJwk } from './keys.ts';
import { addDays, DAY_MS } from './time.ts';
import { type VenueCard, type VenueQrPayload, type UnsignedVenueCard, signNewVenueCard } from './venue.ts';

export interface RootKey {
  privateJwk: JsonWebKey;
  publicKey: string;
}

export async function createRootKey(): Promise<RootKey> {
  const pair = await generateKeyPair('signing', true);
  return { privateJwk: await exportPrivateJwk(pair.privateKey), publicKey: toBase64Url(await exportPublicKey(pair.publicKey)) };
}

export interface DailyKeyWithPrivate {
  key: DailyKey;
  privateJwk: JsonWebKey;
}

export interface ProvisionedOffice {
  certificate: OfficeCertificate;
  signingPrivateJwk: JsonWebKey;
  dailyKeys: DailyKeyWithPrivate[];
}

export async function createCertifiedOffice(
  root: RootKey,
  options: { name: string; postcodes: string[]; notBefore: number; validDays: number; officeId?: string },
): Promise<ProvisionedOffice> {
  const rootPrivate = await importPrivateJwk(root.privateJwk, 'signing');
  const identity = await generateKeyPair('signing', true);
  const certificate = await issueOfficeCertificate(rootPrivate, {
    officeId: options.officeId ?? newId(),
    name: options.name,
    postcodes: options.postcodes,
    signingKey: toBase64Url(await exportPublicKey(identity.publicKey)),
    notBefore: options.notBefore,
    notAfter: options.notBefore + options.validDays * DAY_MS,
  });
  return { certificate, signingPrivateJwk: await exportPrivateJwk(identity.privateKey), dailyKeys: [] };
}

/** Generates and signs one daily key per day from `firstDay`, `count` days long. */
export async function createDailyKeys(office: ProvisionedOffice, firstDay: string, count: number): Promise<DailyKeyWithPrivate[]> {
  const signer = await importPrivateJwk(office.signingPrivateJwk, 'signing');
  const keys: DailyKeyWithPrivate[] = [];
  for (let i = 0; i < count; i++) {
    const pair = await generateKeyPair('encryption', true);
    keys.push({
      key: await issueDailyKey(signer, office.certificate.officeId, addDays(firstDay, i), pair.publicKey),
      privateJwk: await exportPrivateJwk(pair.privateKey),
    });
  }
  return keys;
}

export interface ProvisionedEmployee {
  certificate: EmployeeCertificate;
  signingKey: CryptoKey;
}

/**
 * An employee's signing key, certified by the office identity key. (`signingKey` is a
 * non-extractable private key; the office app will keep it on the employee's device.)
 */
export async function certifyEmployee(
  office: ProvisionedOffice,
  options: { name: string; notBefore: number; validDays: number; certifier?: CryptoKey },
): Promise<ProvisionedEmployee> {
  const pair = await generateKeyPair('signing');
  const device = await generateKeyPair('encryption');
  const certifier = options.certifier ?? (await importPrivateJwk(office.signingPrivateJwk, 'signing'));
  const certificate = await issueEmployeeCertificate(certifier, {
    officeId: office.certificate.officeId,
    employeeId: newId(),
    name: options.name,
    signingKey: pair.publicKey,
    deviceKey: toBase64Url(await exportPublicKey(device.publicKey)),
    role: 'member',
    notBefore: options.notBefore,
    notAfter: options.notBefore + options.validDays * DAY_MS,
  });
  return { certificate, signingKey: pair.privateKey };
}

export interface ProvisionedVenue {
  card: VenueCard;
  qr: VenueQrPayload;
  encryptionPrivateJwk: JsonWebKey;
  signingPrivateJwk: JsonWebKey;
}

export async function createVenue(details: Omit<UnsignedVenueCard, 'venueId' | 'encryptionKey' | 'signingKey'>): Promise<ProvisionedVenue> {
  const encryption = await generateKeyPair('encryption', true);
  const signing = await generateKeyPair('signing', true);
  const signingRaw = await exportPublicKey(signing.publicKey);
  const card = await signNewVenueCard(signing.privateKey, {
    ...details,
    encryptionKey: toBase64Url(await exportPublicKey(encryption.publicKey)),
    signingKey: toBase64Url(signingRaw),
  });
  return {
    card,
    qr: {
      venueId: card.venueId,
      officeId: card.officeId,
      encryptionKey: card.encryptionKey,
      signingKeyPin: await fingerprint(signingRaw),
    },
    encryptionPrivateJwk: await exportPrivateJwk(encryption.privateKey),
    signingPrivateJwk: await exportPrivateJwk(signing.privateKey),
  };
}
